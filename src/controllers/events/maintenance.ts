/**
 * maintenance(p) and maintenanceNode(i) (docs/model.md §9.4): a rolling drain of
 * every node in index order, at most p down at a time. The maintenance process waits at node i
 * until it is Ready, not yet maintained, and fewer than p nodes are down; then it starts the
 * node's maintenance and moves on without letting anything else run. A node under maintenance
 * goes down (Ready=False: the node controller taints it not-ready, docs/model.md §8.5) and comes
 * back once the cluster is Q5-idle or 600 ticks after it went down.
 */
import type { ModelContext } from '../../model/context.js';
import {
  E_A, E_PHASE, G_MAINT_COUNT, G_TIME, MN_PHASE, MN_START, N_MAINTAINED, N_STATUS, NODE_DOWN, NODE_READY, Q_NC,
  eventAt, maintNodeAt, nodeAt,
} from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { enqueue, q5Idle } from '../../model/queues.js';
import { EVENT_DONE, EVENT_READY } from '../../model/phases.js';

export const MAINTENANCE_WAIT_TIME = 600;

// maintenanceNode(i) phases.
export const MAINT_NODE_IDLE = 0; // not spawned
export const MAINT_NODE_SPAWNED = 1; // next: take the node down
export const MAINT_NODE_DOWN = 2; // next: bring it back (when idle or after 600 ticks)

function canStart(ctx: ModelContext, s: Int32Array, e: number, n: number): boolean {
  const at = nodeAt(ctx.l, n);
  return s[at + N_STATUS] === NODE_READY && s[at + N_MAINTAINED] === 0 && s[G_MAINT_COUNT] < ctx.cfg.events[e].parallel;
}

/** The maintenance process of event e: 1 if it can start its current node. */
export function maintenanceChoices(ctx: ModelContext, s: Int32Array, e: number): number {
  const at = eventAt(ctx.l, e);
  return s[at + E_PHASE] === EVENT_READY && canStart(ctx, s, e, s[at + E_A]) ? 1 : 0;
}

export function maintenanceStep(ctx: ModelContext, s: Int32Array, e: number, log: Log | null): number {
  const at = eventAt(ctx.l, e);
  const N = ctx.l.nodes;
  // Start nodes while the next one can start (the reference keeps control across them).
  do {
    const n = s[at + E_A];
    s[G_MAINT_COUNT] += 1;
    s[maintNodeAt(ctx.l, n) + MN_PHASE] = MAINT_NODE_SPAWNED;
    if (log) log.emit(3, 'maintenanceNode', `# of ${s[G_MAINT_COUNT]} nodes in maintenance`);
    s[at + E_A] = n + 1;
  } while (s[at + E_A] <= N && canStart(ctx, s, e, s[at + E_A]));
  if (s[at + E_A] > N) s[at + E_PHASE] = EVENT_DONE;
  return 0;
}

/** Still waiting for a node that never becomes available: an invalid end state (docs/model.md §9.4). */
export function maintenanceStuck(ctx: ModelContext, s: Int32Array, e: number): boolean {
  return s[eventAt(ctx.l, e) + E_PHASE] === EVENT_READY;
}

export function maintenanceNodeChoices(ctx: ModelContext, s: Int32Array, n: number): number {
  const at = maintNodeAt(ctx.l, n);
  const phase = s[at + MN_PHASE];
  if (phase === MAINT_NODE_SPAWNED) return 1;
  if (phase === MAINT_NODE_DOWN && (s[G_TIME] - s[at + MN_START] >= MAINTENANCE_WAIT_TIME || q5Idle(s, ctx.l))) return 1;
  return 0;
}

export function maintenanceNodeStep(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): number {
  const l = ctx.l;
  const at = maintNodeAt(l, n);
  const nat = nodeAt(l, n);
  if (s[at + MN_PHASE] === MAINT_NODE_SPAWNED) {
    s[at + MN_START] = s[G_TIME];
    if (log) log.emit(1, 'maintenanceNode', `Starting maintenance for node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
    s[nat + N_STATUS] = NODE_DOWN;
    enqueue(s, l, Q_NC, n);
    s[at + MN_PHASE] = MAINT_NODE_DOWN;
    return 0;
  }
  s[nat + N_STATUS] = NODE_READY;
  enqueue(s, l, Q_NC, n); // the node controller removes its not-ready taints
  s[nat + N_MAINTAINED] = 1;
  s[G_MAINT_COUNT] -= 1;
  if (log) log.emit(1, 'maintenanceNode', `End maintenance for node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
  s[G_TIME] = Math.max(s[G_TIME], s[at + MN_START] + MAINTENANCE_WAIT_TIME);
  // The phase returns to idle and the start time is cleared: nothing reads them any more.
  s[at + MN_PHASE] = MAINT_NODE_IDLE;
  s[at + MN_START] = 0;
  return 0;
}
