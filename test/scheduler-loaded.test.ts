/**
 * The search tells the model where each state it loads differs from the one loaded before
 * (TransitionSystem.loaded: the queue entry's words), and the scheduler's choices' cycle then
 * brings the counts it kept at the last choices' state (NodeRequests' requested sums,
 * PodTopologySpread's pods per node) over by undoing what its bursts moved and looking at the
 * pod slots of those words alone, not at every slot (docs/model.md §8.2.7). Every choices'
 * cycle of real searches must equal a cycle that counts the state afresh: the same feasible
 * nodes, totals and ties.
 */
import { describe, expect, it } from 'vitest';
import { search } from '../src/checker/search.js';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { loadCase } from '../src/index.js';
import { compile } from './helpers.js';
import { expectFreshCycle, firstPendingPod } from './fresh-cycle.js';

describe('the choices cycle of a loaded state counts only the slots the load changed', () => {
  it('equals a cycle that counts afresh, in breadth-first searches of c4, c6 and c8 at 24 nodes', async () => {
    let hinted = 0;
    let compared = 0;
    const choices = Scheduler.prototype.choices;
    try {
      for (const id of ['c4', 'c6', 'c8']) {
        for (const nonViolation of [false, true]) {
          const cfg = compile(loadCase(id, { scale: 24, nonViolation }));
          Scheduler.prototype.choices = function (this: Scheduler, s: Int32Array): number {
            // hintCount ≥ 0 on the array loaded: this cycle counts from the listed slots.
            const state = this as unknown as { hintCount: number; hintArray: Int32Array | null };
            const withHint = state.hintCount >= 0 && state.hintArray === s;
            const k = choices.call(this, s);
            const pod = firstPendingPod(cfg, s);
            if (pod === 0 || !cfg.scheduler.branchOnTies) return k;
            if (withHint) hinted++;
            expectFreshCycle(cfg, this, s, pod);
            compared++;
            return k;
          };
          await search(new KiviModel(cfg), { maxStates: 3000 });
        }
      }
    } finally {
      Scheduler.prototype.choices = choices;
    }
    expect(compared).toBeGreaterThan(300);
    expect(hinted).toBeGreaterThan(200);
  }, 120_000);
});
