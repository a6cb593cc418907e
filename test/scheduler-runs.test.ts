/**
 * The first cycle of a canonical state's choices judges its node-local part once per run of alike
 * nodes (docs/model.md §8.2.7): nodes of one static class with equal signatures (§8.11.1) have
 * equal node words and hold pods of equal keys, so readiness, NodeUnschedulable, TaintToleration,
 * NodeResourcesFit's filter and score and BalancedAllocation's score, which read only the pod's
 * template, the node's own words and the requests of its pods, give each of them the same answer.
 * PodTopologySpread's scores and host selection then go run by run too (every plugin judges the
 * nodes of a run alike). Every such cycle must equal the cycle of a scheduler that judges node by
 * node: the same feasible nodes, totals and ties.
 */
import { describe, expect, it } from 'vitest';
import { CanonicalOrder } from '../src/controllers/canonical-order.js';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { TieOrbits } from '../src/controllers/scheduler/orbits.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { loadCase } from '../src/index.js';
import { compile } from './helpers.js';
import { randomWalk } from './random-walk.js';
import { expectFreshCycle, firstPendingPod } from './fresh-cycle.js';

describe('a cycle judges alike nodes once per run', () => {
  it('equals a cycle that judges every node, on random walks of c4, c6 and c8 at 24 nodes', () => {
    let byRuns = 0;
    let compared = 0;
    const runs = TieOrbits.prototype.runs;
    TieOrbits.prototype.runs = function (...args: Parameters<typeof runs>): boolean {
      const used = runs.apply(this, args);
      if (used) byRuns++;
      return used;
    };
    try {
      for (const id of ['c4', 'c6', 'c8']) {
        for (const nonViolation of [false, true]) {
          const cfg = compile(loadCase(id, { scale: 24, nonViolation }));
          const l = cfg.layout;
          // The scheduler as the reduced model builds it (its tie classes read the canonical order).
          const withRuns = new Scheduler(cfg, undefined, new CanonicalOrder(cfg));
          for (let seed = 1; seed <= 12; seed++) {
            // The reduced model's states are canonical, as the search's are.
            randomWalk(new KiviModel(cfg), seed, 120, (s) => {
              const pod = firstPendingPod(cfg, s);
              if (pod === 0) return;
              const choices = withRuns.choices(s);
              const fresh = expectFreshCycle(cfg, withRuns, s, pod);
              expect(choices).toBeLessThanOrEqual(Math.max(1, fresh.options));
              compared++;
            });
          }
        }
      }
    } finally {
      TieOrbits.prototype.runs = runs;
    }
    // The property says little unless many cycles went by runs.
    expect(compared).toBeGreaterThan(100);
    expect(byRuns).toBeGreaterThan(100);
  }, 120_000);
});
