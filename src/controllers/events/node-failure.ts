/**
 * nodeFailure(i) (docs/model.md §9.6): three separate steps — the node goes down (Ready=False),
 * the node controller is told, the node comes back (and loses its not-ready taints at once,
 * docs/model.md §8.5) — so other controllers can run in between.
 */
import type { ModelContext } from '../../model/context.js';
import { E_PHASE, N_STATUS, NODE_DOWN, NODE_READY, Q_NC, eventAt, nodeAt } from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import { nodeBecameReady } from '../node-controller.js';
import type { Log } from '../../checker/log.js';
import { enqueue } from '../../model/queues.js';
import { EVENT_DONE, EVENT_READY, EVENT_STEP2, EVENT_STEP3 } from '../../model/phases.js';

export function nodeFailureChoices(ctx: ModelContext, s: Int32Array, e: number): number {
  const phase = s[eventAt(ctx.l, e) + E_PHASE];
  return phase === EVENT_READY || phase === EVENT_STEP2 || phase === EVENT_STEP3 ? 1 : 0;
}

export function nodeFailureStep(ctx: ModelContext, s: Int32Array, e: number, log: Log | null): number {
  const at = eventAt(ctx.l, e);
  const n = ctx.cfg.events[e].node;
  const name = ctx.cfg.nodeNames[n];
  const phase = s[at + E_PHASE];
  if (phase === EVENT_READY) {
    s[nodeAt(ctx.l, n) + N_STATUS] = NODE_DOWN;
    if (log) log.emit(2, 'nodeFailure', `Node ${name} fails`, [nodeRef(ctx.cfg, n)]);
    s[at + E_PHASE] = EVENT_STEP2;
  } else if (phase === EVENT_STEP2) {
    enqueue(s, ctx.l, Q_NC, n);
    s[at + E_PHASE] = EVENT_STEP3;
  } else {
    s[nodeAt(ctx.l, n) + N_STATUS] = NODE_READY;
    nodeBecameReady(ctx, s, n, log);
    if (log) log.emit(2, 'nodeFailure', `Node ${name} is back`, [nodeRef(ctx.cfg, n)]);
    s[at + E_PHASE] = EVENT_DONE;
  }
  return 0;
}
