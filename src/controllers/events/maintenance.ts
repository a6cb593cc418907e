/**
 * maintenance(p) and maintenanceNode(i) (docs/model.md §9.4): a rolling drain of every node in
 * index order, or in canonical order where the symmetry reduction applies (§8.11.3), at most p in
 * maintenance at a time. The maintenance process waits at its next node until it is Ready, not
 * yet maintained, and fewer than p nodes are in maintenance; then it starts the node's
 * maintenance and moves on without letting anything else run. The order of an upgrade's nodes is
 * the administrator's choice, not a Kubernetes rule: in index order the next node is the cursor
 * E_A; in canonical order it is the first node not yet started (maintenance process idle, not
 * maintained) in the canonical order of the state, which reads no name. A node under maintenance
 * is drained as `kubectl drain` does it (cordon, evictions through the Eviction API, retried
 * while a PodDisruptionBudget refuses, docs/model.md §9.8), goes down once no pod is left (Ready=False: the node controller taints it not-ready,
 * docs/model.md §8.5),
 * comes back once the cluster is Q5-idle or 600 ticks after it went down, and is uncordoned.
 */
import type { ModelContext } from '../../model/context.js';
import {
  CA_NODE_DELETING, CN_PHASE, caNodeAt, E_A, E_PHASE, G_MAINT_COUNT, G_TIME, type Layout, MAINT_NODE_WORDS, MN_PHASE, MN_START, N_MAINTAINED, N_STATUS, NODE_ABSENT, NODE_DOWN, NODE_READY, Q_NC,
  eventAt, maintNodeAt, nodeAt,
} from '../../model/layout.js';
import { cordon, DRAIN_DONE, DRAIN_WAITING, drainProgress, evictNodePods, uncordon } from '../drain.js';
import { nodeRef } from '../../model/refs.js';
import { nodeBecameReady } from '../node-controller.js';
import type { Log } from '../../checker/log.js';
import { enqueue, q5Idle } from '../../model/queues.js';
import { EVENT_DONE, EVENT_READY } from '../../model/phases.js';
import { VISIT_NODES, type VisitOrder } from '../visit-order.js';

export const MAINTENANCE_WAIT_TIME = 600;

// maintenanceNode(i) phases.
export const MAINT_NODE_IDLE = 0; // not spawned
export const MAINT_NODE_SPAWNED = 1; // next: cordon the node and evict its pods
export const MAINT_NODE_DOWN = 2; // next: bring it back (when idle or after 600 ticks) and uncordon it
export const MAINT_NODE_DRAINING = 3; // next: evict what the budgets allow now, or, once no pod is left, go down

const C = 'maintenanceNode';

function canStart(ctx: ModelContext, s: Int32Array, e: number, n: number): boolean {
  const l = ctx.l;
  const at = nodeAt(l, n);
  // Not a node the cluster autoscaler is deleting (docs/model.md §8.10).
  if (l.caNodeBase >= 0 && s[caNodeAt(l, n) + CN_PHASE] === CA_NODE_DELETING) return false;
  return s[at + N_STATUS] === NODE_READY && s[at + N_MAINTAINED] === 0 && s[G_MAINT_COUNT] < ctx.cfg.events[e].parallel;
}

/** An absent node-group slot: no node to maintain, the rolling drain passes it (docs/model.md §8.10). */
function absent(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return s[nodeAt(ctx.l, n) + N_STATUS] === NODE_ABSENT;
}

/** Node n is not yet started: its maintenance process is idle and it was never maintained. */
function notStarted(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return s[maintNodeAt(ctx.l, n) + MN_PHASE] === MAINT_NODE_IDLE && s[nodeAt(ctx.l, n) + N_MAINTAINED] === 0;
}

/** In canonical order: the first node not yet started, or 0 when every node has been. */
function nextCanonical(ctx: ModelContext, s: Int32Array, visit: VisitOrder): number {
  // The choices of a state the search stores (controllers/visit-order.ts, `asStored`).
  visit.start(ctx, s, true, VISIT_NODES);
  for (let m = 1; m <= ctx.l.nodes; m++) {
    const n = visit.node(m);
    if (notStarted(ctx, s, n)) return n;
  }
  return 0;
}

/** The maintenance process of event e: 1 if it can start its next node, or pass an absent one. */
export function maintenanceChoices(ctx: ModelContext, s: Int32Array, e: number, visit: VisitOrder): number {
  const at = eventAt(ctx.l, e);
  if (s[at + E_PHASE] !== EVENT_READY) return 0;
  const n = ctx.canonical ? nextCanonical(ctx, s, visit) : s[at + E_A];
  if (n === 0) return 0;
  return absent(ctx, s, n) || canStart(ctx, s, e, n) ? 1 : 0;
}

function start(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): void {
  s[G_MAINT_COUNT] += 1;
  s[maintNodeAt(ctx.l, n) + MN_PHASE] = MAINT_NODE_SPAWNED;
  if (log) log.emit(3, C, `# of ${s[G_MAINT_COUNT]} nodes in maintenance`);
}

