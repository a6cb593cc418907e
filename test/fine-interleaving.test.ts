/**
 * The fine interleaving (docs/model.md §7.5) and its sleep-set reduction (§7.6), on the random
 * small clusters of the explorer-agreement tests (test/random-cluster.ts):
 *
 * - every pair of transitions the footprints call independent commutes where it is called so:
 *   either order gives the same state and the same violation codes, and neither disables the
 *   other (the promise sleep-sets.ts relies on), checked in every state of a fine search;
 * - the reduced fine search gives exactly the unreduced one's verdicts for every intent, with the
 *   same number of states (sleep sets skip transitions, never states) and shortest
 *   counterexamples of the same length;
 * - fine versus coarse, both without the symmetry reduction: without intent monitors and without rules that read start times (the
 *   HPA, CPU patterns), every state the coarse search stores (but the ones inside a tied
 *   scheduler burst, which the fine interleaving never has) is a state the fine search stores,
 *   and every violation the coarse search reports the fine one reports too: a burst is then a run
 *   of fine transitions of its process, and only monitors, which look between transitions, or
 *   the start times a kubelet burst shares, could tell the two apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../src/checker/result.js';
import { search } from '../src/checker/search.js';
import { FOOTPRINT_WORDS, independent } from '../src/checker/sleep-sets.js';
import { DEADLOCK_BASE } from '../src/intents/catalog.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { G_SCH_TIE } from '../src/model/layout.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { clusterArb } from './random-cluster.js';
import { loadCase } from '../src/cases/index.js';
import { checkCluster } from '../src/check.js';
import { InputError } from '../src/model/errors.js';

const MAX_STATES = 300_000;

function conclusive(r: SearchResult): void {
  expect(r.status).not.toBe('inconclusive');
}

/** Steps a copy of s by (p, c): the state and the code. */
function after(m: KiviModel, s: Int32Array, p: number, c: number): { s: Int32Array; code: number } {
  const t = s.slice();
  return { s: t, code: m.step(t, p, c, null) };
}

/** Checks, in state s, every pair the footprints call independent; returns how many there were. */
function expectIndependentPairsCommute(m: KiviModel, s: Int32Array): number {
  const P = m.processCount;
  const f = new Int32Array(P * FOOTPRINT_WORDS);
  const known: number[] = [];
  for (let p = 0; p < P; p++) if (m.choices(s, p) > 0 && m.independence!.footprint(s, p, f, p * FOOTPRINT_WORDS)) known.push(p);
  let pairs = 0;
  for (const v of known) {
    for (const a of known) {
      if (a <= v || !independent(f, v * FOOTPRINT_WORDS, a * FOOTPRINT_WORDS)) continue;
      for (let cv = 0; cv < m.choices(s, v); cv++) {
        for (let ca = 0; ca < m.choices(s, a); ca++) {
          pairs++;
          const sv = after(m, s, v, cv);
          const sa = after(m, s, a, ca);
          // A violating transition ends its execution: nothing follows it.
          if (sv.code !== 0 || sa.code !== 0) continue;
          // Neither disables the other, each does the same thing after the other, and the two
          // orders meet in one state.
          expect(m.choices(sa.s, v)).toBe(m.choices(s, v));
          expect(m.choices(sv.s, a)).toBe(m.choices(s, a));
          const sav = after(m, sa.s, v, cv);
          const sva = after(m, sv.s, a, ca);
          expect(sav.code).toBe(0);
          expect(sva.code).toBe(0);
          expect([...sav.s]).toEqual([...sva.s]);
        }
      }
    }
  }
  return pairs;
}

async function fineSearch(spec: ClusterSpec, reduction: boolean, onNewState?: (s: Int32Array) => void): Promise<SearchResult> {
  return search(new KiviModel(compile(spec), { interleaving: 'fine' }), { maxStates: MAX_STATES, reduction, onNewState });
}

