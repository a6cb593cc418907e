/**
 * The scaling search's input from a cluster description (docs/scaling.md): the node and
 * deployment types with their bounds, from `spec.scaling`. Without explicit node types (the
 * built-in cases), each node gets back the usage of the pods placed on it ("the node as it was
 * before the app"), and nodes that are then equal in capacity, free room, status, labels and
 * taints form a type. Each deployment is a type.
 */
import type { ClusterSpec, EventSpec, NodeSpec, ScalingNodeTypeSpec, SizeRange } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import type { DeploymentType, NodeType, ScalingTemplate } from './types.js';

export function scalingTemplate(spec: ClusterSpec): ScalingTemplate {
  const s = spec.scaling;
  const file = spec.sources?.['*']?.file;
  if (spec.nodeGroups?.length) {
    // docs/model.md §8.10: the cluster autoscaler varies the node count itself.
    throw new InputError('the scaling search does not vary clusters with node groups (the cluster autoscaler sizes them): use -o', undefined, 'nodeGroups', file);
  }
  const types = s?.nodeTypes ?? (s?.nodeSize ? derivedNodeTypes(spec, s.nodeSize) : []);
  if (!s || types.length === 0) {
    throw new InputError('the scaling search needs node types with minSize and maxSize (or use -o)', undefined, 'nodesTypes', file);
  }
  const nodeTypes: NodeType[] = types.map((t) => ({
    label: t.label,
    template: { ...(t.template ?? spec.nodes.find((n) => n.name === t.nodes[0])!) },
    minSize: t.minSize,
    maxSize: t.maxSize,
  }));
  // A template pinned to a node (`nodeName`) is pinned to that node's type.
  const pinnedTypes: Record<string, number> = {};
  for (const t of spec.podTemplates) {
    if (t.nodeName === undefined) continue;
    if (!spec.nodes.some((n) => n.name === t.nodeName)) {
      // As compile() says with -o: the pod's manifest names a node the cluster does not have.
      // Named as the manifest names it: a bare Pod's template (recorded as PodTemplate/NAME) or a Deployment's.
      const name = t.name.replace(/^Pod\//, '');
      const pod = spec.sources?.[`PodTemplate/${t.name}`];
      const owner = pod ? `Pod/${name}` : `Deployment/${name}`;
      throw new InputError(`node "${t.nodeName}" does not exist`, owner, pod ? 'spec.nodeName' : 'spec.template.spec.nodeName', (pod ?? spec.sources?.[owner])?.file ?? file);
    }
    pinnedTypes[t.nodeName] = types.findIndex((type) => type.nodes.includes(t.nodeName!));
  }
  const deploymentTypes: DeploymentType[] = spec.deployments.map((d) => {
    const b = s.deployments[d.name];
    if (!b) throw new InputError('has no replica bounds for the scaling search', `Deployment/${d.name}`, undefined, file);
    if (b.minSize > b.maxSize) throw new InputError(`minSize (${b.minSize}) is greater than maxSize (${b.maxSize})`, `dTypes ${d.name}`, 'minSize', file);
    return { label: d.name, template: { ...d }, minSize: b.minSize, maxSize: b.maxSize, hpaFactor: b.hpaFactor, ...(b.keepHpaBounds ? { keepHpaBounds: true } : {}) };
  });
  // Each setup creates its deployments with `first` commands of its own.
  const created = (e: EventSpec): boolean => e.kind === 'createTargetDeployment' && (s.dropCreateEvents === true || e.first === true);
  const base = sharedPart(spec, (e) => !created(e));
  return { base, nodeTypes, deploymentTypes, maxPodPerNode: s.maxPodPerNode, pinnedTypes };
}

function typeKey(n: NodeSpec): string {
  return JSON.stringify([n.cpu, n.memory, n.cpuLeft ?? n.cpu, n.memLeft ?? n.memory, n.status ?? 'Ready', Object.entries(n.labels ?? {}).sort(), n.taints ?? [], n.allocatable ?? null, n.reserved ?? null]);
}

/** A short label for a node type: its distinguishing label values, else `type-k`. */
function labelFor(n: NodeSpec, k: number, all: NodeSpec[]): string {
  const entries = Object.entries(n.labels ?? {}).filter(([key]) => all.some((o) => (o.labels ?? {})[key] !== n.labels![key]));
  if (entries.length > 0) return entries.map(([key, v]) => `${key}-${v}`).join('-').replace(/[^A-Za-z0-9.-]/g, '-');
  if ((n.taints ?? []).length > 0 && all.some((o) => (o.taints ?? []).length === 0)) return 'tainted';
  if (all.some((o) => (o.taints ?? []).length > 0) && (n.taints ?? []).length === 0) return 'untainted';
  return all.length === 1 ? 'node' : `type-${k + 1}`;
}

/** Node types by equality, once each node has got back what its initial pods use. */
function derivedNodeTypes(spec: ClusterSpec, size: SizeRange): ScalingNodeTypeSpec[] {
  const nodes: NodeSpec[] = spec.nodes.map((n) => ({ ...n }));
  // Maps by name: a cluster of 10^5 nodes is read in linear time.
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const deploymentTemplate = new Map(spec.deployments.map((d) => [d.name, d.template]));
  const templates = new Map(spec.podTemplates.map((t) => [t.name, t]));
  for (const p of spec.pods) {
    if (!p.node) continue;
    const n = byName.get(p.node)!;
    const tname = p.template ?? (p.deployment !== undefined ? deploymentTemplate.get(p.deployment) : undefined);
    const t = tname ? templates.get(tname) : undefined;
    const cpu = p.cpu ?? t?.cpuUsage ?? t?.cpuRequest ?? 0;
    const mem = p.memory ?? t?.memoryUsage ?? t?.memoryRequest ?? 0;
    if (n.cpuLeft !== undefined) n.cpuLeft += cpu;
    if (n.memLeft !== undefined) n.memLeft += mem;
  }
  const groups = new Map<string, NodeSpec[]>();
  for (const n of nodes) {
    const key = typeKey(n);
    const group = groups.get(key);
    if (group) group.push(n);
    else groups.set(key, [n]);
  }
  const reps = [...groups.values()].map((g) => g[0]);
  return [...groups.values()].map((g, k) => {
    const n = g[0];
    return {
      label: labelFor(n, k, reps),
      nodes: g.map((x) => x.name),
      template: { ...n, cpuLeft: n.cpuLeft !== undefined && n.cpuLeft !== n.cpu ? n.cpuLeft : undefined, memLeft: n.memLeft !== undefined && n.memLeft !== n.memory ? n.memLeft : undefined },
      ...size,
    };
  });
}

/** What every setup of a cluster copies: all but its nodes, pods, deployments and scaling bounds, with `keep`'s events. */
function sharedPart(spec: ClusterSpec, keep: (e: EventSpec) => boolean): ScalingTemplate['base'] {
  const { nodes: _n, pods: _p, deployments: _d, spareSlots: _s, scaling: _b, ...base } = spec;
  void [_n, _p, _d, _s, _b];
  return { ...base, events: base.events.filter(keep) };
}
