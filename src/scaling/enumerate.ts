/**
 * Setups from small to large (docs/scaling.md, "Setups, smallest first"): every count per node type (each
 * capped at 6), then every count per deployment type (capped at 6 pods per node and at
 * max_pod_per_node per node), sorted by total nodes, then total replicas, ties in enumeration
 * order. No setup has zero nodes or zero replicas.
 */
import type { ScalingOptions, ScalingTemplate, Setup } from './types.js';

export const CONFIDENT_NODE_SIZE = 6;
export const CONFIDENT_POD_SIZE_FACTOR = 6;

function next(c: number, fastFind: number): number {
  return fastFind === 1 && c >= 7 ? c + 2 : c + 1;
}

/**
 * The ranges the setups cover, for the report: `zone-a nodes 1..2, web replicas 3..4 (HPA 3..4)`.
 * Node counts are capped at maxNodesPerType; replica counts also by the pods per node allowed.
 */
export function describeBounds(t: ScalingTemplate, opts: ScalingOptions = {}): string {
  const nodeCap = opts.maxNodesPerType ?? CONFIDENT_NODE_SIZE;
  const range = (lo: number, hi: number): string => (lo === hi ? `${lo}` : `${lo}..${hi}`);
  const parts = t.nodeTypes.map((n) => `${n.label} nodes ${range(n.minSize, Math.min(n.maxSize, nodeCap))}`);
  for (const d of t.deploymentTypes) {
    const hpa = d.template.hpa;
    const own = hpa && d.keepHpaBounds ? ` (HPA ${hpa.minReplicas}..${hpa.maxReplicas} as given)` : hpa ? ` (HPA from the count to ${d.hpaFactor}× it)` : '';
    parts.push(`${d.label} replicas ${range(d.minSize, d.maxSize)}${own}`);
  }
  return parts.join(', ');
}

export function enumerateSetups(t: ScalingTemplate, opts: ScalingOptions = {}): Setup[] {
  const fast = opts.fastFind ?? 0;
  const nodeCap = opts.maxNodesPerType ?? CONFIDENT_NODE_SIZE;
  const podFactor = opts.podsPerNodeCap ?? CONFIDENT_POD_SIZE_FACTOR;
  const out: Setup[] = [];
  const seen = new Set<string>();
  const nodes: number[] = new Array(t.nodeTypes.length).fill(0);
  const deps: number[] = new Array(t.deploymentTypes.length).fill(0);

  const depLevel = (k: number, N: number): void => {
    if (k === t.deploymentTypes.length) {
      if (deps.reduce((a, b) => a + b, 0) === 0) return;
      const setup = { nodes: [...nodes], deployments: [...deps] };
      const key = JSON.stringify(setup);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(setup);
      }
      return;
    }
    const type = t.deploymentTypes[k];
    for (let c = type.minSize; c <= type.maxSize; c = next(c, fast)) {
      if (c > podFactor * N || c > t.maxPodPerNode * N) break;
      deps[k] = c;
      depLevel(k + 1, N);
    }
    deps[k] = 0;
  };
  const nodeLevel = (k: number): void => {
    if (k === t.nodeTypes.length) {
      const N = nodes.reduce((a, b) => a + b, 0);
      if (N > 0) depLevel(0, N);
      return;
    }
    const type = t.nodeTypes[k];
    for (let c = type.minSize; c <= type.maxSize; c = next(c, fast)) {
      if (c > nodeCap) break;
      nodes[k] = c;
      nodeLevel(k + 1);
    }
    nodes[k] = 0;
  };
  nodeLevel(0);
  const key = (s: Setup) => s.nodes.reduce((a, b) => a + b, 0) + s.deployments.reduce((a, b) => a + b, 0) / 1000;
  // Array.prototype.sort is stable: ties keep enumeration order.
  return out.sort((a, b) => key(a) - key(b));
}
