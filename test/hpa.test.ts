/**
 * The HPA's recommendation, worked by hand from upstream pkg/controller/podautoscaler
 * (replica_calculator.go, metrics/utilization.go, horizontal.go; docs/model.md §8.3). Each case
 * gives the inputs (current replicas, pod groups and their metrics, the behavior and the
 * history) and derives the desired count beside it. Times are ticks (10 per second).
 */
import { describe, expect, it } from 'vitest';
import {
  NO_PROPOSAL, PodGroups, plainMetricReplicas, resourceReplicas, utilizationPercent, withinTolerance,
} from '../src/controllers/hpa/replica-calculator.js';
import {
  calculateScaleUpLimit, convertDesiredReplicasWithRules, normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors,
} from '../src/controllers/hpa/normalize.js';
import { pruneRecommendations, recordInitialRecommendation, storeScaleEvent } from '../src/controllers/hpa/history.js';
import {
  type CompiledBehavior, type CompiledScalingRules, POLICY_PERCENT, POLICY_PODS, SELECT_DISABLED, SELECT_MAX, SELECT_MIN,
} from '../src/model/config.js';
import { H_RECS } from '../src/model/layout.js';

const TOL = 0.1;

/** Pod groups: ready pods with their usage and request each, unready and missing pods with their request. */
function pods(ready: [usage: number, request: number][], unready: number[] = [], missing: number[] = [], ignored = 0, target = 0): PodGroups {
  const g = new PodGroups();
  for (const [u, r] of ready) {
    g.readyCount++;
    g.readyUsage += u;
    g.readyRequest += r;
  }
  for (const r of unready) {
    g.unreadyCount++;
    g.unreadyRequest += r;
  }
  for (const r of missing) {
    g.missingCount++;
    g.missingRequest += r;
    g.missingFallback += Math.floor((r * Math.max(100, target)) / 100);
  }
  g.pods = ready.length + unready.length + missing.length + ignored;
  return g;
}
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('GetResourceReplicas (Utilization)', () => {
  it('c3: 5 pods at 100 % against 91 %: 100/91 = 1.099, |1 − 1.099| ≤ 0.1, so 5 stays', () => {
    expect(resourceReplicas(pods(times(5, [8, 8])), 5, 91, TOL)).toBe(5);
  });

  it('c3: a bump of +2 on one pod: int32(42·100/40) = 105, 105/91 = 1.154, ceil(1.154 · 5) = ceil(5.77) = 6', () => {
    expect(resourceReplicas(pods([[10, 8], ...times(4, [8, 8] as [number, number])]), 5, 91, TOL)).toBe(6);
  });

  it('the percentage is truncated: 101 pods of request 8 using 808 + 6 are at int32(81400/808) = int32(100.74) = 100 %, inside the tolerance', () => {
    // With the exact ratio, 100.74/91 = 1.107 would be outside the tolerance and scale up.
    expect(utilizationPercent(814, 808)).toBe(100);
    expect(resourceReplicas(pods([[14, 8], ...times(100, [8, 8] as [number, number])]), 101, 91, TOL)).toBe(101);
  });

  it('the tolerance is compared in float64: 55 % against 50 % is outside (|1 − 1.1| = 0.10000000000000009), 45 % inside', () => {
    expect(withinTolerance(55 / 50, TOL)).toBe(false);
    expect(withinTolerance(45 / 50, TOL)).toBe(true);
    // 4 pods at 55/100: ceil(1.1 · 4) = ceil(4.4) = 5; at 45/100 the count stays 4.
    expect(resourceReplicas(pods(times(4, [55, 100])), 4, 50, TOL)).toBe(5);
    expect(resourceReplicas(pods(times(4, [45, 100])), 4, 50, TOL)).toBe(4);
  });

  it('a configured tolerance (--horizontal-pod-autoscaler-tolerance 0.2): 115 % against 100 % stays', () => {
    expect(resourceReplicas(pods(times(4, [115, 100])), 4, 100, 0.2)).toBe(4);
    expect(resourceReplicas(pods(times(4, [115, 100])), 4, 100, TOL)).toBe(5); // ceil(1.15 · 4) = ceil(4.6)
  });

  it('scale-down: 4 pods at 20 % against 50 %: 0.4, ceil(0.4 · 4) = ceil(1.6) = 2', () => {
    expect(resourceReplicas(pods(times(4, [20, 100])), 4, 50, TOL)).toBe(2);
  });

  it('missing metrics on a scale-down count 100 % of their request: 3 at 20 % + 1 missing → (60 + 100)/400 = 40 %, ceil(0.8 · 4) = 4', () => {
    // Without the missing pod: ceil(0.4 · 3) = 2. With it the proposal is 4 = current.
    expect(resourceReplicas(pods(times(3, [20, 100]), [], [100], 0, 50), 4, 50, TOL)).toBe(4);
  });

  it('missing metrics on a scale-down count max(100, target) %: target 150, 3 at 30 % + 1 missing → (90 + 150)/400 = 60 %, 0.4, ceil(1.6) = 2', () => {
    expect(resourceReplicas(pods(times(3, [30, 100]), [], [100], 0, 150), 4, 150, TOL)).toBe(2);
  });

  it('missing metrics on a scale-up count 0: 3 at 100 % + 1 missing against 50 % → 300/400 = 75 %, 1.5, ceil(1.5 · 4) = 6', () => {
    expect(resourceReplicas(pods(times(3, [100, 100]), [], [100], 0, 50), 4, 50, TOL)).toBe(6);
  });

  it('unready pods count 0 on a scale-up: 2 at 100 % + 2 unready against 50 % → 200/400 = 50 %, ratio 1.0, inside: 4 stays', () => {
    expect(resourceReplicas(pods(times(2, [100, 100]), [100, 100]), 4, 50, TOL)).toBe(4);
  });

  it('unready pods count 0 on a scale-up: 3 at 100 % + 1 unready → 75 %, ceil(1.5 · 4) = 6', () => {
    expect(resourceReplicas(pods(times(3, [100, 100]), [100]), 4, 50, TOL)).toBe(6);
  });

  it('unready pods are left out of a scale-down: 2 at 20 % + 2 unready → ceil(0.4 · 2) = ceil(0.8) = 1', () => {
    expect(resourceReplicas(pods(times(2, [20, 100]), [100, 100]), 4, 50, TOL)).toBe(1);
  });

  it('no scale when the missing pods reverse the direction: 1 at 60 % + 3 missing against 50 % → 60/400 = 15 % < target: 4 stays', () => {
    expect(resourceReplicas(pods([[60, 100]], [], [100, 100, 100], 0, 50), 4, 50, TOL)).toBe(4);
  });

  it('no ready pod, or no pod at all, is no proposal (the metric is invalid); deleting pods only count as listed', () => {
    expect(resourceReplicas(pods([], [100, 100]), 2, 50, TOL)).toBe(NO_PROPOSAL);
    expect(resourceReplicas(pods([]), 2, 50, TOL)).toBe(NO_PROPOSAL);
    expect(resourceReplicas(pods([], [], [], 2), 2, 50, TOL)).toBe(NO_PROPOSAL);
    // 2 deleting pods beside 2 ready ones at 100 % against 50 %: ceil(2 · 2) = 4, the deleting ones not counted.
    expect(resourceReplicas(pods(times(2, [100, 100]), [], [], 2), 4, 50, TOL)).toBe(4);
  });
});

