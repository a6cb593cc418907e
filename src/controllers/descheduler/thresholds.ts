/**
 * Threshold arithmetic of the node-utilization plugins (descheduler v0.32 nodeutilization.go):
 * `resourceThreshold` is int64(threshold · 0.01 · allocatable) in floating point, and deviation
 * percentages are clamped to 0..100 first (`normalizePercentage`).
 */
export function resourceThresholdOf(percent: number, allocatable: number): number {
  const p = percent > 100 ? 100 : percent < 0 ? 0 : percent;
  return Math.trunc(p * 0.01 * allocatable);
}
