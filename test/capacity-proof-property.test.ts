/**
 * The capacity proof (docs/model.md §8.2.8) against the search: on random small clusters with
 * only the features the proof allows, wherever it applies the exhaustive search without it holds
 * too. The clusters are test/random-cluster.ts's with the node-changing events, the monitors, the
 * descheduler and DoNotSchedule dropped (ScheduleAnyway kept), NoExecute taints made NoSchedule
 * (a pod evicted forever is an endless search), and the nodes often shrunk to a few pods' room so
 * that the count sometimes falls short.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed.js';
import { checkCluster } from '../src/check.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { capacityProof } from '../src/system/capacity-proof.js';
import { clusterArb } from './random-cluster.js';

const ALLOWED_EVENTS: ReadonlySet<string> = new Set(['createTargetDeployment', 'applyDeployment']);

/** clusterArb restricted to what the proof allows; `room` (0: as drawn) shrinks every node to about room pods. */
const allowedArb: fc.Arbitrary<ClusterSpec> = fc.tuple(clusterArb, fc.integer({ min: 0, max: 3 })).map(([spec, room]) => {
  const t = spec.podTemplates[0];
  const shrink = (given: number, request: number | undefined): number => (room === 0 || !request ? given : Math.max(1, Math.min(given, request * room + (given % request))));
  const { descheduler: _dropped, ...rest } = spec;
  return {
    ...rest,
    nodes: spec.nodes.map((n) => ({
      ...n,
      cpu: shrink(n.cpu, t.cpuRequest),
      memory: shrink(n.memory, t.memoryRequest),
      ...(n.taints ? { taints: n.taints.map((x) => (x.effect === 'NoExecute' ? { ...x, effect: 'NoSchedule' as const } : x)) } : {}),
    })),
    podTemplates: spec.podTemplates.map((p) => ({
      ...p,
      ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints.map((c) => ({ ...c, whenUnsatisfiable: 'ScheduleAnyway' as const })) } : {}),
    })),
    events: spec.events.filter((e) => ALLOWED_EVENTS.has(e.kind)),
    intents: [],
  };
});

/**
 * Clusters at the boundary of the inequality: one template of r CPU / r memory, nodes of r..3r+2,
 * and one slot more than the b(n) of every node add up to (otherPods = Σ b). The deployment
 * wants every slot filled: Σ b = Σ ⌊A(n) / r⌋ pods fit in all (⌈(A − r + 1) / r⌉ = ⌊A / r⌋),
 * so the last one finds no node — a violation the correct inequality (otherPods < Σ b) never
 * hides, and that the inequality loosened by one (≤) proves away.
 */
const boundaryArb: fc.Arbitrary<ClusterSpec> = fc
  .record({ r: fc.integer({ min: 2, max: 6 }), nodes: fc.array(fc.record({ cpu: fc.nat(), memory: fc.nat() }), { minLength: 1, maxLength: 2 }) })
  .map(({ r, nodes }) => {
    const sized = nodes.map((n, i) => ({ name: `node-${i + 1}`, cpu: r + (n.cpu % (2 * r + 3)), memory: r + (n.memory % (2 * r + 3)) }));
    const fit = sized.reduce((sum, n) => sum + Math.min(Math.floor(n.cpu / r), Math.floor(n.memory / r)), 0);
    return {
      name: 'boundary',
      nodes: sized,
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: r, memoryRequest: r }],
      deployments: [{ name: 'app', replicas: fit + 1, template: 'app' }],
      pods: [],
      spareSlots: fit + 1,
      events: [],
      intents: [],
    };
  });

/** Counts, over a run: clusters proved, and proved clusters the search finished on. */
interface Tally {
  proved: number;
  confirmed: number;
  short: number;
}

/** Wherever the proof (its inequality shifted by `slack`) applies, the search finds no violation. */
function agrees(slack: number, tally: Tally) {
  return async (spec: ClusterSpec): Promise<void> => {
    const v = capacityProof(compile(spec), slack);
    if (!v.applies) {
      if (v.why.includes('other pods can fill')) tally.short++;
      return;
    }
    tally.proved++;
    const r = await checkCluster(spec, { capacityProof: false, maxStates: 20_000 });
    expect(r.status).not.toBe('violated');
    if (r.status === 'holds') tally.confirmed++;
  };
}

describe('capacity proof against the search', () => {
  it('where the proof applies, the search holds too', async () => {
    const tally: Tally = { proved: 0, confirmed: 0, short: 0 };
    await fc.assert(fc.asyncProperty(allowedArb, agrees(0, tally)), { numRuns: 80 });
    // The property must have been exercised: proofs confirmed by a finished search, and
    // clusters where the count fell short.
    expect(tally.confirmed).toBeGreaterThanOrEqual(20);
    expect(tally.short).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('at the boundary the correct inequality never applies, and the loosened one is caught', async () => {
    const exact: Tally = { proved: 0, confirmed: 0, short: 0 };
    await fc.assert(fc.asyncProperty(boundaryArb, agrees(0, exact)), { numRuns: 15 });
    expect(exact.proved).toBe(0);
    expect(exact.short).toBe(15);
    // Off by one on purpose: the proof claims the boundary clusters, the search refutes it.
    const broken = await fc.check(fc.asyncProperty(boundaryArb, agrees(-1, { proved: 0, confirmed: 0, short: 0 })), { numRuns: 15 });
    expect(broken.failed).toBe(true);
    // Refuted by a violation the search found, not by an error.
    expect(String(broken.errorInstance)).toMatch(/expected 'violated' not to be 'violated'/);
  }, 300_000);
});
