/**
 * The incremental scaling search (docs/scaling.md): check the setups from small to
 * large and answer with the first one, in that order, that violates an intent.
 *
 * Setups are taken one size level at a time (a level = all setups with the same total node
 * count, which is the list's primary order). Within a level they run in order, in this thread or
 * on piscina worker threads; a level's results are only read once all of them are in, so the
 * answer is the first violating setup in enumeration order whatever the worker count.
 *
 * Fixpoint (opt-in, a heuristic, docs/scaling.md): every setup reports the abstract states it
 * reached (src/scaling/abstraction.ts). When a whole level adds no abstract state that smaller
 * levels had not reached, the search stops there. The abstraction is coarse enough that this can
 * stop before a violation (c3 and c8 stop at 2 nodes, their violations need 3), so it is off by
 * default.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CheckOptions, CheckResult } from '../check.js';
import { checkSetup, type SetupResult, type SetupTask } from './check-setup.js';
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
  /** Setups whose check counts (all up to the answer, or up to the fixpoint). */
  checked: number;
  /** The violating setups: the first one, or every one with `all`. */
  failing: SetupOutcome[];
  /** Setups whose check hit a limit. */
  inconclusive: SetupOutcome[];
  /** Every setup checked, in order, with its verdict. */
  outcomes: Array<{ index: number; description: string; status: CheckResult['status']; states: number }>;
  /** Total node count at which the fixpoint stopped the search, if it did. */
  fixpointAt?: number;
  states: number;
  seconds: number;
  /** Set by the caller (check.ts withUnmodelled): as CheckResult's. */
  unmodelled?: CheckResult['unmodelled'];
  unaccounted?: CheckResult['unaccounted'];
}

export interface ScalingSearchOptions extends ScalingOptions {
  check?: CheckOptions;
  /** Go on after the first violating setup and report all of them (`-a`). */
  all?: boolean;
  /** Worker threads; 1 runs in this thread. Default: the number of cores. */
  workers?: number;
  /** Stop at a fixpoint (off by default: the abstraction can stop before a violation). */
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
 * Runs tasks with at most `lanes` at once, results in task order. Unless `all`, a task after a
 * known violation is not started (it cannot change the answer); its result stays undefined.
 */
async function runAll(tasks: SetupTask[], runOne: RunOne, lanes: number, all: boolean, onDone: (r: SetupResult) => void): Promise<Array<SetupResult | undefined>> {
  const results: Array<SetupResult | undefined> = new Array(tasks.length);
  let next = 0;
  let firstViolation = Number.POSITIVE_INFINITY;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      if (!all && i > firstViolation) return;
      const r = await runOne(tasks[i]);
      results[i] = r;
      if (r.result.status === 'violated' && i < firstViolation) firstViolation = i;
      onDone(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, tasks.length) }, lane));
  return results;
}

export async function scalingSearch(t: ScalingTemplate, opts: ScalingSearchOptions = {}): Promise<ScalingResult> {
  const started = performance.now();
  const setups = enumerateSetups(t, opts);
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const fixpoint = opts.fixpoint ?? false;
  let runOne: RunOne = checkSetup;
  let close = async (): Promise<void> => {};
  if (workers > 1) {
    const { Piscina } = await import('piscina');
    const pool = new Piscina({ filename: workerFile(), maxThreads: workers, minThreads: workers, idleTimeout: 60_000 });
    runOne = (task) => pool.run(task) as Promise<SetupResult>;
    close = () => pool.destroy();
  }
  const failing: SetupOutcome[] = [];
  const inconclusive: SetupOutcome[] = [];
  const outcomes: ScalingResult['outcomes'] = [];
  const reached = new Set<number>();
  let checked = 0;
  let states = 0;
  let fixpointAt: number | undefined;
  let levelsSeen = 0;
  let levelStates = 0;
  const size = (s: Setup) => s.nodes.reduce((a, b) => a + b, 0);
  try {
    for (let start = 0; start < setups.length; ) {
      const N = size(setups[start]);
      let end = start;
      while (end < setups.length && size(setups[end]) === N) end++;
      const tasks: SetupTask[] = [];
      const picked: number[] = []; // global index of each task
      for (let i = start; i < end; i++) {
        if (opts.shard && i % opts.shard.count !== opts.shard.index) continue;
        picked.push(i);
        const spec = instantiate(t, setups[i]);
        const nodeTypes = fixpoint ? setups[i].nodes.flatMap((count, k) => new Array<number>(count).fill(k)) : undefined;
        tasks.push({ spec, opts: opts.check ?? {}, nodeTypes, typeCount: t.nodeTypes.length });
      }
      let done = start;
      const results = await runAll(tasks, runOne, workers === 1 ? 1 : workers * 2, opts.all ?? false, (r) => {
        levelStates += r.result.stats.states;
        const rate = (states + levelStates) / Math.max(1e-3, (performance.now() - started) / 1000);
        opts.onProgress?.(++done, setups.length, describeSetup(t, setups[Math.min(done, setups.length - 1)]), rate);
      });
      levelStates = 0;
      const before = reached.size;
      let stop = false;
      for (let j = 0; j < results.length; j++) {
        const i = picked[j];
        const r = results[j];
        if (!r) break; // not started: a smaller setup of this level already violates
        const { result, abstract } = r;
        const outcome = { index: i, setup: setups[i], description: describeSetup(t, setups[i]), result };
        checked++;
        states += result.stats.states;
        outcomes.push({ index: i, description: outcome.description, status: result.status, states: result.stats.states });
        for (const a of abstract) reached.add(a);
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
      levelsSeen++;
      // Fixpoint: a level that reached nothing new, after at least one level before it.
      if (fixpoint && failing.length === 0 && levelsSeen >= 2 && reached.size === before) {
        fixpointAt = N;
        break;
      }
      start = end;
    }
  } finally {
    await close();
  }
  const status = failing.length > 0 ? 'violated' : inconclusive.length > 0 ? 'inconclusive' : 'holds';
  return { status, totalSetups: setups.length, checked, failing, inconclusive, outcomes, fixpointAt, states, seconds: (performance.now() - started) / 1000 };
}
