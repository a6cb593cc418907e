/**
 * Violation codes: what a transition returns when it breaks an intent (`docs/model.md`,
 * "Intents"). Controllers return some of them (the scheduler's no_feasible_node, a node's
 * kernel panic), the intent monitors the others; src/intents/catalog.ts names them. Codes from
 * DEADLOCK_BASE on are "invalid end state" failures of the process `code - DEADLOCK_BASE`.
 */
export const NO_FEASIBLE_NODE = 1;
export const KERNEL_PANIC = 2;
export const OSCILLATION_REPLICA_NUM = 3;
export const MIN_REPLICAS = 4;
export const EXP_REPLICAS = 5;
export const EVICTION_CYCLE = 6;
export const BALANCE_NODE = 7;
export const BUDGET_RESPECTED = 8;
export const DRAIN_COMPLETES = 9;
export const POD_NOT_AUTOSCALABLE = 10;
export const NODE_COUNT_OSCILLATION = 11;
/** The scheduler preempted a pod of a priority class that must never be (docs/model.md §10.1). */
export const PREEMPTED_CLASS = 12;
/** A pod of a priority class that must never stay pending found no node, even by preemption. */
export const PENDING_CLASS = 13;
export const HPA_FLAPPING = 14;
export const MIN_READY_REPLICAS = 15;
export const EVICTED_NOT_RESCHEDULED = 16;
export const DEADLOCK_BASE = 1000;
