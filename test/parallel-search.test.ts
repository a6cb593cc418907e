/**
 * The parallel breadth-first search (src/checker/parallel-search.ts) gives the sequential
 * search's answer for any number of workers: the same verdict, the same counterexample paths
 * (among several of the same length, the one breadth-first order meets first), the same stop and
 * the same state count. Its workers run the built dist/ (worker threads cannot load TypeScript):
 * `npm run build` first, as for the CLI tests.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parallelSearch, type ParallelOptions, type SystemRecipe } from '../src/checker/parallel-search.js';
import type { SearchOptions, SearchResult } from '../src/checker/result.js';
import { search } from '../src/checker/search.js';
import type { TransitionSystem } from '../src/checker/transition-system.js';
import { checkCluster } from '../src/check.js';
import { c3 } from '../src/cases/c3.js';
import { InputError } from '../src/model/errors.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { modelRecipe } from '../src/system/parallel-model.js';
import { clusterArb } from './random-cluster.js';

const FIXTURE = new URL('./fixtures/parallel-systems.mjs', import.meta.url).href;

async function fixture(args: Record<string, unknown>): Promise<{ sys: TransitionSystem; recipe: SystemRecipe }> {
  const mod = (await import(FIXTURE)) as { buildSystem(a: unknown): TransitionSystem };
  return { sys: mod.buildSystem(args), recipe: { module: FIXTURE, args } };
}

/** What must not depend on the worker count (seconds, transitions and bytes may). */
function answer(r: SearchResult): unknown {
  return { status: r.status, violations: r.violations, limit: r.limit, stoppedEarly: r.stoppedEarly, states: r.stats.states, depth: r.stats.depth, pruned: r.stats.pruned };
}

/** Runs the sequential search and the parallel one with each worker count; all answers equal the sequential one. */
async function expectSameAnswer(sys: TransitionSystem, recipe: SystemRecipe, opts: SearchOptions, workers: number[] = [1, 2, 3]): Promise<SearchResult> {
  const seq = await search(sys, opts);
  for (const w of workers) {
    const par = await parallelSearch(sys, recipe, { ...opts, workers: w } satisfies ParallelOptions);
    expect({ workers: w, ...(answer(par) as object) }).toEqual({ workers: w, ...(answer(seq) as object) });
  }
  return seq;
}

describe('parallel search on hand-made systems', () => {
  it('finds the breadth-first first of several shortest counterexamples, whatever the worker count', async () => {
    const { sys, recipe } = await fixture({ kind: 'counters' });
    // By hand (test/fixtures/parallel-systems.mjs, counters): from (0,0) the level-1 states in
    // queue order are (1,0) by p0, (0,1) by p1 c0, (0,2) by p1 c1. Expanding (1,0) first: p0
    // gives (2,0) (sum 2), p1 c0 gives (1,1) (sum 2), p1 c1 gives (1,2): sum 3, code 7. That is
    // the first violating transition at depth 2, though [p1 c1, p0] and [p1 c0, p1 c1] are as
    // short. Code 7 is the only pursued one, so the search stops there, having stored the 4
    // states of depths 0-1 and the 2 found before the violation: 6.
    for (const workers of [1, 2, 3]) {
      const r = await parallelSearch(sys, recipe, { workers });
      expect(r.status).toBe('violated');
      expect(r.violations).toEqual([{ code: 7, path: [[0, 0], [1, 1]] }]);
      expect(r.stoppedEarly).toBe(true);
      expect(r.stats.states).toBe(6);
      expect(r.stats.depth).toBe(2);
    }
    await expectSameAnswer(sys, recipe, {});
  });

  it('stops at maxStates where the sequential search does: the 3rd state is the last stored', async () => {
    const { sys, recipe } = await fixture({ kind: 'counters' });
    // The initial state, then (1,0) and (0,1) make 3; (0,2), the next new state, is over the
    // limit: inconclusive, before any violation (they come at depth 2).
    const r = await expectSameAnswer(sys, recipe, { maxStates: 3 });
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('states');
    expect(r.stats.states).toBe(3);
  });

  it('computes the transitions of the deepest states under maxDepth (a violation there still counts)', async () => {
    const { sys, recipe } = await fixture({ kind: 'counters' });
    // maxDepth 1: (2,0) and (1,1) at depth 2 are not stored, but the transition p1 c1 from
    // (1,0) is computed and violates: the same counterexample, and no depth limit (it stopped
    // early on the only pursued code).
    const r = await expectSameAnswer(sys, recipe, { maxDepth: 1 });
    expect(r.violations).toEqual([{ code: 7, path: [[0, 0], [1, 1]] }]);
    expect(r.limit).toBeUndefined();
    expect(r.stats.states).toBe(4);
  });

  it('agrees with the sequential search on random graphs (codes pursued or not, end states, limits)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 1 << 30 }),
          // Small graphs often reach one state by several choices of one parent: the key decides.
          size: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 400 })),
          processes: fc.integer({ min: 1, max: 4 }),
          violationOneIn: fc.integer({ min: 3, max: 200 }),
          endOneIn: fc.integer({ min: 1, max: 5 }),
        }),
        fc.record({ stopAtFirst: fc.boolean(), maxStates: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }), maxDepth: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }) }),
        async (g, opts) => {
          const { sys, recipe } = await fixture({ kind: 'graph', ...g });
          await expectSameAnswer(sys, recipe, opts, [1, 3]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('an error building the system in a worker reaches the caller', async () => {
    const { sys } = await fixture({ kind: 'counters' });
    await expect(parallelSearch(sys, { module: FIXTURE, name: 'broken', args: {} }, { workers: 2 })).rejects.toThrow(/cannot be built/);
  });

  it('an error in the step of one worker reaches the caller, and the other workers stop', async () => {
    const args = { kind: 'explodes', seed: 5, size: 2000, processes: 3, violationOneIn: 1e9, endOneIn: 1e9, bomb: 1234 };
    const { sys, recipe } = await fixture(args);
    // The sequential search meets the same state (the test needs it reachable).
    await expect(search(sys, {})).rejects.toThrow(/state 1234 explodes/);
    for (const workers of [2, 3]) await expect(parallelSearch(sys, recipe, { workers })).rejects.toThrow(/state 1234 explodes/);
  });

  it('the memory budget stops it inconclusive (limit memory)', async () => {
    const { sys, recipe } = await fixture({ kind: 'graph', seed: 2, size: 5000, processes: 3, violationOneIn: 1e9, endOneIn: 1e9 });
    // One byte: the first check of the budget stops it, as it stops search().
    const r = await parallelSearch(sys, recipe, { workers: 2, maxMemoryBytes: 1 });
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('memory');
  });

  it('a stop flag or an AbortSignal already set: inconclusive, aborted (never a hold)', async () => {
    // No violation (one in 10^9) and few end-state codes: only the stop can end it early.
    const { sys, recipe } = await fixture({ kind: 'graph', seed: 1, size: 300, processes: 3, violationOneIn: 1e9, endOneIn: 1e9 });
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    stopFlag[0] = 1;
    for (const opts of [{ stopFlag }, { signal: AbortSignal.abort() }]) {
      const r = await parallelSearch(sys, recipe, { workers: 2, ...opts });
      expect(r.status).toBe('inconclusive');
      expect(r.limit).toBe('aborted');
    }
    // The same system runs to a hold without them.
    expect((await parallelSearch(sys, recipe, { workers: 2 })).status).toBe('holds');
  });

  it('falls back to the sequential search where it does not apply (depth-first)', async () => {
    const { sys } = await fixture({ kind: 'counters' });
    // No worker can load this module: only the sequential search can answer.
    const r = await parallelSearch(sys, { module: 'file:///nonexistent.mjs', args: {} }, { workers: 2, strategy: 'dfs' });
    expect(r.stats.strategy).toBe('dfs');
    expect(r.status).toBe('violated');
  });
});

