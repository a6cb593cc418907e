/**
 * From the metrics' proposal to the replica count the HPA sets (docs/model.md §8.3.3), as
 * upstream pkg/controller/podautoscaler/horizontal.go does it: without `behavior`,
 * `normalizeDesiredReplicas` (the scale-down stabilization of the controller flag, then
 * `convertDesiredReplicasWithRules`); with it, `normalizeDesiredReplicasWithBehaviors`
 * (`stabilizeRecommendationWithBehaviors`, then `convertDesiredReplicasWithBehaviorRate`). The
 * recommendations and scale events they read are in the state (./history.ts); `now` is the HPA's
 * run time in ticks. Allocation-free.
 */
import {
  type CompiledBehavior, type CompiledHpaController, type CompiledScalingRules, POLICY_PODS, SELECT_DISABLED, SELECT_MIN,
} from '../../model/config.js';
import { H_RECS } from '../../model/layout.js';
import { eventsAt, type HistoryShape, recordRecommendation, replicasChangePerPeriod } from './history.js';

const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;

/** `calculateScaleUpLimit`: max(scaleUpLimitFactor · current, scaleUpLimitMinimum) = max(2 · current, 4). */
export function calculateScaleUpLimit(current: number): number {
  return Math.trunc(Math.max(2.0 * current, 4.0));
}

/** `convertDesiredReplicasWithRules`: clamp to [min, min(max, calculateScaleUpLimit(current))]. */
export function convertDesiredReplicasWithRules(current: number, desired: number, min: number, max: number): number {
  const scaleUpLimit = calculateScaleUpLimit(current);
  const maximumAllowed = max > scaleUpLimit ? scaleUpLimit : max;
  if (desired < min) return min;
  if (desired > maximumAllowed) return maximumAllowed;
  return desired;
}

/** The legacy scale-down window in "age below" form: `stabilizeRecommendation` keeps a sample unless it is Before(now − window). */
export function legacyDownWindow(ctrl: CompiledHpaController): number {
  return ctrl.downscaleStabilization + 1;
}

/**
 * `normalizeDesiredReplicas` (no behavior): `stabilizeRecommendation` takes the largest
 * recommendation of the last `--horizontal-pod-autoscaler-downscale-stabilization` (this one
 * included) and records this one; then `convertDesiredReplicasWithRules`.
 */
export function normalizeDesiredReplicas(
  s: Int32Array, at: number, shape: HistoryShape, now: number, ctrl: CompiledHpaController,
  current: number, desired: number, min: number, max: number,
): number {
  const window = legacyDownWindow(ctrl);
  let stabilized = desired;
  for (let k = 0, p = at + H_RECS; k < shape.hpaRecSlots && s[p + 1] !== 0; k++, p += 2) {
    const v = s[p + 1] - 1;
    if (now - s[p] < window && v > stabilized) stabilized = v;
  }
  recordRecommendation(s, at, shape, now, desired, 0, window);
  return convertDesiredReplicasWithRules(current, stabilized, min, max);
}

/**
 * `stabilizeRecommendationWithBehaviors`: the smallest recommendation of the scale-up window and
 * the largest of the scale-down window (this one included in both) bound the current count;
 * this one is recorded.
 */
export function stabilizeRecommendationWithBehaviors(
  s: Int32Array, at: number, shape: HistoryShape, now: number, b: CompiledBehavior, current: number, desired: number,
): number {
  let up = desired;
  let down = desired;
  const upWindow = b.scaleUp.window;
  const downWindow = b.scaleDown.window;
  for (let k = 0, p = at + H_RECS; k < shape.hpaRecSlots && s[p + 1] !== 0; k++, p += 2) {
    const v = s[p + 1] - 1;
    const age = now - s[p];
    if (age < upWindow && v < up) up = v; // timestamp.After(upCutoff)
    if (age < downWindow && v > down) down = v;
  }
  let recommendation = current;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  recordRecommendation(s, at, shape, now, desired, upWindow, downWindow);
  return recommendation;
}

/** periodStartReplicas of one policy: the count before this period's scale events. */
function periodStart(s: Int32Array, at: number, shape: HistoryShape, now: number, current: number, period: number): number {
  const n = shape.hpaEventSlots;
  const added = replicasChangePerPeriod(s, eventsAt(shape, at, true), n, now, period);
  const deleted = replicasChangePerPeriod(s, eventsAt(shape, at, false), n, now, period);
  return current - added + deleted;
}

/** `calculateScaleUpLimitWithScalingRules`: the most replicas the scale-up policies allow now. */
export function calculateScaleUpLimitWithScalingRules(
  s: Int32Array, at: number, shape: HistoryShape, now: number, current: number, rules: CompiledScalingRules,
): number {
  if (rules.select === SELECT_DISABLED) return current;
  const min = rules.select === SELECT_MIN;
  let result = min ? INT32_MAX : INT32_MIN;
  for (let i = 0; i < rules.policyType.length; i++) {
    const start = periodStart(s, at, shape, now, current, rules.policyPeriod[i]);
    const value = rules.policyValue[i];
    // Percent rounds up, in float64: int32(math.Ceil(float64(start) * (1 + float64(value)/100)))
    const proposed = rules.policyType[i] === POLICY_PODS ? start + value : Math.ceil(start * (1 + value / 100));
    result = min ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** `calculateScaleDownLimitWithBehaviors`: the fewest replicas the scale-down policies allow now. */
export function calculateScaleDownLimitWithBehaviors(
  s: Int32Array, at: number, shape: HistoryShape, now: number, current: number, rules: CompiledScalingRules,
): number {
  if (rules.select === SELECT_DISABLED) return current;
  const min = rules.select === SELECT_MIN; // the smallest change: the largest count
  let result = min ? INT32_MIN : INT32_MAX;
  for (let i = 0; i < rules.policyType.length; i++) {
    const start = periodStart(s, at, shape, now, current, rules.policyPeriod[i]);
    const value = rules.policyValue[i];
    // Percent truncates, in float64: int32(float64(start) * (1 - float64(value)/100))
    const proposed = rules.policyType[i] === POLICY_PODS ? start - value : Math.trunc(start * (1 - value / 100));
    result = min ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** `convertDesiredReplicasWithBehaviorRate`: [min, max] and the policies' rate limits. */
export function convertDesiredReplicasWithBehaviorRate(
  s: Int32Array, at: number, shape: HistoryShape, now: number, b: CompiledBehavior,
  current: number, desired: number, min: number, max: number,
): number {
  if (desired > current) {
    let limit = calculateScaleUpLimitWithScalingRules(s, at, shape, now, current, b.scaleUp);
    if (limit < current) limit = current; // no further scale-up until the events age out
    const maximumAllowed = max > limit ? limit : max;
    if (desired > maximumAllowed) return maximumAllowed;
  } else if (desired < current) {
    let limit = calculateScaleDownLimitWithBehaviors(s, at, shape, now, current, b.scaleDown);
    if (limit > current) limit = current;
    const minimumAllowed = min < limit ? limit : min;
    if (desired < minimumAllowed) return minimumAllowed;
  }
  return desired;
}

/** `normalizeDesiredReplicasWithBehaviors`: stabilize, then apply the rate limits. */
export function normalizeDesiredReplicasWithBehaviors(
  s: Int32Array, at: number, shape: HistoryShape, now: number, b: CompiledBehavior,
  current: number, desired: number, min: number, max: number,
): number {
  const stabilized = stabilizeRecommendationWithBehaviors(s, at, shape, now, b, current, desired);
  return convertDesiredReplicasWithBehaviorRate(s, at, shape, now, b, current, stabilized, min, max);
}
