/**
 * Property (docs/model.md §8.9, §10.1): over random small clusters with PodDisruptionBudgets, a
 * drain or a rolling maintenance, and sometimes a descheduler, no voluntary eviction ever takes a
 * budget's healthy pods below desiredHealthy. Every counterexample the search reports, and random
 * walks through the model, are replayed step by step; after each step of a voluntary process
 * (drain, maintenance drain, descheduler) that turned a healthy pod terminating, the budget's
 * healthy count is recounted here from the state, independently of src/controllers/disruption.ts,
 * and must be at least desiredHealthy worked out from the budget's definition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '../src/checker/replay.js';
import { checkCluster } from '../src/check.js';
import type { ClusterSpec, EventSpec, PodDisruptionBudgetSpec } from '../src/model/cluster.js';
import { D_SPEC, N_STATUS, NODE_READY, P_LOC, P_STATUS, POD_RUNNING, POD_TERMINATING, depAt, nodeAt, podAt } from '../src/model/layout.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';

const budgetArb: fc.Arbitrary<PodDisruptionBudgetSpec> = fc.record({
  name: fc.constant('pdb'),
  field: fc.constantFrom('minAvailable', 'maxUnavailable'),
  value: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('0%', '25%', '50%', '67%', '100%')),
  alwaysAllow: fc.boolean(),
}).map(({ name, field, value, alwaysAllow }) => ({
  name,
  [field]: value,
  selector: { matchLabels: { name: 'app' } },
  ...(alwaysAllow ? { unhealthyPodEvictionPolicy: 'AlwaysAllow' as const } : {}),
}));

const clusterArb: fc.Arbitrary<ClusterSpec> = fc.record({
  nodeCount: fc.integer({ min: 2, max: 3 }),
  placement: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
  budget: budgetArb,
  disruption: fc.oneof(
    fc.record({ kind: fc.constant('drain' as const), node: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('maintenance' as const), parallel: fc.integer({ min: 1, max: 2 }) }),
  ),
  notReady: fc.boolean(),
  descheduler: fc.boolean(),
  spread: fc.boolean(),
}).map((g) => {
  const n = g.nodeCount;
  const ev: EventSpec = g.disruption.kind === 'drain'
    ? { kind: 'drain', node: `n${Math.min(g.disruption.node, n)}`, afterStable: true }
    : { kind: 'maintenance', parallel: g.disruption.parallel, afterStable: true };
  return {
    name: 'pdb-property',
    nodes: Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpu: 32, memory: 32 })),
    podTemplates: [{
      name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8,
      topologySpreadConstraints: g.spread ? [{ maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'DoNotSchedule' as const }] : [],
    }],
    deployments: [{ name: 'app', replicas: g.placement.length, template: 'app' }],
    pods: g.placement.map((p) => ({ deployment: 'app', node: `n${Math.min(p, n)}`, phase: 'Running' as const })),
    spareSlots: 3,
    events: [ev, ...(g.notReady ? [{ kind: 'nodeFailure' as const, node: 'n1' }] : [])],
    intents: [],
    podDisruptionBudgets: [g.budget],
    ...(g.descheduler ? { descheduler: { profiles: [{ plugins: ['RemoveDuplicates' as const] }] } } : {}),
  };
});

/** ceil(p · total / 100) for "p%", or the integer itself. */
function scaled(v: number | string, total: number): number {
  return typeof v === 'number' ? v : Math.ceil((Number(v.slice(0, -1)) * total) / 100);
}

/** desiredHealthy of the budget, from its definition (the deployment is the only controller). */
function desiredHealthy(b: PodDisruptionBudgetSpec, s: Int32Array, model: KiviModel, selectedPods: number): number {
  const spec = s[depAt(model.cfg.layout, 1) + D_SPEC];
  if (b.maxUnavailable !== undefined) return Math.max(0, spec - scaled(b.maxUnavailable, spec));
  if (b.minAvailable !== undefined) return typeof b.minAvailable === 'number' ? b.minAvailable : scaled(b.minAvailable, spec);
  void selectedPods;
  return 0;
}

/** Slots of the pods that are Ready (running, node Ready) in s. */
function healthyPods(model: KiviModel, s: Int32Array): Set<number> {
  const l = model.cfg.layout;
  const out = new Set<number>();
  for (let q = 1; q <= l.pods; q++) {
    const at = podAt(l, q);
    if (s[at + P_STATUS] === POD_RUNNING && s[nodeAt(l, s[at + P_LOC]) + N_STATUS] === NODE_READY) out.add(q);
  }
  return out;
}

