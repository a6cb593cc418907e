/**
 * The node lifecycle controller's zones and its rate-limited NoExecute tainter (docs/model.md
 * §8.5; pkg/controller/nodelifecycle/node_lifecycle_controller.go). A zone's state follows from
 * the Ready conditions the controller has seen (`ComputeZoneState`): a node it has seen not Ready
 * carries its NoSchedule `not-ready` or `unreachable` taint. The state sets how fast the zone's
 * tainter adds the NoExecute taint to its NotReady nodes (`setLimiterInZone`, `ReducedQPSFunc`);
 * when every zone is fully disrupted, no node is tainted (`handleDisruption`).
 *
 * The token bucket of each zone (burst 1) becomes one word, when the zone's tainter last took a
 * node: it takes the next once 10 / rate ticks have passed or, as every timer of the model,
 * sooner when the cluster is Q5-idle, with the clock moved to that time (docs/model.md §6.1).
 * Of a zone's waiting nodes it takes the lowest index (with the symmetry reduction the first in
 * canonical order, docs/model.md §8.11), not the one that failed first.
 */
import type { ModelContext } from '../model/context.js';
import type { CompiledNodeLifecycle } from '../model/config.js';
import { G_TIME, N_TAINTS, Z_LAST_TAINT, Z_NOT_READY, Z_READY, Z_WAITING, nodeAt, zoneAt } from '../model/layout.js';
import { setNodeTaints } from './zone-counts.js';
import { nodeRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { q5Idle } from '../model/queues.js';
import {
  BIT_NOT_READY_NO_EXECUTE, BIT_NOT_READY_NO_SCHEDULE, BIT_UNREACHABLE_NO_EXECUTE, LIFECYCLE_NO_EXECUTE, LIFECYCLE_NO_SCHEDULE,
} from '../model/taints.js';
import { nodeTaintsUpdated } from './taint-manager.js';

export const ZONE_NORMAL = 0;
export const ZONE_PARTIAL_DISRUPTION = 1;
export const ZONE_FULL_DISRUPTION = 2;

/** The node controller has seen node n not Ready: it carries a lifecycle NoSchedule taint. */
export function seenNotReady(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return (s[nodeAt(ctx.l, n) + N_TAINTS] & LIFECYCLE_NO_SCHEDULE) !== 0;
}

/**
 * `ComputeZoneState`: fully disrupted when no node of the zone is Ready, partially when more
 * than two are not and they are at least `unhealthyZoneThreshold` of it, normal otherwise. The
 * zone's present nodes seen not Ready and the others are counted in its words (zone-counts.ts).
 */
export function zoneState(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle, z: number): number {
  const notReady = s[zoneAt(ctx.l, z) + Z_NOT_READY];
  const ready = s[zoneAt(ctx.l, z) + Z_READY];
  if (ready === 0 && notReady > 0) return ZONE_FULL_DISRUPTION;
  // float32(notReady)/float32(notReady+ready) >= threshold, in ten-thousandths.
  if (notReady > 2 && notReady * 10_000 >= nl.unhealthyZoneThreshold * (notReady + ready)) return ZONE_PARTIAL_DISRUPTION;
  return ZONE_NORMAL;
}

/** `handleDisruption`'s `allAreFullyDisrupted`. */
export function allZonesFullyDisrupted(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle): boolean {
  for (let z = 0; z < nl.zoneNames.length; z++) if (zoneState(ctx, s, nl, z) !== ZONE_FULL_DISRUPTION) return false;
  return true;
}

/**
 * Ticks between two nodes the zone's tainter takes, or 0 when it takes none: the limiter
 * `setLimiterInZone` sets. Normal and full disruption (`HealthyQPSFunc`): `--node-eviction-rate`;
 * partial disruption (`ReducedQPSFunc`): `--secondary-node-eviction-rate` in a zone of more than
 * `--large-cluster-size-threshold` nodes, none in a smaller one; none while every zone is fully
 * disrupted.
 */
export function taintPeriod(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle, z: number): number {
  if (allZonesFullyDisrupted(ctx, s, nl)) return 0;
  if (zoneState(ctx, s, nl, z) !== ZONE_PARTIAL_DISRUPTION) return nl.evictionPeriod;
  return nl.zoneSize[z] > nl.largeClusterSizeThreshold ? nl.secondaryEvictionPeriod : 0;
}

/**
 * The node of zone z the tainter takes (one waits: Z_WAITING > 0): seen not Ready, without a
 * NoExecute taint. The lowest index, or where the symmetry reduction applies the first in
 * canonical order (docs/model.md §8.11: upstream's queue orders the nodes by when they were
 * marked, which kivi does not keep).
 */
function waitingNode(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle, z: number, hint: number): number {
  // The only waiting node, when the caller names it (the node controller's node): no scan.
  if (hint !== 0 && s[zoneAt(ctx.l, z) + Z_WAITING] === 1 && nl.zoneOf[hint] === z && waiting(s[nodeAt(ctx.l, hint) + N_TAINTS])) return hint;
  let best = 0;
  let rank: Int32Array | null = null;
  for (let n = 1; n <= ctx.l.nodes; n++) {
    if (nl.zoneOf[n] !== z) continue;
    if (!waiting(s[nodeAt(ctx.l, n) + N_TAINTS])) continue;
    if (!ctx.canonical) return n;
    // The canonical order only where a second node waits.
    if (best !== 0 && rank === null) rank = ctx.canonical.nodeRank(s);
    if (best === 0 || rank![n] < rank![best]) best = n;
  }
  return best;
}

/** A node with these taints waits for the tainter: seen not Ready, no NoExecute lifecycle taint. */
function waiting(taints: number): boolean {
  return (taints & LIFECYCLE_NO_SCHEDULE) !== 0 && (taints & LIFECYCLE_NO_EXECUTE) === 0;
}

/**
 * Zone z's tainter may take a node at clock `now`: one waits, the rate allows it, and its
 * period is up or the cluster is idle.
 */
function zoneDue(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle, z: number, now: number, idle: boolean): boolean {
  // A waiting node first (counted, zone-counts.ts), where the period reads every zone's state.
  if (s[zoneAt(ctx.l, z) + Z_WAITING] === 0) return false;
  const period = taintPeriod(ctx, s, nl, z);
  if (period === 0) return false;
  return idle || now - s[zoneAt(ctx.l, z) + Z_LAST_TAINT] >= period;
}

export function tainterEnabled(ctx: ModelContext, s: Int32Array): boolean {
  const nl = ctx.cfg.nodeLifecycle;
  if (nl === null) return false;
  const idle = q5Idle(s, ctx.l);
  for (let z = 0; z < nl.zoneNames.length; z++) if (zoneDue(ctx, s, nl, z, s[G_TIME], idle)) return true;
  return false;
}

/**
 * `doNoExecuteTaintingPass`: each zone whose tainter may act takes one waiting node and gives it
 * `not-ready:NoExecute` (Ready=False) or `unreachable:NoExecute` (Unknown), the two being
 * exclusive; the clock moves to the latest of their due times, and the taint manager looks at
 * the node's pods in the same step. (The tainter changes no NoSchedule taint, so no zone's state
 * changes within the pass.)
 */
export function tainterStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const nl = ctx.cfg.nodeLifecycle!;
  const idle = q5Idle(s, ctx.l);
  const start = s[G_TIME];
  let now = start;
  for (let z = 0; z < nl.zoneNames.length; z++) {
    if (zoneDue(ctx, s, nl, z, start, idle)) now = Math.max(now, s[zoneAt(ctx.l, z) + Z_LAST_TAINT] + taintPeriod(ctx, s, nl, z));
  }
  s[G_TIME] = now;
  for (let z = 0; z < nl.zoneNames.length; z++) if (zoneDue(ctx, s, nl, z, start, idle)) taintWaitingNode(ctx, s, nl, z, log);
  return 0;
}

