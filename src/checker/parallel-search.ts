/**
 * A breadth-first search on several worker threads (parallel-worker.ts), level by level, that
 * gives the sequential search's answer (search.ts): the same verdict, the same counterexamples
 * and, when it runs to the end, the same state count, whatever the number of workers.
 *
 * The sequential search expands states in queue order, and within a state processes and
 * choices in order; the state it stores first is the one reached by the smallest key (rank of
 * the parent in its level, process, choice), and a level's queue order is the order of those
 * keys. The workers rebuild that order: a fingerprint's owner (TLC's distributed mode) merges
 * the candidates sent to it by key, so the first occurrence of a new state is its smallest key,
 * and ranks are positions in the merge of all owners' keys. The sleep set of a state is the one
 * its smallest key's parent gives it, as in search.ts. Violations are kept per level (the first
 * per code and worker); this thread applies them in key order with search.ts's stop rules
 * (`stopAtFirst`, every pursued code found) and its state limit, and keeps the trace: per level,
 * the key of every state by rank (12 bytes a state, as TraceTree).
 *
 * Where this search does not apply (depth-first, `seed`, `onNewState`) it is the sequential one;
 * check.ts runs the sequential one in-process for one worker too.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { builtModule } from './built-module.js';
import { C_ABORT, C_DONE, C_GO, C_STOP, CONTROL_WORDS, LIMIT_CODES, type LevelReport, type SystemRecipe, type WorkerInit } from './parallel-protocol.js';
import { type Limit, mergeObserved, type SearchOptions, type SearchResult } from './result.js';
import { Counterexamples, search, searchStats } from './search.js';
import type { TransitionSystem } from './transition-system.js';

export type { SystemRecipe } from './parallel-protocol.js';

export interface ParallelOptions extends SearchOptions {
  /** Worker threads (default 1: the sequential search, in this thread). */
  workers?: number;
}

/**
 * Whether `parallelSearch` runs on worker threads with these options (else it is `search`):
 * breadth-first, without `seed` or `onNewState`. With one worker it still does (tests compare
 * the machinery with the sequential search); callers run `search` in-process then.
 */
export function parallelApplies(opts: ParallelOptions): boolean {
  return (opts.strategy ?? 'bfs') === 'bfs' && opts.seed === undefined && opts.onNewState === undefined;
}

/**
 * Searches `sys` on `opts.workers` threads, each rebuilding it from `recipe` (the same system:
 * the answer is the sequential search's of `sys`).
 */
export async function parallelSearch(sys: TransitionSystem, recipe: SystemRecipe, opts: ParallelOptions = {}): Promise<SearchResult> {
  // Aborted already: the sequential search answers at once.
  if (!parallelApplies(opts) || opts.signal?.aborted) return search(sys, opts);
  const run = new ParallelRun(sys, recipe, opts);
  try {
    return await run.search();
  } finally {
    await run.close();
  }
}

type Event = [code: number, rank: number, p: number, c: number];

function keyBefore(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): boolean {
  if (a[i] !== b[j]) return a[i] < b[j];
  if (a[i + 1] !== b[j + 1]) return a[i + 1] < b[j + 1];
  return a[i + 2] < b[j + 2];
}

class ParallelRun {
  readonly N: number;
  readonly control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  readonly storeBytes: Float64Array;
  readonly threads: Worker[] = [];
  readonly ports: MessagePort[] = [];
  readonly failed: Promise<never>;
  readonly started = performance.now();
  /** levels[d]: the keys (parent's rank, process, choice) of depth d's states, by rank. */
  readonly levels: Int32Array[] = [Int32Array.of(-1, -1, -1)];
  readonly deadline: number;
  /** Per worker: the ranks of the keys it reported for the current level; the merge's positions in them. */
  private readonly ranks: Int32Array[];
  private readonly heads: Int32Array;
  private fail: (e: unknown) => void = () => {};
  private ended = false;
  private readonly onAbort = (): void => void Atomics.store(this.control, C_ABORT, 1);