const VOLUNTARY = /^(drain\(|maintenanceNode\(|descheduler$)/;

/** Checks one step from `before` to `after` by process p; returns a description of a breach, or null. */
function breach(model: KiviModel, b: PodDisruptionBudgetSpec, before: Int32Array, after: Int32Array, p: number): string | null {
  if (!VOLUNTARY.test(model.processName(p))) return null;
  const l = model.cfg.layout;
  const was = healthyPods(model, before);
  const evicted = [...was].filter((q) => after[podAt(l, q) + P_STATUS] === POD_TERMINATING);
  if (evicted.length === 0) return null;
  const healthy = healthyPods(model, after).size;
  const desired = desiredHealthy(b, after, model, 0);
  return healthy < desired ? `${model.processName(p)} evicted ${evicted.join(',')}: healthy ${healthy} < desired ${desired}` : null;
}

/** A random walk of up to `steps` transitions, choosing by `picks`. */
function walk(model: KiviModel, b: PodDisruptionBudgetSpec, picks: number[]): string | null {
  const s = model.initialState();
  for (const pick of picks) {
    const actions: Array<[number, number]> = [];
    for (let p = 0; p < model.processCount; p++) for (let c = 0; c < model.choices(s, p); c++) actions.push([p, c]);
    if (actions.length === 0) return null;
    const [p, c] = actions[pick % actions.length];
    const before = s.slice();
    if (model.step(s, p, c, null) !== 0) return null;
    const bad = breach(model, b, before, s, p);
    if (bad) return bad;
  }
  return null;
}

describe('no voluntary eviction takes a budget below desiredHealthy', () => {
  it('in random walks and in every counterexample path', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb, fc.array(fc.nat(), { minLength: 20, maxLength: 80 }), async (spec, picks) => {
        const model = new KiviModel(compile(spec));
        const b = spec.podDisruptionBudgets![0];
        expect(walk(model, b, picks)).toBeNull();
        const r = await checkCluster(spec, { maxStates: 20_000 });
        for (const f of r.failures) {
          const { states } = replay(model, f.path);
          f.path.forEach(([p], i) => expect(breach(model, b, states[i], states[i + 1], p)).toBeNull());
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('the property can fail: a drain that deleted pods past the budget would be caught', () => {
    // Hand-made breach: minAvailable 2 of 2 healthy pods on n1 and n2; a "drain" step that turns
    // pod 1 terminating leaves 1 healthy < 2.
    const spec: ClusterSpec = {
      name: 'breach', nodes: [{ name: 'n1', cpu: 32, memory: 32 }, { name: 'n2', cpu: 32, memory: 32 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
      deployments: [{ name: 'app', replicas: 2, template: 'app' }],
      pods: [{ deployment: 'app', node: 'n1', phase: 'Running' }, { deployment: 'app', node: 'n2', phase: 'Running' }],
      spareSlots: 1, events: [{ kind: 'drain', node: 'n1' }], intents: [],
      podDisruptionBudgets: [{ name: 'pdb', minAvailable: 2, selector: { matchLabels: { name: 'app' } } }],
    };
    const model = new KiviModel(compile(spec));
    const before = model.initialState();
    const after = before.slice();
    after[podAt(model.cfg.layout, 1) + P_STATUS] = POD_TERMINATING;
    const drain = Array.from({ length: model.processCount }, (_, p) => p).find((p) => model.processName(p) === 'drain(n1)')!;
    expect(breach(model, spec.podDisruptionBudgets![0], before, after, drain)).toBe('drain(n1) evicted 1: healthy 1 < desired 2');
  });
});

describe('disruption_budget_respected', () => {
  it('holds where the Eviction API enforces the budget (the drain-blocked story)', async () => {
    const spec: ClusterSpec = {
      name: 'respected', nodes: [{ name: 'n1', cpu: 32, memory: 32 }, { name: 'n2', cpu: 32, memory: 32 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }],
      pods: [1, 1, 2].map((n) => ({ deployment: 'app', node: `n${n}`, phase: 'Running' as const })),
      spareSlots: 3, events: [{ kind: 'maintenance', parallel: 1, afterStable: true }],
      intents: [{ name: 'disruption_budget_respected' }],
      podDisruptionBudgets: [{ name: 'pdb', maxUnavailable: 1, selector: { matchLabels: { name: 'app' } } }],
    };
    const r = await checkCluster(spec);
    expect(r.failures.filter((f) => f.intent === 'disruption_budget_respected')).toEqual([]);
  });
});
