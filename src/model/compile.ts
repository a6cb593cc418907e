/**
 * ClusterSpec → CompiledCluster: static configuration plus the initial state vector
 * (`model.md` §2.7 preprocessing, with README decision 4's label semantics).
 */
import type {
  ClusterSpec, DeploymentSpec, EventSpec, HpaSpec, NodeAffinityTermSpec, PodTemplateSpec, StrategySpec, TaintSpec,
  TolerationSpec, TopologySpreadConstraintSpec,
} from './cluster.js';
import { MAX_REPLICAS } from './cluster.js';
import {
  type CompiledCluster, type CompiledConstraint, type CompiledDeschedulerProfile, type CompiledEvent, type CompiledHpa,
  type CompiledManifest, type CompiledMetric, type CompiledMonitor, type CompiledSchedulerProfile, type CompiledTemplate, EV_APPLY, EV_CPU_CHANGE,
  EV_CREATE, EV_CREATE_TARGET, EV_MAINTENANCE, EV_NODE_FAILURE, EV_SCALE, PLUGIN_REMOVE_DUPLICATES,
  PLUGIN_TOPOLOGY_SPREAD,
} from './config.js';
import { InputError } from './errors.js';
import {
  D_HPA, D_IN_CREATION, D_MAX_SURGE, D_MAX_UNAVAILABLE, D_REPLICAS, D_SPEC, D_STATUS, D_STRATEGY, D_TEMPLATE, E_A,
  E_PHASE, G_INIT, INIT_ENQUEUE, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, N_STATUS, NODE_DOWN, NODE_READY, NODE_UNHEALTHY,
  P_CPU, P_CPU_IDX, P_IN_RS, P_LOC, P_MEM, P_OWNER, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, Q_KBL, Q_SCH,
  STRATEGY_RECREATE, STRATEGY_ROLLING, depAt, eventAt, makeLayout, nodeAt, podAt,
} from './layout.js';
import { enqueue } from './queues.js';
import { intentByName, KERNEL_PANIC, MONITOR_INTENTS, NO_FEASIBLE_NODE } from '../intents/catalog.js';
import { EVENT_READY, EVENT_UNSPAWNED } from '../controllers/events/phases.js';

export { MAX_REPLICAS };

export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** `hostname` is accepted as an alias of the well-known key (README decision 4). */
export function canonicalTopologyKey(key: string): string {
  return key === 'hostname' ? HOSTNAME_KEY : key;
}

/** Kubernetes' system default spreading, used when a template gives no constraints. */
const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraintSpec[] = [
  { maxSkew: 3, topologyKey: HOSTNAME_KEY, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
];

/** Largest number of nodes or pod slots in one state. */
const MAX_OBJECTS = 200_000;

/** Kubernetes' RollingUpdate defaults: 25 % surge and 25 % unavailable. */
const DEFAULT_PERCENT = 25;

function indexByName<T extends { name: string }>(items: T[], kind: string): Map<string, number> {
  const m = new Map<string, number>();
  items.forEach((it, i) => {
    if (typeof it.name !== 'string' || it.name === '') throw new InputError('a name is required', `${kind} #${i + 1}`, 'name');
    if (m.has(it.name)) throw new InputError(`duplicate name "${it.name}"`, `${kind}/${it.name}`, 'name');
    m.set(it.name, i + 1);
  });
  return m;
}

function requireInt(v: unknown, object: string, field: string, min = 0, max = 2 ** 31 - 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new InputError(`must be an integer >= ${min}, got ${JSON.stringify(v)}`, object, field);
  }
  if (v > max) throw new InputError(`must be at most ${max}, got ${v}`, object, field);
  return v;
}

function nodeLabelSets(spec: ClusterSpec): Record<string, string>[] {
  return spec.nodes.map((n) => ({ ...(n.labels ?? {}), [HOSTNAME_KEY]: n.name }));
}

function labelsMatch(required: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(required).every(([k, v]) => labels[k] === v);
}

function termMatches(labels: Record<string, string>, term: NodeAffinityTermSpec): boolean {
  return labelsMatch(term.matchLabels, labels);
}

