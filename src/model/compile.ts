/**
 * ClusterSpec → CompiledCluster: static configuration plus the initial state vector
 * (`model.md` §2.7 preprocessing, with README decision 4's label semantics).
 */
import type { ClusterSpec, NodeAffinityTermSpec, PodTemplateSpec, TopologySpreadConstraintSpec } from './cluster.js';
import type { CompiledCluster, CompiledConstraint, CompiledEvent, CompiledMetric, CompiledTemplate } from './config.js';
import { InputError } from './errors.js';
import {
  D_HPA_ENABLED, D_HPA_MAX, D_HPA_MIN, D_IN_CREATION, D_REPLICAS, D_SPEC, D_STATUS, D_TEMPLATE,
  E_PHASE, E_SPAWN_TIME, G_INIT, INIT_ENQUEUE, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, N_STATUS,
  NODE_DOWN, NODE_READY, NODE_UNHEALTHY, P_CPU, P_CPU_IDX, P_IN_RS, P_LOC, P_MEM, P_OWNER, P_STATUS,
  P_TEMPLATE, POD_PENDING, POD_RUNNING, Q_KBL, Q_SCH, depAt, eventAt, makeLayout, nodeAt, podAt,
} from './layout.js';
import { enqueue } from './queues.js';
import { intentByName, NO_FEASIBLE_NODE } from '../intents/catalog.js';
import { EVENT_POLLING, EVENT_UNSPAWNED } from '../controllers/events/phases.js';

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

function indexByName<T extends { name: string }>(items: T[], kind: string): Map<string, number> {
  const m = new Map<string, number>();
  items.forEach((it, i) => {
    if (typeof it.name !== 'string' || it.name === '') throw new InputError('a name is required', `${kind} #${i + 1}`, 'name');
    if (m.has(it.name)) throw new InputError(`duplicate name "${it.name}"`, `${kind}/${it.name}`, 'name');
    m.set(it.name, i + 1);
  });
  return m;
}

function requireInt(v: unknown, object: string, field: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new InputError(`must be an integer >= ${min}, got ${JSON.stringify(v)}`, object, field);
  }
  return v;
}

function nodeLabelSets(spec: ClusterSpec): Record<string, string>[] {
  return spec.nodes.map((n) => ({ ...(n.labels ?? {}), [HOSTNAME_KEY]: n.name }));
}

function termMatches(labels: Record<string, string>, term: NodeAffinityTermSpec): boolean {
  return Object.entries(term.matchLabels).every(([k, v]) => labels[k] === v);
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
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
    matchesTemplate[i + 1] = selectorMatches(selector, t.labels ?? {}) ? 1 : 0;
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
    matchesTemplate,
    selfMatch: selectorMatches(selector, owner.labels ?? {}) ? 1 : 0,
  };
}

function compileTemplate(
  t: PodTemplateSpec,
  spec: ClusterSpec,
  nodeIdx: Map<string, number>,
  nodeLabels: Record<string, string>[],
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
  if (aff?.required && aff.required.length > 0) {
    requiredNodes = new Uint8Array(N + 1);
    for (let n = 1; n <= N; n++) requiredNodes[n] = aff.required.some((term) => termMatches(nodeLabels[n - 1], term)) ? 1 : 0;
  }
  if (aff?.preferred && aff.preferred.length > 0) {
    preferredWeight = new Int32Array(N + 1);
    aff.preferred.forEach((p, i) => {
      requireInt(p.weight, object, `nodeAffinity.preferred[${i}].weight`, 1);
      for (let n = 1; n <= N; n++) if (termMatches(nodeLabels[n - 1], p.term)) preferredWeight![n] += p.weight;
    });
  }
  const constraints = (t.topologySpreadConstraints ?? SYSTEM_DEFAULT_CONSTRAINTS).map((c, i) =>
    compileConstraint(c, i, t, spec, nodeLabels, object),
  );
  return {
    name: t.name,
    cpuRequest: t.cpuRequest,
    memRequest: t.memoryRequest,
    cpuUsage: t.cpuUsage ?? t.cpuRequest,
    memUsage: t.memoryUsage ?? t.memoryRequest,
    nodeName,
    requiredNodes,
    preferredWeight,
    hard: constraints.filter((c) => c.hard),
    soft: constraints.filter((c) => !c.hard),
    systemDefaultSpread: t.topologySpreadConstraints === undefined,
  };
}

