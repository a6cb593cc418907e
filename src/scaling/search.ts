/**
 * The incremental scaling search (docs/scaling.md): check the setups from small to
 * large and answer with the first one, in that order, that violates an intent.
 *
 * Setups are taken one size level at a time (a level = all setups with the same total node
 * count, which is the list's primary order). Within a level they run in order, in this thread or
 * on piscina worker threads; a level's results are only read once all of them are in, so the
 * answer is the first violating setup in enumeration order whatever the worker count.
 *
 * The proof for every size (`fixpoint`, docs/scaling.md "Proof for every size"): when no setup
 * violates an intent, the abstract search of src/scaling/abstract/ either proves that the intents
 * hold for every number of nodes (status holds) or says why it cannot (status inconclusive).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CheckOptions, CheckResult } from '../check.js';
import { requireSearchOptions } from '../system/check-input.js';
import type { Limit } from '../checker/result.js';
import { InputError } from '../model/errors.js';
import { checkSetup, fromWorker, type SetupResult, type SetupTask, type WorkerReply } from './check-setup.js';
import { countSetups, describeBounds, setupsInOrder } from './enumerate.js';
import { describeSetup, instantiate } from './instantiate.js';
import type { ScalingOptions, ScalingTemplate, Setup } from './types.js';
import { proveEverySize, type ProofResult } from './abstract/prove.js';

export interface SetupOutcome {
  index: number;
  setup: Setup;
  description: string;
  result: CheckResult;
}

export interface ScalingResult {
  status: 'holds' | 'violated' | 'inconclusive';
  totalSetups: number;
  /** The ranges the setups cover (describeBounds). */
  covered?: string;
  /** Setups whose check counts (all up to the answer). */
  checked: number;
  /** The violating setups: the first one, or every one with `all`. */
  failing: SetupOutcome[];
  /** Setups whose check hit a limit. */
  inconclusive: SetupOutcome[];
  /** Every setup checked, in order, with its verdict. */
  outcomes: Array<{ index: number; description: string; status: CheckResult['status']; states: number }>;
  /**
   * With `fixpoint`, when no setup violates an intent: the proof for every size. Proved, the
   * status is holds; otherwise inconclusive ("no violation up to the sizes checked").
   */
  proof?: ProofResult;
  /** The time limit or an abort stopped the search between setups (the setups left were not checked). */
  limit?: Limit;
  states: number;
  seconds: number;
  /** Set by the caller (check.ts withUnmodelled): as CheckResult's. */
  unmodelled?: CheckResult['unmodelled'];
  unaccounted?: CheckResult['unaccounted'];
}

/**
 * At most this many worker threads: twice the cores (more only add memory, each thread holds its
 * own heap), and at least 4.
 */
export const MAX_WORKERS = Math.max(4, 2 * availableParallelism());

export interface ScalingSearchOptions extends ScalingOptions {
  check?: CheckOptions;
  /** Go on after the first violating setup and report all of them (`-a`). */
  all?: boolean;
  /**
   * Worker threads; 1 runs in this thread. Default: the number of cores, started only once the
   * search has run AUTO_POOL_AFTER_MS in this thread (a small search never pays for a pool).
   */
  workers?: number;
  /** With the default workers: how long this thread works alone before the pool starts (AUTO_POOL_AFTER_MS). */
  poolAfterMs?: number;
  /**
   * When no setup violates an intent, try to prove that none of any size does (`--fixpoint`,
   * src/scaling/abstract/): without a proof the answer is then inconclusive.
   */
  fixpoint?: boolean;
  /**
   * Check only this share of the setups: those whose index in enumeration order is `index`
   * modulo `count` (src/scaling/shard.ts merges the shares back in global order).
   */
  shard?: { index: number; count: number };
  /** Called as setups finish: how many of how many, the setup, and states checked per second so far. */
  onProgress?: (done: number, total: number, current: string, statesPerSecond: number) => void;
}

type RunOne = (task: SetupTask) => Promise<SetupResult>;

/** The compiled worker; when running from the TypeScript sources (tests), the built one in dist/. */
function workerFile(): string {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  return new URL('../../dist/scaling/worker.js', import.meta.url).href;
}

/**
 * Runs the tasks `take` hands out (undefined: none left), at most `lanes` at once, results in
 * task order. Unless `all`, a task after a known violation is not started (it cannot change
 * the answer); nor is any once `stop()` says so. A result not computed stays undefined.
 */
