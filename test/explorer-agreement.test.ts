/**
 * The optimised explorer (src/checker/search.ts: xxhash fingerprints, open addressing, typed-
 * array frontier, parent tree) must agree with the naive reference explorer on random small
 * clusters covering the whole model (spreading, HPA, descheduler, taints, affinity, pinning, CPU
 * patterns, events, user commands, every intent) and on the built-in cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { c3 } from '../src/cases/c3.js';
import { CASE_IDS, loadCase } from '../src/cases/index.js';
import { replay } from '../src/checker/replay.js';
import type { SearchResult, Violation } from '../src/checker/result.js';
import { search } from '../src/checker/search.js';
import type { TransitionSystem } from '../src/checker/transition-system.js';
import { DEADLOCK_BASE } from '../src/intents/catalog.js';
import type {
  ClusterSpec, CpuPatternSpec, DeploymentManifestSpec, DeploymentSpec, DeschedulerSpec, EventSpec, IntentSpec,
  NodeAffinitySpec, NodeSpec, PodSpec, PodTemplateSpec, TaintEffect, TaintSpec, TolerationSpec,
  TopologySpreadConstraintSpec,
} from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { CycleState } from '../src/controllers/scheduler/framework.js';
import { referenceExplore } from './reference-explorer.js';

/**
 * Generous: the generated clusters mostly have a few thousand states and stay below this (the
 * largest seen in 30 000 samples had about 220 000); hitting it fails the test.
 */
const MAX_STATES = 300_000;

const constraintArb: fc.Arbitrary<TopologySpreadConstraintSpec> = fc.record({
  maxSkew: fc.integer({ min: 1, max: 2 }),
  topologyKey: fc.constantFrom('hostname', 'zone'),
  whenUnsatisfiable: fc.oneof(
    { weight: 4, arbitrary: fc.constant('DoNotSchedule' as const) },
    { weight: 1, arbitrary: fc.constant('ScheduleAnyway' as const) },
  ),
  labelSelector: fc.constant({ name: 'app' }),
});

const effectArb: fc.Arbitrary<TaintEffect> = fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule');