/**
 * Zone z's tainter takes its waiting node now: its NoExecute taint, and the taint manager's node
 * update. `hint`: a node that may be the one (0: none).
 */
function taintWaitingNode(ctx: ModelContext, s: Int32Array, nl: CompiledNodeLifecycle, z: number, log: Log | null, hint = 0): void {
  s[zoneAt(ctx.l, z) + Z_LAST_TAINT] = s[G_TIME];
  const n = waitingNode(ctx, s, nl, z, hint);
  const nat = nodeAt(ctx.l, n) + N_TAINTS;
  const add = (s[nat] & BIT_NOT_READY_NO_SCHEDULE) !== 0 ? BIT_NOT_READY_NO_EXECUTE : BIT_UNREACHABLE_NO_EXECUTE;
  setNodeTaints(ctx.cfg, s, n, (s[nat] & ~LIFECYCLE_NO_EXECUTE) | add); // with the zone's counts
  if (log) log.emit(2, 'nodeLifecycle', `Node ${ctx.cfg.nodeNames[n]} is tainted ${add === BIT_NOT_READY_NO_EXECUTE ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable'}:NoExecute`, [nodeRef(ctx.cfg, n)], 'NodeNotReady');
  nodeTaintsUpdated(ctx, s, n, log);
}

/**
 * The tainting pass right after the node controller marked node n (it runs every 100 ms
 * upstream): if the bucket of n's zone has a token now, its waiting node is tainted in the same
 * step. Only a zone whose rate makes a node wait leaves it to the tainter process.
 */
export function taintIfTokenAvailable(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): void {
  const nl = ctx.cfg.nodeLifecycle;
  const z = nl === null ? 0 : nl.zoneOf[n];
  if (nl !== null && zoneDue(ctx, s, nl, z, s[G_TIME], false)) taintWaitingNode(ctx, s, nl, z, log, n);
}
