/** PriorityClasses (scheduling.k8s.io/v1) and the fixed facts of Kubernetes priorities (pkg/apis/scheduling/types.go; docs/model.md §8.2.5). */

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

/** A PriorityClass (scheduling.k8s.io/v1). */
export interface PriorityClassSpec {
  name: string;
  /** The priority of the class's pods; at most 1000000000 for a user-defined class. */
  value: number;
  /** Pods naming no class get this one's value (the lowest such class when several are). */
  globalDefault?: boolean;
  /** Default PreemptLowerPriority. */
  preemptionPolicy?: PreemptionPolicy;
}

/** `HighestUserDefinablePriority`: a user-defined PriorityClass has at most this value. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** `SystemPriorityClasses`: the built-in classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClassSpec[] = [
  { name: 'system-node-critical', value: 2_000_001_000 }, // SystemCriticalPriority + 1000
  { name: 'system-cluster-critical', value: 2_000_000_000 }, // SystemCriticalPriority
];
