/**
 * The incremental scaling search (`cases-and-inputs.md` §5): check the setups from small to
 * large and answer with the first one, in that order, that violates an intent. With several
 * workers the setups run on piscina threads, but the answer is still the first violating setup
 * in enumeration order (not the first to finish): a result is only reported once every smaller
 * setup is done, and setups after a known violation are not started.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import { enumerateSetups } from './enumerate.js';
import { describeSetup, instantiate } from './instantiate.js';
import type { ScalingOptions, ScalingTemplate, Setup } from './types.js';

export interface SetupOutcome {
  index: number;
  setup: Setup;
  description: string;
  result: CheckResult;
}

export interface ScalingResult {
  status: 'holds' | 'violated' | 'inconclusive';
  totalSetups: number;
  /** Setups whose check finished (all of them unless stopped at a violation). */
  checked: number;
  /** The violating setups: the first one, or every one with `all`. */
  failing: SetupOutcome[];
  /** Setups whose check hit a limit. */
  inconclusive: SetupOutcome[];
  states: number;
  seconds: number;
}

export interface ScalingSearchOptions extends ScalingOptions {
  check?: CheckOptions;
  /** Go on after the first violating setup and report all of them (`-a`). */
  all?: boolean;
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  workers?: number;
  onProgress?: (done: number, total: number, current: string) => void;
}

export async function scalingSearch(t: ScalingTemplate, opts: ScalingSearchOptions = {}): Promise<ScalingResult> {
  const started = performance.now();
  const setups = enumerateSetups(t, opts);
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const outcomes: Array<SetupOutcome | undefined> = new Array(setups.length);
  const run = workers === 1 ? runInProcess : await pooled(workers);
  try {
    await run(t, setups, opts, outcomes);
  } finally {
    if (run !== runInProcess) await (run as PoolRunner).close();
  }
  const done = outcomes.filter((o): o is SetupOutcome => o !== undefined);
  const failing = done.filter((o) => o.result.status === 'violated');
  const inconclusive = done.filter((o) => o.result.status === 'inconclusive');
  const answer = opts.all ? failing : failing.slice(0, 1);
  const states = done.reduce((a, o) => a + o.result.stats.states, 0);
  // Without a violation, a setup that hit a limit leaves the whole search inconclusive.
  const status = answer.length > 0 ? 'violated' : inconclusive.length > 0 ? 'inconclusive' : 'holds';
  return { status, totalSetups: setups.length, checked: done.length, failing: answer, inconclusive, states, seconds: (performance.now() - started) / 1000 };
}

type Runner = (t: ScalingTemplate, setups: Setup[], opts: ScalingSearchOptions, out: Array<SetupOutcome | undefined>) => Promise<void>;

async function runInProcess(t: ScalingTemplate, setups: Setup[], opts: ScalingSearchOptions, out: Array<SetupOutcome | undefined>): Promise<void> {
  for (let i = 0; i < setups.length; i++) {
    const description = describeSetup(t, setups[i]);
    opts.onProgress?.(i, setups.length, description);
    const result = await checkCluster(instantiate(t, setups[i]), opts.check);
    out[i] = { index: i, setup: setups[i], description, result };
    if (result.status === 'violated' && !opts.all) return;
  }
}

interface PoolRunner extends Runner {
  close(): Promise<void>;
}

/** The compiled worker; when running from the TypeScript sources (tests), the built one in dist/. */
function workerFile(): string {
  const beside = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside.href;
  return new URL('../../dist/scaling/worker.js', import.meta.url).href;
}

async function pooled(workers: number): Promise<PoolRunner> {
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: workerFile(), maxThreads: workers, minThreads: workers, idleTimeout: 60_000 });
  const runner = (async (t, setups, opts, out) => {
    let firstViolation = Number.POSITIVE_INFINITY;
    let next = 0;
    let done = 0;
    // Each lane takes the next setup in order. A setup after a known violation cannot change
    // the answer, so it is not started; the few already running finish and are dropped.
    const launch = async (): Promise<void> => {
      while (next < setups.length) {
        const i = next++;
        if (!opts.all && i > firstViolation) return;
        const description = describeSetup(t, setups[i]);
        const result: CheckResult = await pool.run({ spec: instantiate(t, setups[i]), opts: opts.check ?? {} });
        out[i] = { index: i, setup: setups[i], description, result };
        if (result.status === 'violated' && i < firstViolation) firstViolation = i;
        opts.onProgress?.(++done, setups.length, description);
      }
    };
    await Promise.all(Array.from({ length: workers * 2 }, launch));
    // Drop results past the answer so the outcome does not depend on timing.
    if (!opts.all) for (let i = firstViolation + 1; i < out.length; i++) out[i] = undefined;
  }) as PoolRunner;
  runner.close = () => pool.destroy();
  return runner;
}
