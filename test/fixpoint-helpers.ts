/**
 * Shared by the proof-for-every-size tests: random small clusters the abstraction supports, and
 * the simulation check (docs/scaling.md, "Checked against concrete searches").
 */
import fc from 'fast-check';
import { search } from '../src/checker/search.js';
import { createFingerprinter } from '../src/checker/fingerprint.js';
import { FingerprintSet } from '../src/checker/fingerprint-set.js';
import type { ClusterSpec, TopologySpreadConstraintSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { classFrame } from '../src/scaling/abstract/canonical.js';
import { embedState } from '../src/scaling/abstract/embed.js';
import { exploreSetting } from '../src/scaling/abstract/explore.js';
import { abstractSettings, nodeClasses, SATURATED, saturationThreshold, type NodeClass } from '../src/scaling/abstract/settings.js';
import { instantiate } from '../src/scaling/instantiate.js';
import type { ScalingTemplate, Setup } from '../src/scaling/types.js';

/**
 * A random small cluster: one or two kinds of nodes, one deployment with hard spread constraints
 * (or the system defaults, or a ScheduleAnyway hostname constraint besides: then the abstraction
 * ignores scores, ties: feasible), perhaps an HPA and a CPU bump.
 */
export const clusterArb: fc.Arbitrary<ClusterSpec> = fc
  .record({
    kinds: fc.array(fc.record({ cpu: fc.constantFrom(8, 16, 24), zone: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 2 }),
    request: fc.constantFrom(4, 8),
    keys: fc.subarray(['hostname', 'zone']),
    skew: fc.integer({ min: 1, max: 2 }),
    hpa: fc.boolean(),
    usage: fc.constantFrom(4, 8, 12),
    maxReplicas: fc.integer({ min: 1, max: 3 }),
    maxPodPerNode: fc.integer({ min: 1, max: 3 }),
    bump: fc.boolean(),
    soft: fc.constantFrom('none', 'none', 'defaults', 'anyway'),
  })
  .map((r) => {
    const spread: TopologySpreadConstraintSpec[] = r.keys.map((k) => ({ maxSkew: r.skew, topologyKey: k, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { name: 'app' } }));
    if (r.soft === 'anyway') spread.push({ maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' } });
    return {
      name: 'random',
      nodes: r.kinds.map((k, i) => ({ name: `node-${i + 1}`, cpu: k.cpu, memory: k.cpu, labels: { zone: k.zone } })),
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: r.request, memoryRequest: r.request, cpuUsage: r.usage, ...(r.soft === 'defaults' ? {} : { topologySpreadConstraints: spread }) }],
      deployments: [{ name: 'app', replicas: 1, template: 'app', ...(r.hpa ? { hpa: { minReplicas: 1, maxReplicas: 2, metrics: [{ resource: 'cpu' as const, type: 'Utilization' as const, target: 80 }] } } : {}) }],
      pods: [],
      spareSlots: 1,
      events: r.bump ? [{ kind: 'eventCpuChange' as const, deployment: 'app', afterStable: true }] : [],
      intents: [],
      scaling: { nodeSize: { minSize: 0, maxSize: 2 }, deployments: { app: { minSize: 0, maxSize: r.maxReplicas, hpaFactor: 2 } }, maxPodPerNode: r.maxPodPerNode },
    } satisfies ClusterSpec;
  });

/** Every setup with each type's count up to `maxPerType` and every replica count the setups allow. */
export function setupsUpTo(t: ScalingTemplate, maxPerType: number): Setup[] {
  let nodes: number[][] = [[]];
  for (const n of t.nodeTypes) nodes = nodes.flatMap((v) => Array.from({ length: maxPerType - n.minSize + 1 }, (_, i) => [...v, n.minSize + i]));
  const out: Setup[] = [];
  const perNode = Math.min(6, t.maxPodPerNode);
  for (const v of nodes) {
    const N = v.reduce((a, b) => a + b, 0);
    if (N === 0) continue;
    let deps: number[][] = [[]];
    for (const d of t.deploymentTypes) deps = deps.flatMap((x) => Array.from({ length: d.maxSize - d.minSize + 1 }, (_, i) => [...x, d.minSize + i]).filter((y) => y[y.length - 1] <= perNode * N));
    for (const r of deps) if (r.some((x) => x > 0)) out.push({ nodes: v, deployments: r });
  }
  return out;
}

function settingKey(counts: number[], replicas: number[]): string {
  return `${counts.join(',')}|${replicas.join(',')}`;
}

export interface SimulationReport {
  /** Concrete states checked against the abstract space. */
  checked: number;
  /** Concrete states whose abstraction the abstract search did not reach (should be none). */
  missing: string[];
  /** Settings whose abstract search ran into the state budget (not checked). */
  skipped: number;
}

/**
 * Explores every abstract setting (going on after violations) and every concrete setup up to
 * `maxPerType` nodes per type, with the scheduler taking every tie; each concrete state's
 * abstraction must be among the abstract states of its setting.
 */
export async function checkSimulation(t: ScalingTemplate, maxPerType: number, maxStates = 50_000): Promise<SimulationReport> {
  const classes = nodeClasses(t) as NodeClass[];
  const C = saturationThreshold(t, {});
  const fp = createFingerprinter();
  const reached = new Map<string, { set: FingerprintSet; big: ReturnType<typeof compile>; frame: ReturnType<typeof classFrame>; model: KiviModel } | null>();
  for (const st of abstractSettings(t, {}, classes, C)) {
    const big = compile(st.spec);
    const frame = classFrame(big, st.slots, st.counts.map((x) => x === SATURATED), st.bound, C);
    const set = new FingerprintSet();
    const r = exploreSetting(big, frame, { maxStates, keepGoing: set });
    reached.set(settingKey(st.counts, st.replicas), r.kind === 'limit' ? null : { set, big, frame, model: new KiviModel(big) });
  }
  const report: SimulationReport = { checked: 0, missing: [], skipped: 0 };
  const classOfType = new Int32Array(t.nodeTypes.length);
  classes.forEach((c, k) => c.types.forEach((x) => (classOfType[x] = k)));
  for (const setup of setupsUpTo(t, maxPerType)) {
    const counts = classes.map((c) => c.types.reduce((a, x) => a + setup.nodes[x], 0)).map((n) => (n >= C ? SATURATED : n));
    const abs = reached.get(settingKey(counts, setup.deployments));
    if (abs === undefined) throw new Error(`no abstract setting for setup ${JSON.stringify(setup)}`);
    if (abs === null) {
      report.skipped++;
      continue;
    }
    const spec = instantiate(t, setup);
    const cfg = compile({ ...spec, scheduler: { ...spec.scheduler, ties: 'all' } });
    const classOf = new Int32Array(cfg.layout.nodes + 1);
    let n = 1;
    setup.nodes.forEach((count, k) => {
      for (let i = 0; i < count; i++) classOf[n++] = classOfType[k];
    });
    await search(new KiviModel(cfg), {
      maxStates: 200_000,
      onNewState: (s) => {
        report.checked++;
        const e = embedState(cfg, classOf, abs.big, abs.frame, s);
        abs.model.reduce(e); // as the abstract search stores its states
        fp.hash(e);
        if (!abs.set.has(fp.hi, fp.lo) && report.missing.length < 5) report.missing.push(`setup ${JSON.stringify(setup)}: a state of ${cfg.name} has no abstract counterpart`);
      },
    });
  }
  return report;
}
