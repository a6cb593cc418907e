/**
 * When the search of every scheduler tie hits a state or memory limit (or, with `tiesTimeShare`,
 * its share of the time before the deadline), kivi looks again taking
 * each tie to the lowest-index node (docs/model.md §8.2.4). A violation found that way is an
 * execution kube-scheduler may take (selectHost may pick that node), so it is reported, marked;
 * a search that finds none keeps the inconclusive answer: the lowest-index rule proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/cases/index.js';
import { checkCluster } from '../src/check.js';

describe('ties: the lowest-index fallback after a limit', () => {
  it('c5 at scale 10: every tie outgrows 20,000 states, the lowest-index search finds the eviction loop', async () => {
    // c5's RemoveDuplicates leaves the symmetry reduction off (docs/model.md §8.11.5).
    const r = await checkCluster(loadCase('c5', { scale: 10 }), { maxStates: 20_000 });
    expect(r.status).toBe('violated');
    expect(r.tiesLowest).toBe(true);
    expect(r.failures.map((f) => f.intent)).toContain('no_oscillation_eviction');
  }, 300_000);

  it('a search that finishes keeps its own answer; a limited one without a violation stays inconclusive', async () => {
    const small = await checkCluster(loadCase('c3', { scale: 3 }));
    expect(small.status).toBe('violated');
    expect(small.tiesLowest).toBeUndefined();
    const limited = await checkCluster(loadCase('c1', { scale: 5, nonViolation: true }), { maxStates: 50 });
    expect(limited.status).toBe('inconclusive');
    expect(limited.limit).toBe('states');
    expect(limited.tiesLowest).toBeUndefined();
  }, 300_000);

  it('tiesTimeShare: the search of every tie stops at its share of the time, the lowest-index search finds the loop', async () => {
    // c5 at scale 30 with every tie: after the first eviction round, the evicted pods tie
    // between nodes holding different pods (no twins, no symmetry with RemoveDuplicates), so
    // the search branches on every order of them and does not end within seconds (millions of
    // states a minute); the lowest-index search follows one execution and finds the three
    // rounds of eviction and rescheduling at once. With half of 6 s, the first search stops after about
    // 3 s, the second one has the other 3 s.
    const r = await checkCluster(loadCase('c5', { scale: 30 }), { deadline: Date.now() + 6000, tiesTimeShare: 0.5 });
    expect(r.status).toBe('violated');
    expect(r.tiesLowest).toBe(true);
    expect(r.failures.map((f) => f.intent)).toContain('no_oscillation_eviction');
  }, 120_000);

  it('without tiesTimeShare a time limit is the answer: no second search', async () => {
    const r = await checkCluster(loadCase('c5', { scale: 30 }), { deadline: Date.now() + 2000 });
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('time');
    expect(r.tiesLowest).toBeUndefined();
  }, 120_000);

  it('tiesTimeShare must be above 0 and at most 1', async () => {
    for (const bad of [0, 1.5, -1, Number.NaN]) {
      await expect(checkCluster(loadCase('c3'), { tiesTimeShare: bad })).rejects.toThrow(/options\.tiesTimeShare: must be a number above 0 and at most 1/);
    }
  });
});
