/**
 * The search runs in synchronous slices and gives the event loop a turn between them
 * (src/checker/search.ts SearchRun; docs/reliability.md, "Signals and aborts"). A slice can end
 * in the middle of a state's expansion, between two processes or between two choices of one
 * process; the next slice goes on from there. Whatever the slices, the search is the same: a
 * system whose steps are slow (so that slices end all over its expansions) explores exactly
 * what the same system with fast steps explores in one slice, in the same order.
 */
import { describe, expect, it } from 'vitest';
import { findCycle } from '../src/checker/cycles.js';
import { ResumableSearch, search } from '../src/checker/search.js';
import type { SearchOptions, SearchResult } from '../src/checker/result.js';
import type { TransitionSystem } from '../src/checker/transition-system.js';

/**
 * Two counters a, b in 0..M-1. Process 0 adds 1..K to a (mod M), process 1 adds 1..K to b, so
 * every pair is reachable: M² states, each expanded by 2·K transitions. With `target`, reaching
 * (M-1, M-1) violates property 1: a shortest path takes two steps.
 */
function counters(M: number, K: number, stepMicros: number, target: boolean): TransitionSystem {
  return {
    stateWords: 2,
    processCount: 2,
    propertyCodes: target ? [1] : [],
    initialState: () => new Int32Array(2),
    choices: () => K,
    step(s, p, c) {
      if (stepMicros > 0) {
        const until = performance.now() + stepMicros / 1000;
        while (performance.now() < until); // a slow controller: slices end mid-expansion
      }
      s[p] = (s[p] + c + 1) % M;
      return target && s[0] === M - 1 && s[1] === M - 1 ? 1 : 0;
    },
    endState: () => 0,
    processName: (p) => `counter ${p}`,
  };
}

function summary(r: SearchResult): unknown {
  return { status: r.status, limit: r.limit, states: r.stats.states, transitions: r.stats.transitions, depth: r.stats.depth, violations: r.violations };
}

/** The search of the slow system (several hundred slices) and of the fast one (one slice). */
async function bothWays(target: boolean, opts: SearchOptions): Promise<[unknown, unknown]> {
  const slow = await search(counters(12, 11, 400, target), opts);
  const fast = await search(counters(12, 11, 0, target), opts);
  return [summary(slow), summary(fast)];
}

describe('a search in slices is the search in one piece', () => {
  it('breadth-first: every state, every transition', async () => {
    const [slow, fast] = await bothWays(false, {});
    expect(slow).toEqual(fast);
    // 144 states, each expanded by 2 processes × 11 choices.
    expect(fast).toMatchObject({ status: 'holds', states: 144, transitions: 144 * 22 });
  }, 60_000);

  it('a shortest counterexample: the same path', async () => {
    const [slow, fast] = await bothWays(true, {});
    expect(slow).toEqual(fast);
    expect((fast as SearchResult).violations[0].path).toEqual([[0, 10], [1, 10]]);
  }, 60_000);

  it('seeded depth-first runs (the choice rotation kept across a pause): the same run', async () => {
    const [slow, fast] = await bothWays(true, { strategy: 'dfs', seed: 7 });
    expect(slow).toEqual(fast);
  }, 60_000);

  it('a state limit reached in a later slice: the same count', async () => {
    const [slow, fast] = await bothWays(false, { maxStates: 100 });
    expect(slow).toEqual(fast);
    expect(fast).toMatchObject({ status: 'inconclusive', limit: 'states', states: 100 });
  }, 60_000);
});

describe('loop detection in slices is loop detection in one piece', () => {
  // The counters wrap around: every path comes back. A cycle is reported only once it has more
  // than 30 steps: the depth-first search walks all 144 states (a few slices at 1 ms a step) first.
  const long = (c: { cycle: unknown[] }): boolean => c.cycle.length > 30;
  it('the same cycle, the same state count', async () => {
    const slow = await findCycle(counters(12, 11, 1000, false), long);
    const fast = await findCycle(counters(12, 11, 0, false), long);
    expect(slow).toEqual(fast);
    expect(fast.cycle?.cycle.length).toBeGreaterThan(30);
  }, 60_000);
});

describe('a search stopped by its deadline goes on later (check.ts: the search of every tie after the lowest-index search)', () => {
  // The slow system's steps take 0.4 ms: with a deadline 30 ms away the search stops part-way
  // (inconclusive, limit 'time'); resumed with a deadline far away it ends with the answer of the
  // search in one piece, in the same order (the same counts and the same shortest path).
  for (const target of [false, true]) {
    it(target ? 'a shortest counterexample: the same path' : 'every state, every transition', async () => {
      const run = new ResumableSearch(counters(12, 11, 400, target), { deadline: Date.now() + 30 });
      const first = await run.go();
      expect(first).toMatchObject({ status: 'inconclusive', limit: 'time' });
      expect(first.stats.states).toBeLessThan(144);
      const resumed = await run.resume(Date.now() + 60_000);
      expect(summary(resumed)).toEqual(summary(await search(counters(12, 11, 0, target), {})));
      expect(resumed.status).toBe(target ? 'violated' : 'holds');
    }, 60_000);
  }

  it('only a search stopped by its deadline goes on', async () => {
    const run = new ResumableSearch(counters(12, 11, 0, false), {});
    expect((await run.go()).status).toBe('holds');
    expect(() => run.resume(Date.now() + 1000)).toThrow(/only a search stopped by its deadline/);
  });
});
