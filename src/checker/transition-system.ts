/**
 * What the checker needs from a model, after Stateright's `Model` trait: an initial state, the
 * actions enabled in a state, and the next state for an action. States are Int32Arrays of a
 * fixed length; an action is a (process, choice) pair. The checker knows nothing about
 * Kubernetes.
 */
import type { Log } from './log.js';

export interface TransitionSystem {
  /** Words per state. */
  readonly stateWords: number;
  /** Number of processes; each state offers `choices(s, p)` actions for process p. */
  readonly processCount: number;
  initialState(): Int32Array;
  /** How many alternatives process p has in state s (0 = blocked or finished). */
  choices(s: Int32Array, p: number): number;
  /**
   * Optional: the processes that may have choices in s, ascending, into `out` (processCount
   * long); their count. Every p with choices(s, p) > 0 must be among them: the search asks only
   * these (a model with thousands of per-node processes, few of them ever enabled at once).
   */
  candidates?(s: Int32Array, out: Int32Array): number;
  /**
   * Optional: the search has loaded `s`, the array it asks choices and steps about next, whose
   * words differ from what s held at the last call only at the indices of the (index, xor)
   * pairs pairs[at], pairs[at + 2], … (n of them, ascending); n < 0: anywhere (or s is another
   * array). A search that calls it calls it at every load of that array; a model may then
   * carry what it derived from the state before over to this one.
   */
  loaded?(s: Int32Array, pairs: Int32Array, at: number, n: number): void;
  /**
   * Apply action (p, choice) to s in place. Returns 0, or a violation code when an intent is
   * violated during the transition. `log` is null inside the search: build no strings then.
   * `parent`, when given, is a copy of s as it was on entry, left unchanged by the caller until
   * step returns (the search's state being expanded): a model that needs the state a step
   * started from reads it there instead of copying s.
   */
  step(s: Int32Array, p: number, choice: number, log: Log | null, parent?: Int32Array): number;
  /**
   * For a state without successors: 0 if it is a valid end state, else a violation code naming
   * the stuck process ("invalid end state").
   */
  endState(s: Int32Array): number;
  /**
   * The violation codes the search pursues: it stops early once each has a counterexample.
   * `step` may return other codes too (properties checked on the way); those are recorded but
   * do not keep the search going.
   */
  readonly propertyCodes: readonly number[];
  /**
   * Present when `step` ends by replacing the state with a canonical representative of its
   * symmetry class: the same system without that reduction. Replays rebuild counterexamples on
   * it, so a reported trace is an execution of the unreduced system (replay.ts).
   */
  readonly unreduced?: TransitionSystem;
  /** With `unreduced`: the reduction `step` applies, in place (a successor `step` returns with code 0 is reduced already). */
  reduce?(s: Int32Array): void;
  /**
   * With `unreduced`: follows an execution of the unreduced system from its initial state as a
   * renaming of the reduced path, so that the replay checks a candidate step by reducing only
   * what it touched (replay.ts).
   */
  replayTracker?(): ReplayTracker;
  /**
   * Optional: a few words the model raises during `step` and `choices` and never resets, about
   * the run as a whole (what it saw that it does not model exactly). The search reports them
   * (SearchResult.observed); the model keeps the lexicographic maximum of what it saw, so the
   * parallel search merges its workers' by the same maximum (mergeObserved) and the answer does
   * not depend on the order of the steps.
   */
  readonly observed?: Int32Array;
  /**
   * With `observed`: the lengths of its independent records, in order, each merged by its own
   * lexicographic maximum (mergeObserved). Absent: one record.
   */
  readonly observedRecords?: readonly number[];
  /** A human name for process p (`HPA`, `eventCpuChange(php-apache)`). */
  processName(p: number): string;
  /**
   * Optional: what the transitions of process p touch in s, for the sleep-set reduction
   * (sleep-sets.ts). Absent: no reduction.
   */
  readonly independence?: Independence;
}

/**
 * The replay's view of an unreduced execution: the renaming that maps its current state onto the
 * current state of the reduced path (both start at the initial states).
 */
export interface ReplayTracker {
  /**
   * The process of the current unreduced state that most likely matches process p of the reduced
   * one (a per-node process renamed with its node), or p. The replay tries it first; any answer
   * is safe, since the replay checks the match.
   */
  process(p: number): number;
  /**
   * Whether t, a successor of the current unreduced state s, reduces to `target`, given `parent`,
   * the current (reduced) state of the path. s and t are left as they are.
   */
  matches(s: Int32Array, t: Int32Array, parent: Int32Array, target: Int32Array): boolean;
  /** The last t that matched becomes the current unreduced state, and `target` the reduced one. */
  accept(): void;
}

/**
 * The footprint of process p's transitions in state s (all its choices together), written into
 * `out[at..]` as FOOTPRINT_WORDS bit masks over the model's resources. Two transitions are
 * independent in s when `independent` (sleep-sets.ts) says so from their footprints; the model
 * promises that independent transitions commute there (same state and same violation code in
 * either order) and that neither disables the other. Returns false when p's footprint is
 * unknown: p is then dependent on everything.
 */
export interface Independence {
  footprint(s: Int32Array, p: number, out: Int32Array, at: number): boolean;
  /** candidates[p] = 0: process p never has a footprint (footprint is not asked). */
  readonly candidates: Uint8Array;
}
