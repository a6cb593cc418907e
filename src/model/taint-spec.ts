/**
 * Taints, tolerations and the node lifecycle controller's flags in the cluster description
 * (src/model/cluster.ts re-exports them; docs/model.md §8.5, §8.6).
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface TaintSpec {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** Kubernetes toleration semantics: `Exists` ignores the value; no effect tolerates every effect. */
export interface TolerationSpec {
  key?: string;
  operator?: 'Equal' | 'Exists';
  value?: string;
  effect?: TaintEffect;
  /**
   * How long a NoExecute taint is tolerated once it is on the pod's node, in seconds; absent =
   * forever, ≤ 0 = not at all (the taint manager deletes the pod at once, docs/model.md §8.6).
   */
  tolerationSeconds?: number;
}

/**
 * The node lifecycle controller's flags (kube-controller-manager; docs/model.md §8.5). Each
 * defaults to Kubernetes' default.
 */
export interface NodeLifecycleSpec {
  /** `--node-eviction-rate`, nodes per second a zone's NoExecute tainter takes; default 0.1. */
  nodeEvictionRate?: number;
  /** `--secondary-node-eviction-rate`, the rate in a partially disrupted large zone; default 0.01. */
  secondaryNodeEvictionRate?: number;
  /** `--unhealthy-zone-threshold`, share of NotReady nodes (at least 3) that disrupts a zone; default 0.55. */
  unhealthyZoneThreshold?: number;
  /** `--large-cluster-size-threshold`, a zone of more nodes uses the secondary rate; default 50. */
  largeClusterSizeThreshold?: number;
}
