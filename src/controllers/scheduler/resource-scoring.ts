/**
 * The scoring strategies of NodeResourcesFit (`NodeResourcesFitArgs.scoringStrategy`,
 * docs/model.md §8.2.3), one resource at a time on requests against allocatable, in integer
 * arithmetic as upstream:
 *
 * - LeastAllocated: `leastRequestedScore` (least_allocated.go): (allocatable − requested)·100 /
 *   allocatable, 0 when more is requested than allocatable or nothing is allocatable.
 * - MostAllocated: `mostRequestedScore` (most_allocated.go): requested·100 / allocatable, the
 *   request capped at allocatable.
 * - RequestedToCapacityRatio: `buildRequestedToCapacityRatioScorerFunction`
 *   (requested_to_capacity_ratio.go): the utilization requested·100/allocatable (100 when over
 *   or nothing allocatable) through the broken-linear shape (`BuildBrokenLinearFunction`,
 *   plugins/helper/shape_score.go); only positive resource scores count, and the weighted mean is
 *   rounded (`math.Round`), where the other two truncate.
 */
import type { CompiledResourceScoring } from '../../model/config.js';
import { SCORING_MOST_ALLOCATED, SCORING_REQUESTED_TO_CAPACITY_RATIO } from '../../model/config.js';
import { idiv } from '../arith.js';
import { MAX_NODE_SCORE } from './framework.js';

/** `leastRequestedScore`. */
export function leastRequestedScore(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return idiv((allocatable - requested) * MAX_NODE_SCORE, allocatable);
}

/** `mostRequestedScore`. */
export function mostRequestedScore(requested: number, allocatable: number): number {
  if (allocatable === 0) return 0;
  return idiv((requested > allocatable ? allocatable : requested) * MAX_NODE_SCORE, allocatable);
}

/** `BuildBrokenLinearFunction` at utilization p (points ascending, scores already 0..100). */
export function brokenLinear(util: Int32Array, score: Int32Array, p: number): number {
  for (let i = 0; i < util.length; i++) {
    if (p <= util[i]) {
      if (i === 0) return score[0];
      return score[i - 1] + idiv((score[i] - score[i - 1]) * (p - util[i - 1]), util[i] - util[i - 1]);
    }
  }
  return score[score.length - 1];
}

/** RequestedToCapacityRatio's score of one resource (`resourceScoringFunction`, `scaledUtilization`). */
export function ratioScore(sc: CompiledResourceScoring, requested: number, allocatable: number): number {
  if (allocatable === 0 || requested >= allocatable) return brokenLinear(sc.shapeUtilization, sc.shapeScore, 100);
  const util = requested <= 0 ? 0 : idiv(requested * 100, allocatable);
  return brokenLinear(sc.shapeUtilization, sc.shapeScore, util);
}

/** LeastAllocated on cpu and memory, weight 1 each: the default strategy. */
export const DEFAULT_FIT_SCORING: CompiledResourceScoring = {
  type: 0,
  cpuWeight: 1,
  memWeight: 1,
  extendedWeight: new Int32Array(0),
  shapeUtilization: new Int32Array(0),
  shapeScore: new Int32Array(0),
};

/** The weighted mean being summed (module scratch, so that no node allocates). */
const mean = { score: 0, weight: 0 };

/** Adds one resource to `mean`: skipped with nothing allocatable, and under RequestedToCapacityRatio when it scores 0. */
function addResource(sc: CompiledResourceScoring, weight: number, requested: number, allocatable: number): void {
  if (weight <= 0 || allocatable === 0) return;
  const r = resourceScore(sc, requested, allocatable);
  if (sc.type === SCORING_REQUESTED_TO_CAPACITY_RATIO && r <= 0) return;
  mean.score += r * weight;
  mean.weight += weight;
}

/**
 * The node's score for requested cpu/memory (the pod's included) against allocatable, and for
 * each extended resource the pod requests (`podExt`; the node's requests of it in `nodeExt`
 * and its allocatable in `allocExt`, both at n·R + r): the strategy's per-resource score,
 * weighted. A resource with nothing allocatable is skipped, and so is an extended resource the
 * pod does not request (`calculateResourceAllocatableRequest` returns (0, 0) for it).
 */
export function strategyScore(
  sc: CompiledResourceScoring, cpuReq: number, cpuAlloc: number, memReq: number, memAlloc: number,
  podExt: Int32Array | null = null, nodeExt: Int32Array | null = null, allocExt: Int32Array | null = null, n = 0,
): number {
  mean.score = 0;
  mean.weight = 0;
  addResource(sc, sc.cpuWeight, cpuReq, cpuAlloc);
  addResource(sc, sc.memWeight, memReq, memAlloc);
  if (podExt !== null && nodeExt !== null && allocExt !== null) {
    const R = podExt.length;
    const weights = sc.extendedWeight;
    for (let r = 0; r < R && r < weights.length; r++) {
      // Extended resources are scored on plain requests (NodeInfo.Requested.ScalarResources).
      if (podExt[r] > 0) addResource(sc, weights[r], nodeExt[n * R + r] + podExt[r], allocExt[n * R + r]);
    }
  }
  if (mean.weight === 0) return 0;
  return sc.type === SCORING_REQUESTED_TO_CAPACITY_RATIO ? Math.round(mean.score / mean.weight) : idiv(mean.score, mean.weight);
}

function resourceScore(sc: CompiledResourceScoring, requested: number, allocatable: number): number {
  if (sc.type === SCORING_MOST_ALLOCATED) return mostRequestedScore(requested, allocatable);
  if (sc.type === SCORING_REQUESTED_TO_CAPACITY_RATIO) return ratioScore(sc, requested, allocatable);
  return leastRequestedScore(requested, allocatable);
}

/**
 * `balancedResourceScorer` (balanced_allocation.go) on cpu and memory: each fraction
 * requested/allocatable capped at 1, std = |f₁ − f₂| / 2, score = int64((1 − std) · 100). The
 * two fractions and the product are computed in float64 exactly as upstream does, so the
 * truncation lands where Go's does; the result is an integer. With one resource (or none
 * allocatable) std is 0 and the score 100.
 */
export function balancedScore(cpuReq: number, cpuAlloc: number, memReq: number, memAlloc: number, useCpu: boolean, useMem: boolean): number {
  const hasCpu = useCpu && cpuAlloc !== 0;
  const hasMem = useMem && memAlloc !== 0;
  if (!(hasCpu && hasMem)) return MAX_NODE_SCORE;
  let f1 = cpuReq / cpuAlloc;
  if (f1 > 1) f1 = 1;
  let f2 = memReq / memAlloc;
  if (f2 > 1) f2 = 1;
  const std = Math.abs((f1 - f2) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
