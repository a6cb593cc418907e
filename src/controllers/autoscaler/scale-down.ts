/**
 * Scale-down planning (cluster-autoscaler core/scaledown, docs/model.md §8.10.3): which nodes are
 * unneeded. A node of a group is a candidate when it is Ready, not annotated
 * `scale-down-disabled`, its group is above its minimum, its requested utilisation is under the
 * threshold (eligibility `unremovableReasonAndNodeUtilization`), every pod on it may be drained
 * (simulator/drainability rules) and kube-scheduler would place every one of them on the other
 * nodes (simulator `SimulateNodeRemoval`).
 */
import type { ModelContext } from '../../model/context.js';
import { UTILIZATION_SCALE } from '../../model/config.js';
import {
  CA_NODE_DELETING, CA_NODE_NONE, CA_NODE_UNNEEDED, CN_PHASE, type Layout, MN_PHASE, N_STATUS, N_UNSCHEDULABLE, NODE_ABSENT, NODE_READY, P_LOC, P_OWNER,
  P_STATUS, P_TEMPLATE, POD_FREE, POD_TERMINATING, POD_WORDS, caNodeAt, maintNodeAt, nodeAt,
} from '../../model/layout.js';
import { evictionAllowed } from '../eviction.js';
import { MAINT_NODE_IDLE } from '../events/maintenance.js';
import { NodeRequests } from '../scheduler/requested.js';
import type { ClusterSimulator } from './simulator.js';
import { groupSize } from './scale-up.js';

/** Why a node is not unneeded (simulator.UnremovableReason), for messages. */
export const REMOVABLE = 0;
export const NOT_UNDERUTILIZED = 1;
export const SCALE_DOWN_DISABLED = 2;
export const MIN_SIZE_REACHED = 3;
export const BLOCKED_BY_POD = 4;
export const NO_PLACE_TO_MOVE_PODS = 5;

/** Why a pod blocks its node's drain (drainability.BlockingPodReason), or 0. */
export const POD_DRAINABLE = 0;
export const NOT_REPLICATED = 1;
export const UNMOVABLE_KUBE_SYSTEM_POD = 2;
export const NOT_SAFE_TO_EVICT_ANNOTATION = 3;
export const NOT_ENOUGH_PDB = 4;

export const BLOCKING_REASONS = ['', 'NotReplicated', 'UnmovableKubeSystemPod', 'NotSafeToEvictAnnotation', 'NotEnoughPdb'];

/** The pods counted on node n: bound and not terminating (a terminating pod is going anyway). */
function podOn(s: Int32Array, at: number, n: number): boolean {
  const st = s[at + P_STATUS];
  return s[at + P_LOC] === n && st !== POD_FREE && st !== POD_TERMINATING;
}

/**
 * The drainability rules (simulator/drainability/rules `Default`) for pod q: safe-to-evict
 * "true" drains it whatever follows (safetoevict); a pod with no controller blocks (replicated);
 * a kube-system pod blocks (system: kivi sees no PodDisruptionBudget on kube-system pods); a
 * safe-to-evict "false" pod blocks (notsafetoevict); a pod whose eviction a budget refuses
 * blocks (pdb). DaemonSet pods are not pod slots in kivi: they never block (daemonset).
 */
export function drainBlocker(ctx: ModelContext, s: Int32Array, q: number): number {
  const at = ctx.l.podBase + (q - 1) * POD_WORDS;
  const t = ctx.cfg.templates[s[at + P_TEMPLATE]];
  const safe = t.safeToEvict ?? 0;
  if (safe === 1) return POD_DRAINABLE;
  if (s[at + P_OWNER] === 0) return NOT_REPLICATED;
  if (ctx.cfg.autoscaler!.kubeSystem[s[at + P_TEMPLATE]] === 1) return UNMOVABLE_KUBE_SYSTEM_POD;
  if (safe === -1) return NOT_SAFE_TO_EVICT_ANNOTATION;
  if (!evictionAllowed(ctx, s, q)) return NOT_ENOUGH_PDB;
  return POD_DRAINABLE;
}

