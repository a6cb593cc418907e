/**
 * The Eviction API (policy/v1 `Eviction`, docs/model.md §8.9.2), as
 * pkg/registry/core/pod/storage/eviction.go `EvictionREST.Create` decides it: every voluntary
 * disruption (a drain, the descheduler, the cluster autoscaler's scale-down) asks here before it
 * deletes a pod, and a PodDisruptionBudget that forbids the disruption refuses it (HTTP 429); the
 * caller retries later, as the real callers do. Involuntary loss (node failure, kernel panic, the
 * taint manager, preemption) does not come through here.
 *
 * The budget's status is computed from the state at the moment of the request (disruption.ts),
 * so the decrement `checkAndDecrement` writes into the status is the evicted pod turning
 * terminating: the next request sees one healthy pod fewer.
 */
import type { ModelContext } from '../model/context.js';
import { BUDGETS_SEVERAL } from '../model/config.js';
import { P_STATUS, P_TEMPLATE, POD_FREE, POD_PENDING, POD_TERMINATING, podAt } from '../model/layout.js';
import { PDB_ALLOWED, PDB_DESIRED, PDB_HEALTHY, PDB_STATUS_WORDS, budgetStatus, podReady } from './disruption.js';
import { markForDeletion } from './helpers.js';

/** Answers of the Eviction API. */
export const EVICTION_OK = 0; // 201: the pod is being deleted
export const EVICTION_NOT_FOUND = 404; // no such pod
export const EVICTION_TOO_MANY_REQUESTS = 429; // a budget forbids it now: retry later
export const EVICTION_SEVERAL_BUDGETS = 500; // "This pod has more than one PodDisruptionBudget"

/** Scratch status of the one budget consulted, allocated once. */
const status = new Int32Array(PDB_STATUS_WORDS);

/** No budget selects the pod (budgetOfPod). */
export const NO_BUDGET = -2;

/** The budget (0-based) that decides about pod q; NO_BUDGET, or BUDGETS_SEVERAL when more than one selects it. */
export function budgetOfPod(ctx: ModelContext, s: Int32Array, q: number): number {
  const b = ctx.cfg.budgetOfTemplate[s[podAt(ctx.l, q) + P_TEMPLATE]] ?? 0;
  return b > 0 ? b - 1 : b === BUDGETS_SEVERAL ? BUDGETS_SEVERAL : NO_BUDGET;
}

/** What the API server answers to an eviction of pod q now (EVICTION_*), without evicting. */
export function evictionAnswer(ctx: ModelContext, s: Int32Array, q: number): number {
  const st = s[podAt(ctx.l, q) + P_STATUS];
  if (st === POD_FREE) return EVICTION_NOT_FOUND;
  // canIgnorePDB: a Pending pod, or one already being deleted, is deleted without asking a budget.
  if (st === POD_PENDING || st === POD_TERMINATING) return EVICTION_OK;
  const b = budgetOfPod(ctx, s, q);
  if (b === NO_BUDGET) return EVICTION_OK;
  if (b === BUDGETS_SEVERAL) return EVICTION_SEVERAL_BUDGETS; // getPodDisruptionBudgets found more than one
  budgetStatus(ctx, s, b, status);
  if (!podReady(ctx, s, q)) {
    // An unhealthy pod counts neither in currentHealthy nor against disruptionsAllowed: AlwaysAllow
    // deletes it at once; IfHealthyBudget only while the application is not disrupted.
    if (ctx.cfg.budgets[b].alwaysAllow) return EVICTION_OK;
    if (status[PDB_HEALTHY] >= status[PDB_DESIRED] && status[PDB_DESIRED] > 0) return EVICTION_OK;
  }
  // checkAndDecrement: 429 when no disruption is allowed (the status is never stale in kivi, so
  // the ObservedGeneration check has nothing to catch).
  return status[PDB_ALLOWED] > 0 ? EVICTION_OK : EVICTION_TOO_MANY_REQUESTS;
}

/** Would the API server accept an eviction of pod q now? */
export function evictionAllowed(ctx: ModelContext, s: Int32Array, q: number): boolean {
  return evictionAnswer(ctx, s, q) === EVICTION_OK;
}

/**
 * Evicts pod q if the budgets allow it; returns false (HTTP 429 or 500) when they do not. A pod
 * already terminating stays as it is (its deletion is under way).
 */
export function evictPod(ctx: ModelContext, s: Int32Array, q: number): boolean {
  if (!evictionAllowed(ctx, s, q)) return false;
  if (s[podAt(ctx.l, q) + P_STATUS] === POD_TERMINATING) return true;
  const b = ctx.budgetIntent && podReady(ctx, s, q) ? budgetOfPod(ctx, s, q) : NO_BUDGET;
  markForDeletion(ctx, s, q);
  // disruption_budget_respected (docs/model.md §10.1): the eviction of a healthy pod must leave
  // its budget at or above desiredHealthy.
  if (b >= 0) {
    budgetStatus(ctx, s, b, status);
    if (status[PDB_HEALTHY] < status[PDB_DESIRED]) ctx.breach[0] = 1;
  }
  return true;
}
