/**
 * Setups from small to large (docs/scaling.md, "Setups, smallest first"): every count per node
 * type (each capped at 6), then every count per deployment type (capped at 6 pods per node and
 * at max_pod_per_node per node), ordered by total nodes, then total replicas, ties in
 * enumeration order (the first type's count varying slowest). No setup has zero nodes or zero
 * replicas.
 *
 * The setups are generated lazily, in that order (`setupsInOrder`): ten node types of up to six
 * nodes each are 7¹⁰ setups, which the search never needs all of, and which do not fit in
 * memory. `countSetups` counts them without listing them.
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

/** The counts a type can take, ascending, at most `cap`. */
function counts(minSize: number, maxSize: number, cap: number, fast: number): number[] {
  const out: number[] = [];
  for (let c = minSize; c <= maxSize && c <= cap; c = next(c, fast)) out.push(c);
  return out;
}

interface Axes {
  nodeCounts: number[][];
  /** Counts per deployment type before the per-size cap. */
  depCounts: number[][];
  /** Pods a cluster of N nodes may have per deployment type: perNode · N. */
  perNode: number;
}

function axes(t: ScalingTemplate, opts: ScalingOptions): Axes {
  const fast = opts.fastFind ?? 0;
  const nodeCap = opts.maxNodesPerType ?? CONFIDENT_NODE_SIZE;
  const podFactor = opts.podsPerNodeCap ?? CONFIDENT_POD_SIZE_FACTOR;
  return {
    nodeCounts: t.nodeTypes.map((type) => counts(type.minSize, type.maxSize, nodeCap, fast)),
    depCounts: t.deploymentTypes.map((type) => counts(type.minSize, type.maxSize, Number.POSITIVE_INFINITY, fast)),
    perNode: Math.min(podFactor, t.maxPodPerNode),
  };
}

const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
const maxOf = (a: readonly number[]): number => (a.length === 0 ? 0 : a[a.length - 1]);

/** Every vector of one value per axis summing to `target`, in lexicographic order. */
function* vectors(values: readonly number[][], target: number): Generator<number[]> {
  const k = values.length;
  // The least and most the axes from i on can add up to.
  const least = new Array<number>(k + 1).fill(0);
  const most = new Array<number>(k + 1).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    least[i] = least[i + 1] + (values[i][0] ?? 0);
    most[i] = most[i + 1] + maxOf(values[i]);
  }
  if (k === 0 || values.some((v) => v.length === 0) || target < least[0] || target > most[0]) return;
  const pick = new Array<number>(k).fill(0);
  function* at(i: number, left: number): Generator<number[]> {
    if (i === k) {
      if (left === 0) yield [...pick];
      return;
    }
    for (const c of values[i]) {
      if (c + least[i + 1] > left) break;
      if (c + most[i + 1] < left) continue;
      pick[i] = c;
      yield* at(i + 1, left - c);
    }
  }
  yield* at(0, target);
}

/** The deployment counts allowed in a cluster of N nodes. */
function depCountsFor(a: Axes, N: number): number[][] {
  return a.depCounts.map((v) => v.filter((c) => c <= a.perNode * N));
}

/** The setups, smallest first, generated one at a time. */
export function* setupsInOrder(t: ScalingTemplate, opts: ScalingOptions = {}): Generator<Setup> {
  const a = axes(t, opts);
  const maxNodes = sum(a.nodeCounts.map(maxOf));
  for (let N = 1; N <= maxNodes; N++) {
    const deps = depCountsFor(a, N);
    if (deps.some((v) => v.length === 0)) continue;
    const maxReplicas = sum(deps.map(maxOf));
    for (let R = 1; R <= maxReplicas; R++) {
      for (const nodes of vectors(a.nodeCounts, N)) {
        for (const deployments of vectors(deps, R)) yield { nodes, deployments };
      }
    }
  }
}

/** How many vectors of `values` sum to each total (index = total). */
function sumCounts(values: readonly number[][]): number[] {
  let ways = [1];
  for (const v of values) {
    const out = new Array<number>(ways.length + maxOf(v)).fill(0);
    ways.forEach((w, s) => {
      if (w !== 0) for (const c of v) out[s + c] += w;
    });
    ways = out;
  }
  return ways;
}

/** How many setups `setupsInOrder` yields, without listing them. */
export function countSetups(t: ScalingTemplate, opts: ScalingOptions = {}): number {
  const a = axes(t, opts);
  const byNodes = sumCounts(a.nodeCounts);
  let total = 0;
  for (let N = 1; N < byNodes.length; N++) {
    if (byNodes[N] === 0) continue;
    const deps = depCountsFor(a, N);
    if (deps.length === 0) continue;
    // Every combination but the one with no replicas at all.
    const combos = deps.reduce((p, v) => p * v.length, 1) - (deps.every((v) => v[0] === 0) ? 1 : 0);
    total += byNodes[N] * combos;
  }
  return total;
}

/** Every setup, as a list (tests, and -fd 3 for small searches). */
export function enumerateSetups(t: ScalingTemplate, opts: ScalingOptions = {}): Setup[] {
  return [...setupsInOrder(t, opts)];
}