/** Tolerations against the taint `dedicated=infra`: matching (several ways) or not. */
const tolerationArb: fc.Arbitrary<TolerationSpec[]> = fc.constantFrom<TolerationSpec[]>(
  [{ key: 'dedicated', operator: 'Exists' }],
  [{ key: 'dedicated', operator: 'Equal', value: 'infra' }],
  [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute' }],
  [{ operator: 'Exists' }],
  [{ key: 'dedicated', operator: 'Equal', value: 'other' }],
  [{ key: 'gpu', operator: 'Exists' }],
);

const INTENT_NAMES = [
  'pod_always_schedulable',
  'no_oscillation_eviction',
  'replica_num_always_meet_min',
  'replica_num_always_meet_exp',
  'no_oscillation_replica_num',
  'pod_balance_across_node',
  'no_kernel_panic',
] as const;

/**
 * The features that multiply the interleavings: controllers beyond the core ones, events and
 * user commands. A cluster gets a few of them; their parameters are always drawn.
 */
const DYNAMIC = [
  'hpa',
  'cpuPattern',
  'descheduler',
  'eventCpuChange',
  'maintenance',
  'kernelPanic',
  'nodeFailure',
  'applyDeployment',
] as const;
type Dynamic = (typeof DYNAMIC)[number];
/** Interleaving cost of each feature; a cluster stays within DYNAMIC_BUDGET. */
const COST: Record<Dynamic, number> = {
  hpa: 1,
  cpuPattern: 1,
  descheduler: 2,
  eventCpuChange: 1,
  maintenance: 2,
  kernelPanic: 2,
  nodeFailure: 1,
  applyDeployment: 1,
};
const DYNAMIC_BUDGET = 3;

/** `arb` one time in `every`, otherwise undefined. */
function maybe<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** The raw random choices; `toSpec` turns them into a valid cluster. */
const rawArb = fc.record({
  zones: fc.integer({ min: 1, max: 3 }),
  nodes: fc.array(
    fc.record({
      zone: fc.nat(),
      cpu: fc.integer({ min: 16, max: 64 }),
      memory: fc.integer({ min: 16, max: 64 }),
      spot: fc.boolean(),
      taint: maybe(effectArb, 4),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  // Weighted towards big requests so that scale-ups often find no feasible node.
  cpuRequest: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 10, max: 16 })),
  memoryRequest: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 10, max: 16 })),
  /** Initial pods use twice their CPU request (as in c2): pushes the HPA up. */
  hotPods: fc.boolean(),
  /** undefined: Kubernetes' system default constraints. */
  constraints: fc.oneof(
    { weight: 4, arbitrary: fc.array(constraintArb, { minLength: 0, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  podNodes: fc.oneof(
    { weight: 1, arbitrary: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }) },
    { weight: 4, arbitrary: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }) },
  ),
  spareSlots: fc.integer({ min: 0, max: 3 }),
  /** The deployment does not exist yet: createTargetDeployment brings it up with this spec. */
  absent: maybe(fc.integer({ min: 1, max: 3 }), 5),
  tolerations: maybe(tolerationArb, 2),
  affinity: maybe(fc.record({ required: fc.boolean(), preferred: fc.boolean(), spot: fc.boolean() }), 4),
  /** Pin the pods to a node with `nodeName`. */
  pinTo: maybe(fc.nat(), 6),
  dynamic: fc.subarray([...DYNAMIC], { minLength: 1, maxLength: 3 }),
  hpa: fc.record({
    minReplicas: fc.integer({ min: 1, max: 4 }),
    extraReplicas: fc.integer({ min: 0, max: 2 }),
    target: fc.integer({ min: 50, max: 120 }),
  }),
  cpuPattern: fc.constantFrom<CpuPatternSpec>(
    { usage: [8, 3], at: [0, 300] },
    { usage: [8, 1], at: [0, 300] },
    { usage: [2, 12], at: [0, 100] },
    { usage: [8], at: [0] },
  ),
  descheduler: fc.constantFrom<DeschedulerSpec>(
    { profiles: [{ plugins: ['RemoveDuplicates'] }] },
    { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] }] },
    { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'] }] },
  ),
  cpuChangeAfterStable: fc.boolean(),
  maintenanceAfterStable: fc.boolean(),
  failingNode: fc.nat(),
  apply: fc.record({
    /** A manifest with a new pod template, rolled out. */
    rollout: fc.boolean(),
    /** The rollout's strategy: RollingUpdate, or the deployment's own (Recreate). */
    rolling: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    /** undefined: the manifest has no replicas, which means 1 (case c2). */
    replicas: maybe(fc.integer({ min: 1, max: 3 }), 2),
    afterStable: fc.boolean(),
    cpuRequest: fc.integer({ min: 1, max: 16 }),
  }),
  intents: fc.subarray([...INTENT_NAMES], { minLength: 0, maxLength: 2 }),
  /**
   * Mostly free combinations; sometimes the core of a built-in case whose violation random
   * choices rarely hit, the rest still random.
   */
  focus: fc.oneof(
    { weight: 7, arbitrary: fc.constant('mixed' as const) },
    { weight: 1, arbitrary: fc.constantFrom('oscillation' as const, 'kernelPanic' as const, 'pinnedEviction' as const) },
  ),
});

type Raw = typeof rawArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Applies the focus scenario, then drops dynamic features past the budget (the scenario's own
 * come first and stay).
 */
function normalize(g: Raw): Raw {
  const focused = applyFocus(g);
  const forced: Dynamic[] =
    g.focus === 'oscillation' ? ['hpa', 'cpuPattern'] : g.focus === 'kernelPanic' ? ['kernelPanic'] : [];
  const dynamic: Dynamic[] = [];
  // Creating the deployment is one more event.
  let cost = focused.absent === undefined ? 0 : 1;
  for (const f of [...forced, ...focused.dynamic.filter((f) => !forced.includes(f))]) {
    if (!forced.includes(f) && cost + COST[f] > DYNAMIC_BUDGET) continue;
    dynamic.push(f);
    cost += COST[f];
  }
  return { ...focused, dynamic };
}

