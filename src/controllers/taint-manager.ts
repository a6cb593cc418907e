/**
 * Taint manager (docs/model.md §8.6): when a pod starts on a node with a NoExecute taint it does not
 * tolerate, it is evicted. Pods are only looked at when they start, since taints do not change
 * while kivi runs. Unlike the burst controllers, it takes one item per transition (docs/model.md §8.6): it
 * was never part of the reference's back-to-back bursts.
 */
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import { G_TIME, P_LOC, P_STATUS, P_TEMPLATE, POD_RUNNING, Q_TM, podAt } from '../model/layout.js';
import { nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, queueHead, queueLength } from '../model/queues.js';

export function taintManagerEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_TM) > 0;
}

export function taintManagerStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  const q = queueHead(s, l, Q_TM);
  const at = podAt(l, q);
  const loc = s[at + P_LOC];
  const untolerated = ctx.cfg.templates[s[at + P_TEMPLATE]]?.untoleratedExecute;
  if (s[at + P_STATUS] === POD_RUNNING && loc !== 0 && untolerated && untolerated[loc] === 1) {
    if (log) {
      // The reference's tag is spelled "taintManger"; kept so reports read the same.
      log.emit(1, 'taintManger', `The pod ${podName(ctx.cfg, s, q)} is pending for eviction as it cannot tolerate the taint on node ${ctx.cfg.nodeNames[loc]}`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, loc)], 'TaintManagerEviction');
    }
    markForDeletion(ctx, s, q);
  }
  dequeue(s, l, Q_TM);
  s[G_TIME] += 1;
  return 0;
}
