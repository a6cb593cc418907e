/** Fixed facts of Kubernetes priorities (pkg/apis/scheduling/types.go; docs/model.md §8.2.5). */
import type { PriorityClassSpec } from './cluster.js';

/** `HighestUserDefinablePriority`: a user-defined PriorityClass has at most this value. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** `SystemPriorityClasses`: the built-in classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClassSpec[] = [
  { name: 'system-node-critical', value: 2_000_001_000 }, // SystemCriticalPriority + 1000
  { name: 'system-cluster-critical', value: 2_000_000_000 }, // SystemCriticalPriority
];