function applyFocus(g: Raw): Raw {
  switch (g.focus) {
    case 'mixed':
      return g;
    case 'oscillation':
      // Case c1: new pods start hot and cool down, so the HPA scales up to max and back to min.
      return {
        ...g,
        cpuRequest: 8,
        memoryRequest: 8,
        cpuPattern: { usage: [8, 1], at: [0, 300] },
        absent: 1,
        spareSlots: 3,
        hpa: { minReplicas: 1, extraReplicas: 2, target: 50 },
        intents: [...g.intents, 'no_oscillation_replica_num'],
      };
    case 'kernelPanic': {
      // Case c4: three 21-CPU pods on a 64-CPU node leave it under 2 % free.
      const nodes = g.nodes.slice(0, 2).map((n) => ({ ...n, cpu: 64, memory: 64 }));
      return {
        ...g,
        nodes,
        cpuRequest: 21,
        memoryRequest: 21,
        absent: 2 * nodes.length + 1,
        // As in c4, more slots than the usual three spare ones: evicted pods are recreated
        // while their predecessors terminate.
        spareSlots: 2 * nodes.length + 2,
      };
    }
    case 'pinnedEviction': {
      // Case c7: pods pinned to a NoExecute node they do not tolerate are evicted over and over.
      const nodes = g.nodes.map((n, i) => (i === 0 ? { ...n, taint: 'NoExecute' as const } : n));
      return { ...g, nodes, pinTo: 0, tolerations: undefined, absent: g.absent ?? 2 };
    }
  }
}