/** Kubernetes' `Toleration.ToleratesTaint`. */
export function tolerates(t: TolerationSpec, taint: TaintSpec): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  // An empty key with Equal matches nothing in Kubernetes; keep that.
  if (t.key === undefined || t.key === '') return false;
  return (t.value ?? '') === (taint.value ?? '');
}

function compileConstraint(
  c: TopologySpreadConstraintSpec,
  index: number,
  owner: PodTemplateSpec,
  spec: ClusterSpec,
  nodeLabels: Record<string, string>[],
  object: string,
): CompiledConstraint {
  const field = `topologySpreadConstraints[${index}]`;
  requireInt(c.maxSkew, object, `${field}.maxSkew`, 1);
  if (typeof c.topologyKey !== 'string' || c.topologyKey === '') throw new InputError('is required', object, `${field}.topologyKey`);
  if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
    throw new InputError(`must be DoNotSchedule or ScheduleAnyway, got ${JSON.stringify(c.whenUnsatisfiable)}`, object, `${field}.whenUnsatisfiable`);
  }
  const minDomains = c.minDomains ?? 1;
  requireInt(minDomains, object, `${field}.minDomains`, 1);
  const key = canonicalTopologyKey(c.topologyKey);
  const selector = c.labelSelector ?? owner.labels;
  // Value ids in first-seen node order (model.md §2.7 step 5; README: not Python set order).
  const values = new Map<string, number>();
  const domainOf = new Int32Array(spec.nodes.length + 1);
  nodeLabels.forEach((labels, i) => {
    const v = labels[key];
    if (v === undefined) return; // lacks the key: excluded from this constraint (decision 4)
    if (!values.has(v)) values.set(v, values.size + 1);
    domainOf[i + 1] = values.get(v)!;
  });
  const matchesTemplate = new Uint8Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((t, i) => {
    matchesTemplate[i + 1] = labelsMatch(selector, t.labels ?? {}) ? 1 : 0;
  });
  return {
    index,
    topologyKey: key,
    hard: c.whenUnsatisfiable === 'DoNotSchedule',
    maxSkew: c.maxSkew,
    minDomains,
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    domainOf,
    domainCount: values.size,
    domainNames: ['', ...values.keys()],
    matchesTemplate,
    selfMatch: labelsMatch(selector, owner.labels ?? {}) ? 1 : 0,
  };
}

