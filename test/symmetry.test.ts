/**
 * The symmetry reduction (docs/model.md §8.11): the search stores one state per class of states
 * that differ only by renaming interchangeable nodes (with their pods) and pod slots. It must
 * find exactly the violations of the search without it, with counterexamples as long, and each
 * counterexample must replay as an execution of the unreduced model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../src/checker/result.js';
import { replay } from '../src/checker/replay.js';
import { search } from '../src/checker/search.js';
import { CanonicalOrder } from '../src/controllers/canonical-order.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { nodeAt, N_CPU_LEFT, P_LOC, P_OWNER, P_STATUS, podAt, POD_RUNNING } from '../src/model/layout.js';
import { type Interleaving, KiviModel } from '../src/system/kivi-model.js';
import { Symmetry, symmetryExcluded } from '../src/system/symmetry.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';

const node = (name: string): NodeSpec => ({ name, cpu: 64, memory: 64 });

/**
 * Three out of four random clusters get identical nodes (copies of the first under their own
 * names) and one more, so that nodes are often interchangeable; the features the reduction
 * excludes (descheduler, maintenance, drains, rollouts, budgets, preemption) are dropped from
 * half of them so that it applies often.
 */
const symmetricArb = fc.tuple(clusterArb, fc.boolean(), fc.boolean()).map(([spec, same, plain]): ClusterSpec => {
  let out = spec;
  if (same) {
    const copy = (name: string): NodeSpec => ({ ...structuredClone(spec.nodes[0]), name });
    out = { ...out, nodes: [...spec.nodes.map((n) => copy(n.name)), copy('node-extra')] };
  }
  if (plain) {
    const { descheduler: _d, podDisruptionBudgets: _b, ...rest } = out;
    out = { ...rest, events: out.events.filter((e) => e.kind !== 'maintenance' && e.kind !== 'drain' && e.kind !== 'applyDeployment') };
  }
  return out;
});

const MAX_STATES = 200_000;
const explore = (model: KiviModel, maxStates: number): Promise<SearchResult> => search(model, { maxStates });
const codesAndLengths = (r: SearchResult, keep: (code: number) => boolean): Array<[number, number]> =>
  r.violations.filter((v) => keep(v.code)).map((v): [number, number] => [v.code, v.path.length]).sort((a, b) => a[0] - b[0]);

/**
 * The search with and without the reduction on one cluster agree (docs/model.md §8.11.3): the
 * same status, the same violation codes with counterexamples as long, and each counterexample of
 * the reduced search replays as an execution of the unreduced model. Returns whether the
 * reduction applied and whether it merged states.
 */
async function expectExact(spec: ClusterSpec, maxStates = MAX_STATES, interleaving: Interleaving = 'coarse'): Promise<{ applied: boolean; merged: boolean }> {
  const cfg = compile(spec);
  const model = new KiviModel(cfg, { interleaving });
  if (model.unreduced === undefined) return { applied: false, merged: false };
  const plain = new KiviModel(cfg, { reduce: false, interleaving });
  const b = await explore(plain, maxStates);
  // A cluster too large to explore without the reduction says nothing (the descheduler forced
  // onto every cluster below makes a few of them so).
  if (b.limit !== undefined) return { applied: false, merged: false };
  const a = await explore(model, maxStates);
  expect(a.limit).toBeUndefined();
  expect(a.status).toBe(b.status);
  expect(a.stoppedEarly).toBe(b.stoppedEarly);
  const keep = (code: number): boolean => !b.stoppedEarly || model.propertyCodes.includes(code);
  expect(codesAndLengths(a, keep)).toEqual(codesAndLengths(b, keep));
  expect(a.stats.states).toBeLessThanOrEqual(b.stats.states);
  for (const v of a.violations) {
    // replay() rebuilds the path on the unreduced model, stepping it from its own initial
    // state: each state is the unreduced successor of the one before.
    const r = replay(model, v.path);
    const last = r.code !== 0 ? r.code : plain.endState(r.state);
    expect(last).toBe(v.code);
    for (let i = 0; i < r.steps.length; i++) {
      const s = r.states[i].slice();
      const p = [...Array(plain.processCount).keys()].find((x) => plain.processName(x) === r.steps[i].process)!;
      expect(r.steps[i].choice).toBeLessThan(plain.choices(r.states[i], p));
      plain.step(s, p, r.steps[i].choice, null);
      expect(Array.from(s)).toEqual(Array.from(r.states[i + 1]));
    }
  }
  return { applied: true, merged: a.stats.states < b.stats.states };
}