/** Turns the raw choices into a small cluster that compile() accepts. */
function toSpec(raw: Raw): ClusterSpec {
  const g = normalize(raw);
  const has = (f: Dynamic): boolean => g.dynamic.includes(f);
  // A rolling maintenance of many nodes is too many interleavings, with other features even more.
  const alone = g.dynamic.length === 1 && g.absent === undefined;
  const rawNodes = has('maintenance') ? g.nodes.slice(0, alone ? 3 : 2) : g.nodes;
  const taint = (effect: TaintEffect): TaintSpec => ({ key: 'dedicated', value: 'infra', effect });
  const nodes: NodeSpec[] = rawNodes.map((n, i) => ({
    name: `node-${i + 1}`,
    cpu: n.cpu,
    memory: n.memory,
    labels: { zone: `zone-${(n.zone % g.zones) + 1}`, lifecycle: n.spot ? 'spot' : 'on-demand' },
    ...(n.taint === undefined ? {} : { taints: [taint(n.taint)] }),
  }));

  let nodeAffinity: NodeAffinitySpec | undefined;
  if (g.affinity && (g.affinity.required || g.affinity.preferred)) {
    const lifecycle = g.affinity.spot ? 'spot' : 'on-demand';
    const other = g.affinity.spot ? 'on-demand' : 'spot';
    nodeAffinity = {};
    if (g.affinity.required) nodeAffinity.required = [{ matchLabels: { lifecycle } }];
    if (g.affinity.preferred) {
      nodeAffinity.preferred = [
        { weight: 5, term: { matchLabels: { lifecycle } } },
        { weight: 4, term: { matchLabels: { lifecycle: other } } },
      ];
    }
  }
  const app: PodTemplateSpec = {
    name: 'app',
    labels: { name: 'app' },
    cpuRequest: g.cpuRequest,
    memoryRequest: g.memoryRequest,
    ...(g.constraints === undefined ? {} : { topologySpreadConstraints: g.constraints }),
    ...(g.tolerations === undefined ? {} : { tolerations: g.tolerations }),
    ...(nodeAffinity === undefined ? {} : { nodeAffinity }),
    ...(g.pinTo === undefined ? {} : { nodeName: nodes[g.pinTo % nodes.length].name }),
    ...(has('cpuPattern') ? { cpuPattern: structuredClone(g.cpuPattern) } : {}),
  };
  const podTemplates: PodTemplateSpec[] = [app];

  // Place the running pods, dropping any that would overcommit its node (keeps it plausible).
  const pods: PodSpec[] = [];
  if (g.absent === undefined) {
    const cpuLeft = nodes.map((n) => n.cpu);
    const memLeft = nodes.map((n) => n.memory);
    const cpu = g.hotPods ? 2 * g.cpuRequest : g.cpuRequest;
    for (const raw of g.podNodes) {
      const i = raw % nodes.length;
      if (cpuLeft[i] < cpu || memLeft[i] < g.memoryRequest) continue;
      cpuLeft[i] -= cpu;
      memLeft[i] -= g.memoryRequest;
      const pod: PodSpec = { name: `app-${pods.length + 1}`, deployment: 'app', node: nodes[i].name, phase: 'Running' };
      if (g.hotPods) pod.cpu = cpu;
      pods.push(pod);
    }
  }
  const deployment: DeploymentSpec = {
    name: 'app',
    replicas: g.absent ?? pods.length,
    template: 'app',
    ...(g.absent === undefined ? {} : { created: false }),
    ...(has('hpa')
      ? {
          hpa: {
            minReplicas: g.hpa.minReplicas,
            maxReplicas: g.hpa.minReplicas + g.hpa.extraReplicas,
            metrics: [{ resource: 'cpu' as const, type: 'Utilization' as const, target: g.hpa.target }],
          },
        }
      : {}),
  };

  const events: EventSpec[] = [];
  if (g.absent !== undefined) events.push({ kind: 'createTargetDeployment', deployment: 'app' });
  if (has('eventCpuChange')) events.push({ kind: 'eventCpuChange', deployment: 'app', afterStable: g.cpuChangeAfterStable });
  if (has('maintenance')) events.push({ kind: 'maintenance', parallel: 1, afterStable: g.maintenanceAfterStable });
  if (has('kernelPanic')) events.push({ kind: 'kernelPanic' });
  if (has('nodeFailure')) events.push({ kind: 'nodeFailure', node: nodes[g.failingNode % nodes.length].name });
  let manifests: DeploymentManifestSpec[] | undefined;
  if (has('applyDeployment')) {
    const manifest: DeploymentManifestSpec = { name: 'app' };
    if (g.apply.replicas !== undefined) manifest.replicas = g.apply.replicas;
    if (g.apply.rollout) {
      // A new pod template (same labels plus a version): the deployment rolls over to it.
      podTemplates.push({ ...app, name: 'app-v2', labels: { name: 'app', version: 'v2' }, cpuRequest: g.apply.cpuRequest });
      manifest.template = 'app-v2';
      if (g.apply.rolling) manifest.strategy = { type: 'RollingUpdate' };
    }
    manifests = [manifest];
    events.push({ kind: 'applyDeployment', manifest: 'app', afterStable: g.apply.afterStable });
  }

  // The model clock grows without bound, so a feedback loop (the descheduler against the
  // scheduler, pods on a NoExecute node or pinned to a failing one) makes the state space
  // infinite unless a monitor cuts it: no_oscillation_eviction ends every execution at its
  // third delete/start round. A node can also panic and recover forever, even with pods deleted
  // before they start; no_kernel_panic ends that at the third panic.
  const names: string[] = [...g.intents];
  const loopy =
    has('descheduler') ||
    has('kernelPanic') ||
    rawNodes.some((n) => n.taint === 'NoExecute') ||
    (g.pinTo !== undefined && (has('maintenance') || has('nodeFailure')));
  if (loopy) names.push('no_oscillation_eviction');
  if (has('kernelPanic')) names.push('no_kernel_panic');
  const intents: IntentSpec[] = [];
  for (const name of new Set(names)) {
    if (name === 'no_oscillation_replica_num' && !has('hpa')) continue;
    if (name === 'no_kernel_panic' && !has('kernelPanic')) continue;
    if (name === 'pod_always_schedulable' || name === 'no_kernel_panic') intents.push({ name });
    else if (name === 'replica_num_always_meet_exp') intents.push({ name, params: { deployment: 'app', expReplicas: 'spec-1' } });
    else intents.push({ name, params: { deployment: 'app' } });
  }

  return {
    name: 'random',
    nodes,
    podTemplates,
    deployments: [deployment],
    pods,
    spareSlots: g.spareSlots,
    events,
    intents,
    ...(manifests === undefined ? {} : { manifests }),
    ...(has('descheduler') ? { descheduler: structuredClone(g.descheduler) } : {}),
  };
}

