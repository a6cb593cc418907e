/**
 * The worked scores of examples/least-allocated-mixed-nodes and examples/most-allocated-bin-packing
 * (their READMEs, derived by hand from noderesources/least_allocated.go, most_allocated.go,
 * balanced_allocation.go and podtopologyspread/scoring.go): each plugin's weighted score for
 * the `web` pod on large-1 and small-1, with the bare pod `db` running on large-1.
 * test/examples.test.ts checks the verdicts; this checks the numbers behind them.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigFolder } from '../src/api.js';
import { compile } from '../src/system/compile.js';
import { type CycleState, runSchedulingCycle } from '../src/controllers/scheduler/framework.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import type { CompiledCluster } from '../src/model/config.js';
import { cycleFor } from './helpers.js';

/** A cycle for a new `web` pod in the example's initial state, both nodes feasible. */
function webCycle(cfg: CompiledCluster): CycleState {
  const cs = cycleFor(cfg);
  cs.templateIndex = cfg.templates.findIndex((x) => x?.name === 'web');
  cs.template = cfg.templates[cs.templateIndex];
  return cs;
}

/** Each score plugin's weighted scores on nodes 1 and 2 (large-1, small-1), and the cycle's pick. */
function scores(example: string): { parts: Record<string, number[]>; totals: number[]; best: number } {
  const spec = loadConfigFolder(`examples/${example}`);
  expect(spec.nodes.map((n) => n.name)).toEqual(['large-1', 'small-1']);
  const cfg = compile(spec);
  const profile = defaultProfile(cfg);
  const parts: Record<string, number[]> = {};
  for (const { plugin, weight } of profile.scores) {
    const cs = webCycle(cfg);
    plugin.preScore?.(cs);
    for (let n = 1; n <= 2; n++) cs.scores[n] = plugin.score(cs, n);
    plugin.normalizeScore?.(cs);
    parts[plugin.name] = [1, 2].map((n) => weight * cs.scores[n]);
  }
  const cs = webCycle(cfg);
  const best = runSchedulingCycle(profile, cs);
  return { parts, totals: [1, 2].map((n) => cs.total[n]), best };
}

describe('worked scores of the mixed-size examples', () => {
  it('LeastAllocated: 330 on large-1 against 349 on small-1, so web goes to small-1', () => {
    expect(scores('least-allocated-mixed-nodes')).toEqual({
      parts: { NodeAffinity: [0, 0], NodeResourcesFit: [32, 62], NodeResourcesBalancedAllocation: [98, 87], PodTopologySpread: [200, 200] },
      totals: [330, 349],
      best: 2,
    });
  });

  it('MostAllocated: 364 on large-1 against 324 on small-1, so web goes to large-1', () => {
    expect(scores('most-allocated-bin-packing')).toEqual({
      parts: { NodeAffinity: [0, 0], NodeResourcesFit: [66, 37], NodeResourcesBalancedAllocation: [98, 87], PodTopologySpread: [200, 200] },
      totals: [364, 324],
      best: 1,
    });
  });
});
