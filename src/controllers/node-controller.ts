/**
 * Node controller (docs/model.md §8.5): for each node taken from ncQ that is not Ready, every pod
 * on it is marked for deletion at once (no toleration seconds, no graceful shutdown). Pods that
 * are already terminating are left alone (the reference counted them again, docs/model.md §14.2 bug 16), and
 * nodes whose pods all came through nodeName are drained too (bug 17).
 */
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import { G_TIME, N_STATUS, NODE_READY, P_LOC, P_STATUS, POD_FREE, POD_TERMINATING, POD_WORDS, Q_NC, nodeAt } from '../model/layout.js';
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
      for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
        const st = s[at + P_STATUS];
        if (s[at + P_LOC] !== n || st === POD_FREE || st === POD_TERMINATING) continue;
        if (log) log.emit(2, 'nodeController', `Node ${ctx.cfg.nodeNames[n]} is not ready: evicting pod ${podName(ctx.cfg, s, q)}`, [nodeRef(ctx.cfg, n), podRef(ctx.cfg, s, q)], 'NodeNotReady');
        markForDeletion(ctx, s, q);
      }
    }
    dequeue(s, l, Q_NC);
    s[G_TIME] += 1; // NODEC_RUN_TIME (docs/model.md §6.1)
    if (ctx.fine) break; // one item per transition (docs/model.md §7.5)
  }
  return 0;
}
