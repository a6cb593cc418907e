/**
 * The ReplicaSet controller's scale-down (docs/model.md §8.1, §8.1.1): how many pods are active
 * (pkg/controller/replicaset/replica_set.go manageReplicas over controller.FilterActivePods) and
 * which ones go (getPodsToDelete, ranked by controller.ActivePodsWithRanks.Less in
 * pkg/controller/controller_utils.go), including the choice among pods those criteria leave to
 * facts kivi does not keep. Search-loop code: typed scratch arrays, no allocation.
 */
import type { ModelContext } from '../model/context.js';
import { podReady } from './disruption.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import {
  G_RS_KEEP, G_RS_TIE, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, podAt, POD_PENDING, POD_RUNNING, POD_TERMINATING, POD_WORDS, Q_KBL,
} from '../model/layout.js';
import { queueItem, queueLength } from '../model/queues.js';
import { deploymentRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';

/**
 * controller.FilterActivePods for deployment d: its pods that are pending (created, bound or not,
 * not started yet) or running, not terminating (IsPodActive: no deletionTimestamp). A pod the
 * deployment controller counted in `inCreation` but could not create for want of a free slot
 * (docs/model.md §14.2 bug 7) is no pod: upstream's informer never sees it.
 */
export function activePods(ctx: ModelContext, s: Int32Array, d: number): number {
  const l = ctx.l;
  let n = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (s[at + P_OWNER] === d && (st === POD_PENDING || st === POD_RUNNING)) n++;
  }
  return n;
}

/** Per pod slot: its deletion rank (smaller goes first), −1 for a pod that is not a candidate. */
let keys = new Int32Array(0);
/** The victims in the order the ranking takes them, and their ranks. */
let picked = new Int32Array(0);
let pickedKey = new Int32Array(0);
/** allEqualAlone: the pods of the last victim's rank. */
let group = new Int32Array(0);

/**
 * getPodsToDelete(filteredPods, relatedPods, diff) for deployment d: ranks its active pods once,
 * before any is deleted (sort.Sort over ActivePodsWithRanks), and marks the first `diff` for
 * deletion. The rank (docs/model.md §8.1.1), criteria of ActivePodsWithRanks.Less in turn:
 *  1. unassigned (no node) before assigned;
 *  2. Pending before Running (kivi has no Unknown phase);
 *  3. not Ready before Ready (podutil.IsPodReady: a running pod on a node that is not Ready was
 *     marked NotReady by the node lifecycle controller, MarkPodsNotReady; `podReady`);
 *  4. pod-deletion-cost: not modelled, every pod costs 0 (a Pod manifest with the annotation is
 *     warned about, docs/inputs.md);
 *  5. more active pods of the deployment on the same node first
 *     (getPodsRankedByRelatedPodsOnSameNode; unassigned pods share the node "");
 *  6–8. how long Ready (log2 buckets, LogarithmicScaleDown), restarts, creation time, then UID:
 *     not kept by kivi's state (docs/model.md §8.1.1). Where the scheduler branches on ties
 *     (profile `ties` other than 'lowest'), so does the scale-down: when the last victims are
 *     among more pods equal on 1–5 than it deletes, the deletions so far are made and the
 *     reconcile waits (G_RS_TIE) for `continueScaleDown` to take each remaining victim as a
 *     choice. With 'lowest' they go in canonical order with the symmetry reduction (§8.11),
 *     else in slot order.
 * With `keepTemplate` (a rollout's current template, docs/model.md §8.1.3) only the pods of the
 * other, old replica sets are candidates; the ranks still count every active pod of d (the
 * related pods are those of all the deployment's ReplicaSets).
 */
