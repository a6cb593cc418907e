/**
 * Interchangeable nodes (docs/model.md §8.2.4). When several nodes share the best score, the
 * model makes each a successor; two *twins* give mirror images of one another, so one of them,
 * the lower index, is enough. Twins are exact, which is what makes merging them sound:
 *
 * - **statically symmetric** (`staticClasses`): swapping the two nodes' indices leaves the
 *   compiled cluster as it was and no process orders them by index. Every node-indexed array of
 *   the compiled cluster holds the same value at both (found by walking it, so a new per-node
 *   field counts without being listed here); for every spread constraint and pod-affinity term
 *   they share a domain, or each is alone in its own (the hostname) unless the descheduler's
 *   topology-spread balancing, which orders equal domains by value id, reads the constraint;
 *   no event or template names either (`nodeFailure`, `cordon`, `uncordon`, `drain`,
 *   `spec.nodeName`). A process that may order nodes by index (`indexOrdered`: some
 *   descheduler plugins, the cluster autoscaler, preemption) leaves no two nodes symmetric.
 * - **fixed by the swap in the state** (`twins`): the same node words (free amounts, status, pod
 *   count, maintained, cordoned), the same kernel-panic, maintenance and autoscaler words, no
 *   pod nominated to either (preemption); a rolling maintenance that visits nodes in index
 *   order (where the symmetry reduction does not apply) done or past both; no pod slot bound to either (a pod is a
 *   numbered slot, and the lowest-slot rules of scale-down, eviction and creation tell slots
 *   apart, so two nodes holding pods are never exchangeable), and neither waiting in the node
 *   controller's queue.
 *
 * Then the swap maps the state to itself and every transition to a transition, so the successor
 * that takes the higher index is the mirror of the one that takes the lower: whatever is reached
 * from one is reached, mirrored and in as many steps, from the other, and no intent tells a node
 * from its mirror (each reads counts over nodes, never a node index).
 */
