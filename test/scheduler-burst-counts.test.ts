/**
 * Within one scheduler burst the plugins keep what they count from the state (PodTopologySpread's
 * matching pods per node, shared by the constraints that select the same pods; NodeRequests'
 * requests per node) and add only the burst's own placements, as kube-scheduler's PreFilter
 * state is updated by `AddPod` (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go
 * `preFilterState.updateWithPod`); a new burst moves only the pod slots that differ from the
 * state counted last. Each cycle must equal a cycle that counts the state afresh: the same
 * feasible nodes and the same totals, on the states of random walks in random clusters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { P_LOC, P_STATUS, POD_PENDING, Q_SCH, podAt } from '../src/model/layout.js';
import { assumeAndBind } from '../src/controllers/scheduler/framework.js';
import { queueItem, queueLength } from '../src/model/queues.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';
import { randomWalk } from './random-walk.js';
import './fast-check-seed.js';

describe('a burst keeps its counts from cycle to cycle', () => {
  it('every cycle of a burst equals one that counts the state afresh', () => {
    let compared = 0;
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const cfg = compile(spec);
        const l = cfg.layout;
        const model = new KiviModel(cfg);
        // `burst` is kept from state to state, as the search keeps its scheduler: a new burst
        // moves only the pod slots that differ from the state it counted last. `fresh` is new
        // for every cycle and counts the state from scratch.
        const burst = new Scheduler(cfg);
        randomWalk(model, seed, 40, (s) => {
          // Every pending pod of sQ in turn, as one burst: the burst's scheduler counts once and
          // adds its placements; the fresh one starts a burst (counts from the state) per pod.
          const b = s.slice();
          burst.cycle.beginBurst();
          for (let i = 0, n = queueLength(b, l, Q_SCH); i < n; i++) {
            const pod = queueItem(b, l, Q_SCH, i);
            const at = podAt(l, pod);
            if (b[at + P_STATUS] !== POD_PENDING || b[at + P_LOC] !== 0) continue;
            const node = burst.schedule(b, pod, 0);
            const fresh = new Scheduler(cfg);
            fresh.cycle.beginBurst();
            expect(fresh.schedule(b, pod, 0)).toBe(node);
            expect(burst.options).toBe(fresh.options);
            expect([...burst.cycle.feasible]).toEqual([...fresh.cycle.feasible]);
            for (let n = 1; n <= l.nodes; n++) if (fresh.cycle.feasible[n] === 1) expect(burst.cycle.total[n]).toBe(fresh.cycle.total[n]);
            compared++;
            if (node === 0) break;
            assumeAndBind(burst.cycle, b, pod, node); // as Scheduler.burst does; tells the burst
          }
        });
      }),
      { numRuns: 300 },
    );
    // The property says little unless cycles after a placement were compared often.
    expect(compared).toBeGreaterThan(200);
  }, 120_000);
});
