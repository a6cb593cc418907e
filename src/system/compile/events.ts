/** Events and user commands: their kind, timing and the node, deployment or manifest they act on. */
import type { ClusterSpec, EventSpec } from '../../model/cluster.js';
import {
  type CompiledEvent, type CompiledManifest, EV_APPLY, EV_CPU_CHANGE, EV_CREATE, EV_CREATE_TARGET, EV_MAINTENANCE,
  EV_CORDON, EV_DRAIN, EV_NODE_FAILURE, EV_SCALE, EV_TAINT, EV_UNCORDON, type CompiledTaint,
} from '../../model/config.js';
import { taintCommandBits } from './taints.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';

/** Event kind → compiled kind; -1: kernelPanic, which compiles to node watchers instead of an event. */
const EVENT_KINDS: Record<EventSpec['kind'], number> = {
  eventCpuChange: EV_CPU_CHANGE,
  maintenance: EV_MAINTENANCE,
  kernelPanic: -1,
  nodeFailure: EV_NODE_FAILURE,
  createTargetDeployment: EV_CREATE_TARGET,
  applyDeployment: EV_APPLY,
  createDeployment: EV_CREATE,
  scaleDeployment: EV_SCALE,
  taint: EV_TAINT,
  cordon: EV_CORDON,
  uncordon: EV_UNCORDON,
  drain: EV_DRAIN,
};

/** The objects events name, by name. */
export interface EventRefs {
  nodeIdx: Map<string, number>;
  depIdx: Map<string, number>;
  manifestIds: Map<string, number>;
  manifests: CompiledManifest[];
  taints: CompiledTaint[];
}

export interface CompiledEvents {
  events: CompiledEvent[];
  /** A kernelPanic event was given: every node gets a watcher. */
  kernelPanicOn: boolean;
}

/** Compile the events in order; kernelPanic only switches the node watchers on. */
export function compileEvents(spec: ClusterSpec, refs: EventRefs): CompiledEvents {
  let kernelPanicOn = false;
  const events: CompiledEvent[] = [];
  spec.events.forEach((e, i) => {
    const object = `event #${i + 1} (${(e as { kind: string }).kind})`;
    const kind = EVENT_KINDS[e.kind];
    if (kind === undefined) throw new InputError(`unknown event kind ${JSON.stringify((e as { kind: string }).kind)}`, object, 'kind');
    if (kind === -1) {
      kernelPanicOn = true; // one watcher per node; timing flags do not apply (docs/docs/model.md §10.1)
      return;
    }
    const ev: CompiledEvent = {
      kind, kindName: e.kind, deployment: 0, node: 0, parallel: 0, manifest: -1,
      afterStable: e.afterStable ?? false, first: e.first ?? false, taintRemove: 0, taintAdd: 0,
    };
    if (ev.first && ev.afterStable) throw new InputError('cannot be both first and afterStable', object, 'first');
    resolveTarget(e, ev, object, events, refs);
    events.push(ev);
  });
  return { events, kernelPanicOn };
}

/** Sets the deployment, node, parallelism or manifest the event acts on; `before` are the events compiled so far. */
function resolveTarget(e: EventSpec, ev: CompiledEvent, object: string, before: CompiledEvent[], refs: EventRefs): void {
  if (e.kind === 'eventCpuChange' || e.kind === 'createTargetDeployment') {
    ev.deployment = refs.depIdx.get(e.deployment) ?? 0;
    if (ev.deployment === 0) throw new InputError(`deployment "${e.deployment}" does not exist`, object, 'deployment');
  } else if (e.kind === 'maintenance') {
    ev.parallel = requireInt(e.parallel, object, 'parallel', 1);
    if (before.some((x) => x.kind === EV_MAINTENANCE)) throw new InputError('only one maintenance event is supported', object, 'kind');
  } else if (e.kind === 'nodeFailure' || e.kind === 'taint' || e.kind === 'cordon' || e.kind === 'uncordon' || e.kind === 'drain') {
    ev.node = refs.nodeIdx.get(e.node) ?? 0;
    if (ev.node === 0) throw new InputError(`node "${e.node}" does not exist`, object, 'node');
    const bits = taintCommandBits(e, refs.taints);
    ev.taintRemove = bits.remove;
    ev.taintAdd = bits.add;
  } else if (e.kind === 'applyDeployment' || e.kind === 'createDeployment') {
    ev.manifest = refs.manifestIds.get(e.manifest) ?? -1;
    if (ev.manifest < 0) throw new InputError(`manifest "${e.manifest}" does not exist`, object, 'manifest');
    ev.deployment = refs.manifests[ev.manifest].deployment;
  }
}