describe('fine interleaving with the sleep-set reduction', () => {
  it('only calls transitions independent where they commute, on random small clusters', async () => {
    let pairs = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const m = new KiviModel(compile(spec), { interleaving: 'fine' });
        const r = await search(m, { maxStates: 20_000, reduction: false, onNewState: (s) => { pairs += expectIndependentPairsCommute(m, s); } });
        expect(r.stats.states).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
    // The footprints must find independent pairs, or the property says nothing.
    expect(pairs).toBeGreaterThan(100);
  }, 120_000);

  it('keeps every verdict, state count and counterexample length of the unreduced search, on random small clusters', async () => {
    let pruned = 0;
    let violated = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const full = await fineSearch(spec, false);
        const reduced = await fineSearch(spec, true);
        conclusive(full);
        conclusive(reduced);
        expect(reduced.status).toBe(full.status);
        expect(reduced.stoppedEarly).toBe(full.stoppedEarly);
        const lengths = (r: SearchResult): Array<[number, number]> => r.violations.map((v): [number, number] => [v.code, v.path.length]).sort((a, b) => a[0] - b[0]);
        if (!full.stoppedEarly) {
          // Exhaustive: the same states, and a shortest counterexample per code of the same length.
          expect(reduced.stats.states).toBe(full.stats.states);
          expect(lengths(reduced)).toEqual(lengths(full));
        } else {
          // Stopped once every pursued intent had a counterexample: those, as short.
          const m = new KiviModel(compile(spec), { interleaving: 'fine' });
          const pursued = (r: SearchResult): Array<[number, number]> => lengths(r).filter(([c]) => m.propertyCodes.includes(c));
          expect(pursued(reduced)).toEqual(pursued(full));
        }
        expect(reduced.stats.transitions + (reduced.stats.pruned ?? 0)).toBeLessThanOrEqual(full.stats.transitions + (full.stats.pruned ?? 0));
        expect(full.stats.pruned).toBeUndefined();
        pruned += reduced.stats.pruned ?? 0;
        if (full.status === 'violated') violated++;
      }),
      { numRuns: 150 },
    );
    expect(pruned).toBeGreaterThan(0);
    expect(violated).toBeGreaterThan(0);
  }, 120_000);

  it('reaches every state and violation of the coarse interleaving, without monitors, on random small clusters', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (withIntents) => {
        // pod_always_schedulable and no_kernel_panic are checked inside transitions, not by
        // monitors. A coarse kubelet burst starts all its pods at its first tick (docs/model.md
        // §8.4), fine mode each at its own: without the HPA and CPU patterns no rule reads a start
        // time, and the time abstraction zeroes them all (§6.2).
        const spec = {
          ...withIntents,
          intents: withIntents.intents.filter((i) => i.name === 'pod_always_schedulable' || i.name === 'no_kernel_panic'),
          deployments: withIntents.deployments.map(({ hpa: _, ...d }) => d),
          podTemplates: withIntents.podTemplates.map(({ cpuPattern: _, ...t }) => t),
        };
        const key = (s: Int32Array): string => s.join(',');
        const fine = new Set<string>();
        const coarseStates: string[] = [];
        // Without the symmetry reduction (docs/model.md §8.11), which reads kblQ as a set in
        // coarse mode only: the states as the controllers leave them.
        const f = await search(new KiviModel(compile(spec), { interleaving: 'fine', reduce: false }), { maxStates: 40_000, onNewState: (s) => fine.add(key(s)) });
        // Without monitors a feedback loop can be large: such clusters are left out.
        if (f.limit === 'states') return;
        const c = await search(new KiviModel(compile(spec), { reduce: false }), { maxStates: MAX_STATES, onNewState: (s) => { if (s[G_SCH_TIE] === 0) coarseStates.push(key(s)); } });
        compared++;
        if (f.stoppedEarly || c.stoppedEarly) {
          // Both stop when every pursued intent has a counterexample: fine must have the coarse one's.
          const fc2 = new Set(f.violations.map((v) => v.code));
          for (const v of c.violations) if (v.code < DEADLOCK_BASE && f.stoppedEarly) expect(fc2.has(v.code)).toBe(true);
          if (c.stoppedEarly) expect(f.stoppedEarly).toBe(true);
          return;
        }
        conclusive(f);
        conclusive(c);
        for (const s of coarseStates) expect(fine.has(s)).toBe(true);
        const fineCodes = new Set(f.violations.map((v) => v.code));
        for (const v of c.violations) if (v.code < DEADLOCK_BASE) expect(fineCodes.has(v.code)).toBe(true);
      }),
      { numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(40);
  }, 120_000);
});

describe('fine interleaving on the built-in cases', () => {
  // Each case's story holds transition by transition too: the violating variant still violates
  // its intent and the non-violating one holds (docs/model.md §15).
  it.each([
    { id: 'c3', intent: 1 },
    { id: 'c5', intent: 6 },
    { id: 'c8', intent: 6 },
  ])('$id at scale 3 keeps its verdicts', async ({ id }) => {
    const v = await fineSearch(loadCase(id, { scale: 3 }), true);
    const cn = await fineSearch(loadCase(id, { scale: 3, nonViolation: true }), true);
    const coarse = await search(new KiviModel(compile(loadCase(id, { scale: 3 }))), {});
    expect(v.status).toBe('violated');
    expect(v.violations.map((x) => x.code)).toEqual(coarse.violations.map((x) => x.code));
    expect(cn.status).toBe('holds');
  });
});

describe('the interleaving option', () => {
  it('is reported in the statistics, with the transitions the reduction pruned', async () => {
    const spec = loadCase('c8', { scale: 3, nonViolation: true });
    const fine = await checkCluster(spec, { interleaving: 'fine' });
    const unreduced = await checkCluster(spec, { interleaving: 'fine', reduction: false });
    const coarse = await checkCluster(spec, {});
    expect([fine.stats.interleaving, unreduced.stats.interleaving, coarse.stats.interleaving]).toEqual(['fine', 'fine', 'coarse']);
    expect(fine.stats.states).toBe(unreduced.stats.states);
    expect(fine.stats.pruned).toBeGreaterThan(0);
    expect(fine.stats.transitions + fine.stats.pruned!).toBe(unreduced.stats.transitions);
    expect(unreduced.stats.pruned).toBeUndefined();
    expect(coarse.stats.pruned).toBeUndefined();
  });

  it('rejects an unknown mode in the library', async () => {
    const spec = loadCase('c3');
    await expect(checkCluster(spec, { interleaving: 'medium' as 'fine' })).rejects.toThrow(InputError);
    await expect(checkCluster(spec, { reduction: 'yes' as unknown as boolean })).rejects.toThrow(/reduction/);
  });
});
