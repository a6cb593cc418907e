/**
 * When the search of every scheduler tie hits a state or memory limit, kivi looks again taking
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
});
