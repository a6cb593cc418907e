/** What a search reports. */

export type SearchStatus = 'holds' | 'violated' | 'inconclusive';
export type Strategy = 'bfs' | 'dfs';

export interface SearchLimits {
  /** Stop (inconclusive) once this many distinct states are stored. */
  maxStates?: number;
  /** Do not expand states deeper than this many transitions (inconclusive if anything was cut). */
  maxDepth?: number;
  /** Wall-clock budget in milliseconds (inconclusive when hit). */
  timeLimitMs?: number;
  /**
   * Wall-clock instant (Date.now() milliseconds) at which to stop, inconclusive: the CLI's
   * --timeout counts from its start, parsing included; worker threads read the same instant.
   */
  deadline?: number;
  /**
   * Budget for the process's resident memory, in bytes: the search stops (inconclusive) before
   * its stores (visited set, parent tree, queue) would take the process past it. Default:
   * limits.ts defaultMaxMemory (a quarter of RAM, at most 6 GiB, within a container's limit).
   */
  maxMemoryBytes?: number;
  /** Stops the search (inconclusive, limit 'aborted') soon after the signal fires. */
  signal?: AbortSignal;
  /**
   * A stop flag shared with worker threads (a SharedArrayBuffer's Int32Array): non-zero at
   * index 0 stops the search as an abort does.
   */
  stopFlag?: Int32Array;
}

export type Limit = 'states' | 'depth' | 'time' | 'memory' | 'aborted';

export interface SearchOptions extends SearchLimits {
  strategy?: Strategy;
  /**
   * Stop at the first violation of any property. By default the search goes on until every
   * pursued property (TransitionSystem.propertyCodes) has a counterexample, each the shortest
   * (breadth-first), or the state space is exhausted; so the always-checked
   * pod_always_schedulable cannot mask the intent the user asked about.
   */
  stopAtFirst?: boolean;
  /**
   * Called with every newly stored state (analyses such as the scaling search's fixpoint). Off
   * by default; the search loop calls nothing per state then.
   */
  onNewState?: (s: Int32Array) => void;
  /**
   * Randomizes the order in which a state's successors are explored (depth-first runs of
   * `-r`): the same seed gives the same run.
   */
  seed?: number;
  /**
   * Prune transitions with sleep sets when the system offers an independence relation
   * (TransitionSystem.independence; docs/model.md §7.6). Breadth-first only: a depth-first or
   * random search ignores it. Default true.
   */
  reduction?: boolean;
}

export interface SearchStats {
  strategy: Strategy;
  /** Distinct states stored. */
  states: number;
  /** Successors computed (including ones already seen). */
  transitions: number;
  /** Deepest state stored, in transitions from the initial state. */
  depth: number;
  seconds: number;
  statesPerSecond: number;
  /** Peak resident set size of the process so far. */
  peakRssBytes: number;
  /**
   * The most the search's stores (visited set, trace tree, queue) held, in bytes, as seen at its
   * checks (about every millisecond) and at its end: divided by states, its bytes per state.
   */
  storeBytes?: number;
  /**
   * TLC's optimistic estimate of the chance that two distinct states shared a 64-bit
   * fingerprint: d·(g − d) / 2^64 for d distinct states and g generated ones.
   */
  collisionProbability: number;
  /** How the model was interleaved (docs/model.md §7.5); set by the model's owner, not the search. */
  interleaving?: 'coarse' | 'fine';
  /**
   * With the sleep-set reduction (docs/model.md §7.6): the transitions it did not compute. Every
   * state is still stored, so `states` equals the unreduced count.
   */
  pruned?: number;
}

export interface Violation {
  /** Intent code, or DEADLOCK_BASE + process for an invalid end state. */
  code: number;
  /** Actions from the initial state, as [process, choice]; the last one fired the violation
   * unless it is a deadlock (then the path leads to the stuck state). */
  path: Array<[number, number]>;
}

export interface SearchResult {
  /** 'violated' when any violation was found, even if a limit cut the rest of the search. */
  status: SearchStatus;
  /** At most one per code, in the order they were found. */
  violations: Violation[];
  /** Which limit stopped the search before it finished (also set alongside violations). */
  limit?: Limit;
  /** The search ended early because every property had a counterexample (or stopAtFirst). */
  stoppedEarly: boolean;
  stats: SearchStats;
  /** The system's `observed` words at the end of the search (TransitionSystem.observed); absent without them. */
  observed?: number[];
}

/**
 * Two `observed` words (either may be absent) merged record by record (`records`: their lengths,
 * TransitionSystem.observedRecords; absent: one record), each the lexicographic maximum of the two.
 */
export function mergeObserved(a: number[] | undefined, b: number[] | undefined, records?: readonly number[]): number[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out = a.length >= b.length ? [...a] : [...b];
  const sizes = records ?? [Math.max(a.length, b.length)];
  for (let r = 0, from = 0; r < sizes.length; from += sizes[r++]) {
    for (let i = from; i < from + sizes[r]; i++) {
      if (a[i] === b[i]) continue;
      const src = (a[i] ?? -Infinity) > (b[i] ?? -Infinity) ? a : b;
      for (let j = from; j < from + sizes[r]; j++) out[j] = src[j];
      break;
    }
  }
  return out;
}