describe('parallel search on random clusters', () => {
  it('1, 2 and 3 workers give the sequential answer (coarse and fine interleaving, sleep sets)', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb, fc.constantFrom('coarse' as const, 'fine' as const), fc.boolean(), async (spec, interleaving, stopAtFirst) => {
        const sys = new KiviModel(compile(spec), { interleaving });
        await expectSameAnswer(sys, modelRecipe(spec, interleaving), { stopAtFirst, maxStates: 200_000 });
      }),
      { numRuns: 10 },
    );
  });
});

describe('checkCluster({ workers })', () => {
  it('gives the one-thread result with two workers, and refuses a worker count out of range', async () => {
    const spec = c3(3, false);
    const one = await checkCluster(spec);
    const two = await checkCluster(spec, { workers: 2 });
    expect(two.status).toBe('violated');
    expect(two.failures.map((f) => f.path)).toEqual(one.failures.map((f) => f.path));
    expect(two.stats.states).toBe(one.stats.states);
    for (const workers of [0, 1.5, 65]) {
      await expect(checkCluster(spec, { workers })).rejects.toThrow(InputError);
      await expect(checkCluster(spec, { workers })).rejects.toThrow(/options\.workers/);
    }
  });
});

describe('kivi --workers on one search', () => {
  const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const kivi = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  // The lines that measure time, speed and memory differ between any two runs; the transition
  // count too when a search stops early (the parallel one computes the whole last level).
  const stable = (out: string): string => out.split('\n').filter((l) => !/Elapsed time|Explored:/.test(l)).join('\n');
  const explored = (out: string): string => /Explored: (\d+) states/.exec(out)?.[1] ?? 'none';

  it('-c c2 -o --workers 2 prints the report of -c c2 -o (same counterexample, same states)', () => {
    const one = kivi('-c', 'c2', '-o');
    const two = kivi('-c', 'c2', '-o', '--workers', '2');
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    expect(stable(two.stdout)).toBe(stable(one.stdout));
    expect(explored(two.stdout)).toBe(explored(one.stdout));
  });

  it('detaches no ArrayBuffer in any thread (V8 would check every typed array access after: docs/performance.md)', () => {
    // V8's --trace-protector-invalidation prints a line when an isolate's "array buffer
    // detaching" protector goes, which the first detached buffer does (a transfer by postMessage,
    // a grown WebAssembly memory). A violation found with two workers, so that streams, reports
    // and answers all cross between the threads over several levels.
    const r = spawnSync(process.execPath, ['--trace-protector-invalidation', BIN, '-c', 'c2', '-o', '--workers', '2'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Explored:');
    expect(`${r.stdout}${r.stderr}`).not.toContain('ArrayBufferDetaching');
  });

  it('a hold is the same with three workers (c3 -cn, exhaustive: the same state count)', () => {
    const one = kivi('-c', 'c3', '-cn', '-o', '--format', 'json');
    const three = kivi('-c', 'c3', '-cn', '-o', '--format', 'json', '--workers', '3');
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(three.stdout);
    expect(b.verdict).toBe(a.verdict);
    expect(b.stats.states).toBe(a.stats.states);
    expect(b.stats.transitions).toBe(a.stats.transitions);
  });
});
