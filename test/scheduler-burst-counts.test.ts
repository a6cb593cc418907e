/**
 * Within one scheduler burst the plugins keep what they count from the state (PodTopologySpread's
 * matching pods per node, shared by the constraints that select the same pods; NodeRequests'
 * requests per node) and add only the burst's own placements, as kube-scheduler's PreFilter
 * state is updated by `AddPod` (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go
 * `preFilterState.updateWithPod`); a new burst moves only the pod slots that differ from the
 * state counted last, and a burst from the state counted last (the search's bursts from one
 * state, one per choice) goes back to it by undoing the moves since. Each cycle must equal a
 * cycle that counts the state afresh: the same feasible nodes and the same totals, on the
 * states of random walks in random clusters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { P_LOC, P_STATUS, POD_PENDING, Q_SCH, podAt } from '../src/model/layout.js';
import { assumeAndBind } from '../src/controllers/scheduler/framework.js';
import { queueItem, queueLength } from '../src/model/queues.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import type { CompiledCluster } from '../src/model/config.js';
import { clusterArb } from './random-cluster.js';
import { randomWalk } from './random-walk.js';
import './fast-check-seed.js';

/**
 * Runs one burst on b with `burst` (its first pending pod takes `firstChoice`; the burst must
 * have begun), comparing each cycle with a fresh scheduler's, which counts the state from
 * scratch. Returns how many cycles were compared and the first pod's options.
 */
function compareBurst(cfg: CompiledCluster, burst: Scheduler, b: Int32Array, firstChoice: number): { compared: number; options: number } {
  const l = cfg.layout;
  let compared = 0;
  let options = 1;
  for (let i = 0, n = queueLength(b, l, Q_SCH); i < n; i++) {
    const pod = queueItem(b, l, Q_SCH, i);
    const at = podAt(l, pod);
    if (b[at + P_STATUS] !== POD_PENDING || b[at + P_LOC] !== 0) continue;
    const choice = compared === 0 ? firstChoice : 0;
    const node = burst.schedule(b, pod, choice);
    if (compared === 0) options = Math.max(1, burst.options);
    const fresh = new Scheduler(cfg);
    fresh.cycle.beginBurst();
    expect(fresh.schedule(b, pod, choice)).toBe(node);
    expect(burst.options).toBe(fresh.options);
    expect([...burst.cycle.feasible]).toEqual([...fresh.cycle.feasible]);
    for (let m = 1; m <= l.nodes; m++) if (fresh.cycle.feasible[m] === 1) expect(burst.cycle.total[m]).toBe(fresh.cycle.total[m]);
    compared++;
    if (node === 0) break;
    assumeAndBind(burst.cycle, b, pod, node); // as Scheduler.burst does; tells the burst
  }
  return { compared, options };
}

/** `visit` at every state of a random walk in each of 300 random clusters, with one scheduler kept throughout. */
function onRandomWalks(steps: number, visit: (cfg: CompiledCluster, burst: Scheduler, s: Int32Array) => void): void {
  fc.assert(
    fc.property(clusterArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
      const cfg = compile(spec);
      // `burst` is kept from state to state, as the search keeps its scheduler: a new burst
      // moves only the pod slots that differ from the state it counted last.
      const burst = new Scheduler(cfg);
      randomWalk(new KiviModel(cfg), seed, steps, (s) => visit(cfg, burst, s));
    }),
    { numRuns: 300 },
  );
}

describe('a burst keeps its counts from cycle to cycle', () => {
  it('every cycle of a burst equals one that counts the state afresh', () => {
    let compared = 0;
    // Every pending pod of sQ in turn, as one burst: the burst's scheduler counts once and adds
    // its placements; the fresh one starts a burst (counts from the state) per pod.
    onRandomWalks(40, (cfg, burst, s) => {
      burst.cycle.beginBurst();
      compared += compareBurst(cfg, burst, s.slice(), 0).compared;
    });
    // The property says little unless cycles after a placement were compared often.
    expect(compared).toBeGreaterThan(200);
  }, 120_000);

  it('bursts from one state (its choices, then one burst a choice) go back to it, not count again', () => {
    // The search asks a state's choices and runs a burst per choice from copies of that state:
    // those bursts share the origin of the choices' cycle (CycleState.origin), and the counts go
    // back to that state by undoing the previous burst's moves. Each cycle must still equal one
    // that counts the state afresh, for every choice of the first pod.
    let compared = 0;
    let again = 0;
    onRandomWalks(30, (cfg, burst, s) => {
      burst.cycle.beginBurst();
      const origin = burst.cycle.origin;
      // One burst per choice of the first pod, and at least two bursts (the same choice again).
      let choices = 1;
      for (let c = 0; c < Math.max(2, choices); c++) {
        if (c > 0) {
          burst.cycle.beginBurst(origin);
          again++;
        }
        const r = compareBurst(cfg, burst, s.slice(), c % choices);
        if (c === 0) choices = r.options;
        compared += r.compared;
      }
    });
    expect(compared).toBeGreaterThan(200);
    // Bursts after the first from one state: the path that goes back to it.
    expect(again).toBeGreaterThan(50);
  }, 120_000);
});