describe('the symmetry reduction is exact', () => {
  // Each transition of the reduced model is the canonical form of a transition of the unreduced
  // one from any state of the same class, and the intents read no index (§8.11.3): the shortest
  // path to each violation has the same length in both, and the same codes are reachable.
  it('finds the violations of the unreduced search, as short, and each replays as an unreduced execution', async () => {
    let applied = 0;
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(symmetricArb, async (spec) => {
        const r = await expectExact(spec);
        if (r.applied) applied++;
        if (r.merged) merged++;
      }),
      { numRuns: 300, seed: 7 },
    );
    // The property says little unless the reduction applied, and merged states, in a fair share.
    expect(applied).toBeGreaterThan(150);
    expect(merged).toBeGreaterThan(40);
  }, 300_000);

  // With one kubelet item per transition (docs/model.md §7.5) kblQ keeps its order: the same
  // argument, with the queue read as a queue.
  it('in the fine interleaving too', async () => {
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(symmetricArb, async (spec) => {
        if ((await expectExact(spec, 50_000, 'fine')).merged) merged++;
      }),
      { numRuns: 120, seed: 9 },
    );
    expect(merged).toBeGreaterThan(15);
  }, 300_000);

  it('with the descheduler balancing spread constraints (equal domains in canonical order, §8.7.4)', async () => {
    const balancing = symmetricArb.map((spec): ClusterSpec => ({
      ...spec,
      descheduler: { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] }] },
    }));
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(balancing, async (spec) => {
        if ((await expectExact(spec, 20_000)).merged) merged++;
      }),
      { numRuns: 120, seed: 8 },
    );
    expect(merged).toBeGreaterThan(15);
  }, 300_000);
});

describe('the canonical form of a successor, re-placing only what the transition touched (§8.11.6)', () => {
  // KiviModel.step canonicalizes a successor of a canonical state by re-placing only the
  // touched nodes and slots (CanonicalOrder.computeAfter). Its result must be canonical: the
  // full canonical labelling (CanonicalOrder.compute, which sorts every node and slot) moves
  // nothing in it.
  it('on random small clusters, every successor of every explored state is canonical', () => {
    let checked = 0;
    fc.assert(
      fc.property(symmetricArb, (spec) => {
        const cfg = compile(spec);
        const model = new KiviModel(cfg);
        const full = Symmetry.of(cfg);
        if (full === null || model.unreduced === undefined) return;
        const seen = new Set<string>();
        const queue = [model.initialState()];
        for (let i = 0; i < queue.length && i < 300; i++) {
          const s = queue[i];
          for (let p = 0; p < model.processCount; p++) {
            const k = model.choices(s, p);
            for (let c = 0; c < k; c++) {
              const t = s.slice();
              if (model.step(t, p, c, null) !== 0) continue;
              const u = t.slice();
              expect(full.canonicalize(u)).toBe(false);
              expect(Array.from(u)).toEqual(Array.from(t));
              checked++;
              const key = t.join(',');
              if (!seen.has(key)) {
                seen.add(key);
                queue.push(t);
              }
            }
          }
        }
      }),
      { numRuns: 150, seed: 12 },
    );
    expect(checked).toBeGreaterThan(5000);
  }, 300_000);
});

