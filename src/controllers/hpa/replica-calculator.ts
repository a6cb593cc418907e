/**
 * The HPA's replica calculator for Resource metrics (docs/model.md §8.3.2), as upstream
 * pkg/controller/podautoscaler/replica_calculator.go computes it. The pods of the target are
 * first grouped (`groupPods`, done by the controller into a `PodGroups`); this file turns the
 * groups into a replica proposal. Ratios and the tolerance are float64, as upstream: JavaScript
 * numbers are IEEE doubles, so `Math.ceil(ratio * n)` rounds exactly as Go's `math.Ceil` does
 * (docs/model.md §2.1). Every function is pure and allocation-free.
 */

/**
 * One metric's view of the target's pods after `groupPods`: the ready pods with their summed
 * usage and request, the unready ones (pending, or CPU samples not yet trusted), and the ones
 * without metrics. Ignored pods (deleting, failed) are only counted in `pods`.
 */
export class PodGroups {
  /** Every pod the selector lists, ignored ones included (`len(podList)`). */
  pods = 0;
  readyCount = 0;
  readyUsage = 0;
  readyRequest = 0;
  unreadyCount = 0;
  unreadyRequest = 0;
  missingCount = 0;
  missingRequest = 0;
  /** Σ over missing pods of `request · max(100, target) / 100` (int64 division), for Utilization. */
  missingFallback = 0;

  clear(): void {
    this.pods = 0;
    this.readyCount = 0;
    this.readyUsage = 0;
    this.readyRequest = 0;
    this.unreadyCount = 0;
    this.unreadyRequest = 0;
    this.missingCount = 0;
    this.missingRequest = 0;
    this.missingFallback = 0;
  }
}

/** No proposal: the metric is invalid this time (no pods, or no pod with a usable sample). */
export const NO_PROPOSAL = -1;

/** The HPA controller's `--horizontal-pod-autoscaler-tolerance` default. */
export const DEFAULT_TOLERANCE = 0.1;

/** `math.Abs(1.0-usageRatio) <= tolerance` (replica_calculator.go, `Tolerances.isWithin`). */
export function withinTolerance(ratio: number, tolerance: number): boolean {
  return Math.abs(1.0 - ratio) <= tolerance;
}

/**
 * The utilization as a whole percentage: `int32((metricsTotal * 100) / requestsTotal)`
 * (metrics/utilization.go `GetResourceUtilizationRatio`), an integer division.
 */
export function utilizationPercent(usage: number, request: number): number {
  return Math.floor((usage * 100) / request);
}

/** The fallback usage of a pod without metrics on a scale-down (replica_calculator.go `GetResourceReplicas`). */
export function missingPodFallback(request: number, target: number): number {
  return Math.floor((request * Math.max(100, target)) / 100);
}

/**
 * `GetResourceReplicas` for a Utilization target (a percentage of the request): the proposal,
 * or NO_PROPOSAL where upstream returns an error.
 */
export function resourceReplicas(g: PodGroups, current: number, target: number, tolerance: number): number {
  if (g.pods === 0) return NO_PROPOSAL; // "no pods returned by selector"
  if (g.readyCount === 0 || g.readyRequest === 0) return NO_PROPOSAL; // "did not receive metrics for targeted pods"
  const utilization = utilizationPercent(g.readyUsage, g.readyRequest);
  const usageRatio = utilization / target; // GetResourceUtilizationRatio: float64(currentUtilization) / float64(target)
  const scaleUpWithUnready = g.unreadyCount > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingCount === 0) {
    if (withinTolerance(usageRatio, tolerance)) return current;
    return Math.ceil(usageRatio * g.readyCount);
  }
  let usage = g.readyUsage;
  let request = g.readyRequest;
  let n = g.readyCount;
  if (g.missingCount > 0 && usageRatio !== 1.0) {
    // scale-down: missing pods use max(100 %, target) of their request; scale-up: 0
    if (usageRatio < 1.0) usage += g.missingFallback;
    request += g.missingRequest;
    n += g.missingCount;
  }
  if (scaleUpWithUnready) {
    // on a scale-up, unready pods count as using 0 % of their request
    request += g.unreadyRequest;
    n += g.unreadyCount;
  }
  const newUsageRatio = utilizationPercent(usage, request) / target;
  return settle(current, usageRatio, newUsageRatio, n, tolerance);
}

/**
 * `calcPlainMetricReplicas` for an AverageValue target (usage per pod, in the resource's unit):
 * the average is an integer division (`GetMetricUsageRatio`).
 */
export function plainMetricReplicas(g: PodGroups, current: number, target: number, tolerance: number): number {
  if (g.pods === 0) return NO_PROPOSAL;
  if (g.readyCount === 0) return NO_PROPOSAL;
  const usageRatio = Math.floor(g.readyUsage / g.readyCount) / target;
  const scaleUpWithUnready = g.unreadyCount > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingCount === 0) {
    if (withinTolerance(usageRatio, tolerance)) return current;
    return Math.ceil(usageRatio * g.readyCount);
  }
  let usage = g.readyUsage;
  let n = g.readyCount;
  if (g.missingCount > 0 && usageRatio !== 1.0) {
    // scale-down: missing pods use exactly the target; scale-up: 0
    if (usageRatio < 1.0) usage += target * g.missingCount;
    n += g.missingCount;
  }
  if (scaleUpWithUnready) n += g.unreadyCount;
  const newUsageRatio = Math.floor(usage / n) / target;
  return settle(current, usageRatio, newUsageRatio, n, tolerance);
}

/** The common tail of both calculations once missing and unready pods have been filled in. */
function settle(current: number, usageRatio: number, newUsageRatio: number, n: number, tolerance: number): number {
  // Too small a change, or the new numbers reverse the direction: keep the current count.
  if (withinTolerance(newUsageRatio, tolerance) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return current;
  }
  const newReplicas = Math.ceil(newUsageRatio * n);
  // The count of pods considered would reverse the direction: keep the current count.
  if ((newUsageRatio < 1.0 && newReplicas > current) || (newUsageRatio > 1.0 && newReplicas < current)) return current;
  return newReplicas;
}
