/** Intents: which the search pursues, which it always checks, and the monitors that watch deployments. */
import type { ClusterSpec, IntentSpec } from '../../model/cluster.js';
import type { CompiledMonitor } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import {
  type IntentInfo, intentByName, KERNEL_PANIC, MONITOR_INTENTS, NO_FEASIBLE_NODE, NODE_COUNT_OSCILLATION, POD_NOT_AUTOSCALABLE,
} from '../../intents/catalog.js';
import { requireInt } from './input.js';

export interface CompiledIntents {
  /** Every intent checked, pod_always_schedulable included. */
  intents: number[];
  /** The intents the search pursues. */
  goalIntents: number[];
  monitors: CompiledMonitor[];
}

/** `spec`, `spec-1`, `spec+2` or a number (docs/model.md §10.1: expReplicas may follow the live spec). */
function parseExpReplicas(v: unknown, object: string): { fromSpec: boolean; offset: number } {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { fromSpec: false, offset: v };
  if (typeof v === 'string') {
    const m = /^\s*spec\s*(?:([+-])\s*(\d+))?\s*$/.exec(v);
    if (m) return { fromSpec: true, offset: m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * Number(m[2]) };
    if (/^\s*\d+\s*$/.test(v)) return { fromSpec: false, offset: Number(v) };
  }
  throw new InputError(`must be a number or "spec", "spec-K", "spec+K", got ${JSON.stringify(v)}`, object, 'params.expReplicas');
}

/** The monitor of a deployment-watching intent: its deployment, expected replicas and skew bound. */
function compileMonitor(it: IntentSpec, info: IntentInfo, object: string, depIdx: Map<string, number>): CompiledMonitor {
  const name = it.params?.deployment;
  if (typeof name !== 'string') throw new InputError('names no deployment', object, 'params.deployment');
  const d = depIdx.get(name) ?? 0;
  if (d === 0) throw new InputError(`deployment "${name}" does not exist`, object, 'params.deployment');
  const exp = info.user === 'replica_num_always_meet_exp' ? parseExpReplicas(it.params?.expReplicas, object) : { fromSpec: false, offset: 0 };
  const maxSkew = it.params?.maxSkew === undefined ? 2 : requireInt(it.params.maxSkew, object, 'params.maxSkew');
  const minReady = it.params?.minReady === undefined ? -1 : requireInt(it.params.minReady, object, 'params.minReady');
  return { intent: info.code, deployment: d, expFromSpec: exp.fromSpec, expOffset: exp.offset, maxSkew, minReady };
}

/** Compile the intents and their monitors; no_kernel_panic needs the kernelPanic event. */
export function compileIntents(spec: ClusterSpec, depIdx: Map<string, number>, kernelPanicOn: boolean, autoscaled = false): CompiledIntents {
  const intents: number[] = [];
  const monitors: CompiledMonitor[] = [];
  spec.intents.forEach((it, i) => {
    const object = `intent #${i + 1} (${it.name})`;
    const info = intentByName(it.name);
    if (!info) throw new InputError(`unknown intent "${it.name}"`, object, 'name');
    if (!intents.includes(info.code)) intents.push(info.code);
    if ((info.code === POD_NOT_AUTOSCALABLE || info.code === NODE_COUNT_OSCILLATION) && !autoscaled) {
      throw new InputError(`${info.user} needs node groups (nodeGroups in the cluster profile)`, object, 'name');
    }
    if (info.code === NODE_COUNT_OSCILLATION) monitors.push({ intent: info.code, deployment: 0, expFromSpec: false, expOffset: 0, maxSkew: 0, minReady: -1 });
    else if (MONITOR_INTENTS.includes(info.code)) monitors.push(compileMonitor(it, info, object, depIdx));
  });
  // pod_always_schedulable is always checked (docs/model.md §10.3), but only pursued if named or
  // alone; with node groups pod_eventually_scheduled takes its place (§10.1).
  const always = autoscaled ? POD_NOT_AUTOSCALABLE : NO_FEASIBLE_NODE;
  const goalIntents = intents.length > 0 ? [...intents] : [always];
  if (!intents.includes(always)) intents.push(always);
  if (intents.includes(KERNEL_PANIC) && !kernelPanicOn) {
    throw new InputError('no_kernel_panic needs the kernelPanic event (it watches the nodes)', 'intents', 'no_kernel_panic');
  }
  return { intents, goalIntents, monitors };
}