import type { CompiledCluster } from '../../model/config.js';
import {
  EV_MAINTENANCE, PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../../model/config.js';
import {
  CA_NODE_WORDS, caNodeAt, E_A, E_PHASE, eventAt, KERNEL_PANIC_WORDS, kernelPanicAt, type Layout, MAINT_NODE_WORDS, maintNodeAt,
  NODE_WORDS, nodeAt, nominatedAt, P_LOC, POD_WORDS, Q_NC,
} from '../../model/layout.js';
import { EVENT_DONE, EVENT_UNSPAWNED } from '../../model/phases.js';

/** Keys of the compiled cluster that hold node indices or per-domain data, not per-node values. */
const NOT_PER_NODE = new Set(['nodeNames', 'domainOf', 'domainNames', 'initial', 'layout']);

/**
 * Keys of arrays indexed by something else than nodes (templates, deployments, pod slots,
 * plugins, taint bits, zones, ...): walked into, never read as per-node values. An array of pod
 * names of length N + 1 (c7 at scale 3), the scheduler's 9 plugins with 8 nodes or the 4 lifecycle
 * taints with 3 nodes split every node into a class of its own.
 */
const NOT_NODE_INDEXED = new Set([
  'deploymentNames', 'podNames', 'templates', 'hard', 'soft', 'matchesTemplate', 'usage', 'at', 'hpas', 'metrics', 'manifests',
  'templateMayChange', 'loads', 'hpaCpuSampleAfter', 'plugins', 'pluginAdmits', 'descheduler', 'namespaces', 'events', 'budgets',
  'budgetOfTemplate', 'intents', 'goalIntents', 'monitors', 'extendedResources', 'watchPreempted', 'watchPending',
  'taints', 'tolerationTicks', 'zoneSize', 'zoneNames',
]);

/**
 * Visits every array of the compiled cluster whose length is the node count + 1 (indexed by
 * node, 1-based), or that many times the extended-resource count (node n at n·R + r), with
 * the number of entries per node; and every `domainOf` (a spread constraint's or a pod-affinity
 * term's domain per node).
 */
function perNodeArrays(cfg: CompiledCluster, visit: (a: ArrayLike<unknown>, width: number) => void, domains: (d: Int32Array) => void): void {
  const N1 = cfg.layout.nodes + 1;
  const R = cfg.extendedResources.length;
  const seen = new Set<object>();
  const walk = (v: unknown, key: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (key === 'domainOf' && v instanceof Int32Array) domains(v);
    if (NOT_PER_NODE.has(key)) return;
    if (ArrayBuffer.isView(v) || Array.isArray(v)) {
      const a = v as unknown as ArrayLike<unknown>;
      if (NOT_NODE_INDEXED.has(key)) {
        // not per node; its elements may hold per-node arrays
      } else if (a.length === N1) visit(a, 1);
      else if (R > 1 && a.length === N1 * R) visit(a, R);
      if (Array.isArray(v)) for (const x of v) walk(x, key);
      return;
    }
    if (v instanceof Map || v instanceof Set) return;
    for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(cfg, '');
}

/** Descheduler plugins that decide node by node, each node on its own pods. */
const NODE_BY_NODE = [PLUGIN_REMOVE_DUPLICATES, PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS];

/**
 * True when some process may tell two nodes apart by their index: a descheduler plugin that
 * decides node by node under a per-namespace or total limit that can run out or a
 * PodDisruptionBudget (an earlier node's evictions can spare a later one; the per-node limit is
 * per node), any other descheduler plugin but the topology-spread one (LowNodeUtilization and
 * HighNodeUtilization order nodes and stop midway), the cluster autoscaler (it picks node slots
 * in index order) or preemption (among equal candidates it takes the first). With `canonical`
 * (the symmetry reduction's classes, docs/model.md §8.11.3) the node-by-node plugins
 * (RemoveDuplicates, node affinity, node taints, inter-pod anti-affinity) visit nodes in
 * canonical order, so their limits read no index.
 */
function indexOrdered(cfg: CompiledCluster, canonical: boolean): boolean {
  // DefaultPreemption picks among equally good candidate nodes the first (pickOneNodeForPreemption).
  if (cfg.autoscaler || cfg.preemptionOn) return true;
  const pods = cfg.layout.pods;
  for (const p of cfg.descheduler ?? []) {
    for (const x of p.plugins) {
      if (x === PLUGIN_TOPOLOGY_SPREAD || (canonical && NODE_BY_NODE.includes(x))) continue;
      if (!NODE_BY_NODE.includes(x)) return true;
      if (p.maxPerNamespace < pods || p.maxTotal < pods || cfg.budgets.length > 0) return true;
    }
  }
  return false;
}

/** The descheduler balances spread constraints, ordering equal domains by value id. */
function balancesSpread(cfg: CompiledCluster): boolean {
  return (cfg.descheduler ?? []).some((p) => p.plugins.includes(PLUGIN_TOPOLOGY_SPREAD));
}

/** How many nodes each domain id has (once per array: the key of every node reads it). */
function domainSizes(domainOf: Int32Array): Map<number, number> {
  const sizes = new Map<number, number>();
  for (let m = 1; m < domainOf.length; m++) sizes.set(domainOf[m], (sizes.get(domainOf[m]) ?? 0) + 1);
  return sizes;
}

/** Domain ids over nodes: equal ids, or both alone in their own domain when `aloneOk`. */
function domainKey(domainOf: Int32Array, sizes: Map<number, number>, n: number, aloneOk: boolean): number | string {
  const d = domainOf[n];
  if (d === 0 || !aloneOk) return d;
  return (sizes.get(d) ?? 0) > 1 ? d : 'own';
}

/**
 * Per node, a static class: nodes of one class are statically symmetric (no class is 0).
 * `canonicalTies`: the descheduler's topology-spread balancing orders equal domains canonically
 * (the symmetry reduction, docs/model.md §8.11), not by value id, so nodes alone in their own
 * domains may share a class even with it; and the node-by-node plugins visit nodes
 * canonically, so their eviction limits leave nodes symmetric.
 */
export function staticClasses(cfg: CompiledCluster, canonicalTies = false): Int32Array {
  const N = cfg.layout.nodes;
  const classes = new Int32Array(N + 1);
  if (indexOrdered(cfg, canonicalTies)) {
    for (let n = 1; n <= N; n++) classes[n] = n;
    return classes;
  }
  const parts: Array<Array<unknown>> = [];
  for (let n = 0; n <= N; n++) parts.push([]);
  const alone = canonicalTies || !balancesSpread(cfg);
  perNodeArrays(
    cfg,
    (a, width) => {
      for (let n = 1; n <= N; n++) for (let i = 0; i < width; i++) parts[n].push(a[n * width + i]);
    },
    (domainOf) => {
      // Linear in the nodes: a search of 50,000 nodes spent seconds here before it started.
      const sizes = domainSizes(domainOf);
      for (let n = 1; n <= N; n++) parts[n].push(domainKey(domainOf, sizes, n, alone));
    },
  );
  for (const tp of cfg.templates) if (tp && tp.nodeName > 0) parts[tp.nodeName].push(`named ${tp.nodeName}`);
  for (const e of cfg.events) if (e.node) parts[e.node].push(`event ${e.node}`);
  const ids = new Map<string, number>();
  for (let n = 1; n <= N; n++) {
    const key = JSON.stringify(parts[n]);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(key, id);
    }
    classes[n] = id;
  }
  return classes;
}

export class Twins {
  private readonly classes: Int32Array;
  /** Per node, 1 while a pod slot is bound or nominated to it or it waits in the node controller's queue (after prepare). */
  private readonly taken: Uint8Array;
  /** true when no two nodes share a static class: there are never twins. */
  private readonly none: boolean;
  /**
   * The record of each maintenance event that visits nodes in index order (docs/model.md §9.4);
   * none where the symmetry reduction applies (`canonical`): maintenance then takes its next node
   * in canonical order, which twins share (a swap of twins fixes the state, §8.11.3).
   */
  private readonly maintenance: Int32Array;

  constructor(
    cfg: CompiledCluster,
    private readonly l: Layout,
    canonical = false,
  ) {
    this.classes = staticClasses(cfg);
    this.taken = new Uint8Array(l.nodes + 1);
    let none = true;
    for (let a = 1; a <= l.nodes && none; a++) for (let b = a + 1; b <= l.nodes && none; b++) if (this.classes[a] === this.classes[b]) none = false;
    this.none = none;
    this.maintenance = Int32Array.from(cfg.events.flatMap((e, i) => (e.kind === EV_MAINTENANCE && !canonical ? [eventAt(l, i)] : [])));
  }

  /** Marks the nodes of s that hold a pod slot or are queued; call before `twins` on that state. */
  prepare(s: Int32Array): void {
    if (this.none) return;
    const l = this.l;
    const taken = this.taken;
    taken.fill(0);
    // A free slot has loc 0 (the kubelet clears it), so every slot with a node counts.
    for (let q = 1, at = l.podBase + P_LOC; q <= l.pods; q++, at += POD_WORDS) taken[s[at]] = 1;
    // A node some pending pod is nominated to (docs/model.md §8.2.5) is nobody's twin.
    if (l.nominatedBase >= 0) for (let q = 1; q <= l.pods; q++) taken[s[nominatedAt(l, q)]] = 1;
    const qb = l.queueBase[Q_NC];
    for (let i = 1; i <= s[qb]; i++) taken[s[qb + i]] = 1;
  }

  /** Node n may have a twin in s (after prepare(s)): not when it holds or awaits a pod, or no two nodes are symmetric. */
  mayTwin(n: number): boolean {
    return !this.none && this.taken[n] === 0;
  }

  /** Nodes a and b are exact twins in s (after prepare(s)). */
  twins(s: Int32Array, a: number, b: number): boolean {
    if (this.none || this.classes[a] !== this.classes[b] || this.taken[a] === 1 || this.taken[b] === 1) return false;
    const l = this.l;
    if (!sameWords(s, nodeAt(l, a), nodeAt(l, b), NODE_WORDS)) return false;
    // A maintenance still to come visits the lower index first; once it has started both, it
    // treats them alike (each node's own maintenance process, compared below).
    const m = this.maintenance;
    for (let i = 0; i < m.length; i++) if (s[m[i] + E_PHASE] !== EVENT_DONE && (s[m[i] + E_PHASE] === EVENT_UNSPAWNED || b >= s[m[i] + E_A] || a >= s[m[i] + E_A])) return false;
    if (l.maintNodeBase >= 0 && !sameWords(s, maintNodeAt(l, a), maintNodeAt(l, b), MAINT_NODE_WORDS)) return false;
    if (l.kernelPanicBase >= 0 && !sameWords(s, kernelPanicAt(l, a), kernelPanicAt(l, b), KERNEL_PANIC_WORDS)) return false;
    if (l.caNodeBase >= 0 && !sameWords(s, caNodeAt(l, a), caNodeAt(l, b), CA_NODE_WORDS)) return false;
    return true;
  }
}

function sameWords(s: Int32Array, a: number, b: number, k: number): boolean {
  for (let i = 0; i < k; i++) if (s[a + i] !== s[b + i]) return false;
  return true;
}
