/**
 * Types from a concrete cluster (`cases-and-inputs.md` §5.1): each node gets back the usage of
 * the pods placed on it ("the node as it was before the app"), nodes that are then equal in
 * capacity, free room, status, labels and taints form a type, and each deployment is a type.
 * Bounds come from the caller (the built-in cases' table, or the cluster profile).
 */
import type { ClusterSpec, EventSpec, NodeSpec } from '../model/cluster.js';
import type { DeploymentType, NodeType, ScalingTemplate } from './types.js';

export interface Bounds {
  nodeMin: number;
  nodeMax: number;
  deploymentMin: number;
  deploymentMax: number;
  hpaFactor: number;
  maxPodPerNode: number;
}

function typeKey(n: NodeSpec): string {
  return JSON.stringify([n.cpu, n.memory, n.cpuLeft ?? n.cpu, n.memLeft ?? n.memory, n.status ?? 'Ready', Object.entries(n.labels ?? {}).sort(), n.taints ?? []]);
}

/** A short label for a node type: its distinguishing label values, else `type-k`. */
function labelFor(n: NodeSpec, k: number, all: NodeSpec[]): string {
  const entries = Object.entries(n.labels ?? {}).filter(([key]) => all.some((o) => (o.labels ?? {})[key] !== n.labels![key]));
  if (entries.length > 0) return entries.map(([key, v]) => `${key}-${v}`).join('-').replace(/[^A-Za-z0-9.-]/g, '-');
  if ((n.taints ?? []).length > 0 && all.some((o) => (o.taints ?? []).length === 0)) return 'tainted';
  if (all.some((o) => (o.taints ?? []).length > 0) && (n.taints ?? []).length === 0) return 'untainted';
  return all.length === 1 ? 'node' : `type-${k + 1}`;
}

export function templateFromSpec(spec: ClusterSpec, b: Bounds): ScalingTemplate {
  // Give each node back what the initial pods use.
  const nodes: NodeSpec[] = spec.nodes.map((n) => ({ ...n }));
  const templates = new Map(spec.podTemplates.map((t) => [t.name, t]));
  for (const p of spec.pods) {
    if (!p.node) continue;
    const n = nodes.find((x) => x.name === p.node)!;
    const tname = p.template ?? spec.deployments.find((d) => d.name === p.deployment)?.template;
    const t = tname ? templates.get(tname) : undefined;
    const cpu = p.cpu ?? t?.cpuUsage ?? t?.cpuRequest ?? 0;
    const mem = p.memory ?? t?.memoryUsage ?? t?.memoryRequest ?? 0;
    if (n.cpuLeft !== undefined) n.cpuLeft += cpu;
    if (n.memLeft !== undefined) n.memLeft += mem;
  }
  const groups = new Map<string, NodeSpec[]>();
  for (const n of nodes) {
    const key = typeKey(n);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const groupList = [...groups.values()];
  const reps = groupList.map((g) => g[0]);
  const pinnedTypes: Record<string, number> = {};
  for (const t of spec.podTemplates) {
    if (t.nodeName !== undefined) pinnedTypes[t.nodeName] = groupList.findIndex((g) => g.some((n) => n.name === t.nodeName));
  }
  const nodeTypes: NodeType[] = reps.map((n, k) => ({
    label: labelFor(n, k, reps),
    template: { ...n, cpuLeft: n.cpuLeft !== undefined && n.cpuLeft !== n.cpu ? n.cpuLeft : undefined, memLeft: n.memLeft !== undefined && n.memLeft !== n.memory ? n.memLeft : undefined },
    minSize: b.nodeMin,
    maxSize: b.nodeMax,
  }));
  const deploymentTypes: DeploymentType[] = spec.deployments.map((d) => ({
    label: d.name,
    template: { ...d },
    minSize: b.deploymentMin,
    maxSize: b.deploymentMax,
    hpaFactor: b.hpaFactor,
  }));
  // The deployments are created by each setup's own `first` command; drop the case's.
  const base = sharedPart(spec, (e) => e.kind !== 'createTargetDeployment' || e.first !== true);
  return { base, nodeTypes, deploymentTypes, maxPodPerNode: b.maxPodPerNode, pinnedTypes };
}

/** What every setup of a cluster copies: all but its nodes, pods and deployments, with `keep`'s events. */
export function sharedPart(spec: ClusterSpec, keep: (e: EventSpec) => boolean): ScalingTemplate['base'] {
  const { nodes: _n, pods: _p, deployments: _d, spareSlots: _s, ...base } = spec;
  void [_n, _p, _d, _s];
  return { ...base, events: base.events.filter(keep) };
}
