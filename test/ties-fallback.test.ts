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
import { Watch } from '../src/checker/limits.js';

describe('ties: the lowest-index fallback after a limit', () => {
  it('c1 at scale 20: every tie outgrows 2,000 states, the lowest-index search finds the HPA oscillation', async () => {
    // c1's scale-ups place hot and cooled pods over nodes in ways no renaming merges (the
    // symmetry reduction applies, docs/model.md §8.11, but the states differ by more than
    // names): the search of every tie needs far more than 2,000 states, while taking each tie to
    // the lowest node follows one order of the HPA's rounds and meets the oscillation.
    const r = await checkCluster(loadCase('c1', { scale: 20 }), { maxStates: 2_000 });
    expect(r.status).toBe('violated');
    expect(r.tiesLowest).toBe(true);
    expect(r.failures.map((f) => f.intent)).toContain('no_oscillation_replica_num');
  }, 300_000);

  it('a search that finishes keeps its own answer; a limited one without a violation stays inconclusive', async () => {
    const small = await checkCluster(loadCase('c3', { scale: 3 }));
    expect(small.status).toBe('violated');
    expect(small.tiesLowest).toBeUndefined();
    const limited = await checkCluster(loadCase('c1', { scale: 5, nonViolation: true }), { maxStates: 50, capacityProof: false });
    expect(limited.status).toBe('inconclusive');
    expect(limited.limit).toBe('states');
    expect(limited.tiesLowest).toBeUndefined();
  }, 300_000);

  it('tiesTimeShare: the search of every tie stops at its share of the time, the lowest-index search finds the loop', async () => {
    // c1 at scale 50 with every tie does not end within a minute (docs/model.md §8.11.6: over
    // 300,000 states); the lowest-index search follows one execution and finds the replica count
    // oscillating at once. With half of 6 s, the first search stops after about 3 s, the second
    // one has the other 3 s. (c5 served here until RemoveDuplicates took the symmetry reduction,
    // docs/model.md §8.11.3: its search of every tie now ends in milliseconds.)
    const r = await checkCluster(loadCase('c1', { scale: 50 }), { deadline: Date.now() + 6000, tiesTimeShare: 0.5 });
    expect(r.status).toBe('violated');
    expect(r.tiesLowest).toBe(true);
    expect(r.failures.map((f) => f.intent)).toContain('no_oscillation_replica_num');
  }, 120_000);

  it('tiesTimeShare: a search that has met no tie keeps the whole time (the lowest-index search would repeat it)', async () => {
    // c1 at scale 1 has one node, so kube-scheduler never has two nodes to choose between: the
    // search of every tie and the lowest-index search are the same search. With a share of 1e-9
    // of a minute the first search reaches its share at once; since it has met no tie it goes on
    // to the deadline and ends with its own answer (c1 -cn checks pod_always_schedulable: one
    // 64-CPU node takes the HPA's maximum of 2 pods of 8 CPU, so it holds). (Had it run the
    // lowest-index search first, the resumed search would give the same answer: this checks the
    // answer, not which of the two ways it took.)
    const r = await checkCluster(loadCase('c1', { scale: 1, nonViolation: true }), { deadline: Date.now() + 60_000, tiesTimeShare: 1e-9, capacityProof: false });
    expect(r.status).toBe('holds');
    expect(r.limit).toBeUndefined();
    expect(r.tiesLowest).toBeUndefined();
  }, 120_000);

  it('Watch: a deadline moved later (a resumed search) is the one checked', () => {
    const past = Date.now() - 1;
    const w = new Watch({ deadline: past });
    expect(w.check(0, 0)).toBe('time');
    w.moveDeadline(Date.now() + 60_000);
    expect(w.check(0, 0)).toBeUndefined();
    w.moveDeadline(past);
    expect(w.check(0, 0)).toBe('time');
  });

  it('without tiesTimeShare a time limit is the answer: no second search', async () => {
    const r = await checkCluster(loadCase('c1', { scale: 50 }), { deadline: Date.now() + 2000 });
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
