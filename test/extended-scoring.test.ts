/**
 * Extended resources in NodeResourcesFit's scores (`resourceAllocationScorer.score`,
 * resource_allocation.go `calculateResourceAllocatableRequest`; least_allocated.go,
 * most_allocated.go): a strategy's `resources` may weigh an extended resource; it is scored on
 * plain requests against the node's allocatable, skipped where the node has none of it or the
 * pod requests none. Worked by hand.
 *
 * Nodes n1 and n2 of 64 cpu / 64 memory, empty; n1 has 4 GPUs, n2 8. The pod requests 8 cpu,
 * 8 memory and 2 GPUs. cpu and memory: (64 − 8)·100/64 = 87 on both nodes (LeastAllocated),
 * 8·100/64 = 12 (MostAllocated).
 */
import { describe, expect, it } from 'vitest';
import { NodeResourcesFit } from '../src/controllers/scheduler/node-resources-fit.js';
import type { FitScoringSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { cluster, compile, cycleFor } from './helpers.js';

const GPU = 'nvidia.com/gpu';

function scores(fitScoring: FitScoringSpec | undefined, gpus = 2): number[] {
  const template: PodTemplateSpec = {
    name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [],
    ...(gpus > 0 ? { extendedRequests: { [GPU]: gpus } } : {}),
  };
  const spec = cluster({
    nodes: [
      { name: 'n1', cpu: 64, memory: 64, allocatable: { extended: { [GPU]: 4 } } },
      { name: 'n2', cpu: 64, memory: 64, allocatable: { extended: { [GPU]: 8 } } },
    ],
    template,
    placement: [],
  });
  if (fitScoring) spec.scheduler = { fitScoring };
  const cfg = compile(spec);
  const cs = cycleFor(cfg);
  const fit = new NodeResourcesFit(cfg);
  fit.preScore(cs);
  return [1, 2].map((n) => fit.score(cs, n));
}

const weighted = (type: FitScoringSpec['type']): FitScoringSpec => ({
  type,
  resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: GPU, weight: 2 }],
});

describe('NodeResourcesFit scores extended resources its strategy weighs', () => {
  it('by default (cpu and memory only) the GPUs do not score', () => {
    expect(scores(undefined)).toEqual([87, 87]);
  });

  it('LeastAllocated: the node with more GPUs left scores higher', () => {
    // GPUs: n1 (4 − 2)·100/4 = 50, n2 (8 − 2)·100/8 = 75. Weighted mean, truncated:
    // n1 (87 + 87 + 2·50)/4 = 274/4 = 68; n2 (87 + 87 + 2·75)/4 = 324/4 = 81.
    expect(scores(weighted('LeastAllocated'))).toEqual([68, 81]);
  });

  it('MostAllocated: the node the GPUs fill more scores higher', () => {
    // GPUs: n1 2·100/4 = 50, n2 2·100/8 = 25. n1 (12 + 12 + 2·50)/4 = 124/4 = 31;
    // n2 (12 + 12 + 2·25)/4 = 74/4 = 18.
    expect(scores(weighted('MostAllocated'))).toEqual([31, 18]);
  });

  it('RequestedToCapacityRatio: the shape maps each utilization, and the mean is rounded', () => {
    // Shape (0, 0) (100, 10): score = utilization. cpu, memory 8·100/64 = 12; GPUs n1 50, n2 25.
    // n1 (12 + 12 + 2·50)/4 = 31; n2 (12 + 12 + 2·25)/4 = 18.5, rounded 19 (math.Round).
    const rtcr: FitScoringSpec = { ...weighted('RequestedToCapacityRatio'), shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] };
    expect(scores(rtcr)).toEqual([31, 19]);
  });

  it('a pod that requests no GPU is scored on cpu and memory alone', () => {
    // calculateResourceAllocatableRequest returns (0, 0) for an extended resource the pod does
    // not request, so it drops out of the mean: (87 + 87)/2 on both.
    expect(scores(weighted('LeastAllocated'), 0)).toEqual([87, 87]);
  });
});