const clusterArb: fc.Arbitrary<ClusterSpec> = rawArb.map(toSpec);

const codesOf = (vs: readonly Violation[]): number[] => vs.map((v) => v.code).sort((a, b) => a - b);

/** The counterexample replays to its violation, or to a stuck state whose end-state check is the code. */
function expectReplays(model: TransitionSystem, v: Violation): void {
  const r = replay(model, v.path);
  // Every state on the path is returned: the initial one, then one per step, each the step of
  // the one before (taken again here, independently of the replay).
  expect(r.states.length).toBe(v.path.length + 1);
  expect([...r.states[0]]).toEqual([...model.initialState()]);
  v.path.forEach(([p, c], i) => {
    const next = r.states[i].slice();
    model.step(next, p, c, null);
    expect([...r.states[i + 1]]).toEqual([...next]);
  });
  expect(r.state).toBe(r.states[r.states.length - 1]);
  if (v.code < DEADLOCK_BASE) {
    expect(r.code).toBe(v.code);
  } else {
    expect(r.code).toBe(0);
    for (let p = 0; p < model.processCount; p++) expect(model.choices(r.state, p)).toBe(0);
    expect(model.endState(r.state)).toBe(v.code);
  }
}

function expectConclusive(r: SearchResult): void {
  expect(r.status).not.toBe('inconclusive');
  expect(r.limit).toBeUndefined();
}

/** Runs both explorers (and DFS, and both with stopAtFirst) on `spec` and checks that they agree. */
async function expectAgreement(spec: ClusterSpec): Promise<{ status: string; codes: number[] }> {
  const model = new KiviModel(compile(spec));
  const ref = referenceExplore(model, { maxStates: MAX_STATES });
  const bfs = await search(model, { strategy: 'bfs', maxStates: MAX_STATES });
  const dfs = await search(model, { strategy: 'dfs', maxStates: MAX_STATES });
  expectConclusive(bfs);
  expectConclusive(dfs);

  // BFS versus the reference: same expansion order and same dedup, so the same violations in
  // the same order with the same paths, the same stop and the same state count.
  expect(bfs.status).toBe(ref.status);
  expect(bfs.violations).toEqual(ref.violations);
  expect(bfs.stoppedEarly).toBe(ref.stoppedEarly);
  expect(bfs.stats.states).toBe(ref.states);
  expect(bfs.stats.transitions).toBe(ref.transitions);
  expect(bfs.stats.depth).toBe(ref.depth);
  // It stops early exactly when every pursued property has a counterexample.
  const refCodes = new Set(ref.violations.map((v) => v.code));
  expect(ref.stoppedEarly).toBe(model.propertyCodes.every((c) => refCodes.has(c)));

  // DFS explores the same graph (violating successors are never stored, whatever was found), so
  // it stops early exactly when BFS does; exhaustive, it finds the same codes and states.
  expect(dfs.stoppedEarly).toBe(bfs.stoppedEarly);
  expect(dfs.status).toBe(bfs.status);
  if (!bfs.stoppedEarly) {
    expect(codesOf(dfs.violations)).toEqual(codesOf(bfs.violations));
    expect(dfs.stats.states).toBe(bfs.stats.states);
  } else {
    const dfsCodes = new Set(dfs.violations.map((v) => v.code));
    for (const c of model.propertyCodes) expect(dfsCodes.has(c)).toBe(true);
  }
  // BFS counterexamples are shortest: DFS's for the same code are never shorter.
  for (const v of dfs.violations) {
    const b = bfs.violations.find((x) => x.code === v.code);
    if (b) expect(v.path.length).toBeGreaterThanOrEqual(b.path.length);
  }

  // stopAtFirst: BFS returns exactly the reference's first violation.
  const bfsFirst = await search(model, { strategy: 'bfs', maxStates: MAX_STATES, stopAtFirst: true });
  const dfsFirst = await search(model, { strategy: 'dfs', maxStates: MAX_STATES, stopAtFirst: true });
  expectConclusive(bfsFirst);
  expectConclusive(dfsFirst);
  expect(bfsFirst.violations).toEqual(ref.violations.slice(0, 1));
  expect(bfsFirst.stoppedEarly).toBe(ref.status === 'violated');
  expect(dfsFirst.status).toBe(ref.status);
  expect(dfsFirst.violations.length).toBe(ref.status === 'violated' ? 1 : 0);
  expect(dfsFirst.stoppedEarly).toBe(ref.status === 'violated');
  if (ref.status === 'violated') {
    const refFirst = referenceExplore(model, { maxStates: MAX_STATES, stopAtFirst: true });
    expect(refFirst.violations).toEqual(ref.violations.slice(0, 1));
    expect(refFirst.stoppedEarly).toBe(true);
    expect(bfsFirst.stats.states).toBe(refFirst.states);
    expect(bfsFirst.stats.transitions).toBe(refFirst.transitions);
  } else {
    expect(bfsFirst.stats.states).toBe(ref.states);
    expect(dfsFirst.stats.states).toBe(ref.states);
  }

  // Every counterexample replays to its violation.
  for (const v of [...bfs.violations, ...dfs.violations, ...dfsFirst.violations]) expectReplays(model, v);

  return { status: ref.status, codes: codesOf(ref.violations) };
}