async function runAll(take: () => SetupTask | undefined, runOne: RunOne, lanes: number, all: boolean, stop: () => boolean, onDone: (r: SetupResult) => void): Promise<Array<SetupResult | undefined>> {
  const results: Array<SetupResult | undefined> = [];
  let next = 0;
  let firstViolation = Number.POSITIVE_INFINITY;
  let failed = false;
  const lane = async (): Promise<void> => {
    for (;;) {
      if (stop() || failed) return;
      const i = next;
      if (!all && i > firstViolation) return;
      const task = take();
      if (task === undefined) return;
      next++;
      const r = await runOne(task);
      results[i] = r;
      if (r.result.status === 'violated' && i < firstViolation) firstViolation = i;
      onDone(r);
    }
  };
  // Every lane settles before an error is passed on: no task is left running on a pool that
  // is then destroyed.
  const settled = await Promise.allSettled(
    Array.from({ length: lanes }, () =>
      lane().catch((e: unknown) => {
        failed = true;
        throw e;
      }),
    ),
  );
  const error = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (error) throw error.reason;
  return results;
}

/**
 * With the default worker count, setups are checked in this thread until the scaling search has
 * run this long; only then is the pool started (a pool costs about 0.1 s of start-up and a cold
 * JIT per worker, more than most built-in cases take in all).
 */
export const AUTO_POOL_AFTER_MS = 1000;

interface Runner {
  runOne: RunOne;
  close: () => Promise<void>;
}

type PiscinaClass = typeof import('piscina').Piscina;

/** A pool of `workers` threads. A worker returns an input error as data, so it keeps its type (InputError, exit 2) here. */
function poolOf(Piscina: PiscinaClass, workers: number): Runner {
  const pool = new Piscina({ filename: workerFile(), maxThreads: workers, minThreads: workers, idleTimeout: 60_000 });
  return { runOne: async (task) => fromWorker((await pool.run(task)) as WorkerReply), close: () => pool.destroy() };
}

/**
 * The pool class, loaded synchronously: the default runner starts its pool from a timer while
 * this thread searches, and an asynchronous import would move on only at the search's turns of
 * the event loop (a module load takes many).
 */
function piscinaNow(): PiscinaClass {
  return (createRequire(import.meta.url)('piscina') as typeof import('piscina')).Piscina;
}

/**
 * How setups are checked: in this thread (one worker), a pool from the start (`--workers N`),
 * or, by default (`auto`), in this thread one at a time until AUTO_POOL_AFTER_MS has passed,
 * then in a pool of `workers` threads. Setups waiting for this thread when the pool starts go
 * to the pool; the one running here finishes here. Results do not depend on where a setup ran.
 */
async function runner(workers: number, auto: boolean, after: number): Promise<Runner> {
  if (workers <= 1) return { runOne: checkSetup, close: async () => {} };
  if (!auto) return poolOf((await import('piscina')).Piscina, workers);
  let pool: Runner | undefined;
  const current = (): Runner | undefined => pool;
  let ready!: () => void;
  const poolReady = new Promise<void>((r) => (ready = r));
  const startAt = Date.now() + after;
  const start = (): void => {
    if (pool) return;
    pool = poolOf(piscinaNow(), workers); // its threads start on their own; tasks wait in its queue
    ready();
  };
  // The timer wakes the setups waiting while a long one runs here (the search gives the event
  // loop a turn every few milliseconds); between short setups there is no turn: the clock is read.
  const timer = setTimeout(start, after);
  timer.unref();
  // This thread checks one setup at a time: the others wait for it, or for the pool.
  let free: Promise<void> = Promise.resolve();
  const runOne: RunOne = async (task) => {
    if (!pool && Date.now() >= startAt) start();
    if (pool) return pool.runOne(task);
    const turn = free;
    let release!: () => void;
    free = new Promise((r) => (release = r));
    try {
      await Promise.race([turn, poolReady]);
      const now = current(); // the pool may have started meanwhile
      return now ? await now.runOne(task) : await checkSetup(task);
    } finally {
      release();
    }
  };
  const close = async (): Promise<void> => {
    clearTimeout(timer);
    await pool?.close();
  };
  return { runOne, close };
}

/** The search options each setup is checked with: one deadline and one stop flag for all (worker threads share them). */
function setupOptions(check: CheckOptions, stopFlag: Int32Array): CheckOptions {
  const { signal, timeLimitMs, ...rest } = check;
  void signal;
  const deadline = Math.min(check.deadline ?? Number.POSITIVE_INFINITY, timeLimitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeLimitMs);
  return { ...rest, ...(Number.isFinite(deadline) ? { deadline } : {}), stopFlag };
}

