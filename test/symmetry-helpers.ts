/**
 * Shared by the symmetry-reduction tests (docs/model.md §8.11): the search with the reduction
 * against the search without it on one cluster, and a deterministic shuffle for renamings.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { SearchResult } from '../src/checker/result.js';
import { replay } from '../src/checker/replay.js';
import { search } from '../src/checker/search.js';
import type { ClusterSpec, NodeSpec, PodSpec } from '../src/model/cluster.js';
import { Q_KBL } from '../src/model/layout.js';
import { type Interleaving, KiviModel } from '../src/system/kivi-model.js';
import { Symmetry, symmetryExcluded } from '../src/system/symmetry.js';
import { compile } from './helpers.js';

export const MAX_STATES = 200_000;
export const explore = (model: KiviModel, maxStates: number): Promise<SearchResult> => search(model, { maxStates });
const codesAndLengths = (r: SearchResult, keep: (code: number) => boolean): Array<[number, number]> =>
  r.violations.filter((v) => keep(v.code)).map((v): [number, number] => [v.code, v.path.length]).sort((a, b) => a[0] - b[0]);

/**
 * The search with and without the reduction on one cluster agree (docs/model.md §8.11.3): the
 * same status, the same violation codes with counterexamples as long, and each counterexample of
 * the reduced search replays as an execution of the unreduced model. Returns whether the
 * reduction applied and whether it merged states.
 */
export async function expectExact(spec: ClusterSpec, maxStates = MAX_STATES, interleaving: Interleaving = 'coarse'): Promise<{ applied: boolean; merged: boolean }> {
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
  // A search that stopped at its last pursued violation did so part way through a level, at a
  // point that depends on the order of that level: only complete searches compare state counts.
  if (!b.stoppedEarly) expect(a.stats.states).toBeLessThanOrEqual(b.stats.states);
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

/**
 * Runs expectExact on `runs` clusters of arb; returns how many the reduction applied to and
 * merged states of, and how many of those that it applied to `feature` holds for.
 */
export async function exactOn(
  arb: fc.Arbitrary<ClusterSpec>, runs: number, seed: number, maxStates = MAX_STATES, interleaving: Interleaving = 'coarse', feature: (spec: ClusterSpec) => boolean = () => false,
): Promise<{ applied: number; merged: number; withFeature: number }> {
  let applied = 0;
  let merged = 0;
  let withFeature = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (spec) => {
      const r = await expectExact(spec, maxStates, interleaving);
      if (r.applied) applied++;
      if (r.applied && feature(spec)) withFeature++;
      if (r.merged) merged++;
    }),
    { numRuns: runs, seed },
  );
  return { applied, merged, withFeature };
}

/** The process of `model` named `name`. */
export function proc(model: KiviModel, name: string): number {
  const p = [...Array(model.processCount).keys()].find((x) => model.processName(x) === name);
  if (p === undefined) throw new Error(`no process ${name}`);
  return p;
}

/**
 * From the initial state of spec (unreduced model, canonical order kept): init, one descheduler
 * pass and the kubelet's burst after it (which deletes the evicted pods in kblQ's order; skipped
 * when the pass evicted nothing). Returns the canonical form of the result and how many pods the
 * pass evicted, or null when the descheduler does not run right after init (pending pods,
 * docs/model.md §8.7.1) or the reduction does not apply.
 */
export function passAndBurst(spec: ClusterSpec): { state: Int32Array; evicted: number } | null {
  const cfg = compile(spec);
  const sym = Symmetry.of(cfg);
  if (sym === null) return null;
  const model = new KiviModel(cfg, { reduce: false });
  const state = model.initialState();
  let evicted = 0;
  for (const name of ['init', 'descheduler', 'kubelet']) {
    const p = proc(model, name);
    if (name === 'kubelet') evicted = state[cfg.layout.queueBase[Q_KBL]];
    if (name === 'descheduler' && model.choices(state, p) === 0) return null;
    if (name === 'kubelet' && evicted === 0) break;
    expect(model.choices(state, p)).toBeGreaterThan(0);
    model.step(state, p, 0, null);
  }
  sym.canonicalize(state);
  return { state, evicted };
}

/**
 * The reduction applies to spec, and the searches with and without it both find that it holds,
 * the reduced one from fewer states (a hand-worked case's mirror images merged).
 */
export async function holdsFromFewerStates(spec: ClusterSpec): Promise<void> {
  const cfg = compile(spec);
  expect(symmetryExcluded(cfg)).toBeNull();
  const reduced = await explore(new KiviModel(cfg), MAX_STATES);
  const plain = await explore(new KiviModel(cfg, { reduce: false }), MAX_STATES);
  expect(reduced.status).toBe('holds');
  expect(plain.status).toBe('holds');
  expect(reduced.stats.states).toBeLessThan(plain.stats.states);
}

