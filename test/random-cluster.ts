/**
 * Random small clusters covering the whole model (spreading, HPA, descheduler, taints, affinity,
 * pinning, CPU patterns, events, user commands, every intent), for the property tests that
 * compare two ways of exploring one model (test/explorer-agreement.test.ts, test/ties.test.ts).
 */
import fc from 'fast-check';
import type {
  ClusterSpec, CpuPatternSpec, DeploymentManifestSpec, DeploymentSpec, DeschedulerSpec, EventSpec, IntentSpec,
  NodeAffinitySpec, NodeSpec, PodSpec, PodTemplateSpec, TaintEffect, TaintSpec, TolerationSpec,
  TopologySpreadConstraintSpec,
} from '../src/model/cluster.js';

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

export const clusterArb: fc.Arbitrary<ClusterSpec> = rawArb.map(toSpec);

/**
 * A preemptible batch pool beside the random cluster (docs/model.md §8.2.5): the app's pods get
 * a priority above two batch templates of one priority and different CPU requests, whose bare
 * pods fill the nodes' room, so that an app pod that finds no node preempts batch pods, and the
 * order among them (start times, which kivi explores) decides which go.
 */
const batchArb = fc.record({
  small: fc.integer({ min: 1, max: 6 }),
  big: fc.integer({ min: 4, max: 16 }),
  pods: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 2, maxLength: 5 }),
});

function withBatchPool(spec: ClusterSpec, batch: typeof batchArb extends fc.Arbitrary<infer T> ? T : never): ClusterSpec {
  const templates = spec.podTemplates.map((t) => (t.name === 'app' || t.name === 'app-v2' ? { ...t, priorityClassName: 'app-high' } : t));
  const left = new Map(spec.nodes.map((n) => [n.name, n.cpu]));
  for (const p of spec.pods) if (p.node) left.set(p.node, left.get(p.node)! - templates.find((t) => t.name === 'app')!.cpuRequest);
  const pods = [...spec.pods];
  for (const [at, big] of batch.pods) {
    const node = spec.nodes[at % spec.nodes.length].name;
    const cpu = big ? batch.big : batch.small;
    if (left.get(node)! < cpu) continue;
    left.set(node, left.get(node)! - cpu);
    pods.push({ name: `batch-${pods.length + 1}`, template: big ? 'batch-big' : 'batch-small', node, phase: 'Running' });
  }
  const batchTemplate = (name: string, cpu: number): PodTemplateSpec => ({ name, labels: { name: 'batch' }, cpuRequest: cpu, memoryRequest: 1, topologySpreadConstraints: [], priorityClassName: 'batch' });
  return {
    ...spec,
    podTemplates: [...templates, batchTemplate('batch-small', batch.small), batchTemplate('batch-big', batch.big)],
    pods,
    priorityClasses: [{ name: 'batch', value: 100 }, { name: 'app-high', value: 1000 }],
  };
}

export const preemptionClusterArb: fc.Arbitrary<ClusterSpec> = fc.tuple(rawArb, batchArb).map(([raw, batch]) => withBatchPool(toSpec(raw), batch));