  constructor(
    readonly sys: TransitionSystem,
    recipe: SystemRecipe,
    readonly opts: ParallelOptions,
  ) {
    const N = (this.N = opts.workers ?? 1);
    this.storeBytes = new Float64Array(new SharedArrayBuffer(8 * (N + 1)));
    this.ranks = new Array<Int32Array>(N).fill(new Int32Array(0));
    this.heads = new Int32Array(N);
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => {});
    let deadline = opts.deadline;
    if (opts.timeLimitMs !== undefined) deadline = Math.min(deadline ?? Number.POSITIVE_INFINITY, Date.now() + opts.timeLimitMs);
    this.deadline = deadline ?? Number.POSITIVE_INFINITY;
    const workerOpts = { deadline, maxMemoryBytes: opts.maxMemoryBytes, stopFlag: opts.stopFlag, maxDepth: opts.maxDepth, reduction: opts.reduction ?? true };
    const peers: Array<Array<MessagePort | null>> = Array.from({ length: N }, () => new Array<MessagePort | null>(N).fill(null));
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) {
        const ch = new MessageChannel();
        peers[i][j] = ch.port1;
        peers[j][i] = ch.port2;
      }
    }
    opts.signal?.addEventListener('abort', this.onAbort);
    if (opts.signal?.aborted) this.onAbort();
    for (let i = 0; i < N; i++) {
      const ch = new MessageChannel();
      this.ports.push(ch.port1);
      const init: WorkerInit = { recipe, index: i, workers: N, control: this.control, storeBytes: this.storeBytes, peers: peers[i], main: ch.port2, opts: workerOpts };
      const t = new Worker(builtModule('checker/parallel-worker.js'), { workerData: init, transferList: [ch.port2, ...peers[i].filter((p): p is MessagePort => p !== null)] });
      t.on('error', (e) => this.fail(e));
      t.on('exit', (code) => {
        if (!this.ended) this.fail(new Error(`internal error: parallel search: worker ${i} exited (code ${code}) before the search ended`));
      });
      this.threads.push(t);
    }
  }

  /** Waits (letting the event loop run: signals, the AbortSignal) until every worker reported the level. */
  private async allDone(): Promise<LevelReport[]> {
    const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
    for (;;) {
      const v = Atomics.load(this.control, C_DONE);
      if (v >= this.N) break;
      const w = waitAsync(this.control, C_DONE, v);
      if (w.async) await Promise.race([w.value, this.failed]);
    }
    Atomics.store(this.control, C_DONE, 0);
    return this.ports.map((port) => {
      const m = receiveMessageOnPort(port);
      if (m === undefined) throw new Error('internal error: parallel search: a level report is missing');
      return m.message as LevelReport;
    });
  }

  private answer(stop: boolean): void {
    Atomics.store(this.control, C_STOP, stop ? 1 : 0);
    Atomics.add(this.control, C_GO, 1);
    Atomics.notify(this.control, C_GO);
  }

  /** The actions from the initial state to the state of rank r at depth d. */
  pathTo(d: number, r: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (; d > 0; d--) {
      const L = this.levels[d];
      out.push([L[3 * r + 1], L[3 * r + 2]]);
      r = L[3 * r];
    }
    return out.reverse();
  }

  /**
   * The next level's keys by rank: the merge of the workers' reports (each in key order). Sets
   * `ranks[i]` to the ranks of worker i's keys; every worker gets them all with the answer to go on.
   */
  private levelOf(reports: LevelReport[]): Int32Array {
    const N = this.N;
    let m = 0;
    for (const r of reports) m += r.keys.length / 3;
    const level = new Int32Array(3 * m);
    const at = this.heads.fill(0);
    for (let i = 0; i < N; i++) this.ranks[i] = new Int32Array(reports[i].keys.length / 3);
    for (let k = 0; k < m; k++) {
      let best = -1;
      for (let i = 0; i < N; i++) {
        const keys = reports[i].keys;
        if (3 * at[i] < keys.length && (best < 0 || keyBefore(keys, 3 * at[i], reports[best].keys, 3 * at[best]))) best = i;
      }
      const keys = reports[best].keys;
      const j = at[best]++;
      level[3 * k] = keys[3 * j];
      level[3 * k + 1] = keys[3 * j + 1];
      level[3 * k + 2] = keys[3 * j + 2];
      this.ranks[best][j] = k;
    }
    return level;
  }

  /** Every code's first violation of the level (smallest key), in key order. */
  private static firstEvents(reports: LevelReport[]): Event[] {
    const first = new Map<number, Event>();
    for (const { events } of reports) {
      for (let i = 0; i < events.length; i += 4) {
        const e: Event = [events[i], events[i + 1], events[i + 2], events[i + 3]];
        const had = first.get(e[0]);
        if (had === undefined || keyBefore(e, 1, had, 1)) first.set(e[0], e);
      }
    }
    return [...first.values()].sort((a, b) => (keyBefore(a, 1, b, 1) ? -1 : 1));
  }

  /** How many keys of `level` come before key (rank, p, c). */
  private static countBefore(level: Int32Array, key: ArrayLike<number>, at: number): number {
    let lo = 0;
    let hi = level.length / 3;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keyBefore(level, 3 * mid, key, at)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async search(): Promise<SearchResult> {
    const { sys, opts } = this;
    const maxStates = opts.maxStates ?? Number.POSITIVE_INFINITY;
    const found = new Counterexamples(sys.propertyCodes, opts.stopAtFirst ?? false);
    let states = 1;
    let transitions = 0;
    let pruned = 0;
    let depthReached = 0;
    let limit: Limit | undefined;
    let stoppedEarly = false;
    let cut = false;
    let peak = 0;
    let observed: number[] | undefined;
    for (let d = 0; ; d++) {
      const reports = await this.allDone();
      const level = this.levelOf(reports);
      let m = level.length / 3;
      for (const r of reports) {
        transitions += r.transitions;
        pruned += r.pruned;
        cut ||= r.cut;
        observed = mergeObserved(observed, r.observed, this.sys.observedRecords);
        if (r.limit !== 0) limit = LIMIT_CODES[r.limit - 1];
      }
      // search.ts stops at the first new state beyond maxStates: what comes after its key is not seen.
      let stopKey: number[] | undefined;
      if (limit === undefined && states + m > maxStates) {
        const at = 3 * (maxStates - states);
        stopKey = [level[at], level[at + 1], level[at + 2]];
      }
      for (const [code, rank, p, c] of ParallelRun.firstEvents(reports)) {
        const key = [rank, p, c];
        if (stopKey !== undefined && !keyBefore(key, 0, stopKey, 0)) break;
        if (found.has(code)) continue;
        const path = this.pathTo(d, rank);
        if (p < sys.processCount) path.push([p, c]);
        if (found.record(code, path)) {
          stoppedEarly = true;
          m = Math.min(m, ParallelRun.countBefore(level, key, 0));
          break;
        }
      }
      if (stopKey !== undefined && !stoppedEarly) {
        m = maxStates - states;
        limit = 'states';
      }
      states += m;
      if (m > 0) depthReached = d + 1;
      this.levels.push(level);
      let held = 0;
      for (const L of this.levels) held += L.byteLength;
      this.storeBytes[this.N] = held;
      let total = 0;
      for (let i = 0; i <= this.N; i++) total += this.storeBytes[i];
      peak = Math.max(peak, total);
      // Between levels too (a small level may end before a worker's first check).
      if (limit === undefined && !stoppedEarly && level.length > 0) limit = this.limitNow();
      const stop = stoppedEarly || limit !== undefined || level.length === 0;
      if (stop) {
        this.ended = true;
        this.answer(true);
        break;
      }
      // The ranks go before the answer, every worker's to each (a stream's keys name their
      // parents by position in their writer's frontier): a worker reads them after its next barrier.
      for (let i = 0; i < this.N; i++) this.ports[i].postMessage(this.ranks);
      this.answer(false);
    }
    if (limit === undefined && !stoppedEarly && cut) limit = 'depth';
    const stats = searchStats('bfs', states, transitions, depthReached, this.started);
    if ((opts.reduction ?? true) && sys.independence) stats.pruned = pruned;
    stats.storeBytes = peak;
    const violations = found.list;
    const status = violations.length > 0 ? 'violated' : limit ? 'inconclusive' : 'holds';
    return { status, violations, limit, stoppedEarly, stats, ...(observed ? { observed } : {}) };
  }

  /** The AbortSignal, the stop flag or the deadline, as the workers' Watch sees them. */
  private limitNow(): Limit | undefined {
    const flag = this.opts.stopFlag;
    if (Atomics.load(this.control, C_ABORT) !== 0 || (flag !== undefined && Atomics.load(flag, 0) !== 0)) return 'aborted';
    return Date.now() > this.deadline ? 'time' : undefined;
  }

  async close(): Promise<void> {
    this.ended = true;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    // A worker waiting for an answer is told to stop; terminate ends one stuck anywhere else.
    this.answer(true);
    await Promise.all(this.threads.map((t) => t.terminate()));
    for (const p of this.ports) p.close();
  }
}
