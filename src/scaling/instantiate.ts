/**
 * A setup becomes a concrete cluster (docs/scaling.md, "Setups, smallest first"): copies of each node type,
 * and each deployment type at its count, absent at first and created by a `first` command,
 * with its HPA's bounds derived from the count. Every setup starts from an empty cluster, and
 * its scheduler takes ties to the lowest index unless the profile sets `ties`.
 */
import type { ClusterSpec, DeploymentSpec, EventSpec, NodeSpec } from '../model/cluster.js';
import type { ScalingTemplate, Setup } from './types.js';

export function instantiate(t: ScalingTemplate, setup: Setup): ClusterSpec {
  const nodes: NodeSpec[] = [];
  t.nodeTypes.forEach((type, k) => {
    for (let i = 0; i < setup.nodes[k]; i++) nodes.push({ ...type.template, name: `${type.label}-${i + 1}` });
  });
  const N = nodes.length;
  const deployments: DeploymentSpec[] = [];
  const first: EventSpec[] = [];
  let spareSlots = 0;
  t.deploymentTypes.forEach((type, k) => {
    let spec = Math.min(Math.max(setup.deployments[k], type.minSize), type.maxSize);
    spec = Math.min(spec, t.maxPodPerNode * N);
    const d: DeploymentSpec = { ...type.template, replicas: spec, created: false };
    const cap = t.maxPodPerNode * N;
    if (type.template.hpa && type.keepHpaBounds) {
      // The user's HPA as written; only kivi's pod cap can lower its maximum.
      const maxReplicas = Math.max(1, Math.min(type.template.hpa.maxReplicas, cap));
      d.hpa = { ...type.template.hpa, minReplicas: Math.min(type.template.hpa.minReplicas, maxReplicas), maxReplicas };
    } else if (type.template.hpa) {
      d.hpa = { ...type.template.hpa, minReplicas: Math.max(1, spec), maxReplicas: Math.max(1, Math.min(spec * type.hpaFactor, t.maxPodPerNode * N)) };
    }
    deployments.push(d);
    first.push({ kind: 'createTargetDeployment', deployment: d.name, first: true });
    spareSlots += Math.max(spec, d.hpa?.maxReplicas ?? 0);
  });
  // A pinned node becomes the first node of its type here, else the first node (the reference
  // pinned by index, so "node 1" was always the first node of the setup).
  const podTemplates = t.base.podTemplates.map((pt) => {
    if (pt.nodeName === undefined) return pt;
    const type = t.pinnedTypes[pt.nodeName] ?? -1;
    const target = type >= 0 && setup.nodes[type] > 0 ? `${t.nodeTypes[type].label}-1` : nodes[0].name;
    return { ...pt, nodeName: target };
  });
  return {
    ...t.base,
    // Each setup takes ties to the lowest index unless the profile says otherwise: with every
    // tie branching, the larger setups outgrow the search (docs/model.md §8.2.4, docs/scaling.md).
    scheduler: { ties: 'lowest', ...t.base.scheduler },
    podTemplates,
    name: `${t.base.name} ${describeSetup(t, setup)}`,
    nodes,
    pods: [],
    deployments,
    spareSlots,
    events: [...first, ...t.base.events],
  };
}

/** `{zone-1 nodes: 1, zone-2 nodes: 2, app replicas: 3}`. */
export function describeSetup(t: ScalingTemplate, s: Setup): string {
  const parts = [
    ...t.nodeTypes.map((type, k) => `${type.label} nodes: ${s.nodes[k]}`),
    ...t.deploymentTypes.map((type, k) => `${type.label} replicas: ${s.deployments[k]}`),
  ];
  return `{${parts.join(', ')}}`;
}