describe('calcPlainMetricReplicas (AverageValue)', () => {
  it('5 pods using 50 in total against 4 per pod: average 10, 2.5, ceil(12.5) = 13', () => {
    expect(plainMetricReplicas(pods(times(5, [10, 0])), 5, 4, TOL)).toBe(13);
  });

  it('the average is an integer division: 22 over 5 pods is 4, ratio 1: 5 stays', () => {
    expect(plainMetricReplicas(pods([[6, 0], [4, 0], [4, 0], [4, 0], [4, 0]]), 5, 4, TOL)).toBe(5);
  });

  it('missing pods on a scale-down use exactly the target: 2 pods using 2 + 1 missing → (4 + 4)/3 = 2, 0.5, ceil(1.5) = 2', () => {
    expect(plainMetricReplicas(pods(times(2, [2, 0]), [], [0]), 3, 4, TOL)).toBe(2);
  });
});

describe('normalizeDesiredReplicas (no behavior)', () => {
  it('convertDesiredReplicasWithRules clamps to [min, min(max, max(2 · current, 4))]', () => {
    expect(calculateScaleUpLimit(1)).toBe(4);
    expect(calculateScaleUpLimit(3)).toBe(6);
    expect(convertDesiredReplicasWithRules(21, 24, 21, 22)).toBe(22);
    expect(convertDesiredReplicasWithRules(1, 10, 1, 20)).toBe(4);
    expect(convertDesiredReplicasWithRules(3, 10, 1, 20)).toBe(6);
    expect(convertDesiredReplicasWithRules(5, 0, 2, 8)).toBe(2);
    expect(convertDesiredReplicasWithRules(5, 5, 2, 8)).toBe(5);
  });

  it('the 300 s downscale stabilization keeps the largest recommendation of the window, its edge included', () => {
    const shape = { hpaRecSlots: 20, hpaEventSlots: 0 };
    const s = new Int32Array(H_RECS + 40);
    const ctrl = { tolerance: TOL, downscaleStabilization: 3000, cpuInitializationPeriod: 3000 };
    recordInitialRecommendation(s, 0, shape, 0, 6); // the first look records the current 6 at t = 0
    // t = 151: proposal 4, but 6 (age 151) is in the window: max(4, 6) = 6.
    expect(normalizeDesiredReplicas(s, 0, shape, 151, ctrl, 6, 4, 1, 10)).toBe(6);
    // t = 3000: 6 is 3000 ticks old, not Before(now − 300 s): still counted.
    expect(normalizeDesiredReplicas(s, 0, shape, 3000, ctrl, 6, 4, 1, 10)).toBe(6);
    // t = 3001: 6 is out; the 4s recorded at 151 and 3000 remain: 4.
    expect(normalizeDesiredReplicas(s, 0, shape, 3001, ctrl, 6, 4, 1, 10)).toBe(4);
  });
});