export function deletePodsToScaleDown(ctx: ModelContext, s: Int32Array, d: number, diff: number, log: Log | null, keepTemplate = 0): void {
  const l = ctx.l;
  if (keys.length !== l.pods + 1) {
    keys = new Int32Array(l.pods + 1); // once per layout
    picked = new Int32Array(l.pods + 1);
    pickedKey = new Int32Array(l.pods + 1);
    group = new Int32Array(l.pods + 1);
  }
  rankPods(ctx, s, d, keepTemplate, false);
  // Among equal keys, the first in canonical order (slot order without the reduction).
  const order = ctx.canonical ? ctx.canonical.podOrder(s) : null;
  let n = 0;
  for (; n < diff; n++) {
    let victim = 0;
    let best = 0x7fffffff;
    for (let i = 0; i < l.pods; i++) {
      const q = order === null ? i + 1 : order[i];
      const key = keys[q];
      if (key >= 0 && key < best) {
        best = key;
        victim = q;
      }
    }
    if (victim === 0) break; // diff ≤ active pods: cannot happen
    picked[n] = victim;
    pickedKey[n] = best;
    keys[victim] = -1;
  }
  // The last victim's rank: do more pods share it than are taken?
  const last = n > 0 ? pickedKey[n - 1] : -1;
  let taken = 0;
  for (let k = 0; k < n; k++) if (pickedKey[k] === last) taken++;
  let equal = taken;
  if (ctx.cfg.scheduler.branchOnTies) for (let q = 1; q <= l.pods; q++) if (keys[q] === last) equal++;
  // Pods alone on alike nodes (docs/model.md §8.1.1): any `taken` of them lead to renamings of
  // one state where the reduction applies, so the first in canonical order go.
  const open = equal > taken && !(ctx.podOrbits && allEqualAlone(ctx, s, last, n));
  for (let k = 0; k < n; k++) {
    if (open && pickedKey[k] === last) break;
    deleteVictim(ctx, s, picked[k], log);
  }
  if (!open) return;
  // upstream orders the rest by criteria 6–8 and UIDs: each remaining victim is a choice.
  s[G_RS_TIE] = taken;
  s[G_RS_KEEP] = keepTemplate;
  if (log) log.emit(2, 'Deployment', `${equal} pods of deployment ${ctx.cfg.deploymentNames[d]} rank equal for the last ${taken} deletions (ready and creation times): the next steps take each`, [deploymentRef(ctx.cfg, d)]);
}

/** The pods ranked `key`, the first `n` victims' and the rest, are interchangeable (PodOrbits.interchangeable). */
function allEqualAlone(ctx: ModelContext, s: Int32Array, key: number, n: number): boolean {
  let k = 0;
  for (let i = 0; i < n; i++) if (pickedKey[i] === key) group[k++] = picked[i];
  for (let q = 1; q <= ctx.l.pods; q++) if (keys[q] === key) group[k++] = q;
  return ctx.podOrbits!.interchangeable(s, group, k);
}

/**
 * keys[q] for d's candidates, as `deletePodsToScaleDown` ranks them. `waiting`: the scale-down
 * waits at a choice (G_RS_TIE), so the pods it has marked so far (terminating in kblQ, which was
 * empty when the reconcile began: deploymentControllerEnabled) count on their nodes as at the sort.
 */
function rankPods(ctx: ModelContext, s: Int32Array, d: number, keepTemplate: number, waiting: boolean): void {
  const l = ctx.l;
  const perNode = ctx.perNode;
  // getPodsRankedByRelatedPodsOnSameNode: active related pods per node (slot 0: unassigned).
  perNode.fill(0);
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (s[at + P_OWNER] === d && (st === POD_PENDING || st === POD_RUNNING)) perNode[s[at + P_LOC]] += 1;
  }
  if (waiting) {
    for (let i = 0, len = queueLength(s, l, Q_KBL); i < len; i++) {
      const at = podAt(l, queueItem(s, l, Q_KBL, i));
      if (s[at + P_OWNER] === d && s[at + P_STATUS] === POD_TERMINATING) perNode[s[at + P_LOC]] += 1;
    }
  }
  const span = l.pods + 1; // a rank is at most l.pods
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (s[at + P_OWNER] !== d || (st !== POD_PENDING && st !== POD_RUNNING) || s[at + P_TEMPLATE] === keepTemplate) {
      keys[q] = -1;
      continue;
    }
    const loc = s[at + P_LOC];
    const assigned = loc !== 0 ? 1 : 0; // 1. Unassigned < assigned
    const phase = st === POD_RUNNING ? 1 : 0; // 2. PodPending < PodUnknown < PodRunning
    const ready = podReady(ctx, s, q) ? 1 : 0; // 3. Not ready < ready
    // 5. Doubled up < not doubled up: the higher rank goes first.
    keys[q] = ((assigned * 2 + phase) * 2 + ready) * span + (l.pods - perNode[loc]);
  }
}

