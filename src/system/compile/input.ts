/** Checks that every compile step applies to raw input: integers in range, present and unique names. */
import type { ClusterSpec } from '../../model/cluster.js';
import { InputError } from '../../model/errors.js';

/** `v` itself when it is an integer in [min, max]; otherwise an InputError on `object`'s `field`. */
export function requireInt(v: unknown, object: string, field: string, min = 0, max = 2 ** 31 - 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new InputError(`must be an integer >= ${min}, got ${JSON.stringify(v)}`, object, field);
  }
  if (v > max) throw new InputError(`must be at most ${max}, got ${v}`, object, field);
  return v;
}

/** Name → 1-based index of `items`; every item needs a name, and no name may repeat. */
export function indexByName<T extends { name: string }>(items: T[], kind: string): Map<string, number> {
  const m = new Map<string, number>();
  items.forEach((it, i) => {
    if (typeof it.name !== 'string' || it.name === '') throw new InputError('a name is required', `${kind} #${i + 1}`, 'name');
    if (m.has(it.name)) throw new InputError(`duplicate name "${it.name}"`, `${kind}/${it.name}`, 'name');
    m.set(it.name, i + 1);
  });
  return m;
}

/** Nodes and pod templates by name (deployments are indexed once manifests have added theirs). */
export interface ObjectIndex {
  nodes: Map<string, number>;
  templates: Map<string, number>;
}

/** Index nodes and pod templates by name; a cluster needs at least one node. */
export function indexObjects(spec: ClusterSpec): ObjectIndex {
  if (!Array.isArray(spec.nodes) || spec.nodes.length === 0) throw new InputError('the cluster has no nodes', `cluster ${spec.name}`, 'nodes');
  return { nodes: indexByName(spec.nodes, 'Node'), templates: indexByName(spec.podTemplates, 'PodTemplate') };
}