/** Scaling rules: a window in seconds, a selectPolicy and [type, value, periodSeconds] policies. */
function rules(windowS: number, select: number, policies: [number, number, number][]): CompiledScalingRules {
  return {
    window: windowS * 10,
    select,
    policyType: Int32Array.from(policies.map((p) => p[0])),
    policyValue: Int32Array.from(policies.map((p) => p[1])),
    policyPeriod: Int32Array.from(policies.map((p) => p[2] * 10)),
    longestPeriod: Math.max(...policies.map((p) => p[2] * 10)),
  };
}
/** Kubernetes' defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules, 300 s from the flag). */
const UP_DEFAULT = (): CompiledScalingRules => rules(0, SELECT_MAX, [[POLICY_PODS, 4, 15], [POLICY_PERCENT, 100, 15]]);
const DOWN_DEFAULT = (): CompiledScalingRules => rules(300, SELECT_MAX, [[POLICY_PERCENT, 100, 15]]);
const behavior = (scaleUp = UP_DEFAULT(), scaleDown = DOWN_DEFAULT()): CompiledBehavior => ({ scaleUp, scaleDown });

/** A fresh history of 20 recommendations and 4 events per direction, the current count recorded at t = 0. */
function history(current: number): { s: Int32Array; shape: { hpaRecSlots: number; hpaEventSlots: number } } {
  const shape = { hpaRecSlots: 20, hpaEventSlots: 4 };
  const s = new Int32Array(H_RECS + 40 + 16);
  recordInitialRecommendation(s, 0, shape, 0, current);
  return { s, shape };
}

describe('normalizeDesiredReplicasWithBehaviors: stabilization windows', () => {
  it('scale-down window 300 s: 5 → proposal 3 is held while 5 is in the window, then applied', () => {
    const { s, shape } = history(5);
    const b = behavior();
    // t = 1000: down = max(3, 5) = 5, up = 3 (window 0 reads nothing): clamp(current 5, 3, 5) = 5.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 1000, b, 5, 3, 1, 10)).toBe(5);
    // t = 3000: 5 is 3000 ticks old, not After(now − 300 s): out. down = max(3, 3@1000) = 3;
    // clamp(5, 3, 3) = 3; Percent 100 per 15 s allows int32(5 · 0) = 0, so min 1 binds: 3.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 3000, b, 5, 3, 1, 10)).toBe(3);
  });

  it('stabilizationWindowSeconds: 0 on scaleDown applies a lower proposal at once', () => {
    const { s, shape } = history(5);
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 151, behavior(UP_DEFAULT(), rules(0, SELECT_MAX, [[POLICY_PERCENT, 100, 15]])), 5, 3, 1, 10)).toBe(3);
  });

  it('scale-up window 60 s: 2 → proposal 6 is held while 2 is in the window, then the policies allow 6', () => {
    const { s, shape } = history(2);
    const b = behavior(rules(60, SELECT_MAX, [[POLICY_PODS, 4, 15], [POLICY_PERCENT, 100, 15]]));
    // t = 151: up = min(6, 2) = 2: clamp(2, 2, 6) = 2.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 151, b, 2, 6, 1, 10)).toBe(2);
    // t = 600: 2@0 is out, 6@151 in: up = 6, clamp(2, 6, 6) = 6; Pods: 2 + 4 = 6, Percent: ceil(2 · 2) = 4, Max: 6.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 600, b, 2, 6, 1, 10)).toBe(6);
  });
});

