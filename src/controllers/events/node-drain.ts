/**
 * The user commands `kubectl cordon`, `kubectl uncordon` and `kubectl drain` (docs/model.md §9.8).
 * Cordon and uncordon are one step each. A drain cordons the node and asks the Eviction API for
 * each of its pods in its first step; it then stays, retrying what a PodDisruptionBudget refused,
 * until no pod is left on the node, and ends in a last step. It never uncordons the node.
 */
import type { ModelContext } from '../../model/context.js';
import { EV_CORDON } from '../../model/config.js';
import { E_PHASE, eventAt } from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { EVENT_DONE, EVENT_READY, EVENT_STEP2 } from '../../model/phases.js';
import { cordon, DRAIN_DONE, DRAIN_WAITING, drainProgress, evictNodePods, uncordon } from '../drain.js';
import type { VisitOrder } from '../visit-order.js';

const DRAINING = EVENT_STEP2;

/** `kubectl cordon` (EV_CORDON) or `kubectl uncordon` of the event's node. */
export function cordonCommandStep(ctx: ModelContext, s: Int32Array, e: number, log: Log | null): number {
  const ev = ctx.cfg.events[e];
  s[eventAt(ctx.l, e) + E_PHASE] = EVENT_DONE;
  const name = ctx.cfg.nodeNames[ev.node];
  if (ev.kind === EV_CORDON) {
    cordon(ctx, s, ev.node, ev.kindName, null);
    if (log) log.emit(1, ev.kindName, `node/${name} cordoned`, [nodeRef(ctx.cfg, ev.node)]);
  } else {
    uncordon(ctx, s, ev.node, ev.kindName, null);
    if (log) log.emit(1, ev.kindName, `node/${name} uncordoned`, [nodeRef(ctx.cfg, ev.node)]);
  }
  return 0;
}

export function drainChoices(ctx: ModelContext, s: Int32Array, e: number): number {
  const phase = s[eventAt(ctx.l, e) + E_PHASE];
  if (phase === EVENT_READY) return 1;
  if (phase === DRAINING) return drainProgress(ctx, s, ctx.cfg.events[e].node) === DRAIN_WAITING ? 0 : 1;
  return 0;
}

export function drainStep(ctx: ModelContext, s: Int32Array, e: number, visit: VisitOrder, log: Log | null): number {
  const at = eventAt(ctx.l, e);
  const n = ctx.cfg.events[e].node;
  const name = ctx.cfg.nodeNames[n];
  if (s[at + E_PHASE] === EVENT_READY) {
    cordon(ctx, s, n, 'drain', null);
    if (log) log.emit(1, 'drain', `node/${name} cordoned; evicting its pods`, [nodeRef(ctx.cfg, n)]);
    evictNodePods(ctx, s, n, visit, 'drain', log);
    s[at + E_PHASE] = DRAINING;
    return 0;
  }
  if (drainProgress(ctx, s, n) !== DRAIN_DONE) {
    evictNodePods(ctx, s, n, visit, 'drain', log);
    return 0;
  }
  s[at + E_PHASE] = EVENT_DONE;
  if (log) log.emit(1, 'drain', `node/${name} drained`, [nodeRef(ctx.cfg, n)]);
  return 0;
}

/** The drain of event e is waiting for its node's pods to go. */
export function drainPending(ctx: ModelContext, s: Int32Array, e: number): boolean {
  return s[eventAt(ctx.l, e) + E_PHASE] === DRAINING;
}
