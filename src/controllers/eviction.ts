/**
 * The Eviction API (policy/v1 `Eviction`, pkg/registry/core/pod/storage/eviction.go `EvictionREST.Create`):
 * every voluntary disruption (a drain, the descheduler, the cluster autoscaler's scale-down) asks
 * here before it deletes a pod, and a PodDisruptionBudget that forbids the disruption refuses it
 * (HTTP 429); the caller retries later, as the real callers do. Involuntary loss (node failure,
 * kernel panic, the taint manager, preemption) does not come through here.
 *
 * PodDisruptionBudgets are not modelled yet (issue 11): every eviction is allowed, and an input
 * with a budget is reported as unmodelled.
 */
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';

/** Would the API server accept an eviction of pod q now? */
export function evictionAllowed(_ctx: ModelContext, _s: Int32Array, _q: number): boolean {
  return true;
}

/** Evicts pod q if the budgets allow it; returns false (HTTP 429) when they do not. */
export function evictPod(ctx: ModelContext, s: Int32Array, q: number): boolean {
  if (!evictionAllowed(ctx, s, q)) return false;
  markForDeletion(ctx, s, q);
  return true;
}
