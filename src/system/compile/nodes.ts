/** Nodes: capacity and taint checks, and the labels each node shows to selectors and constraints. */
import type { ClusterSpec } from '../../model/cluster.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { LABEL_HOSTNAME } from '../../model/well-known-labels.js';
import type { CompiledNodeLifecycle, CompiledTaint } from '../../model/config.js';
import { compileTaintUniverse } from './taints.js';
import { compileNodeLifecycle } from './node-lifecycle.js';

export interface CompiledNodes {
  /** Names by node index (index 0 unused). */
  names: string[];
  /** Capacity by node index. */
  cpu: Int32Array;
  memory: Int32Array;
  /** Allocatable by node index: cpu and memory default to the capacity, pods to 110 (docs/model.md §8.2.2). */
  allocCpu: Int32Array;
  allocMem: Int32Array;
  allocPods: Int32Array;
  /** Requests taken outside the pod slots (DaemonSet pods, unchecked namespaces), by node index. */
  reservedCpu: Int32Array;
  reservedMem: Int32Array;
  reservedPods: Int32Array;
  /** Extended resources some template or DaemonSet requests; per node at n · R + r. */
  extended: string[];
  allocExtended: Int32Array;
  reservedExtended: Int32Array;
  /** Labels of node i + 1 at index i, the hostname label included. */
  labels: Record<string, string>[];
  /** Some node can have a taint: TaintToleration and the taint manager run. */
  taintsOn: boolean;
  /** The taint universe (docs/model.md §8.6) and its NoExecute bits. */
  taints: CompiledTaint[];
  noExecuteMask: number;
  nodeLifecycle: CompiledNodeLifecycle | null;
}

/**
 * The kubelet's default `maxPods` (pkg/kubelet/apis/config/v1beta1 defaults.go, SetDefaults_KubeletConfiguration),
 * which becomes a node's `status.allocatable.pods` when nothing else is set.
 */
export const DEFAULT_MAX_PODS = 110;

/** The extended resources pod templates and DaemonSets request, sorted: only those can fail a fit. */
export function extendedResourceNames(spec: ClusterSpec): string[] {
  const names = new Set<string>();
  for (const t of [...spec.podTemplates, ...(spec.daemonSets ?? []).map((d) => d.template)]) {
    for (const [k, v] of Object.entries(t.extendedRequests ?? {})) if (v > 0) names.add(k);
  }
  return [...names].sort();
}

/** Every node's labels plus `kubernetes.io/hostname` = its name, as the kubelet registers a node. */
function nodeLabelSets(spec: ClusterSpec): Record<string, string>[] {
  return spec.nodes.map((n) => ({ ...(n.labels ?? {}), [LABEL_HOSTNAME]: n.name }));
}

/** Check each node's capacity and taint effects; collect names, capacities and labels. */
export function compileNodes(spec: ClusterSpec): CompiledNodes {
  const labels = nodeLabelSets(spec);
  spec.nodes.forEach((n) => {
    requireInt(n.cpu, `Node/${n.name}`, 'cpu');
    requireInt(n.memory, `Node/${n.name}`, 'memory');
    (n.taints ?? []).forEach((t, i) => {
      if (t.effect !== 'NoSchedule' && t.effect !== 'PreferNoSchedule' && t.effect !== 'NoExecute') {
        throw new InputError(`must be NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(t.effect)}`, `Node/${n.name}`, `taints[${i}].effect`);
      }
    });
  });
  const per = (f: (n: ClusterSpec['nodes'][number]) => number): Int32Array => Int32Array.from([0, ...spec.nodes.map(f)]);
  const amount = (v: number | undefined, dflt: number, object: string, field: string): number =>
    v === undefined ? dflt : requireInt(v, object, field);
  const extended = extendedResourceNames(spec);
  const R = extended.length;
  const allocExtended = new Int32Array((spec.nodes.length + 1) * R);
  const reservedExtended = new Int32Array((spec.nodes.length + 1) * R);
  spec.nodes.forEach((n, i) => {
    extended.forEach((name, r) => {
      const v = n.allocatable?.extended?.[name];
      if (v !== undefined) allocExtended[(i + 1) * R + r] = requireInt(v, `Node/${n.name}`, `allocatable.${name}`);
      const x = n.reserved?.extended?.[name];
      if (x !== undefined) reservedExtended[(i + 1) * R + r] = requireInt(x, `Node/${n.name}`, `reserved.${name}`);
    });
  });
  return {
    names: ['', ...spec.nodes.map((n) => n.name)],
    extended,
    allocExtended,
    reservedExtended,
    allocCpu: per((n) => amount(n.allocatable?.cpu, n.cpu, `Node/${n.name}`, 'allocatable.cpu')),
    allocMem: per((n) => amount(n.allocatable?.memory, n.memory, `Node/${n.name}`, 'allocatable.memory')),
    allocPods: per((n) => amount(n.allocatable?.pods, DEFAULT_MAX_PODS, `Node/${n.name}`, 'allocatable.pods')),
    reservedCpu: per((n) => amount(n.reserved?.cpu, 0, `Node/${n.name}`, 'reserved.cpu')),
    reservedMem: per((n) => amount(n.reserved?.memory, 0, `Node/${n.name}`, 'reserved.memory')),
    reservedPods: per((n) => amount(n.reserved?.pods, 0, `Node/${n.name}`, 'reserved.pods')),
    cpu: Int32Array.from([0, ...spec.nodes.map((n) => n.cpu)]),
    memory: Int32Array.from([0, ...spec.nodes.map((n) => n.memory)]),
    labels,
    ...compileTaintUniverse(spec),
    nodeLifecycle: compileNodeLifecycle(spec, labels),
  };
}