function deleteVictim(ctx: ModelContext, s: Int32Array, q: number, log: Log | null): void {
  if (log) log.emit(2, 'Deployment', `Deleting pod ${podName(ctx.cfg, s, q)}`, [podRef(ctx.cfg, s, q)]);
  markForDeletion(ctx, s, q);
}

/**
 * While the scale-down of d (the head of dcQ) waits (G_RS_TIE): the candidates for its next
 * victim, the pods of the lowest rank left, into `picked`; their count. Where the reduction
 * applies (ctx.podOrbits, s canonical) one per orbit: pods a renaming that fixes s exchanges lead
 * to renamings of one successor (docs/model.md §8.1.1). The deployment controller's choices while
 * the scale-down waits.
 */
export function scaleDownChoices(ctx: ModelContext, s: Int32Array, d: number): number {
  const l = ctx.l;
  rankPods(ctx, s, d, s[G_RS_KEEP], true);
  let low = 0x7fffffff;
  for (let q = 1; q <= l.pods; q++) if (keys[q] >= 0 && keys[q] < low) low = keys[q];
  const orbits = ctx.orbitChoices === true ? ctx.podOrbits ?? null : null; // earlierInOrbit reads a canonical s
  if (orbits !== null) orbits.group(s);
  let n = 0;
  for (let q = 1; q <= l.pods; q++) {
    if (keys[q] !== low || (orbits !== null && orbits.earlierInOrbit(s, q))) continue;
    picked[n++] = q;
  }
  return n;
}

/**
 * The waiting scale-down of d takes its choice-th candidate (`scaleDownChoices`, asked of the same
 * state); when that was its last victim, or every pod left of that rank must go, it ends: returns
 * true. Otherwise it waits again for the next.
 */
export function continueScaleDown(ctx: ModelContext, s: Int32Array, d: number, choice: number, log: Log | null): boolean {
  const n = scaleDownChoices(ctx, s, d);
  const victim = picked[choice < n ? choice : 0];
  const low = keys[victim];
  if (log) {
    // The step a counterexample turns on: said at level 1, with why it is a choice.
    let alike = 0;
    for (let q = 1; q <= ctx.l.pods; q++) if (keys[q] === low) alike++;
    const loc = s[podAt(ctx.l, victim) + P_LOC];
    const where = loc === 0 ? 'with no node' : `on node ${ctx.cfg.nodeNames[loc]}`;
    log.emit(1, 'Deployment', `Deleting pod ${podName(ctx.cfg, s, victim)} ${where}: one of ${alike} pods of deployment ${ctx.cfg.deploymentNames[d]} that rank alike, which Kubernetes orders by ready time and UID`, [podRef(ctx.cfg, s, victim), deploymentRef(ctx.cfg, d)], 'SuccessfulDelete');
  }
  markForDeletion(ctx, s, victim);
  const left = s[G_RS_TIE] - 1;
  if (left > 0) {
    // The pods of that rank left: if no more than the victims left, they all go, in slot order.
    let equal = 0;
    for (let q = 1; q <= ctx.l.pods; q++) if (keys[q] === low && s[podAt(ctx.l, q) + P_STATUS] !== POD_TERMINATING) equal++;
    if (equal > left) {
      s[G_RS_TIE] = left;
      return false;
    }
    // In canonical order where there is one (as deletePodsToScaleDown), so that the replay's
    // unreduced model queues them for the kubelet as the reduced one does.
    const order = ctx.canonical ? ctx.canonical.podOrder(s) : null;
    for (let i = 0; i < ctx.l.pods; i++) {
      const q = order === null ? i + 1 : order[i];
      if (keys[q] === low && s[podAt(ctx.l, q) + P_STATUS] !== POD_TERMINATING) deleteVictim(ctx, s, q, log);
    }
  }
  s[G_RS_TIE] = 0;
  s[G_RS_KEEP] = 0;
  return true;
}
