/**
 * The scheduler keeps the first scheduling cycle `choices` ran for the bursts of the same state
 * (src/controllers/scheduler/cycle-memo.ts). A burst that reuses it must give exactly what a
 * burst that runs the cycle gives: the same successor state and code for every choice, on
 * random clusters and random states; and a burst on a state that differs from the remembered
 * one in any word must run its own cycle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { N_NUM_POD, nodeAt } from '../src/model/layout.js';
import { CycleMemo } from '../src/controllers/scheduler/cycle-memo.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';
import { randomWalk } from './random-walk.js';
import './fast-check-seed.js';

const schedulerOf = (model: KiviModel): number => [...Array(model.processCount).keys()].find((i) => model.processName(i) === 'scheduler')!;

describe('the first cycle kept from choices', () => {
  it('gives the successors a cycle run afresh gives, on random states of random clusters', () => {
    let reused = 0;
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const cfg = compile(spec);
        // `memo` is asked for choices first, as the search does; `fresh` never is, so its
        // scheduler has no memo and runs every cycle.
        const memo = new KiviModel(cfg);
        const fresh = new KiviModel(cfg);
        const p = schedulerOf(memo);
        // At every state of a random walk with a scheduler step, each choice is taken both ways.
        randomWalk(memo, seed, 40, (s) => {
          const k = memo.choices(s, p);
          for (let c = 0; c < k; c++) {
            const a = s.slice();
            const b = s.slice();
            const codeA = memo.step(a, p, c, null);
            const codeB = fresh.step(b, p, c, null);
            expect(codeA).toBe(codeB);
            expect([...a]).toEqual([...b]);
            reused++;
          }
        });
      }),
      { numRuns: 300 },
    );
    // The property says little unless scheduler steps were compared often.
    expect(reused).toBeGreaterThan(100);
  }, 120_000);

  it('is not used for a state that differs from the remembered one', () => {
    // Three 64/64 nodes and a pending app pod of 8/8; n2 carries pool=gpu, which a second
    // template requires, so it is no twin of the others (twins.ts). A node running an app pod
    // scores 85 for resources ((56 − 8)·100/56), an empty one 87 ((64 − 8)·100/64), and the
    // system-default spread prefers the empty ones too. With the running pod on n1, n2 and n3
    // tie: two choices, choice 0 is n2. With it on n2, n1 and n3 tie but are twins (empty,
    // unlabelled): one choice, n1. (n1 and n3 are symmetric, so a pod on n3 would be the
    // same state as a pod on n1, docs/model.md §8.11.)
    const node = (name: string, labels: Record<string, string> = {}): NodeSpec => ({ name, cpu: 64, memory: 64, labels });
    const spec = (on: string): ClusterSpec => ({
      name: 'memo',
      nodes: [node('n1'), node('n2', { pool: 'gpu' }), node('n3')],
      podTemplates: [
        { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 },
        { name: 'gpu', labels: { name: 'gpu' }, cpuRequest: 8, memoryRequest: 8, nodeSelector: { pool: 'gpu' } },
      ],
      deployments: [
        { name: 'app', replicas: 2, template: 'app' },
        { name: 'gpu', replicas: 0, template: 'gpu' },
      ],
      pods: [
        { deployment: 'app', node: on, phase: 'Running' },
        { deployment: 'app', phase: 'Pending' },
      ],
      spareSlots: 1,
      events: [],
      intents: [],
    });
    const cfg = compile(spec('n1'));
    const model = new KiviModel(cfg);
    const p = schedulerOf(model);
    const l = cfg.layout;
    // The pods on n2 (the symmetry reduction may rename n1 and n3 and reorder pod slots after
    // a step, never n2, which is in a class of its own).
    const onGpuNode = (state: Int32Array): number => state[nodeAt(l, 2) + N_NUM_POD];
    const s = model.initialState();
    const other = new KiviModel(compile(spec('n2'))).initialState();
    expect(other.length).toBe(s.length);
    expect([...other]).not.toEqual([...s]);
    expect(model.choices(s, p)).toBe(2);
    const a = s.slice();
    expect(onGpuNode(s)).toBe(0);
    model.step(a, p, 0, null);
    expect(onGpuNode(a)).toBe(1);
    // The memo is still that of s (choice 0: n2); a burst on the other state runs its own
    // cycle: n1.
    const b = other.slice();
    expect(onGpuNode(other)).toBe(1);
    model.step(b, p, 0, null);
    expect(onGpuNode(b)).toBe(1);
    expect(model.choices(other, p)).toBe(1);
  });
});

describe('CycleMemo.matches', () => {
  it('compares the current words of the array it is given, however often it is given', () => {
    const memo = new CycleMemo(5, 3);
    const s = Int32Array.from([1, 2, 3, 4, 5]);
    memo.save(s, 1, 2, new Int32Array(4), 1, 7);
    expect(memo.matches(s)).toBe(true);
    s[4] = 6; // the same array, changed in place (the search reuses its successor buffer)
    expect(memo.matches(s)).toBe(false);
    s[4] = 5;
    expect(memo.matches(s)).toBe(true);
    expect(memo.matches(Int32Array.from([1, 2, 3, 4, 5, 6]))).toBe(false);
    expect(memo.node(0)).toBe(2);
    memo.clear();
    expect(memo.matches(s)).toBe(false);
  });
});
