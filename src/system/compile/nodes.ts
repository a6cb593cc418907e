/** Nodes: capacity and taint checks, and the labels each node shows to selectors and constraints. */
import type { ClusterSpec } from '../../model/cluster.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { HOSTNAME_KEY } from './labels.js';

export interface CompiledNodes {
  /** Names by node index (index 0 unused). */
  names: string[];
  /** Capacity by node index. */
  cpu: Int32Array;
  memory: Int32Array;
  /** Labels of node i + 1 at index i, the hostname label included. */
  labels: Record<string, string>[];
  /** Some node has a taint: templates then need their untolerated-taint tables. */
  taintsOn: boolean;
}

/** Every node's labels plus `kubernetes.io/hostname` = its name, as the kubelet registers a node. */
function nodeLabelSets(spec: ClusterSpec): Record<string, string>[] {
  return spec.nodes.map((n) => ({ ...(n.labels ?? {}), [HOSTNAME_KEY]: n.name }));
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
  return {
    names: ['', ...spec.nodes.map((n) => n.name)],
    cpu: Int32Array.from([0, ...spec.nodes.map((n) => n.cpu)]),
    memory: Int32Array.from([0, ...spec.nodes.map((n) => n.memory)]),
    labels,
    taintsOn: spec.nodes.some((n) => (n.taints ?? []).length > 0),
  };
}