/** A deterministic permutation of xs (Fisher–Yates driven by a linear congruential sequence). */
export function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = xs.slice();
  let r = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    const j = r % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Every state `model` reaches breadth-first (as its step leaves them, from the first `limit`
 * states expanded), and those with no action enabled; `visit` sees every successor that violates
 * nothing, before it is looked up.
 */
export function reachable(model: KiviModel, limit = Infinity, visit?: (t: Int32Array) => void): { states: Int32Array[]; ends: Int32Array[] } {
  const seen = new Set<string>();
  const states = [model.initialState()];
  seen.add(states[0].join(','));
  const ends: Int32Array[] = [];
  for (let i = 0; i < states.length && i < limit; i++) {
    const s = states[i];
    let enabled = 0;
    for (let p = 0; p < model.processCount; p++) {
      const k = model.choices(s, p);
      for (let c = 0; c < k; c++) {
        const t = s.slice();
        if (model.step(t, p, c, null) !== 0) continue;
        enabled++;
        visit?.(t);
        const key = t.join(',');
        if (!seen.has(key)) {
          seen.add(key);
          states.push(t);
        }
      }
    }
    if (enabled === 0) ends.push(s);
  }
  return { states, ends };
}

/**
 * KiviModel.step canonicalizes a successor of a canonical state by re-placing only the touched
 * nodes and slots (docs/model.md §8.11.6): explores up to `limit` states breadth-first and checks
 * that the full canonical labelling moves nothing in any successor. Returns the successors checked
 * (0 where the reduction does not apply).
 */
export function successorsCanonical(spec: ClusterSpec, limit: number): number {
  const cfg = compile(spec);
  const model = new KiviModel(cfg);
  const full = Symmetry.of(cfg);
  if (full === null || model.unreduced === undefined) return 0;
  let checked = 0;
  reachable(model, limit, (t) => {
    const u = t.slice();
    expect(full.canonicalize(u)).toBe(false);
    expect(Array.from(u)).toEqual(Array.from(t));
    checked++;
  });
  return checked;
}

/** successorsCanonical (up to 300 states) on `numRuns` clusters of `arb`: the successors checked in all. */
export function successorsCanonicalOn(arb: fc.Arbitrary<ClusterSpec>, numRuns: number, seed: number): number {
  let checked = 0;
  fc.assert(
    fc.property(arb, (spec) => {
      checked += successorsCanonical(spec, 300);
    }),
    { numRuns, seed },
  );
  return checked;
}

/** Per deployment of the random clusters with node events (§9.4, §9.8): its pods' nodes (modulo the node count), whether each uses one CPU more than its request, replicas beside the pods, the request. */
export const workloadArb = (maxNode: number, maxExtra: number) =>
  fc.array(
    fc.record({
      /** Per pod its node (modulo the node count). */
      pods: fc.array(fc.nat({ max: maxNode }), { minLength: 1, maxLength: 4 }),
      hot: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
      extra: fc.integer({ min: -1, max: maxExtra }),
      cpu: fc.integer({ min: 8, max: 24 }),
    }),
    { minLength: 1, maxLength: 2 },
  );
export type Workload = { pods: number[]; hot: number[]; extra: number; cpu: number };

/**
 * The running pods, deployments, templates and intents of `workloads` on `nodes`: pods on their
 * drawn nodes using their request or one more (`even`: round robin, each using its request, so
 * that nodes may be renamed into each other); intents on the replicas and the scheduling of
 * every deployment.
 */
export function workloadsOn(nodes: readonly NodeSpec[], workloads: readonly Workload[], even = false): Pick<ClusterSpec, 'pods' | 'deployments' | 'podTemplates' | 'intents'> {
  const pods: PodSpec[] = [];
  const deployments = workloads.map((d, i) => {
    const name = `d${i + 1}`;
    d.pods.forEach((k, j) => pods.push({ deployment: name, node: nodes[(even ? j : k) % nodes.length].name, phase: 'Running', cpu: d.cpu + (even ? 0 : d.hot[j]) }));
    return { name, replicas: Math.max(1, d.pods.length + d.extra), template: `t${i + 1}` };
  });
  const podTemplates = workloads.map((d, i) => ({ name: `t${i + 1}`, labels: { name: `t${i + 1}` }, cpuRequest: d.cpu, memoryRequest: 4 }));
  const intents = deployments.flatMap((d) => [
    { name: 'replica_num_always_meet_exp', params: { deployment: d.name, expReplicas: 'spec-1' } },
    { name: 'pod_always_schedulable', params: { deployment: d.name } },
  ]);
  return { pods, deployments, podTemplates, intents };
}