export async function scalingSearch(t: ScalingTemplate, opts: ScalingSearchOptions = {}): Promise<ScalingResult> {
  const started = performance.now();
  if (opts.workers !== undefined && (!Number.isSafeInteger(opts.workers) || opts.workers < 1 || opts.workers > MAX_WORKERS)) {
    throw new InputError(`must be an integer from 1 to ${MAX_WORKERS} (twice the cores, at least 4), got ${String(opts.workers)}`, 'scalingSearch()', 'workers');
  }
  const base = (t as Partial<ScalingTemplate> | null)?.base;
  if (typeof base !== 'object' || base === null || !Array.isArray(t.nodeTypes) || !Array.isArray(t.deploymentTypes)) {
    throw new InputError('expected a scaling template (scalingTemplate(cluster) returns one)', 'scalingSearch()', 'template');
  }
  requireSearchOptions(opts.check, 'scalingSearch()');
  const totalSetups = countSetups(t, opts);
  if (totalSetups === 0) {
    // Nothing would be checked: that is not a hold (docs/reliability.md).
    throw new InputError('no setup to check: the node and deployment bounds (minSize, maxSize, the pods-per-node caps) leave no cluster with a node and a replica', undefined, 'dTypes', t.base.sources?.['*']?.file);
  }
  const setups = setupsInOrder(t, opts);
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const auto = opts.workers === undefined;
  const fixpoint = opts.fixpoint ?? false;
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const check = setupOptions(opts.check ?? {}, stopFlag);
  const signal = opts.check?.signal;
  const onAbort = (): void => void Atomics.store(stopFlag, 0, 1);
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) onAbort();
  const stopReason = (): Limit | undefined => (Atomics.load(stopFlag, 0) !== 0 ? 'aborted' : check.deadline !== undefined && Date.now() > check.deadline ? 'time' : undefined);
  const { runOne, close } = await runner(workers, auto, opts.poolAfterMs ?? AUTO_POOL_AFTER_MS);
  const failing: SetupOutcome[] = [];
  const inconclusive: SetupOutcome[] = [];
  const outcomes: ScalingResult['outcomes'] = [];
  let checked = 0;
  let states = 0;
  let limit: Limit | undefined;
  let levelStates = 0;
  let index = 0;
  const size = (s: Setup) => s.nodes.reduce((a, b) => a + b, 0);
  let pending = setups.next();
  try {
    while (!pending.done) {
      const N = size(pending.value);
      const start = index;
      const level: Setup[] = [];
      const at: number[] = []; // global index of each setup of `level`
      // The setups of this level (of this shard's share), handed out one at a time (a level can be large).
      const take = (): SetupTask | undefined => {
        let setup: Setup;
        do {
          if (pending.done || size(pending.value) !== N) return undefined;
          setup = pending.value;
          pending = setups.next();
          index++;
        } while (opts.shard && (index - 1) % opts.shard.count !== opts.shard.index);
        level.push(setup);
        at.push(index - 1);
        return { spec: instantiate(t, setup), opts: check };
      };
      let done = start;
      const results = await runAll(take, runOne, workers === 1 ? 1 : workers * 2, opts.all ?? false, () => stopReason() !== undefined, (r) => {
        levelStates += r.result.stats.states;
        const rate = (states + levelStates) / Math.max(1e-3, (performance.now() - started) / 1000);
        opts.onProgress?.(++done, totalSetups, describeSetup(t, level[Math.min(done - start, level.length - 1)]), rate);
      });
      levelStates = 0;
      let stop = false;
      for (let j = 0; j < level.length; j++) {
        const r = results[j];
        if (!r) break; // not started: a smaller setup of this level already violates, or a stop
        const { result } = r;
        const outcome = { index: at[j], setup: level[j], description: describeSetup(t, level[j]), result };
        checked++;
        states += result.stats.states;
        outcomes.push({ index: outcome.index, description: outcome.description, status: result.status, states: result.stats.states });
        if (result.status === 'inconclusive') inconclusive.push(outcome);
        if (result.status === 'violated') {
          failing.push(outcome);
          if (!opts.all) {
            stop = true;
            break; // the first violating setup in order: later ones in this level do not count
          }
        }
      }
      if (stop) break;
      limit = stopReason();
      if (limit !== undefined) break;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await close();
  }
  let status: ScalingResult['status'] = failing.length > 0 ? 'violated' : inconclusive.length > 0 || limit !== undefined || checked === 0 ? 'inconclusive' : 'holds';
  let proof: ProofResult | undefined;
  if (fixpoint && status === 'holds') {
    // No setup up to the caps violates: the abstraction may prove that no larger one does.
    proof = proveEverySize(t, opts, { deadline: check.deadline, maxStates: opts.check?.maxStates });
    if (proof.status !== 'proved') status = 'inconclusive';
  }
  return { status, totalSetups, covered: describeBounds(t, opts), checked, failing, inconclusive, outcomes, ...(proof ? { proof } : {}), ...(limit ? { limit } : {}), states, seconds: (performance.now() - started) / 1000 };
}
