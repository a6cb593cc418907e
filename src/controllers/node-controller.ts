/**
 * The node lifecycle controller (docs/model.md §8.5; pkg/controller/nodelifecycle): for each
 * node taken from ncQ (a node that failed, panicked, went into maintenance or came back), it
 * sets the NoSchedule taint of the node's Ready condition (`TaintNodesByCondition`:
 * `not-ready` for Ready=False, `unreachable` for Unknown, none for True) and handles its
 * NoExecute taint (`processTaintBaseEviction`): a Ready node loses it (`markNodeAsReachable`),
 * a node tainted for the other condition swaps it at once, any other NotReady node is tainted by
 * its zone's rate-limited tainter (node-lifecycle-zones.ts): in the same step when the zone's
 * bucket has a token, later by the tainter process otherwise. When every zone is fully disrupted, every
 * node loses its NoExecute lifecycle taint (`handleDisruption`). The controller deletes no pod
 * itself: the taint manager does, when the pods' tolerations run out.
 *
 * kivi's node statuses map to Ready conditions so: a node that fails (nodeFailure) or is in
 * maintenance is Ready=False, its kubelet reporting NotReady; a node in kernel panic is Unknown,
 * its kubelet silent (docs/model.md §8.5).
 */
import { setNodeTaints } from './zone-counts.js';
import type { ModelContext } from '../model/context.js';
import { G_TIME, N_STATUS, N_TAINTS, NODE_DOWN, NODE_READY, Q_NC, nodeAt } from '../model/layout.js';
import { nodeRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, queueHead, queueLength } from '../model/queues.js';
import {
  BIT_NOT_READY_NO_EXECUTE, BIT_NOT_READY_NO_SCHEDULE, BIT_UNREACHABLE_NO_EXECUTE, BIT_UNREACHABLE_NO_SCHEDULE, LIFECYCLE_NO_EXECUTE,
  LIFECYCLE_NO_SCHEDULE,
} from '../model/taints.js';
import { allZonesFullyDisrupted, taintIfTokenAvailable } from './node-lifecycle-zones.js';
import { nodeTaintsUpdated } from './taint-manager.js';

export function nodeControllerEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_NC) > 0;
}

/** Sets node n's lifecycle taints to `taints` (masked by `mask`); tells the taint manager when a NoExecute one changed. */
function setLifecycleTaints(ctx: ModelContext, s: Int32Array, n: number, mask: number, taints: number, log: Log | null): void {
  const at = nodeAt(ctx.l, n) + N_TAINTS;
  const before = s[at];
  setNodeTaints(ctx.cfg, s, n, (before & ~mask) | taints); // with its zone's counts (zone-counts.ts)
  if (((before ^ s[at]) & LIFECYCLE_NO_EXECUTE) !== 0) nodeTaintsUpdated(ctx, s, n, log);
}

/**
 * Node n is Ready again: the node controller takes its NoSchedule (`TaintNodesByCondition`) and
 * NoExecute (`markNodeAsReachable`) lifecycle taints off in the same step. kivi's scheduler reads
 * readiness from the status (docs/model.md §8.2.2), so a lifecycle taint left on a Ready node
 * would let pods land under a stale NoExecute taint; the recovery is seen at once instead.
 */
export function nodeBecameReady(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): void {
  const taints = s[nodeAt(ctx.l, n) + N_TAINTS];
  if ((taints & (LIFECYCLE_NO_SCHEDULE | LIFECYCLE_NO_EXECUTE)) === 0) return;
  if (log) log.emit(2, 'nodeController', `Node ${ctx.cfg.nodeNames[n]} is ready: its not-ready and unreachable taints are removed`, [nodeRef(ctx.cfg, n)], 'NodeReady');
  setLifecycleTaints(ctx, s, n, LIFECYCLE_NO_SCHEDULE | LIFECYCLE_NO_EXECUTE, 0, log);
}

/** One node of ncQ, as `monitorNodeHealth` sees it. */
function observe(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): void {
  const status = s[nodeAt(ctx.l, n) + N_STATUS];
  const taints = s[nodeAt(ctx.l, n) + N_TAINTS];
  if (status === NODE_READY) {
    nodeBecameReady(ctx, s, n, log); // doNoScheduleTaintingPass and markNodeAsReachable
    return;
  }
  const falseCondition = status === NODE_DOWN; // Ready=False; a kernel panic is Unknown
  const noSchedule = falseCondition ? BIT_NOT_READY_NO_SCHEDULE : BIT_UNREACHABLE_NO_SCHEDULE;
  if (log && (taints & noSchedule) === 0) {
    log.emit(2, 'nodeController', `Node ${ctx.cfg.nodeNames[n]} is ${falseCondition ? 'not ready' : 'unreachable'}: tainted ${falseCondition ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable'}:NoSchedule`, [nodeRef(ctx.cfg, n)], 'NodeNotReady');
  }
  setLifecycleTaints(ctx, s, n, LIFECYCLE_NO_SCHEDULE, noSchedule, log);
  // processTaintBaseEviction: a node tainted for the other condition swaps its NoExecute taint
  // at once (SwapNodeControllerTaint); otherwise markNodeForTainting, which the tainter serves.
  const opposite = falseCondition ? BIT_UNREACHABLE_NO_EXECUTE : BIT_NOT_READY_NO_EXECUTE;
  if ((taints & opposite) !== 0) {
    setLifecycleTaints(ctx, s, n, LIFECYCLE_NO_EXECUTE, falseCondition ? BIT_NOT_READY_NO_EXECUTE : BIT_UNREACHABLE_NO_EXECUTE, log);
  }
}

export function nodeControllerBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  const nl = ctx.cfg.nodeLifecycle;
  while (queueLength(s, l, Q_NC) > 0) {
    const n = queueHead(s, l, Q_NC);
    observe(ctx, s, n, log);
    // handleDisruption: entering (or staying in) full disruption of every zone, the controller
    // removes the NoExecute taints of every node and stops tainting.
    if (nl !== null && allZonesFullyDisrupted(ctx, s, nl)) {
      for (let m = 1; m <= l.nodes; m++) {
        if ((s[nodeAt(l, m) + N_TAINTS] & LIFECYCLE_NO_EXECUTE) === 0) continue;
        if (log) log.emit(2, 'nodeController', `Every zone is fully disrupted: node ${ctx.cfg.nodeNames[m]} loses its NoExecute taint`, [nodeRef(ctx.cfg, m)]);
        setLifecycleTaints(ctx, s, m, LIFECYCLE_NO_EXECUTE, 0, log);
      }
    }
    if (nl !== null) taintIfTokenAvailable(ctx, s, n, log);
    dequeue(s, l, Q_NC);
    s[G_TIME] += 1; // NODEC_RUN_TIME (docs/model.md §6.1)
    if (ctx.fine) break; // one item per transition (docs/model.md §7.5)
  }
  return 0;
}