function compileTemplate(
  t: PodTemplateSpec,
  spec: ClusterSpec,
  nodeIdx: Map<string, number>,
  nodeLabels: Record<string, string>[],
  namespaces: string[],
): CompiledTemplate {
  const object = `PodTemplate/${t.name}`;
  requireInt(t.cpuRequest, object, 'cpuRequest');
  requireInt(t.memoryRequest, object, 'memoryRequest');
  let nodeName = 0;
  if (t.nodeName !== undefined) {
    nodeName = nodeIdx.get(t.nodeName) ?? 0;
    if (nodeName === 0) throw new InputError(`node "${t.nodeName}" does not exist`, object, 'nodeName');
  }
  const N = spec.nodes.length;
  let requiredNodes: Uint8Array | null = null;
  let preferredWeight: Int32Array | null = null;
  const aff = t.nodeAffinity;
  const terms = aff?.required ?? [];
  if (terms.length > 0 || t.nodeSelector) {
    requiredNodes = new Uint8Array(N + 1);
    for (let n = 1; n <= N; n++) {
      const labels = nodeLabels[n - 1];
      const selectorOk = t.nodeSelector === undefined || labelsMatch(t.nodeSelector, labels);
      const termsOk = terms.length === 0 || terms.some((term) => termMatches(labels, term));
      requiredNodes[n] = selectorOk && termsOk ? 1 : 0;
    }
  }
  if (aff?.preferred && aff.preferred.length > 0) {
    preferredWeight = new Int32Array(N + 1);
    aff.preferred.forEach((p, i) => {
      requireInt(p.weight, object, `nodeAffinity.preferred[${i}].weight`, 1);
      for (let n = 1; n <= N; n++) if (termMatches(nodeLabels[n - 1], p.term)) preferredWeight![n] += p.weight;
    });
  }
  let untoleratedSchedule: Uint8Array | null = null;
  let untoleratedExecute: Uint8Array | null = null;
  let untoleratedPrefer: Int32Array | null = null;
  if (spec.nodes.some((n) => (n.taints ?? []).length > 0)) {
    untoleratedSchedule = new Uint8Array(N + 1);
    untoleratedExecute = new Uint8Array(N + 1);
    untoleratedPrefer = new Int32Array(N + 1);
    const tolerations = t.tolerations ?? [];
    spec.nodes.forEach((node, i) => {
      for (const taint of node.taints ?? []) {
        if (tolerations.some((tol) => tolerates(tol, taint))) continue;
        if (taint.effect === 'PreferNoSchedule') untoleratedPrefer![i + 1] += 1;
        else untoleratedSchedule![i + 1] = 1;
        if (taint.effect === 'NoExecute') untoleratedExecute![i + 1] = 1;
      }
    });
  }
  let cpuPattern: CompiledTemplate['cpuPattern'] = null;
  if (t.cpuPattern) {
    const { usage, at } = t.cpuPattern;
    if (!Array.isArray(usage) || usage.length === 0) throw new InputError('needs at least one usage value', object, 'cpuPattern.usage');
    if (!Array.isArray(at) || at.length !== usage.length) throw new InputError('must have one time per usage value', object, 'cpuPattern.at');
    usage.forEach((u, i) => requireInt(u, object, `cpuPattern.usage[${i}]`));
    at.forEach((x, i) => requireInt(x, object, `cpuPattern.at[${i}]`));
    cpuPattern = { usage: Int32Array.from(usage), at: Int32Array.from(at), maxAt: Math.max(...at) };
  }
  const constraints = (t.topologySpreadConstraints ?? SYSTEM_DEFAULT_CONSTRAINTS).map((c, i) =>
    compileConstraint(c, i, t, spec, nodeLabels, object),
  );
  const ns = t.namespace ?? 'default';
  if (!namespaces.includes(ns)) namespaces.push(ns);
  return {
    name: t.name,
    cpuRequest: t.cpuRequest,
    memRequest: t.memoryRequest,
    // A patterned pod starts at the pattern's first value (model.md §7.1.4).
    cpuUsage: cpuPattern ? cpuPattern.usage[0] : (t.cpuUsage ?? t.cpuRequest),
    memUsage: t.memoryUsage ?? t.memoryRequest,
    nodeName,
    requiredNodes,
    preferredWeight,
    untoleratedSchedule,
    untoleratedExecute,
    untoleratedPrefer,
    hard: constraints.filter((c) => c.hard),
    soft: constraints.filter((c) => !c.hard),
    systemDefaultSpread: t.topologySpreadConstraints === undefined,
    cpuPattern,
    critical: t.critical ?? false,
    namespace: namespaces.indexOf(ns),
  };
}

function compileHpa(h: HpaSpec, object: string, template: CompiledTemplate): CompiledHpa {
  requireInt(h.minReplicas, object, 'minReplicas', 1);
  requireInt(h.maxReplicas, object, 'maxReplicas', 1, MAX_REPLICAS);
  if (h.minReplicas > h.maxReplicas) {
    throw new InputError(`minReplicas (${h.minReplicas}) is greater than maxReplicas (${h.maxReplicas})`, object, 'minReplicas');
  }
  if (!Array.isArray(h.metrics) || h.metrics.length === 0) throw new InputError('at least one metric is required', object, 'metrics');
  const metrics: CompiledMetric[] = h.metrics.map((m, i) => {
    requireInt(m.target, object, `metrics[${i}].target`, 1);
    const resource = m.resource === 'cpu' ? 0 : m.resource === 'memory' ? 1 : -1;
    if (resource < 0) throw new InputError(`unsupported resource ${JSON.stringify(m.resource)} (cpu or memory)`, object, `metrics[${i}].resource`);
    const type = m.type === 'Utilization' ? 1 : m.type === 'AverageValue' ? 0 : -1;
    if (type < 0) throw new InputError(`unsupported target type ${JSON.stringify(m.type)} (Utilization or AverageValue)`, object, `metrics[${i}].type`);
    if (type === 1 && (resource === 0 ? template.cpuRequest : template.memRequest) === 0) {
      throw new InputError(`a Utilization target needs a ${m.resource} request in the pod template`, object, `metrics[${i}]`);
    }
    return { resource, type, target: m.target };
  });
  return { minReplicas: h.minReplicas, maxReplicas: h.maxReplicas, metrics };
}