export class ScaleDownPlan {
  private readonly l: Layout;
  private readonly trial: Int32Array;
  /** Requests per node of the state being planned (the simulator's own table follows its snapshots). */
  private readonly requests: NodeRequests;
  /** After `reason`: the pod that blocked, and why (BLOCKING_REASONS). */
  blockingPod = 0;
  blockingReason = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly sim: ClusterSimulator,
  ) {
    this.l = ctx.l;
    this.trial = new Int32Array(ctx.l.words);
    this.requests = new NodeRequests(ctx.cfg);
  }

  /** Requests sums per node of s for `reason` (call once per state). */
  prepare(s: Int32Array): void {
    this.requests.recompute(s);
  }

  /**
   * Utilisation of node n: the larger of requested cpu and memory over allocatable
   * (simulator/utilization `Calculate`; DaemonSet pods count, as with the default
   * `--ignore-daemonsets-utilization=false`), compared with the threshold as
   * `utilization >= threshold` (eligibility `isNodeBelowUtilizationThreshold`), exactly.
   */
  underutilized(n: number): boolean {
    const cfg = this.ctx.cfg;
    const req = this.requests;
    const thr = cfg.autoscaler!.thresholdNum;
    return req.cpu[n] * UTILIZATION_SCALE < thr * cfg.nodeAllocCpu[n] && req.mem[n] * UTILIZATION_SCALE < thr * cfg.nodeAllocMem[n];
  }

  /** REMOVABLE when node n of state s is unneeded now (after `prepare(s)`), else why not. */
  reason(s: Int32Array, n: number): number {
    const { ctx, l } = this;
    const ca = ctx.cfg.autoscaler!;
    const g = ca.groupOf[n] - 1;
    if (ca.scaleDownDisabled[n] === 1) return SCALE_DOWN_DISABLED;
    if (!this.underutilized(n)) return NOT_UNDERUTILIZED;
    if (groupSize(ctx.cfg, s, g) - this.deleting(s, g) <= ca.groups[g].minSize) return MIN_SIZE_REACHED;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      if (!podOn(s, at, n)) continue;
      const why = drainBlocker(ctx, s, q);
      if (why !== POD_DRAINABLE) {
        this.blockingPod = q;
        this.blockingReason = why;
        return BLOCKED_BY_POD;
      }
    }
    return this.podsFitElsewhere(s, n) ? REMOVABLE : NO_PLACE_TO_MOVE_PODS;
  }

  /** Nodes of group g being deleted. */
  private deleting(s: Int32Array, g: number): number {
    const grp = this.ctx.cfg.autoscaler!.groups[g];
    let k = 0;
    for (let n = grp.first; n < grp.first + grp.maxSize; n++) if (s[caNodeAt(this.l, n) + CN_PHASE] === CA_NODE_DELETING) k++;
    return k;
  }

  /** Without node n, kube-scheduler would place each of its pods on another node (SimulateNodeRemoval). */
  private podsFitElsewhere(s: Int32Array, n: number): boolean {
    const { l, sim, trial } = this;
    trial.set(s);
    trial[nodeAt(l, n) + N_STATUS] = NODE_ABSENT;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) if (trial[at + P_LOC] === n && trial[at + P_STATUS] !== POD_FREE) sim.unbind(trial, q);
    sim.reset(trial);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      if (!podOn(s, at, n)) continue;
      const to = sim.place(trial, q);
      if (to === 0) return false;
      sim.assume(trial, q, to);
    }
    return true;
  }
}

/**
 * Node n is a present, Ready node of a group that scale-down may consider: not being deleted,
 * and neither cordoned nor under maintenance (kivi leaves a node another drain holds alone).
 */
export function scaleDownCandidate(ctx: ModelContext, s: Int32Array, n: number): boolean {
  const l = ctx.l;
  const nat = nodeAt(l, n);
  if (ctx.cfg.autoscaler!.groupOf[n] === 0 || s[nat + N_STATUS] !== NODE_READY || s[nat + N_UNSCHEDULABLE] !== 0) return false;
  if (l.maintNodeBase >= 0 && s[maintNodeAt(l, n) + MN_PHASE] !== MAINT_NODE_IDLE) return false;
  const phase = s[caNodeAt(l, n) + CN_PHASE];
  return phase === CA_NODE_NONE || phase === CA_NODE_UNNEEDED;
}