describe('normalizeDesiredReplicasWithBehaviors: policies', () => {
  it('Pods: at most 2 pods per 60 s; the event of the last scale-up counts until it is 60 s old', () => {
    const { s, shape } = history(3);
    const b = behavior(rules(0, SELECT_MAX, [[POLICY_PODS, 2, 60]]));
    // No events: periodStart 3, 3 + 2 = 5.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, b, 3, 10, 1, 20)).toBe(5);
    storeScaleEvent(s, 0, shape, 0, true, 2, 600);
    // t = 151: 2 added in the period: periodStart 5 − 2 = 3, limit 3 + 2 = 5 = current: 5 stays.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 151, b, 5, 10, 1, 20)).toBe(5);
    // t = 600: the event is 60 s old, no longer After(now − 60 s): periodStart 5, limit 7.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 600, b, 5, 10, 1, 20)).toBe(7);
  });

  it('Percent up rounds up: 3 pods and 10 %: ceil(3 · 1.1) = ceil(3.3000000000000003) = 4', () => {
    const { s, shape } = history(3);
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, behavior(rules(0, SELECT_MAX, [[POLICY_PERCENT, 10, 15]])), 3, 10, 1, 20)).toBe(4);
  });

  it('selectPolicy on scale-up: Pods 4 and Percent 100 from 10: Max takes ceil(10 · 2) = 20, Min takes 10 + 4 = 14, Disabled keeps 10', () => {
    const both: [number, number, number][] = [[POLICY_PODS, 4, 15], [POLICY_PERCENT, 100, 15]];
    for (const [select, want] of [[SELECT_MAX, 20], [SELECT_MIN, 14], [SELECT_DISABLED, 10]]) {
      const { s, shape } = history(10);
      expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, behavior(rules(0, select, both)), 10, 30, 1, 40)).toBe(want);
    }
  });

  it('selectPolicy on scale-down: Percent 50 and Pods 3 from 10 to 2: Max takes int32(10 · 0.5) = 5, Min takes 10 − 3 = 7, Disabled keeps 10', () => {
    const both: [number, number, number][] = [[POLICY_PERCENT, 50, 60], [POLICY_PODS, 3, 60]];
    for (const [select, want] of [[SELECT_MAX, 5], [SELECT_MIN, 7], [SELECT_DISABLED, 10]]) {
      const { s, shape } = history(10);
      const b = behavior(UP_DEFAULT(), rules(0, select, both));
      expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, b, 10, 2, 1, 20)).toBe(want);
    }
  });

  it('Percent down truncates in float64: 10 pods and 80 %: int32(10 · (1 − 0.8)) = int32(1.9999999999999996) = 1', () => {
    const { s, shape } = history(10);
    const b = behavior(UP_DEFAULT(), rules(0, SELECT_MAX, [[POLICY_PERCENT, 80, 15]]));
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, b, 10, 1, 1, 20)).toBe(1);
  });

  it('a scale-down of 5 in the period counts back: 10 → 5 at t = 0, then at t = 151 Percent 50 per 60 s starts from 10 and allows 5 = current', () => {
    const { s, shape } = history(10);
    const b = behavior(UP_DEFAULT(), rules(0, SELECT_MAX, [[POLICY_PERCENT, 50, 60]]));
    storeScaleEvent(s, 0, shape, 0, false, 5, 600);
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 151, b, 5, 2, 1, 20)).toBe(5);
    // t = 600: the event is out: int32(5 · 0.5) = 2.
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 600, b, 5, 2, 1, 20)).toBe(2);
  });

  it('maxReplicas and minReplicas still bind: 10 → 30 with max 12, and 10 → 1 with min 4', () => {
    const { s, shape } = history(10);
    expect(normalizeDesiredReplicasWithBehaviors(s, 0, shape, 0, behavior(), 10, 30, 1, 12)).toBe(12);
    const h = history(10);
    expect(normalizeDesiredReplicasWithBehaviors(h.s, 0, h.shape, 0, behavior(UP_DEFAULT(), rules(0, SELECT_MAX, [[POLICY_PERCENT, 100, 15]])), 10, 1, 4, 12)).toBe(4);
  });
});

describe('the history in the state', () => {
  it('keeps only the recommendations a later window can read: [3@300, 5@200, 4@100, 6@0] → [3, 5, 6]', () => {
    const shape = { hpaRecSlots: 4, hpaEventSlots: 0 };
    const s = new Int32Array(H_RECS + 8);
    const entries = [[300, 3], [200, 5], [100, 4], [0, 6]];
    entries.forEach(([t, v], i) => {
      s[H_RECS + 2 * i] = t;
      s[H_RECS + 2 * i + 1] = v + 1;
    });
    // Scale-down window only: 4@100 is hidden by the newer, larger 5@200 from every later maximum.
    pruneRecommendations(s, 0, shape, 300, 0, 3000);
    const kept = [0, 1, 2, 3].map((i) => s[H_RECS + 2 * i + 1] - 1);
    expect(kept).toEqual([3, 5, 6, -1]);
  });
});
