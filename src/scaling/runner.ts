/**
 * Where the scaling search's setups are checked (docs/scaling.md, "The answer"): in this thread
 * (`--workers 1`), on a piscina pool from the start (`--workers N`), or by default in this
 * thread until the search has run AUTO_POOL_AFTER_MS and then on a pool. Results do not depend
 * on where a setup ran. A setup whose stop flag is set before it starts is not started (undefined).
 */
import { createRequire } from 'node:module';
import { builtModule } from '../checker/built-module.js';
import { checkSetup, fromWorker, stopRequested, type SetupResult, type SetupTask, type WorkerReply } from './check-setup.js';

/** Checks a setup; undefined when its stop flag was set before it started. */
export type RunOne = (task: SetupTask) => Promise<SetupResult | undefined>;

export interface Runner {
  runOne: RunOne;
  close: () => Promise<void>;
}

/**
 * With the default worker count, setups are checked in this thread until the scaling search has
 * used this much CPU time (ms); only then is the pool started (a pool costs about 0.1 s of start-up and a cold
 * JIT per worker, more than most built-in cases take in all).
 */
export const AUTO_POOL_AFTER_MS = 1000;

type PiscinaClass = typeof import('piscina').Piscina;

/** A pool of `workers` threads. A worker returns an input error as data, so it keeps its type (InputError, exit 2) here. */
function poolOf(Piscina: PiscinaClass, workers: number): Runner {
  const pool = new Piscina({ filename: builtModule('scaling/worker.js').href, maxThreads: workers, minThreads: workers, idleTimeout: 60_000 });
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

/** CPU time of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** This thread, one setup at a time. */
const inThread: RunOne = async (task) => (stopRequested(task) ? undefined : checkSetup(task));

/**
 * How setups are checked: in this thread (one worker), a pool from the start (`--workers N`),
 * or, by default (`auto`), in this thread one at a time until the search has used `after` ms of
 * CPU time, then in this thread and a pool of `workers − 1` threads side by side: this thread,
 * its code already compiled by the JIT, stays one of the `workers`, and the pool has one cold
 * thread fewer to start. A setup goes to whichever is free first, this thread before the pool;
 * the others wait, in order.
 */
export async function runner(workers: number, auto: boolean, after: number): Promise<Runner> {
  if (workers <= 1) return { runOne: inThread, close: async () => {} };
  if (!auto) return poolOf((await import('piscina')).Piscina, workers);
  let pool: Runner | undefined;
  let hereBusy = false;
  let poolBusy = 0;
  // Setups waiting for a free thread, in the order they came (a setup woken but beaten to the
  // free thread goes back to its place). A thread that frees wakes the next one only after the
  // result has been read (the next turn of the event loop): a violation found sets the stop
  // flags of the setups after it before any of them starts.
  const waiting: Array<{ order: number; wake: () => void }> = [];
  let arrived = 0;
  const wakeOne = (): void => void setImmediate(() => waiting.shift()?.wake());
  // The work done counts, not the time gone by: on a loaded machine a small search can take a
  // second of wall time with a fraction of it on the CPU, and a pool would not repay itself.
  const cpuAtStart = cpuMs();
  const workedMs = (): number => cpuMs() - cpuAtStart;
  const start = (): void => {
    if (pool) return;
    pool = poolOf(piscinaNow(), workers - 1); // its threads start on their own
    for (const w of waiting.splice(0)) w.wake(); // each takes a free thread or waits again
  };
  // The timer wakes the setups waiting while a long one runs here (the search gives the event
  // loop a turn every few milliseconds); between short setups there is no turn: the CPU time is read.
  let timer: NodeJS.Timeout;
  const arm = (ms: number): void => {
    timer = setTimeout(() => (workedMs() >= after ? start() : arm(after - workedMs())), Math.max(1, ms));
    timer.unref();
  };
  arm(after);
  const runOne: RunOne = async (task) => {
    const order = arrived++;
    // A setup takes a free thread if none waits before it (woken, it was the first in line).
    for (let woken = false; ; woken = true) {
      if (!pool && workedMs() >= after) start();
      if (woken || waiting.length === 0) {
        if (!hereBusy) {
          hereBusy = true;
          try {
            return await inThread(task);
          } finally {
            hereBusy = false;
            wakeOne();
          }
        }
        if (pool && poolBusy < workers - 1) {
          if (stopRequested(task)) return undefined;
          poolBusy++;
          try {
            return await pool.runOne(task);
          } finally {
            poolBusy--;
            wakeOne();
          }
        }
      }
      await new Promise<void>((wake) => {
        const at = waiting.findIndex((w) => w.order > order);
        waiting.splice(at < 0 ? waiting.length : at, 0, { order, wake });
      });
    }
  };
  const close = async (): Promise<void> => {
    clearTimeout(timer);
    await pool?.close();
  };
  return { runOne, close };
}