export function maintenanceStep(ctx: ModelContext, s: Int32Array, e: number, visit: VisitOrder, log: Log | null): number {
  if (ctx.canonical) return maintenanceStepCanonical(ctx, s, e, visit, log);
  const at = eventAt(ctx.l, e);
  const N = ctx.l.nodes;
  // Start nodes while the next one can start (the reference keeps control across them).
  do {
    const n = s[at + E_A];
    if (!absent(ctx, s, n)) start(ctx, s, n, log);
    s[at + E_A] = n + 1;
  } while (s[at + E_A] <= N && (absent(ctx, s, s[at + E_A]) || canStart(ctx, s, e, s[at + E_A])));
  if (s[at + E_A] > N) s[at + E_PHASE] = EVENT_DONE;
  return 0;
}

/**
 * maintenanceStep in canonical order (docs/model.md §9.4): the nodes not yet started, in the
 * canonical order of the state the step starts from, each started while it can start; the first
 * that cannot is where the process waits. E_A stays as init left it.
 */
function maintenanceStepCanonical(ctx: ModelContext, s: Int32Array, e: number, visit: VisitOrder, log: Log | null): number {
  // Nothing has changed since the transition began (controllers/visit-order.ts, `asStored`).
  visit.start(ctx, s, true, VISIT_NODES);
  for (let m = 1; m <= ctx.l.nodes; m++) {
    const n = visit.node(m);
    if (!notStarted(ctx, s, n) || absent(ctx, s, n)) continue;
    if (!canStart(ctx, s, e, n)) return 0;
    start(ctx, s, n, log);
  }
  s[eventAt(ctx.l, e) + E_PHASE] = EVENT_DONE;
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
  // The drain retries a refused eviction until a budget allows it: it waits, enabled again once
  // some pod can go or none is left.
  if (phase === MAINT_NODE_DRAINING) return drainProgress(ctx, s, n) === DRAIN_WAITING ? 0 : 1;
  if (phase === MAINT_NODE_DOWN && (s[G_TIME] - s[at + MN_START] >= MAINTENANCE_WAIT_TIME || q5Idle(s, ctx.l))) return 1;
  return 0;
}

export function maintenanceNodeStep(ctx: ModelContext, s: Int32Array, n: number, visit: VisitOrder, log: Log | null): number {
  const l = ctx.l;
  const at = maintNodeAt(l, n);
  const nat = nodeAt(l, n);
  const phase = s[at + MN_PHASE];
  if (phase === MAINT_NODE_SPAWNED) {
    if (log) log.emit(1, C, `Starting maintenance for node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
    cordon(ctx, s, n, C, log);
    evictNodePods(ctx, s, n, visit, C, log);
    s[at + MN_PHASE] = MAINT_NODE_DRAINING;
    return 0;
  }
  if (phase === MAINT_NODE_DRAINING) {
    if (drainProgress(ctx, s, n) !== DRAIN_DONE) {
      evictNodePods(ctx, s, n, visit, C, log); // the retry of the refused evictions
      return 0;
    }
    if (log) log.emit(2, C, `Node ${ctx.cfg.nodeNames[n]} is drained: going down for maintenance`, [nodeRef(ctx.cfg, n)]);
    s[at + MN_START] = s[G_TIME];
    s[nat + N_STATUS] = NODE_DOWN;
    enqueue(s, l, Q_NC, n);
    s[at + MN_PHASE] = MAINT_NODE_DOWN;
    return 0;
  }
  s[nat + N_STATUS] = NODE_READY;
  nodeBecameReady(ctx, s, n, log); // the node controller removes its not-ready taints
  uncordon(ctx, s, n, C, log);
  s[nat + N_MAINTAINED] = 1;
  s[G_MAINT_COUNT] -= 1;
  if (log) log.emit(1, C, `End maintenance for node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
  s[G_TIME] = Math.max(s[G_TIME], s[at + MN_START] + MAINTENANCE_WAIT_TIME);
  // The phase returns to idle and the start time is cleared: nothing reads them any more.
  s[at + MN_PHASE] = MAINT_NODE_IDLE;
  s[at + MN_START] = 0;
  return 0;
}

/**
 * A node whose maintenance is under way (its maintenanceNode process is not idle), looked for
 * from node `from` on and around; 0 when none is. With one under way (G_MAINT_COUNT = 1), the
 * node found in the last state searched is a good `from`: the symmetry reduction tends to put
 * it at the same place, so the search usually ends at its first node.
 */
export function busyMaintenanceNode(l: Layout, s: Int32Array, from: number): number {
  const start = from >= 1 && from <= l.nodes ? from : 1;
  for (let n = start, at = maintNodeAt(l, n) + MN_PHASE; n <= l.nodes; n++, at += MAINT_NODE_WORDS) if (s[at] !== MAINT_NODE_IDLE) return n;
  for (let n = 1, at = maintNodeAt(l, n) + MN_PHASE; n < start; n++, at += MAINT_NODE_WORDS) if (s[at] !== MAINT_NODE_IDLE) return n;
  return 0;
}

/** The node's drain waits for pods that a budget keeps: with nothing else to move, it is stuck. */
export function maintenanceNodeDraining(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return s[maintNodeAt(ctx.l, n) + MN_PHASE] === MAINT_NODE_DRAINING;
}