export function compile(spec: ClusterSpec): CompiledCluster {
  if (spec.nodes.length === 0) throw new InputError('the cluster has no nodes', `cluster ${spec.name}`, 'nodes');
  const nodeIdx = indexByName(spec.nodes, 'Node');
  const templateIdx = indexByName(spec.podTemplates, 'PodTemplate');
  const depIdx = indexByName(spec.deployments, 'Deployment');
  const nodeLabels = nodeLabelSets(spec);
  spec.nodes.forEach((n) => {
    requireInt(n.cpu, `Node/${n.name}`, 'cpu');
    requireInt(n.memory, `Node/${n.name}`, 'memory');
  });
  const templates: CompiledTemplate[] = [null as unknown as CompiledTemplate];
  for (const t of spec.podTemplates) templates.push(compileTemplate(t, spec, nodeIdx, nodeLabels));

  const hpaMetrics: CompiledMetric[][] = [[]];
  for (const d of spec.deployments) {
    const object = `Deployment/${d.name}`;
    requireInt(d.replicas, object, 'replicas');
    const t = templateIdx.get(d.template);
    if (!t) throw new InputError(`pod template "${d.template}" does not exist`, object, 'template');
    const metrics: CompiledMetric[] = [];
    if (d.hpa) {
      const h = `HorizontalPodAutoscaler/${d.name}`;
      requireInt(d.hpa.minReplicas, h, 'minReplicas', 1);
      requireInt(d.hpa.maxReplicas, h, 'maxReplicas', 1);
      if (d.hpa.minReplicas > d.hpa.maxReplicas) {
        throw new InputError(`minReplicas (${d.hpa.minReplicas}) is greater than maxReplicas (${d.hpa.maxReplicas})`, h, 'minReplicas');
      }
      if (d.hpa.metrics.length === 0) throw new InputError('at least one metric is required', h, 'metrics');
      d.hpa.metrics.forEach((m, i) => {
        requireInt(m.target, h, `metrics[${i}].target`, 1);
        const resource = m.resource === 'cpu' ? 0 : m.resource === 'memory' ? 1 : -1;
        if (resource < 0) throw new InputError(`unsupported resource ${JSON.stringify(m.resource)} (cpu or memory)`, h, `metrics[${i}].resource`);
        const type = m.type === 'Utilization' ? 1 : m.type === 'AverageValue' ? 0 : -1;
        if (type < 0) throw new InputError(`unsupported target type ${JSON.stringify(m.type)} (Utilization or AverageValue)`, h, `metrics[${i}].type`);
        const tmpl = templates[t];
        if (type === 1 && (resource === 0 ? tmpl.cpuRequest : tmpl.memRequest) === 0) {
          throw new InputError(`a Utilization target needs a ${m.resource} request in the pod template`, h, `metrics[${i}]`);
        }
        metrics.push({ resource, type, target: m.target });
      });
    }
    hpaMetrics.push(metrics);
  }

  const events: CompiledEvent[] = spec.events.map((e, i) => {
    const object = `event #${i + 1} (${e.kind})`;
    if (e.kind !== 'eventCpuChange') throw new InputError(`unsupported event kind ${JSON.stringify(e.kind)}`, object, 'kind');
    const d = depIdx.get(e.deployment);
    if (!d) throw new InputError(`deployment "${e.deployment}" does not exist`, object, 'deployment');
    return { kind: e.kind, deployment: d, afterStable: e.afterStable ?? false };
  });

  const intents: number[] = [];
  spec.intents.forEach((it, i) => {
    const info = intentByName(it.name);
    if (!info) throw new InputError(`unknown intent "${it.name}"`, `intent #${i + 1}`, 'name');
    if (!info.supported) throw new InputError(`intent "${info.user}" is not supported by this version of kivi yet`, `intent #${i + 1}`, 'name');
    if (!intents.includes(info.code)) intents.push(info.code);
  });
  // pod_always_schedulable is always checked (model.md §9.3).
  if (!intents.includes(NO_FEASIBLE_NODE)) intents.push(NO_FEASIBLE_NODE);

  requireInt(spec.spareSlots, `cluster ${spec.name}`, 'spareSlots');
  const P = spec.pods.length + spec.spareSlots;
  const layout = makeLayout(spec.nodes.length, P, spec.deployments.length, events.length);
  const s = new Int32Array(layout.words);
  s[G_INIT] = INIT_ENQUEUE;

  spec.nodes.forEach((n, i) => {
    const at = nodeAt(layout, i + 1);
    s[at + N_STATUS] = n.status === 'NotReady' ? NODE_DOWN : n.status === 'Unhealthy' ? NODE_UNHEALTHY : NODE_READY;
    s[at + N_CPU_LEFT] = n.cpu;
    s[at + N_MEM_LEFT] = n.memory;
  });
  spec.deployments.forEach((d, i) => {
    const at = depAt(layout, i + 1);
    s[at + D_STATUS] = d.created === false ? 0 : 1;
    s[at + D_SPEC] = d.replicas;
    s[at + D_TEMPLATE] = templateIdx.get(d.template)!;
    if (d.hpa) {
      s[at + D_HPA_ENABLED] = 1;
      s[at + D_HPA_MIN] = d.hpa.minReplicas;
      s[at + D_HPA_MAX] = d.hpa.maxReplicas;
    }
  });

  const podNames: (string | null)[] = new Array(P + 1).fill(null);
  spec.pods.forEach((p, i) => {
    const slot = i + 1;
    const object = `Pod/${p.name ?? `#${slot}`}`;
    const owner = p.deployment === undefined ? 0 : depIdx.get(p.deployment) ?? -1;
    if (owner < 0) throw new InputError(`deployment "${p.deployment}" does not exist`, object, 'deployment');
    const tname = p.template ?? (owner > 0 ? spec.deployments[owner - 1].template : undefined);
    if (tname === undefined) throw new InputError('a bare pod needs a template', object, 'template');
    const t = templateIdx.get(tname);
    if (!t) throw new InputError(`pod template "${tname}" does not exist`, object, 'template');
    const loc = p.node === undefined ? 0 : nodeIdx.get(p.node) ?? -1;
    if (loc < 0) throw new InputError(`node "${p.node}" does not exist`, object, 'node');
    if (p.phase === 'Running' && loc === 0) throw new InputError('a running pod must be bound to a node', object, 'node');
    if (p.phase !== 'Running' && p.phase !== 'Pending') throw new InputError(`unsupported phase ${JSON.stringify(p.phase)}`, object, 'phase');
    const at = podAt(layout, slot);
    const cpu = p.cpu ?? templates[t].cpuUsage;
    const mem = p.memory ?? templates[t].memUsage;
    s[at + P_STATUS] = p.phase === 'Running' ? POD_RUNNING : POD_PENDING;
    s[at + P_LOC] = loc;
    s[at + P_OWNER] = owner;
    s[at + P_TEMPLATE] = t;
    s[at + P_CPU] = cpu;
    s[at + P_MEM] = mem;
    s[at + P_CPU_IDX] = 1;
    podNames[slot] = p.name ?? (owner > 0 ? `${spec.deployments[owner - 1].name}-${slot}` : `pod-${slot}`);
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
    s[at + E_PHASE] = e.afterStable ? EVENT_UNSPAWNED : EVENT_POLLING;
    s[at + E_SPAWN_TIME] = 0;
  });

  return {
    name: spec.name,
    layout,
    nodeNames: ['', ...spec.nodes.map((n) => n.name)],
    deploymentNames: ['', ...spec.deployments.map((d) => d.name)],
    podNames,
    templates,
    hpaMetrics,
    hpaOn: spec.deployments.some((d) => d.hpa !== undefined),
    events,
    hasAfterStableEvents: events.some((e) => e.afterStable),
    intents,
    initial: s,
  };
}