function compileStrategy(st: StrategySpec | undefined, object: string): { type: number; surge: number; unavailable: number } {
  if (st === undefined) return { type: STRATEGY_RECREATE, surge: DEFAULT_PERCENT, unavailable: DEFAULT_PERCENT };
  if (st.type !== 'Recreate' && st.type !== 'RollingUpdate') {
    throw new InputError(`must be Recreate or RollingUpdate, got ${JSON.stringify(st.type)}`, object, 'strategy.type');
  }
  const surge = requireInt(st.maxSurge ?? DEFAULT_PERCENT, object, 'strategy.maxSurge');
  const unavailable = requireInt(st.maxUnavailable ?? DEFAULT_PERCENT, object, 'strategy.maxUnavailable');
  return { type: st.type === 'Recreate' ? STRATEGY_RECREATE : STRATEGY_ROLLING, surge, unavailable };
}

/** `spec`, `spec-1`, `spec+2` or a number (model.md §9.1: expReplicas may follow the live spec). */
function parseExpReplicas(v: unknown, object: string): { fromSpec: boolean; offset: number } {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { fromSpec: false, offset: v };
  if (typeof v === 'string') {
    const m = /^\s*spec\s*(?:([+-])\s*(\d+))?\s*$/.exec(v);
    if (m) return { fromSpec: true, offset: m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * Number(m[2]) };
    if (/^\s*\d+\s*$/.test(v)) return { fromSpec: false, offset: Number(v) };
  }
  throw new InputError(`must be a number or "spec", "spec-K", "spec+K", got ${JSON.stringify(v)}`, object, 'params.expReplicas');
}

const EVENT_KINDS: Record<EventSpec['kind'], number> = {
  eventCpuChange: EV_CPU_CHANGE,
  maintenance: EV_MAINTENANCE,
  kernelPanic: -1,
  nodeFailure: EV_NODE_FAILURE,
  createTargetDeployment: EV_CREATE_TARGET,
  applyDeployment: EV_APPLY,
  createDeployment: EV_CREATE,
  scaleDeployment: EV_SCALE,
};

const SCHEDULER_PLUGINS = ['NodeName', 'NodeAffinity', 'TaintToleration', 'NodeResourcesFit', 'PodTopologySpread'] as const;
/** The reference's weights (model.md §11.2). */
const DEFAULT_WEIGHTS = { NodeAffinity: 2, TaintToleration: 3, NodeResourcesFit: 1, PodTopologySpread: 2 } as const;

function compileScheduler(spec: ClusterSpec): CompiledSchedulerProfile {
  const disabled = new Set<string>(spec.scheduler?.disabled ?? []);
  for (const name of disabled) {
    if (!(SCHEDULER_PLUGINS as readonly string[]).includes(name)) throw new InputError(`unknown scheduler plugin "${name}"`, 'scheduler profile', 'disabled');
  }
  const weights = spec.scheduler?.weights ?? {};
  const weight = (name: keyof typeof DEFAULT_WEIGHTS): number => {
    if (disabled.has(name)) return 0;
    const w = weights[name] ?? DEFAULT_WEIGHTS[name];
    return requireInt(w, 'scheduler profile', `weights.${name}`);
  };
  for (const name of Object.keys(weights)) {
    if (!(name in DEFAULT_WEIGHTS)) throw new InputError(`"${name}" has no score`, 'scheduler profile', `weights.${name}`);
  }
  return {
    nodeName: !disabled.has('NodeName'),
    nodeAffinity: weight('NodeAffinity'),
    taintToleration: weight('TaintToleration'),
    nodeResourcesFit: weight('NodeResourcesFit'),
    podTopologySpread: weight('PodTopologySpread'),
    filters: {
      nodeAffinity: !disabled.has('NodeAffinity'),
      taintToleration: !disabled.has('TaintToleration'),
      nodeResourcesFit: !disabled.has('NodeResourcesFit'),
      podTopologySpread: !disabled.has('PodTopologySpread'),
    },
  };
}

