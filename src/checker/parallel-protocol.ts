/**
 * What the threads of the parallel search (parallel-search.ts) share: a control array in shared
 * memory with its barriers, the data each worker starts with, and what it reports per level.
 */
import type { MessagePort } from 'node:worker_threads';

/**
 * How a worker thread builds the transition system: `import(module)` and call its export
 * `name` (default `buildSystem`) with `args` (structured-cloneable). The checker knows nothing
 * of the model: the caller names a module that does (src/system/parallel-model.ts for kivi's).
 */
export interface SystemRecipe {
  module: string;
  name?: string;
  args: unknown;
}

/** Words of the control array. */
export const C_COUNT = 0; // workers arrived at the current barrier
export const C_GEN = 1; // the barrier's generation
export const C_DONE = 2; // workers that reported the current level to the main thread
export const C_GO = 3; // the main thread's answer generation
export const C_STOP = 4; // the answer: non-zero = stop
export const C_LIMIT = 5; // a limit a worker met (LIMIT_CODES index + 1)
export const C_ABORT = 6; // the main thread's AbortSignal fired
export const C_LEVEL_LIMIT = 7; // C_LIMIT when the last worker arrived at the level's barrier
export const CONTROL_WORDS = 8;

export const LIMIT_CODES = ['time', 'memory', 'aborted'] as const;

/**
 * Waits until all `n` workers have arrived (Atomics.wait: worker threads only). The last to
 * arrive copies C_LIMIT to C_LEVEL_LIMIT: what every worker reads there until the next barrier.
 */
export function barrier(ctrl: Int32Array, n: number): void {
  const gen = Atomics.load(ctrl, C_GEN);
  if (Atomics.add(ctrl, C_COUNT, 1) === n - 1) {
    Atomics.store(ctrl, C_LEVEL_LIMIT, Atomics.load(ctrl, C_LIMIT));
    Atomics.store(ctrl, C_COUNT, 0);
    Atomics.add(ctrl, C_GEN, 1);
    Atomics.notify(ctrl, C_GEN);
    return;
  }
  while (Atomics.load(ctrl, C_GEN) === gen) Atomics.wait(ctrl, C_GEN, gen);
}

/** The options a worker searches with (no AbortSignal: C_ABORT stands for it). */
export interface WorkerOptions {
  deadline?: number;
  maxMemoryBytes?: number;
  stopFlag?: Int32Array;
  maxDepth?: number;
  reduction: boolean;
}

export interface WorkerInit {
  recipe: SystemRecipe;
  index: number;
  workers: number;
  control: Int32Array;
  /** Bytes held by each worker's stores (and, last, the main thread's trace). */
  storeBytes: Float64Array;
  /** peers[j]: the port to worker j (null for this one). */
  peers: Array<MessagePort | null>;
  main: MessagePort;
  opts: WorkerOptions;
}

/**
 * A worker's report of one level: the keys (parent's rank, process, choice) of the states it
 * accepted, in key order (the main thread merges every worker's keys and answers each with their
 * ranks in the next level); for each violation code, the
 * first violating transition it computed (end states: process = processCount) as (code, rank,
 * process, choice) quadruples; and its counters.
 */
export interface LevelReport {
  keys: Int32Array;
  events: number[];
  transitions: number;
  pruned: number;
  /** A new state was beyond maxDepth. */
  cut: boolean;
  /** C_LIMIT's value: a limit stopped the level. */
  limit: number;
  /** The worker's system's `observed` words so far (TransitionSystem.observed). */
  observed?: number[];
}

/**
 * The owner of a fingerprint: the worker whose visited set holds it. Sixteen bits of the
 * fingerprint scaled to [0, workers) by a multiplication (no division per transition); any
 * function of the fingerprint gives the same answer, this one spreads the states evenly.
 */
export function ownerOf(hi: number, workers: number): number {
  return (((hi >>> 12) & 0xffff) * workers) >>> 16;
}
