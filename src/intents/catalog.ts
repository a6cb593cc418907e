/**
 * Intents by their user names (`model.md` §9.1). A violation is reported as an integer code in
 * the search loop; this table turns it back into names. Codes from DEADLOCK_BASE on are
 * "invalid end state" failures of the process with index `code - DEADLOCK_BASE`.
 */
export interface IntentInfo {
  code: number;
  /** The name users write in intents.json and see in the Summary. */
  user: string;
  /** The reference's internal name; accepted as input too. */
  internal: string;
  /** Implemented by this version of kivi. */
  supported: boolean;
}

export const NO_FEASIBLE_NODE = 1;
export const DEADLOCK_BASE = 1000;

export const INTENTS: readonly IntentInfo[] = [
  { code: NO_FEASIBLE_NODE, user: 'pod_always_schedulable', internal: 'no_feasible_node', supported: true },
  { code: 2, user: 'no_kernel_panic', internal: 'kernel_panic', supported: false },
  { code: 3, user: 'no_oscillation_replica_num', internal: 'checkOscillationReplicaNum', supported: false },
  { code: 4, user: 'replica_num_always_meet_min', internal: 'checkMinReplicas', supported: false },
  { code: 5, user: 'replica_num_always_meet_exp', internal: 'checkExpReplicas', supported: false },
  { code: 6, user: 'no_oscillation_eviction', internal: 'checkEvictionCycle', supported: false },
  { code: 7, user: 'pod_balance_across_node', internal: 'checkBalanceNode', supported: false },
];

export function intentByName(name: string): IntentInfo | undefined {
  return INTENTS.find((i) => i.user === name || i.internal === name);
}

export function intentByCode(code: number): IntentInfo | undefined {
  return INTENTS.find((i) => i.code === code);
}
