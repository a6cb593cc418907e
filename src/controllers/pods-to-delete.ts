/**
 * The ReplicaSet controller's scale-down (docs/model.md §8.1, §8.1.1): how many pods are active
 * (pkg/controller/replicaset/replica_set.go manageReplicas over controller.FilterActivePods) and
 * which ones go (getPodsToDelete, ranked by controller.ActivePodsWithRanks.Less in
 * pkg/controller/controller_utils.go). Search-loop code: typed scratch arrays, no allocation.
 */
import type { ModelContext } from '../model/context.js';
import { podReady } from './disruption.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import { P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, POD_WORDS } from '../model/layout.js';
import { podRef } from '../model/refs.js';
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

/**
 * getPodsToDelete(filteredPods, relatedPods, diff) for deployment d: marks the first `diff` of its
 * active pods, ranked once before any is deleted (sort.Sort over ActivePodsWithRanks), for
 * deletion. The rank (docs/model.md §8.1.1), criteria of ActivePodsWithRanks.Less in turn:
 *  1. unassigned (no node) before assigned;
 *  2. Pending before Running (kivi has no Unknown phase);
 *  3. not Ready before Ready (podutil.IsPodReady: a running pod on a node that is not Ready was
 *     marked NotReady by the node lifecycle controller, MarkPodsNotReady; `podReady`);
 *  4. pod-deletion-cost: not modelled, every pod costs 0 (a Pod manifest with the annotation is
 *     warned about, docs/inputs.md);
 *  5. more active pods of the deployment on the same node first
 *     (getPodsRankedByRelatedPodsOnSameNode; unassigned pods share the node "");
 *  6–8. how long ready, restarts, creation time: not kept by kivi's state (docs/model.md §8.1.1);
 *     the rest go in canonical order with the symmetry reduction (§8.11), else in slot order.
 * With `keepTemplate` (a rollout's current template, docs/model.md §8.1.3) only the pods of the
 * other, old replica sets are candidates; the ranks still count every active pod of d (the
 * related pods are those of all the deployment's ReplicaSets).
 */
export function deletePodsToScaleDown(ctx: ModelContext, s: Int32Array, d: number, diff: number, log: Log | null, keepTemplate = 0): void {
  const l = ctx.l;
  const perNode = ctx.perNode;
  if (keys.length !== l.pods + 1) keys = new Int32Array(l.pods + 1); // once per layout
  // getPodsRankedByRelatedPodsOnSameNode: active related pods per node (slot 0: unassigned).
  perNode.fill(0);
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (s[at + P_OWNER] === d && (st === POD_PENDING || st === POD_RUNNING)) perNode[s[at + P_LOC]] += 1;
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
  // Among equal keys, the first in canonical order (slot order without the reduction).
  const order = ctx.canonical ? ctx.canonical.podOrder(s) : null;
  for (let k = 0; k < diff; k++) {
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
    if (victim === 0) return; // diff ≤ active pods: cannot happen
    keys[victim] = -1;
    if (log) log.emit(2, 'Deployment', `Deleting pod ${podName(ctx.cfg, s, victim)}`, [podRef(ctx.cfg, s, victim)]);
    markForDeletion(ctx, s, victim);
  }
}
