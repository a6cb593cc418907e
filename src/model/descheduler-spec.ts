/** The DeschedulerPolicy part of the cluster description (docs/model.md §8.7, docs/inputs.md). */
import type { NodeSelectorRequirementSpec, PodLabelSelectorSpec, WhenUnsatisfiable } from './cluster.js';

/** The descheduler plugins kivi models (docs/model.md §8.7); deschedule plugins run before balance plugins. */
export type DeschedulerPluginName =
  | 'RemoveDuplicates'
  | 'RemovePodsViolatingTopologySpreadConstraint'
  | 'RemovePodsViolatingInterPodAntiAffinity'
  | 'LowNodeUtilization'
  | 'HighNodeUtilization'
  | 'RemovePodsViolatingNodeAffinity'
  | 'RemovePodsViolatingNodeTaints';

/** Thresholds of the node-utilization plugins, in percent of allocatable (`api.ResourceThresholds`). */
export interface ResourceThresholdsSpec {
  cpu?: number;
  memory?: number;
  pods?: number;
}

/** One descheduler profile (descheduler v0.32, docs/model.md §8.7). */
export interface DeschedulerProfileSpec {
  name?: string;
  /**
   * The enabled plugins in their profile order; a profile's deschedule plugins (NodeAffinity,
   * NodeTaints, InterPodAntiAffinity) run before the balance plugins of any profile
   * (docs/model.md §8.7.1).
   */
  plugins: DeschedulerPluginName[];
  /** DefaultEvictorArgs (docs/model.md §8.7.2); each defaults to false / unset. */
  evictSystemCriticalPods?: boolean;
  evictLocalStoragePods?: boolean;
  ignorePvcPods?: boolean;
  evictFailedBarePods?: boolean;
  nodeFit?: boolean;
  /** Pods with this priority or higher are not evicted. */
  priorityThreshold?: number;
  /** The same threshold as a PriorityClass's name, resolved at compile time (its value). */
  priorityThresholdClass?: string;
  /** Only pods matching this selector are evicted. */
  labelSelector?: PodLabelSelectorSpec;
  /** Only pods a PodDisruptionBudget covers are evicted. */
  ignorePodsWithoutPDB?: boolean;
  /** Pods of an owner with fewer pods than this are not evicted (taken into account when > 1). */
  minReplicas?: number;
  /** RemoveDuplicates' `excludeOwnerKinds`: owners whose pods are never duplicates (`ReplicaSet` covers every deployment's pods). */
  excludeOwnerKinds?: string[];
  /** Which constraints RemovePodsViolatingTopologySpreadConstraint balances; default DoNotSchedule only. */
  constraints?: WhenUnsatisfiable[];
  /** RemovePodsViolatingTopologySpreadConstraint: a pod is moved only if it fits a node below the average (default true). */
  topologyBalanceNodeFit?: boolean;
  /** LowNodeUtilization's args. */
  lowNodeUtilization?: {
    thresholds: ResourceThresholdsSpec;
    targetThresholds: ResourceThresholdsSpec;
    numberOfNodes?: number;
    useDeviationThresholds?: boolean;
    /** `evictableNamespaces.exclude`. */
    excludedNamespaces?: string[];
  };
  /** HighNodeUtilization's args. */
  highNodeUtilization?: { thresholds: ResourceThresholdsSpec; numberOfNodes?: number; excludedNamespaces?: string[] };
  /** RemovePodsViolatingNodeAffinity's `nodeAffinityType`. */
  nodeAffinityType?: Array<'requiredDuringSchedulingIgnoredDuringExecution' | 'preferredDuringSchedulingIgnoredDuringExecution'>;
  /** RemovePodsViolatingNodeTaints' args: taints by `key` or `key=value`. */
  nodeTaints?: { includePreferNoSchedule?: boolean; excludedTaints?: string[]; includedTaints?: string[] };
  /**
   * A plugin's own pod filters (`namespaces` include or exclude, `labelSelector`) for
   * RemoveDuplicates (namespaces only), the spread, node-affinity, node-taint and anti-affinity plugins.
   */
  pluginFilters?: Partial<Record<DeschedulerPluginName, { includeNamespaces?: string[]; excludeNamespaces?: string[]; labelSelector?: PodLabelSelectorSpec }>>;
  /** The policy's `nodeSelector` (the same in every profile): the only nodes the descheduler looks at. */
  nodeSelector?: NodeSelectorRequirementSpec[];
  /** DefaultEvictor's `nodeSelector`: the nodes `nodeFit` tries. */
  evictorNodeSelector?: NodeSelectorRequirementSpec[];
  maxNoOfPodsToEvictPerNode?: number;
  maxNoOfPodsToEvictPerNamespace?: number;
  maxNoOfPodsToEvictTotal?: number;
}

export interface DeschedulerSpec {
  profiles: DeschedulerProfileSpec[];
}
