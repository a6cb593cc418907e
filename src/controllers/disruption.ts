/**
 * The disruption controller's status of a PodDisruptionBudget (docs/model.md §8.9), computed on
 * demand from the state as pkg/controller/disruption/disruption.go `trySync` does: the pods the
 * budget selects, `getExpectedPodCount`, `countHealthyPods` and `updatePdbStatus`. Kubernetes
 * keeps the result in the budget's status, which lags the pods by one controller sync; kivi has
 * no such cache and always reads the up-to-date count.
 *
 * No allocation: the result goes into a caller's Int32Array, the owner marks into a scratch
 * array grown once per cluster size.
 */
import type { ModelContext } from '../model/context.js';
import { BUDGET_MAX_UNAVAILABLE, BUDGET_MIN_AVAILABLE } from '../model/config.js';
import {
  D_SPEC, N_STATUS, NODE_READY, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_RUNNING, POD_TERMINATING,
  POD_WORDS, depAt, nodeAt, podAt,
} from '../model/layout.js';

/** Words of a budget status (BudgetStatus). */
export const PDB_EXPECTED = 0; // status.expectedPods
export const PDB_HEALTHY = 1; // status.currentHealthy
export const PDB_DESIRED = 2; // status.desiredHealthy
export const PDB_ALLOWED = 3; // status.disruptionsAllowed
export const PDB_STATUS_WORDS = 4;

/** Per-deployment "already counted" marks for getExpectedScale. */
let ownerSeen = new Uint8Array(1);

/**
 * Whether pod q is Ready in kivi's model (`podutil.IsPodReady`): the kubelet started it (kivi has
 * no readiness probes: a started container is ready at once), it is not being deleted, and its
 * node is Ready — the node lifecycle controller marks every pod of a node that stops being Ready
 * not ready (pkg/controller/nodelifecycle `MarkPodsNotReady`); kivi takes that as immediate.
 */
export function podReady(ctx: ModelContext, s: Int32Array, q: number): boolean {
  const at = podAt(ctx.l, q);
  if (s[at + P_STATUS] !== POD_RUNNING) return false;
  const loc = s[at + P_LOC];
  return loc !== 0 && s[nodeAt(ctx.l, loc) + N_STATUS] === NODE_READY;
}

/**
 * `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)` for a percentage:
 * ceil(value · total / 100), in integers.
 */
export function scaledPercentUp(percent: number, total: number): number {
  return Math.trunc((percent * total + 99) / 100);
}

/**
 * getExpectedScale: Σ spec.replicas of the distinct controllers of the selected pods. In kivi
 * every owned pod's controller is a Deployment (its ReplicaSets' finder returns the Deployment's
 * scale, so two ReplicaSets of one rollout count once); a bare pod is unmanaged and adds nothing.
 */
function expectedScale(ctx: ModelContext, s: Int32Array, b: number): number {
  const l = ctx.l;
  const matches = ctx.cfg.budgets[b].matchesTemplate;
  if (ownerSeen.length < l.deployments + 1) ownerSeen = new Uint8Array(l.deployments + 1);
  ownerSeen.fill(0, 0, l.deployments + 1);
  let total = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] === POD_FREE || matches[s[at + P_TEMPLATE]] !== 1) continue;
    const owner = s[at + P_OWNER];
    if (owner === 0 || ownerSeen[owner] === 1) continue;
    ownerSeen[owner] = 1;
    total += s[depAt(l, owner) + D_SPEC];
  }
  return total;
}

/**
 * The status of budget b (0-based) in state s, into out[PDB_*]. `getPodsForPdb` lists every pod
 * the selector picks in the namespace, terminating ones included.
 */
export function budgetStatus(ctx: ModelContext, s: Int32Array, b: number, out: Int32Array): void {
  const l = ctx.l;
  const budget = ctx.cfg.budgets[b];
  const matches = budget.matchesTemplate;
  let pods = 0;
  let healthy = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (st === POD_FREE || matches[s[at + P_TEMPLATE]] !== 1) continue;
    pods++;
    // countHealthyPods: a pod being deleted (DeletionTimestamp set) never counts; the eviction
    // marks the pod terminating at once, so DisruptedPods adds nothing here.
    if (st !== POD_TERMINATING && podReady(ctx, s, q)) healthy++;
  }
  // getExpectedPodCount.
  let expected = 0;
  let desired = 0;
  if (budget.mode === BUDGET_MAX_UNAVAILABLE) {
    expected = expectedScale(ctx, s, b);
    const maxUnavailable = budget.percent ? scaledPercentUp(budget.value, expected) : budget.value;
    desired = Math.max(0, expected - maxUnavailable);
  } else if (budget.mode === BUDGET_MIN_AVAILABLE) {
    if (budget.percent) {
      expected = expectedScale(ctx, s, b);
      desired = scaledPercentUp(budget.value, expected);
    } else {
      desired = budget.value;
      expected = pods;
    }
  }
  // updatePdbStatus: no disruption while the budget expects no pod, or is not above its floor.
  let allowed = healthy - desired;
  if (expected <= 0 || allowed <= 0) allowed = 0;
  out[PDB_EXPECTED] = expected;
  out[PDB_HEALTHY] = healthy;
  out[PDB_DESIRED] = desired;
  out[PDB_ALLOWED] = allowed;
}