describe('search() agrees with the reference explorer', () => {
  it.each([
    { scale: 3, nonViolation: false, status: 'violated', codes: [1] },
    { scale: 3, nonViolation: true, status: 'holds', codes: [] },
    { scale: 5, nonViolation: false, status: 'violated', codes: [1] },
    { scale: 5, nonViolation: true, status: 'holds', codes: [] },
  ])('on c3 scale $scale (nonViolation: $nonViolation)', async ({ scale, nonViolation, status, codes }) => {
    const r = await expectAgreement(c3(scale, nonViolation));
    expect({ status: r.status, codes: r.codes }).toEqual({ status, codes });
  });

  it.each(CASE_IDS.flatMap((id) => [1, 2, 3].flatMap((scale) => [false, true].map((nonViolation) => ({ id, scale, nonViolation })))))(
    'on built-in case $id scale $scale (nonViolation: $nonViolation)',
    async ({ id, scale, nonViolation }) => {
      await expectAgreement(loadCase(id, { scale, nonViolation }));
    },
  );

  it('on random small clusters over the whole model', async () => {
    let holds = 0;
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const r = await expectAgreement(spec);
        if (r.status === 'holds') holds++;
        for (const c of r.codes) codes.set(c, (codes.get(c) ?? 0) + 1);
      }),
      { numRuns: 200 },
    );
    // The generator must exercise both verdicts and several intents' violations, or the property
    // says little.
    expect(holds).toBeGreaterThan(0);
    expect([...codes.keys()].filter((c) => c < DEADLOCK_BASE).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('the scheduler keeps pod counts across the cycles of a burst', () => {
  /** BFS with every scheduling cycle counting pods afresh (no burst: CycleState.burst stays 0). */
  async function searchCountingAfresh(spec: ClusterSpec): Promise<SearchResult> {
    const beginBurst = CycleState.prototype.beginBurst;
    CycleState.prototype.beginBurst = function (this: CycleState) {
      this.burst = 0;
      this.placements = 0;
    };
    try {
      return await search(new KiviModel(compile(spec)), { maxStates: MAX_STATES });
    } finally {
      CycleState.prototype.beginBurst = beginBurst;
    }
  }

  it('and decides as if it counted afresh, on random small clusters', async () => {
    await fc.assert(
      fc.asyncProperty(clusterArb, async (spec) => {
        const kept = await search(new KiviModel(compile(spec)), { maxStates: MAX_STATES });
        const afresh = await searchCountingAfresh(spec);
        expect(kept.violations).toEqual(afresh.violations);
        expect([kept.status, kept.stats.states, kept.stats.transitions]).toEqual([afresh.status, afresh.stats.states, afresh.stats.transitions]);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