/**
 * ClusterSpec → CompiledCluster. An input mistake found here is reported against the file the
 * object came from (spec.sources), when the loaders recorded it.
 */
export function compile(spec: ClusterSpec): CompiledCluster {
  try {
    return compileSpec(spec);
  } catch (e) {
    if (!(e instanceof InputError) || e.file !== undefined || !spec.sources) throw e;
    const owner = e.object?.replace(/^PodTemplate\//, 'Deployment/').replace(/ \(.*\)$/, '');
    const src = (e.object && spec.sources[e.object]) ?? (owner && spec.sources[owner]) ?? spec.sources['*'];
    if (!src) throw e;
    throw new InputError(src.line ? `${e.reason} (line ${src.line})` : e.reason, e.object, e.field, src.file);
  }
}

function compileSpec(spec: ClusterSpec): CompiledCluster {
  if (!Array.isArray(spec.nodes) || spec.nodes.length === 0) throw new InputError('the cluster has no nodes', `cluster ${spec.name}`, 'nodes');
  const nodeIdx = indexByName(spec.nodes, 'Node');
  const templateIdx = indexByName(spec.podTemplates, 'PodTemplate');
  const nodeLabels = nodeLabelSets(spec);
  spec.nodes.forEach((n) => {
    requireInt(n.cpu, `Node/${n.name}`, 'cpu');
    requireInt(n.memory, `Node/${n.name}`, 'memory');
    (n.taints ?? []).forEach((t, i) => {
      if (t.effect !== 'NoSchedule' && t.effect !== 'PreferNoSchedule' && t.effect !== 'NoExecute') {
        throw new InputError(`must be NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(t.effect)}`, `Node/${n.name}`, `taints[${i}].effect`);
      }
    });
  });
  const namespaces: string[] = [];
  const templates: CompiledTemplate[] = [null as unknown as CompiledTemplate];
  for (const t of spec.podTemplates) templates.push(compileTemplate(t, spec, nodeIdx, nodeLabels, namespaces));

  // Manifests may name deployments that do not exist yet: they get an absent slot (kubectl apply
  // or create brings them to life), named after the manifest (the reference left it unnamed).
  const deployments: DeploymentSpec[] = [...spec.deployments];
  const known = new Set(deployments.map((d) => d.name));
  for (const m of spec.manifests ?? []) {
    if (known.has(m.name)) continue;
    if (m.template === undefined) throw new InputError('a manifest for a new deployment needs a pod template', `Deployment/${m.name}`, 'template');
    deployments.push({ name: m.name, replicas: 0, template: m.template, created: false });
    known.add(m.name);
  }
  const depIdx = indexByName(deployments, 'Deployment');

  const hpas: CompiledHpa[] = [null as unknown as CompiledHpa];
  const depHpa: number[] = [0];
  for (const d of deployments) {
    const object = `Deployment/${d.name}`;
    requireInt(d.replicas, object, 'replicas', 0, MAX_REPLICAS);
    const t = templateIdx.get(d.template);
    if (!t) throw new InputError(`pod template "${d.template}" does not exist`, object, 'template');
    if (d.hpa) {
      hpas.push(compileHpa(d.hpa, `HorizontalPodAutoscaler/${d.name}`, templates[t]));
      depHpa.push(hpas.length - 1);
    } else depHpa.push(0);
  }

  const manifestIds = new Map<string, number>();
  const manifests: CompiledManifest[] = (spec.manifests ?? []).map((m, i) => {
    const id = m.id ?? m.name;
    const object = `manifest ${id}`;
    if (manifestIds.has(id)) throw new InputError(`duplicate manifest id "${id}"`, object, 'id');
    manifestIds.set(id, i);
    const d = depIdx.get(m.name)!;
    let template = 0;
    if (m.template !== undefined) {
      template = templateIdx.get(m.template) ?? 0;
      if (template === 0) throw new InputError(`pod template "${m.template}" does not exist`, object, 'template');
    }
    const replicas = requireInt(m.replicas ?? 1, object, 'replicas', 0, MAX_REPLICAS);
    const st = m.strategy === undefined ? null : compileStrategy(m.strategy, object);
    let hpa = 0;
    if (m.hpa) {
      const tmpl = templates[template || templateIdx.get(deployments[d - 1].template)!];
      hpas.push(compileHpa(m.hpa, `HorizontalPodAutoscaler/${m.name} (${object})`, tmpl));
      hpa = hpas.length - 1;
    }
    return {
      id, deployment: d, replicas, template,
      strategy: st ? st.type : -1, maxSurge: st ? st.surge : DEFAULT_PERCENT, maxUnavailable: st ? st.unavailable : DEFAULT_PERCENT,
      hpa, hpaGiven: m.hpa !== undefined,
    };
  });

  let kernelPanicOn = false;
  const events: CompiledEvent[] = [];
  spec.events.forEach((e, i) => {
    const object = `event #${i + 1} (${(e as { kind: string }).kind})`;
    const kind = EVENT_KINDS[e.kind];
    if (kind === undefined) throw new InputError(`unknown event kind ${JSON.stringify((e as { kind: string }).kind)}`, object, 'kind');
    if (kind === -1) {
      kernelPanicOn = true; // one watcher per node; timing flags do not apply (cases-and-inputs.md §2.7)
      return;
    }
    const ev: CompiledEvent = {
      kind, kindName: e.kind, deployment: 0, node: 0, parallel: 0, manifest: -1,
      afterStable: e.afterStable ?? false, first: e.first ?? false,
    };
    if (ev.first && ev.afterStable) throw new InputError('cannot be both first and afterStable', object, 'first');
    if (e.kind === 'eventCpuChange' || e.kind === 'createTargetDeployment') {
      ev.deployment = depIdx.get(e.deployment) ?? 0;
      if (ev.deployment === 0) throw new InputError(`deployment "${e.deployment}" does not exist`, object, 'deployment');
    } else if (e.kind === 'maintenance') {
      ev.parallel = requireInt(e.parallel, object, 'parallel', 1);
      if (events.some((x) => x.kind === EV_MAINTENANCE)) throw new InputError('only one maintenance event is supported', object, 'kind');
    } else if (e.kind === 'nodeFailure') {
      ev.node = nodeIdx.get(e.node) ?? 0;
      if (ev.node === 0) throw new InputError(`node "${e.node}" does not exist`, object, 'node');
    } else if (e.kind === 'applyDeployment' || e.kind === 'createDeployment') {
      ev.manifest = manifestIds.get(e.manifest) ?? -1;
      if (ev.manifest < 0) throw new InputError(`manifest "${e.manifest}" does not exist`, object, 'manifest');
      ev.deployment = manifests[ev.manifest].deployment;
    }
    events.push(ev);
  });

  const intents: number[] = [];
  const monitors: CompiledMonitor[] = [];
  spec.intents.forEach((it, i) => {
    const object = `intent #${i + 1} (${it.name})`;
    const info = intentByName(it.name);
    if (!info) throw new InputError(`unknown intent "${it.name}"`, object, 'name');
    if (!intents.includes(info.code)) intents.push(info.code);
    if (!MONITOR_INTENTS.includes(info.code)) return;
    const name = it.params?.deployment;
    if (typeof name !== 'string') throw new InputError('names no deployment', object, 'params.deployment');
    const d = depIdx.get(name) ?? 0;
    if (d === 0) throw new InputError(`deployment "${name}" does not exist`, object, 'params.deployment');
    const exp = info.user === 'replica_num_always_meet_exp' ? parseExpReplicas(it.params?.expReplicas, object) : { fromSpec: false, offset: 0 };
    const maxSkew = it.params?.maxSkew === undefined ? 2 : requireInt(it.params.maxSkew, object, 'params.maxSkew');
    monitors.push({ intent: info.code, deployment: d, expFromSpec: exp.fromSpec, expOffset: exp.offset, maxSkew });
  });
  // pod_always_schedulable is always checked (model.md §9.3), but only pursued if named or alone.
  const goalIntents = intents.length > 0 ? [...intents] : [NO_FEASIBLE_NODE];
  if (!intents.includes(NO_FEASIBLE_NODE)) intents.push(NO_FEASIBLE_NODE);
  if (intents.includes(KERNEL_PANIC) && !kernelPanicOn) {
    throw new InputError('no_kernel_panic needs the kernelPanic event (it watches the nodes)', 'intents', 'no_kernel_panic');
  }

  let descheduler: CompiledDeschedulerProfile[] | null = null;
  if (spec.descheduler) {
    descheduler = spec.descheduler.profiles.map((p, i) => {
      const object = `DeschedulerPolicy profile ${p.name ?? `#${i + 1}`}`;
      const plugins = p.plugins.map((name, j) => {
        if (name === 'RemoveDuplicates') return PLUGIN_REMOVE_DUPLICATES;
        if (name === 'RemovePodsViolatingTopologySpreadConstraint') return PLUGIN_TOPOLOGY_SPREAD;
        throw new InputError(`unsupported plugin ${JSON.stringify(name)}`, object, `plugins[${j}]`);
      });
      const constraints = p.constraints ?? ['DoNotSchedule'];
      return {
        name: p.name ?? `profile-${i + 1}`,
        plugins,
        evictSystemCriticalPods: p.evictSystemCriticalPods ?? false,
        balanceHard: constraints.includes('DoNotSchedule'),
        balanceSoft: constraints.includes('ScheduleAnyway'),
        // Per-pass eviction limits (model.md §7.7.2); the reference's default 5000 is "unlimited".
        maxPerNode: requireInt(p.maxNoOfPodsToEvictPerNode ?? 5000, object, 'maxNoOfPodsToEvictPerNode', 1),
        maxPerNamespace: requireInt(p.maxNoOfPodsToEvictPerNamespace ?? 5000, object, 'maxNoOfPodsToEvictPerNamespace', 1),
      };
    });
  }

  requireInt(spec.spareSlots, `cluster ${spec.name}`, 'spareSlots');
  const P = spec.pods.length + spec.spareSlots;
  if (P > MAX_OBJECTS || spec.nodes.length > MAX_OBJECTS) {
    throw new InputError(`is too large: ${spec.nodes.length} nodes and ${P} pod slots (kivi holds at most ${MAX_OBJECTS} of each)`, `cluster ${spec.name}`, undefined);
  }
  const layout = makeLayout({
    nodes: spec.nodes.length,
    pods: P,
    deployments: deployments.length,
    events: events.length,
    monitors: monitors.length,
    maintenance: events.some((e) => e.kind === EV_MAINTENANCE),
    kernelPanic: kernelPanicOn,
  });
  const s = new Int32Array(layout.words);
  s[G_INIT] = INIT_ENQUEUE;

  spec.nodes.forEach((n, i) => {
    const at = nodeAt(layout, i + 1);
    s[at + N_STATUS] = n.status === 'NotReady' ? NODE_DOWN : n.status === 'Unhealthy' ? NODE_UNHEALTHY : NODE_READY;
    s[at + N_CPU_LEFT] = n.cpu;
    s[at + N_MEM_LEFT] = n.memory;
  });
  deployments.forEach((d, i) => {
    const at = depAt(layout, i + 1);
    const st = compileStrategy(d.strategy, `Deployment/${d.name}`);
    s[at + D_STATUS] = d.created === false ? 0 : 1;
    s[at + D_SPEC] = d.replicas;
    s[at + D_TEMPLATE] = templateIdx.get(d.template)!;
    s[at + D_HPA] = depHpa[i + 1];
    s[at + D_STRATEGY] = st.type;
    s[at + D_MAX_SURGE] = st.surge;
    s[at + D_MAX_UNAVAILABLE] = st.unavailable;
  });

  const podNames: (string | null)[] = new Array(P + 1).fill(null);
  spec.pods.forEach((p, i) => {
    const slot = i + 1;
    const object = `Pod/${p.name ?? `#${slot}`}`;
    const owner = p.deployment === undefined ? 0 : depIdx.get(p.deployment) ?? -1;
    if (owner < 0) throw new InputError(`deployment "${p.deployment}" does not exist`, object, 'deployment');
    const tname = p.template ?? (owner > 0 ? deployments[owner - 1].template : undefined);
    if (tname === undefined) throw new InputError('a bare pod needs a template', object, 'template');
    const t = templateIdx.get(tname);
    if (!t) throw new InputError(`pod template "${tname}" does not exist`, object, 'template');
    const loc = p.node === undefined ? 0 : nodeIdx.get(p.node) ?? -1;
    if (loc < 0) throw new InputError(`node "${p.node}" does not exist`, object, 'node');
    if (p.phase !== 'Running' && p.phase !== 'Pending') throw new InputError(`unsupported phase ${JSON.stringify(p.phase)}`, object, 'phase');
    if (p.phase === 'Running' && loc === 0) throw new InputError('a running pod must be bound to a node', object, 'node');
    const at = podAt(layout, slot);
    const cpu = p.cpu ?? templates[t].cpuUsage;
    const mem = p.memory ?? templates[t].memUsage;
    requireInt(cpu, object, 'cpu');
    requireInt(mem, object, 'memory');
    s[at + P_STATUS] = p.phase === 'Running' ? POD_RUNNING : POD_PENDING;
    s[at + P_LOC] = loc;
    s[at + P_OWNER] = owner;
    s[at + P_TEMPLATE] = t;
    s[at + P_CPU] = cpu;
    s[at + P_MEM] = mem;
    s[at + P_CPU_IDX] = 1;
    podNames[slot] = p.name ?? (owner > 0 ? `${deployments[owner - 1].name}-${slot}` : `pod-${slot}`);
    if (loc > 0) {
      const nat = nodeAt(layout, loc);
      s[nat + N_CPU_LEFT] -= cpu;
      s[nat + N_MEM_LEFT] -= mem;
      s[nat + N_NUM_POD] += 1;
    }
    if (owner > 0) {
      const dat = depAt(layout, owner);
      if (p.phase === 'Running') {
        s[at + P_IN_RS] = 1;
        s[dat + D_REPLICAS] += 1;
      } else {
        s[dat + D_IN_CREATION] += 1;
      }
    }
    // A pending pod is work for the scheduler (unbound) or the kubelet (bound).
    if (p.phase === 'Pending') enqueue(s, layout, loc === 0 ? Q_SCH : Q_KBL, slot);
  });
  spec.nodes.forEach((n, i) => {
    const at = nodeAt(layout, i + 1);
    if (n.cpuLeft !== undefined) s[at + N_CPU_LEFT] = requireInt(n.cpuLeft, `Node/${n.name}`, 'cpuLeft', -(2 ** 30));
    if (n.memLeft !== undefined) s[at + N_MEM_LEFT] = requireInt(n.memLeft, `Node/${n.name}`, 'memLeft', -(2 ** 30));
  });
  events.forEach((e, i) => {
    const at = eventAt(layout, i);
    // Non-after-stable events are spawned with the controllers at time 0 (model.md §6.4).
    s[at + E_PHASE] = e.afterStable ? EVENT_UNSPAWNED : EVENT_READY;
    s[at + E_A] = e.kind === EV_MAINTENANCE ? 1 : 0; // maintenance starts at node 1; others: spawn time 0
  });

  return {
    name: spec.name,
    layout,
    nodeNames: ['', ...spec.nodes.map((n) => n.name)],
    nodeCpu: Int32Array.from([0, ...spec.nodes.map((n) => n.cpu)]),
    nodeMemory: Int32Array.from([0, ...spec.nodes.map((n) => n.memory)]),
    deploymentNames: ['', ...deployments.map((d) => d.name)],
    podNames,
    templates,
    hpas,
    manifests,
    templateMayChange: Uint8Array.from([0, ...deployments.map((d, i) => (manifests.some((m) => m.deployment === i + 1 && m.template !== 0 && m.template !== templateIdx.get(d.template)) ? 1 : 0))]),
    hpaOn: hpas.length > 1,
    taintsOn: spec.nodes.some((n) => (n.taints ?? []).length > 0),
    cpuPatternOn: templates.some((t, i) => i > 0 && t.cpuPattern !== null && t.cpuPattern.usage.length > 1),
    descheduler,
    scheduler: compileScheduler(spec),
    namespaces,
    events,
    hasAfterStableEvents: events.some((e) => e.afterStable),
    hasFirstEvents: events.some((e) => e.first),
    kernelPanicOn,
    intents,
    goalIntents,
    monitors,
    initial: s,
  };
}
