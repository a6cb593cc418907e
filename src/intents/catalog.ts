/**
 * Intents by their user names (docs/model.md §10.1). A violation is reported as an integer code in
 * the search loop; this table turns it back into names. Codes from DEADLOCK_BASE on are
 * "invalid end state" failures of the process with index `code - DEADLOCK_BASE`.
 */
import {
  BALANCE_NODE, BUDGET_RESPECTED, DEADLOCK_BASE, DRAIN_COMPLETES, EVICTED_NOT_RESCHEDULED, EVICTION_CYCLE, EXP_REPLICAS, HPA_FLAPPING, KERNEL_PANIC, MIN_READY_REPLICAS,
  MIN_REPLICAS, NO_FEASIBLE_NODE, NODE_COUNT_OSCILLATION, OSCILLATION_REPLICA_NUM, PENDING_CLASS, POD_NOT_AUTOSCALABLE,
  PREEMPTED_CLASS,
} from '../model/violations.js';

export interface IntentInfo {
  code: number;
  /** The name users write in intents.json and see in the Summary. */
  user: string;
  /** The reference's internal name; accepted as input too, and the tag of its violation line. */
  internal: string;
}

export {
  BALANCE_NODE, BUDGET_RESPECTED, DEADLOCK_BASE, DRAIN_COMPLETES, EVICTED_NOT_RESCHEDULED, EVICTION_CYCLE, EXP_REPLICAS, HPA_FLAPPING, KERNEL_PANIC, MIN_READY_REPLICAS,
  MIN_REPLICAS, NO_FEASIBLE_NODE, NODE_COUNT_OSCILLATION, OSCILLATION_REPLICA_NUM, PENDING_CLASS, POD_NOT_AUTOSCALABLE,
  PREEMPTED_CLASS,
};

export const INTENTS: readonly IntentInfo[] = [
  { code: NO_FEASIBLE_NODE, user: 'pod_always_schedulable', internal: 'no_feasible_node' },
  { code: KERNEL_PANIC, user: 'no_kernel_panic', internal: 'kernel_panic' },
  { code: OSCILLATION_REPLICA_NUM, user: 'no_oscillation_replica_num', internal: 'checkOscillationReplicaNum' },
  { code: MIN_REPLICAS, user: 'replica_num_always_meet_min', internal: 'checkMinReplicas' },
  { code: EXP_REPLICAS, user: 'replica_num_always_meet_exp', internal: 'checkExpReplicas' },
  { code: EVICTION_CYCLE, user: 'no_oscillation_eviction', internal: 'checkEvictionCycle' },
  { code: BALANCE_NODE, user: 'pod_balance_across_node', internal: 'checkBalanceNode' },
  // docs/model.md §10.1: no voluntary eviction takes a PodDisruptionBudget's healthy pods below desiredHealthy.
  { code: BUDGET_RESPECTED, user: 'disruption_budget_respected', internal: 'checkDisruptionBudget' },
  // A drain finishes: one stuck waiting for pods is an invalid end state that names them (always checked).
  { code: DRAIN_COMPLETES, user: 'drain_completes', internal: 'drainCompletes' },
  // docs/model.md §10.1: with node groups, the default intent (the cluster autoscaler's NotTriggerScaleUp).
  { code: POD_NOT_AUTOSCALABLE, user: 'pod_eventually_scheduled', internal: 'NotTriggerScaleUp' },
  { code: NODE_COUNT_OSCILLATION, user: 'no_oscillation_node_count', internal: 'checkNodeCountOscillation' },
  { code: MIN_READY_REPLICAS, user: 'ready_replicas_always_meet_min', internal: 'checkMinReadyReplicas' },
  { code: PREEMPTED_CLASS, user: 'priority_class_never_preempted', internal: 'checkNeverPreempted' },
  { code: PENDING_CLASS, user: 'priority_class_never_pending', internal: 'checkNeverPending' },
  // docs/model.md §10.1: under an unchanged load the HPA moves the count one way only.
  { code: HPA_FLAPPING, user: 'hpa_no_flapping', internal: 'checkHpaFlapping' },
  // docs/model.md §10.1: a pod the taint manager deleted is replaced by one that finds a node.
  { code: EVICTED_NOT_RESCHEDULED, user: 'evicted_pod_rescheduled', internal: 'checkEvictedRescheduled' },
];

/** Intents checked by a monitor over a deployment (docs/model.md §10.2). */
export const MONITOR_INTENTS: readonly number[] = [
  OSCILLATION_REPLICA_NUM, MIN_REPLICAS, EXP_REPLICAS, EVICTION_CYCLE, BALANCE_NODE, HPA_FLAPPING, MIN_READY_REPLICAS,
];

export function intentByName(name: string): IntentInfo | undefined {
  return INTENTS.find((i) => i.user === name || i.internal === name);
}

export function intentByCode(code: number): IntentInfo | undefined {
  return INTENTS.find((i) => i.code === code);
}