describe('the canonical form', () => {
  // Two equal nodes n1, n2 and a deployment of two running pods: one on n1 in slot 1 with usage
  // 8, one on n2 in slot 2 with usage 4 (the CPU event below sets them apart).
  const spec: ClusterSpec = {
    name: 'canon',
    nodes: [node('n1'), node('n2')],
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
    deployments: [{ name: 'app', replicas: 2, template: 'app' }],
    pods: [{ deployment: 'app', node: 'n1', phase: 'Running' }, { deployment: 'app', node: 'n2', phase: 'Running' }],
    spareSlots: 2,
    events: [],
    intents: [],
  };

  it('renames nodes with their pods and slots so that renamed states meet, and leaves a canonical state alone', () => {
    const cfg = compile(spec);
    const sym = Symmetry.of(cfg)!;
    expect(sym).not.toBeNull();
    const l = cfg.layout;
    const s = new KiviModel(cfg, { reduce: false }).initialState();
    // Mirror image: the pod on n1 moves to slot 2 on n2 and the other way round, usage kept.
    const t = s.slice();
    for (const [q, n] of [[1, 2], [2, 1]]) {
      t.set(s.subarray(podAt(l, q), podAt(l, q) + 11), podAt(l, 3 - q));
      t[podAt(l, 3 - q) + P_LOC] = n;
    }
    t.set(s.subarray(nodeAt(l, 1), nodeAt(l, 1) + 6), nodeAt(l, 2));
    t.set(s.subarray(nodeAt(l, 2), nodeAt(l, 2) + 6), nodeAt(l, 1));
    // Make them differ: pod 1's usage drops by 4 (and its node's free CPU rises), in s and in its mirror.
    const lower = (x: Int32Array, q: number): void => {
      x[podAt(l, q) + 4] -= 4;
      x[nodeAt(l, x[podAt(l, q) + P_LOC]) + N_CPU_LEFT] += 4;
    };
    lower(s, 1);
    lower(t, 2);
    expect(Array.from(s)).not.toEqual(Array.from(t));
    sym.canonicalize(s);
    sym.canonicalize(t);
    expect(Array.from(s)).toEqual(Array.from(t));
    const again = s.slice();
    expect(sym.canonicalize(again)).toBe(false);
    expect(Array.from(again)).toEqual(Array.from(s));
    // Unbound slots first (the two free ones), then node by node. Nodes compare by their words,
    // free CPU first: the node of the pod using 8 has 56 free, the other 60, so it is n1, and its
    // pod takes slot 3.
    expect(s[podAt(l, 1) + P_STATUS]).toBe(0);
    expect(s[podAt(l, 2) + P_STATUS]).toBe(0);
    expect(s[nodeAt(l, 1) + N_CPU_LEFT]).toBe(56);
    expect(s[podAt(l, 3) + P_LOC]).toBe(1);
    expect(s[podAt(l, 3) + 4]).toBe(8);
    expect(s[podAt(l, 3) + P_STATUS]).toBe(POD_RUNNING);
    expect(s[podAt(l, 3) + P_OWNER]).toBe(1);
    expect(s[podAt(l, 4) + P_LOC]).toBe(2);
    expect(s[podAt(l, 4) + 4]).toBe(4);
  });

  it('keeps apart nodes that differ statically, and names why the reduction does not apply', () => {
    const labelled = compile({ ...spec, nodes: [node('n1'), { ...node('n2'), cpu: 32 }] });
    expect(Array.from(new CanonicalOrder(labelled).nodeClass).slice(1)).toEqual([1, 2]);
    expect(symmetryExcluded(compile(spec))).toBeNull();
    expect(symmetryExcluded(compile({ ...spec, scheduler: { ties: 'lowest' } }))).toMatch(/lowest/);
    expect(symmetryExcluded(compile({ ...spec, descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] } }))).toMatch(/descheduler/);
  });
});
