/**
 * Property (docs/scaling.md, "Checked against concrete searches"): over random small clusters
 * that the proof for every size supports, (1) every state a concrete setup reaches, at sizes on
 * both sides of the saturation threshold, has its abstraction among the abstract states of its
 * setting (the simulation relation that makes the proof sound), and (2) whenever the abstract
 * search proves the intents, no concrete setup up to that size violates them.
 * FIXPOINT_RUNS raises the number of random clusters (the slow suite runs more).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { proveEverySize } from '../src/scaling/abstract/prove.js';
import { saturationThreshold } from '../src/scaling/abstract/settings.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { instantiate } from '../src/scaling/instantiate.js';
import { checkSimulation, clusterArb, setupsUpTo } from './fixpoint-helpers.js';

const RUNS = Number(process.env.FIXPOINT_RUNS ?? 60);

describe('the abstraction simulates every concrete setup (random clusters)', () => {
  it('every concrete reachable state is abstractly reachable', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const t = scalingTemplate(spec);
        // Sizes from 1 node to past the threshold C, so that saturated classes are compared too.
        const r = await checkSimulation(t, saturationThreshold(t, {}) + 1);
        checked += r.checked;
        expect(r.missing).toEqual([]);
      }),
      { numRuns: RUNS, seed: 16 },
    );
    expect(checked).toBeGreaterThan(0);
  }, 3_600_000);

  it('a proof is never contradicted by a concrete setup (ties to the lowest node, as the scaling search runs them)', async () => {
    let proved = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const t = scalingTemplate(spec);
        const p = proveEverySize(t, {}, { maxStates: 50_000 });
        if (p.status !== 'proved') return;
        proved++;
        for (const setup of setupsUpTo(t, saturationThreshold(t, {}) + 2)) {
          const r = await checkCluster(instantiate(t, setup), { maxStates: 200_000 });
          expect([JSON.stringify(setup), r.status]).toEqual([JSON.stringify(setup), 'holds']);
        }
      }),
      { numRuns: RUNS, seed: 61 },
    );
    expect(proved).toBeGreaterThan(0);
  }, 3_600_000);
});
