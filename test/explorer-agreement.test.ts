/**
 * The optimised explorer (src/checker/search.ts: xxhash fingerprints, open addressing, typed-
 * array frontier, parent tree) must agree with the naive reference explorer on random small
 * c3-like clusters and on the built-in case c3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { c3 } from '../src/cases/c3.js';
import { replay } from '../src/checker/replay.js';
import { search } from '../src/checker/search.js';
import { DEADLOCK_BASE } from '../src/intents/catalog.js';
import type { ClusterSpec, NodeSpec, PodSpec, TopologySpreadConstraintSpec } from '../src/model/cluster.js';
import { compile } from '../src/model/compile.js';
import { KiviModel } from '../src/model/kivi-model.js';
import { referenceExplore } from './reference-explorer.js';

/** Generous: the generated clusters stay far below this; hitting it fails the test. */
const MAX_STATES = 200_000;

const constraintArb: fc.Arbitrary<TopologySpreadConstraintSpec> = fc.record({
  maxSkew: fc.integer({ min: 1, max: 2 }),
  topologyKey: fc.constantFrom('hostname', 'zone'),
  whenUnsatisfiable: fc.oneof(
    { weight: 4, arbitrary: fc.constant('DoNotSchedule' as const) },
    { weight: 1, arbitrary: fc.constant('ScheduleAnyway' as const) },
  ),
  labelSelector: fc.constant({ name: 'app' }),
});

/** Random small c3-like clusters: zoned nodes, one spread-constrained deployment with an HPA. */
const clusterArb: fc.Arbitrary<ClusterSpec> = fc
  .record({
    zones: fc.integer({ min: 1, max: 3 }),
    nodes: fc.array(
      fc.record({ zone: fc.nat(), cpu: fc.integer({ min: 16, max: 64 }), memory: fc.integer({ min: 16, max: 64 }) }),
      { minLength: 1, maxLength: 5 },
    ),
    // Weighted towards big requests so that scale-ups often find no feasible node.
    cpuRequest: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 10, max: 16 })),
    memoryRequest: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 10, max: 16 })),
    constraints: fc.array(constraintArb, { minLength: 0, maxLength: 2 }),
    podNodes: fc.oneof(
      { weight: 1, arbitrary: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }) },
      { weight: 4, arbitrary: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }) },
    ),
    minReplicas: fc.integer({ min: 1, max: 4 }),
    extraReplicas: fc.integer({ min: 0, max: 2 }),
    target: fc.integer({ min: 50, max: 120 }),
    spareSlots: fc.integer({ min: 0, max: 3 }),
    event: fc.option(fc.boolean(), { nil: undefined, freq: 4 }),
  })
  .map((g): ClusterSpec => {
    const nodes: NodeSpec[] = g.nodes.map((n, i) => ({
      name: `node-${i + 1}`,
      cpu: n.cpu,
      memory: n.memory,
      labels: { zone: `zone-${(n.zone % g.zones) + 1}` },
    }));
    // Place the running pods, dropping any that would overcommit its node (keeps it plausible).
    const cpuLeft = nodes.map((n) => n.cpu);
    const memLeft = nodes.map((n) => n.memory);
    const pods: PodSpec[] = [];
    for (const raw of g.podNodes) {
      const i = raw % nodes.length;
      if (cpuLeft[i] < g.cpuRequest || memLeft[i] < g.memoryRequest) continue;
      cpuLeft[i] -= g.cpuRequest;
      memLeft[i] -= g.memoryRequest;
      pods.push({ name: `app-${pods.length + 1}`, deployment: 'app', node: nodes[i].name, phase: 'Running' });
    }
    return {
      name: 'random c3-like',
      nodes,
      podTemplates: [
        {
          name: 'app',
          labels: { name: 'app' },
          cpuRequest: g.cpuRequest,
          memoryRequest: g.memoryRequest,
          topologySpreadConstraints: g.constraints,
        },
      ],
      deployments: [
        {
          name: 'app',
          replicas: pods.length,
          template: 'app',
          hpa: {
            minReplicas: g.minReplicas,
            maxReplicas: g.minReplicas + g.extraReplicas,
            metrics: [{ resource: 'cpu', type: 'Utilization', target: g.target }],
          },
        },
      ],
      pods,
      spareSlots: g.spareSlots,
      events: g.event === undefined ? [] : [{ kind: 'eventCpuChange', deployment: 'app', afterStable: g.event }],
      intents: [],
    };
  });

/** Runs both explorers (and DFS) on `spec` and checks that they agree. */
async function expectAgreement(spec: ClusterSpec): Promise<{ status: string; code?: number }> {
  const model = new KiviModel(compile(spec));
  const ref = referenceExplore(model, MAX_STATES);
  const bfs = await search(model, { strategy: 'bfs', maxStates: MAX_STATES });
  const dfs = await search(model, { strategy: 'dfs', maxStates: MAX_STATES });

  expect(bfs.status).not.toBe('inconclusive');
  expect(dfs.status).not.toBe('inconclusive');

  // BFS versus the reference: verdict, code, shortest counterexample length.
  expect(bfs.status).toBe(ref.status);
  if (ref.status === 'violated') {
    expect(bfs.violation!.code).toBe(ref.code);
    expect(bfs.violation!.path.length).toBe(ref.pathLength);
    // Same expansion order and same dedup: even the same path and the same state count.
    expect(bfs.violation!.path).toEqual(ref.path);
  }
  expect(bfs.stats.states).toBe(ref.states);

  // DFS: same verdict; its counterexample is never shorter than the shortest one.
  expect(dfs.status).toBe(ref.status);
  if (ref.status === 'holds') expect(dfs.stats.states).toBe(ref.states); // both exhaustive
  else expect(dfs.violation!.path.length).toBeGreaterThanOrEqual(ref.pathLength);

  // Every counterexample replays to its violation.
  for (const v of [bfs.violation, dfs.violation]) {
    if (!v) continue;
    const r = replay(model, v.path);
    if (v.code < DEADLOCK_BASE) {
      expect(r.code).toBe(v.code);
    } else {
      expect(r.code).toBe(0);
      for (let p = 0; p < model.processCount; p++) expect(model.choices(r.state, p)).toBe(0);
      expect(model.endState(r.state)).toBe(v.code);
    }
  }
  return { status: ref.status, code: ref.status === 'violated' ? ref.code : undefined };
}

describe('search() agrees with the reference explorer', () => {
  it.each([
    { scale: 3, nonViolation: false, status: 'violated', code: 1 },
    { scale: 3, nonViolation: true, status: 'holds', code: undefined },
    { scale: 5, nonViolation: false, status: 'violated', code: 1 },
    { scale: 5, nonViolation: true, status: 'holds', code: undefined },
  ])('on c3 scale $scale (nonViolation: $nonViolation)', async ({ scale, nonViolation, status, code }) => {
    expect(await expectAgreement(c3(scale, nonViolation))).toEqual({ status, code });
  });

  it('on random small c3-like clusters', async () => {
    const seen = { holds: 0, violated: 0, deadlock: 0 };
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const r = await expectAgreement(spec);
        if (r.status === 'holds') seen.holds++;
        else if (r.code! >= DEADLOCK_BASE) seen.deadlock++;
        else seen.violated++;
      }),
      { numRuns: 150 },
    );
    // The generator must exercise both verdicts, or the property says little.
    expect(seen.holds).toBeGreaterThan(0);
    expect(seen.violated).toBeGreaterThan(0);
  }, 60_000);
});
