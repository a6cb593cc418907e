/**
 * Node groups of the cluster autoscaler (docs/model.md §8.10): each group becomes `maxSize` node
 * slots `<group>-1` … `<group>-<maxSize>` made from its template, appended to the cluster's nodes
 * so that every per-node table (labels, taints, affinity, domains, DaemonSets) covers them. The
 * first `initialSize` are Ready at the start, the others absent (no such node yet).
 */
import type { AutoscalerSpec, ClusterSpec, NodeSpec } from '../../model/cluster.js';
import {
  type CompiledAutoscaler, type CompiledNodeGroup, type CompiledTemplate, EXPANDER_LEAST_WASTE, EXPANDER_PRIORITY,
  EXPANDER_RANDOM, UTILIZATION_SCALE,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';

/** Largest maxSize of a group: each possible node is a slot in every state. */
export const MAX_GROUP_SIZE = 1000;

/** Ticks per second (docs/model.md §6.1: one tick is 0.1 s). */
const TICKS_PER_SECOND = 10;

/** spec with every node group's slots appended to its nodes; spec itself when it has no groups. */
export function withNodeGroupNodes(spec: ClusterSpec): ClusterSpec {
  const groups = spec.nodeGroups ?? [];
  if (groups.length === 0) return spec;
  const names = new Set<string>();
  const nodes: NodeSpec[] = [...spec.nodes];
  groups.forEach((g, i) => {
    const object = `NodeGroup/${g.name ?? `#${i + 1}`}`;
    if (typeof g.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(g.name)) {
      throw new InputError(`must be a DNS subdomain name (lower case letters, digits, '-' and '.'), got ${JSON.stringify(g.name)}`, object, 'name');
    }
    if (names.has(g.name)) throw new InputError(`duplicate node group name "${g.name}"`, object, 'name');
    names.add(g.name);
    const min = requireInt(g.minSize, object, 'minSize');
    const max = requireInt(g.maxSize, object, 'maxSize', 1, MAX_GROUP_SIZE);
    if (min > max) throw new InputError(`minSize (${min}) is greater than maxSize (${max})`, object, 'minSize');
    const initial = g.initialSize === undefined ? min : requireInt(g.initialSize, object, 'initialSize');
    if (initial < min || initial > max) throw new InputError(`must be from minSize (${min}) to maxSize (${max}), got ${initial}`, object, 'initialSize');
    if (typeof g.template !== 'object' || g.template === null) throw new InputError('needs a node template', object, 'template');
    for (let k = 1; k <= max; k++) {
      nodes.push({ ...g.template, name: `${g.name}-${k}`, ...(k > initial ? { status: 'Absent' as const } : {}) });
    }
  });
  return { ...spec, nodes };
}

function seconds(v: number | undefined, dflt: number, field: string): number {
  if (v === undefined) return dflt * TICKS_PER_SECOND;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new InputError(`must be a number of seconds >= 0, got ${JSON.stringify(v)}`, 'autoscaler', field);
  return Math.round(v * TICKS_PER_SECOND);
}

/**
 * Each group's priority under the priority expander (expander/priority `BestOption`): the highest
 * priority one of whose regular expressions matches the group's name anywhere (Go's
 * `FindStringIndex`), or -1.
 */
function groupPriority(name: string, priorities: AutoscalerSpec['priorities']): number {
  let best = -1;
  for (const [key, list] of Object.entries(priorities ?? {})) {
    const prio = Number(key);
    if (!list.some((re) => new RegExp(re).test(name))) continue;
    if (prio > best) best = prio;
  }
  return best;
}

function checkPriorities(priorities: unknown): void {
  if (priorities === undefined) return;
  if (typeof priorities !== 'object' || priorities === null || Array.isArray(priorities)) {
    throw new InputError('must be a map from a priority to a list of regular expressions', 'autoscaler', 'priorities');
  }
  for (const [key, list] of Object.entries(priorities)) {
    if (!/^\d+$/.test(key)) throw new InputError(`priority must be an integer >= 0, got ${JSON.stringify(key)}`, 'autoscaler', `priorities.${key}`);
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new InputError('must be a list of regular expressions', 'autoscaler', `priorities.${key}`);
    for (const re of list) {
      try {
        new RegExp(re as string);
      } catch {
        throw new InputError(`is not a regular expression: ${JSON.stringify(re)}`, 'autoscaler', `priorities.${key}`);
      }
    }
  }
}

/** The autoscaler of a spec whose groups withNodeGroupNodes expanded; null without groups. */
export function compileAutoscaler(
  spec: ClusterSpec,
  nodeIdx: Map<string, number>,
  templates: CompiledTemplate[],
  namespaces: string[],
): CompiledAutoscaler | null {
  const groups = spec.nodeGroups ?? [];
  const opts = spec.autoscaler ?? {};
  if (groups.length === 0) {
    if (spec.autoscaler) throw new InputError('is set but there is no node group to scale', 'autoscaler', undefined);
    return null;
  }
  const N = spec.nodes.length;
  const groupOf = new Int32Array(N + 1);
  const scaleDownDisabled = new Uint8Array(N + 1);
  spec.nodes.forEach((n, i) => (scaleDownDisabled[i + 1] = n.scaleDownDisabled ? 1 : 0));
  checkPriorities(opts.priorities);
  const compiled: CompiledNodeGroup[] = groups.map((g, i) => {
    const first = nodeIdx.get(`${g.name}-1`)!;
    for (let k = 0; k < g.maxSize; k++) groupOf[first + k] = i + 1;
    return { name: g.name, minSize: g.minSize, maxSize: g.maxSize, first, priority: groupPriority(g.name, opts.priorities) };
  });
  // A node of a group may not exist when the event comes (docs/model.md §13).
  for (const e of spec.events) {
    if (!('node' in e) || groupOf[nodeIdx.get(e.node) ?? 0] === 0) continue;
    throw new InputError(`names node "${e.node}" of a node group; ${e.kind} takes a node that is not autoscaled`, 'events', 'node');
  }
  const expanderName = opts.expander ?? 'random';
  const expander = { random: EXPANDER_RANDOM, 'least-waste': EXPANDER_LEAST_WASTE, priority: EXPANDER_PRIORITY }[expanderName];
  if (expander === undefined) throw new InputError(`must be random, least-waste or priority, got ${JSON.stringify(expanderName)}`, 'autoscaler', 'expander');
  const threshold = opts.scaleDownUtilizationThreshold ?? 0.5;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new InputError(`must be a number from 0 to 1, got ${JSON.stringify(threshold)}`, 'autoscaler', 'scaleDownUtilizationThreshold');
  }
  const kubeSystem = new Uint8Array(templates.length);
  templates.forEach((t, i) => (kubeSystem[i] = t && namespaces[t.namespace] === 'kube-system' ? 1 : 0));
  return {
    groups: compiled,
    groupOf,
    expander,
    thresholdNum: Math.round(threshold * UTILIZATION_SCALE),
    // cluster-autoscaler config/flags: scale-down-unneeded-time and scale-down-delay-after-add default 10m.
    unneededTime: seconds(opts.scaleDownUnneededTime, 600, 'scaleDownUnneededTime'),
    delayAfterAdd: seconds(opts.scaleDownDelayAfterAdd, 600, 'scaleDownDelayAfterAdd'),
    provisioningTime: seconds(opts.provisioningTime, 120, 'provisioningTime'),
    scaleDownEnabled: opts.scaleDownEnabled ?? true,
    scaleDownDisabled,
    kubeSystem,
  };
}
