/**
 * Node controller (docs/model.md §8.5): for each node taken from ncQ that is not Ready, every pod
 * on it is marked for deletion at once (no toleration seconds, no graceful shutdown). Pods that
 * are already terminating are left alone (the reference counted them again, docs/model.md §14.2 bug 16), and
 * nodes whose pods all came through nodeName are drained too (bug 17).
 */
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import { G_TIME, N_STATUS, NODE_READY, P_LOC, P_STATUS, POD_FREE, POD_TERMINATING, Q_NC, nodeAt, podAt } from '../model/layout.js';
import { nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, queueHead, queueLength } from '../model/queues.js';

export function nodeControllerEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_NC) > 0;
}

export function nodeControllerBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  while (queueLength(s, l, Q_NC) > 0) {
    const n = queueHead(s, l, Q_NC);
    if (s[nodeAt(l, n) + N_STATUS] !== NODE_READY) {
      // Upstream deletes them one by one in the informer's order; kivi takes slot order, or the
      // canonical order when the symmetry reduction applies (docs/model.md §8.11).
      const order = ctx.canonical ? ctx.canonical.podOrder(s) : null;
      for (let i = 0; i < l.pods; i++) {
        const q = order === null ? i + 1 : order[i];
        const at = podAt(l, q);
        const st = s[at + P_STATUS];
        if (s[at + P_LOC] !== n || st === POD_FREE || st === POD_TERMINATING) continue;
        if (log) log.emit(2, 'nodeController', `Node ${ctx.cfg.nodeNames[n]} is not ready: evicting pod ${podName(ctx.cfg, s, q)}`, [nodeRef(ctx.cfg, n), podRef(ctx.cfg, s, q)], 'NodeNotReady');
        markForDeletion(ctx, s, q);
      }
    }
    dequeue(s, l, Q_NC);
    s[G_TIME] += 1; // NODEC_RUN_TIME (docs/model.md §6.1)
  }
  return 0;
}
