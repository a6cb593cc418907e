/**
 * The cluster as a reader sees it after a step: nodes with their labels and status, the pods
 * bound to each, and the pods that wait for a node. Made from a replayed state, for reports that
 * draw the cluster (`--report`), so that no report decodes a state or steps the model.
 */
import type { ClusterSpec } from '../model/cluster.js';
import { podName, type CompiledCluster } from '../model/config.js';
import {
  N_STATUS, NODE_ABSENT, NODE_READY, NODE_UNHEALTHY, P_LOC, P_STATUS, POD_FREE, POD_PENDING, POD_RUNNING, nodeAt, podAt,
} from '../model/layout.js';

export type PodPhase = 'running' | 'pending' | 'terminating';

export interface NodeSnapshot {
  name: string;
  labels: Record<string, string>;
  status: 'ready' | 'unhealthy' | 'down';
  pods: Array<{ name: string; phase: PodPhase }>;
}

export interface ClusterSnapshot {
  nodes: NodeSnapshot[];
  /** Pods that no node has taken yet. */
  unbound: string[];
}

export function clusterSnapshot(cfg: CompiledCluster, spec: ClusterSpec, s: Int32Array): ClusterSnapshot {
  const l = cfg.layout;
  const nodes: NodeSnapshot[] = [];
  const byIndex: (NodeSnapshot | undefined)[] = [undefined];
  const labelsOf = new Map(spec.nodes.map((n) => [n.name, n.labels ?? {}]));
  for (const g of spec.nodeGroups ?? []) for (let k = 1; k <= g.maxSize; k++) labelsOf.set(`${g.name}-${k}`, g.template.labels ?? {});
  for (let n = 1; n <= l.nodes; n++) {
    const status = s[nodeAt(l, n) + N_STATUS];
    if (status === NODE_ABSENT) {
      byIndex.push(undefined); // a node-group slot with no node (docs/model.md §8.10)
      continue;
    }
    const node: NodeSnapshot = {
      name: cfg.nodeNames[n],
      labels: { ...(labelsOf.get(cfg.nodeNames[n]) ?? {}) },
      status: status === NODE_READY ? 'ready' : status === NODE_UNHEALTHY ? 'unhealthy' : 'down',
      pods: [],
    };
    nodes.push(node);
    byIndex.push(node);
  }
  const unbound: string[] = [];
  for (let q = 1; q <= l.pods; q++) {
    const at = podAt(l, q);
    const st = s[at + P_STATUS];
    if (st === POD_FREE) continue;
    const loc = s[at + P_LOC];
    if (loc === 0) {
      if (st === POD_PENDING) unbound.push(podName(cfg, s, q));
      continue;
    }
    byIndex[loc]?.pods.push({ name: podName(cfg, s, q), phase: st === POD_RUNNING ? 'running' : st === POD_PENDING ? 'pending' : 'terminating' });
  }
  return { nodes, unbound };
}
