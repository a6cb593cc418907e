/**
 * What every transition function receives besides the state: the static configuration and
 * scratch buffers allocated once per compiled cluster (never per state).
 */
import type { CompiledCluster } from './config.js';
import type { Layout } from './layout.js';

/**
 * The canonical order of a state's pod slots and nodes (docs/model.md §8.11): computed when the symmetry
 * reduction applies, where Kubernetes leaves the order among equally ranked pods open.
 */
export interface PodOrder {
  /** The slots of s in canonical order (valid until the next call). */
  podOrder(s: Int32Array): Int32Array;
  /** Per node of s, its canonical index (valid until the next call). */
  nodeRank(s: Int32Array): Int32Array;
  /** Per canonical index m (1-based), the node of s that takes it (valid until the next call). */
  nodeOrder(s: Int32Array): Int32Array;
}

/**
 * Which pods of a canonical state a renaming that fixes it exchanges (docs/model.md §8.1.1):
 * where the reduction applies, a choice among such pods needs to take only one of them.
 */
export interface PodOrbits {
  /** Prepares `earlierInOrbit` for the canonical state s. */
  group(s: Int32Array): void;
  /** After group(s): some renaming that maps s to itself takes pod q to a lower slot. */
  earlierInOrbit(s: Int32Array, q: number): boolean;
  /**
   * Any state s: every permutation of the nodes of pods[0..count), each alone on its node, maps s
   * to itself (a sufficient test).
   */
  interchangeable(s: Int32Array, pods: Int32Array, count: number): boolean;
}

export interface ModelContext {
  readonly cfg: CompiledCluster;
  readonly l: Layout;
  /** Per-node scratch counts (scale-down victim choice, descheduler, monitors). */
  readonly perNode: Int32Array;
  /**
   * Per deployment: the FLAG_* bits some intent reads (the kubelet and the taint manager set only
   * those).
   */
  readonly flagMask: Int32Array;
  /** no_kernel_panic is checked. */
  readonly kernelPanicIntent: boolean;
  /** disruption_budget_respected is checked: evictions record a breach in `breach[0]`. */
  readonly budgetIntent: boolean;
  /** breach[0] = 1 once a voluntary eviction took a budget below desiredHealthy in this transition. */
  readonly breach: Int32Array;
  /**
   * Run-wide, never reset: the largest scheduling cycle whose feasible nodes kube-scheduler would
   * not all score (percentageOfNodesToScore, docs/model.md §8.2.6), as
   * controllers/scheduler/nodes-to-score.ts records it. Absent outside the model.
   */
  readonly partialScoring?: Int32Array;
  /**
   * Run-wide, never reset: reprieveOrder[0] = 1 once a preemption took victims whose choice
   * depended on the order among pods of equal priority, which upstream takes from their start
   * times, in one order only (`ties: 'lowest'`, or a node with too many orders to try; otherwise
   * every order is a choice, docs/model.md §8.2.5). Absent outside the model.
   */
  readonly reprieveOrder?: Int32Array;
  /**
   * started[0] = 1 once the kubelet wrote a pod's start time in this transition (the time
   * abstraction then looks at the pods' start times, system/time.ts). Absent outside the model.
   */
  readonly started?: Int32Array;
  /**
   * Set when the symmetry reduction applies (docs/model.md §8.11): the controllers take equally
   * ranked pods in this order instead of slot order. Null otherwise.
   */
  readonly canonical?: PodOrder | null;
  /**
   * With `canonical`: every state a transition starts from is canonical (the search with the
   * symmetry reduction, whose stored states are canonical forms), so the canonical order of its
   * nodes is index order and of each node's pods slot order (docs/model.md §8.11.1). False in the
   * unreduced model (`reduce: false`, the replay's), which computes the order.
   */
  readonly canonicalStates?: boolean;
  /** Where the reduction applies (with `canonical`): the pods a renaming that fixes the state exchanges. */
  readonly podOrbits?: PodOrbits | null;
  /**
   * With `canonicalStates` and `podOrbits`: a choice among pods takes one per orbit
   * (`earlierInOrbit`), as the scheduler takes one node per tie class (ModelOptions.tieOrbits).
   */
  readonly orbitChoices?: boolean;
  /**
   * Fine interleaving (docs/model.md §7.5): a burst controller takes one queue item per
   * transition instead of draining its queue.
   */
  readonly fine: boolean;
}
