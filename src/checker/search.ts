/**
 * The explicit-state search (TLC's shape: a fingerprint set, a queue of states, a parent per
 * state). Breadth-first by default, so the first violation found has a shortest path; depth-
 * first on request. The loop touches only typed arrays: no objects, strings or closures per
 * state.
 */
import { Watch } from './limits.js';
import { mulberry32 } from './simulation.js';
import { FingerprintSet } from './fingerprint-set.js';
import { SleepSets } from './sleep-sets.js';
import type { Limit, SearchOptions, SearchResult, SearchStats, Strategy, Violation } from './result.js';
import { StateEngine } from './state-engine.js';
import { StateQueue } from './state-queue.js';
import { TraceTree } from './trace-tree.js';
import type { TransitionSystem } from './transition-system.js';

const TWO_POW_64 = 2 ** 64;
export { DEFAULT_MAX_MEMORY } from './limits.js';

export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * The counterexamples found so far, one per violation code. The search stops once every
 * property code has one (or at the first, with stopAtFirst).
 */
export class Counterexamples {
  readonly list: Violation[] = [];
  private readonly found = new Set<number>();
  private pending: number;

  constructor(
    private readonly properties: readonly number[],
    private readonly stopAtFirst: boolean,
  ) {
    this.pending = new Set(properties).size;
  }

  has(code: number): boolean {
    return this.found.has(code);
  }

  /** Records a violation whose code has none yet; true when the search should stop. */
  record(code: number, path: Array<[number, number]>): boolean {
    this.found.add(code);
    this.list.push({ code, path });
    if (this.properties.includes(code)) this.pending--;
    return this.stopAtFirst || this.pending === 0;
  }
}

/**
 * The search's stores: the visited set, the trace tree and the queue. `bytes` is what they hold
 * (and keeps its highest value, for bytes per state); `growthBytes` what their next growth
 * could add at once, so the memory budget is checked before it is passed.
 */
class Stores {
  peak = 0;

  constructor(
    readonly seen: FingerprintSet,
    readonly tree: TraceTree,
    readonly queue: StateQueue,
  ) {}

  get bytes(): number {
    const b = this.seen.bytes + this.tree.bytes + this.queue.bytes;
    if (b > this.peak) this.peak = b;
    return b;
  }

  get growthBytes(): number {
    return this.seen.growthBytes + this.tree.growthBytes + this.queue.growthBytes;
  }
}

export function searchStats(strategy: Strategy, states: number, transitions: number, depth: number, started: number): SearchStats {
  const seconds = (performance.now() - started) / 1000;
  return {
    strategy,
    states,
    transitions,
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? states / seconds : states,
    peakRssBytes: peakRssBytes(),
    collisionProbability: (states * Math.max(0, transitions - states)) / TWO_POW_64,
  };
}

/**
 * One search in progress. The loop runs in synchronous slices (`slice`): the clock is read every
 * `watch.every` steps (about once a millisecond), and a slice ends when the limits stop the
 * search or it has worked YIELD_EVERY_MS; `search` gives the event loop a turn between slices
 * only. An async loop that could await inside costs about a tenth more CPU per step (V8
 * optimizes a resumable function's loop less well), so the hot loop itself never awaits. A
 * slice may end inside an expansion (one state of a 10^4-node cluster can take longer than a
 * slice): the fields below say where to go on.
 */
class SearchRun {
  readonly lifo: boolean;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly started = performance.now();
  readonly watch: Watch;
  readonly fp: StateEngine;
  readonly P: number;
  readonly seen = new FingerprintSet();
  readonly tree = new TraceTree();
  readonly queue: StateQueue;
  readonly stores: Stores;
  readonly cur: Int32Array;
  readonly next: Int32Array;
  readonly found: Counterexamples;
  readonly random: (() => number) | null;
  /** The sleep-set reduction (sleep-sets.ts), breadth-first in process order only. */
  readonly sleep: SleepSets | null;
  /**
   * With the model's `candidates` (and no random order): the processes the expansion asks, and
   * how many (`np`); else every process is asked and np = P.
   */
  readonly procs: Int32Array | null;
  np = 0;
  transitions = 0;
  depthReached = 0;
  cutByDepth = false;
  limit: Limit | undefined;
  stoppedEarly = false;
  tick = 0;
  // The expansion in progress (open): the state in `cur`, its tree id and depth, the process
  // index `pi` (into `procs`, or rotated by pOff), and after a pause among its choices the choice index `ci`
  // (-1 otherwise) with that process's choice rotation `cOff`.
  open = false;
  id = 0;
  depth = 0;
  successors = 0;
  pOff = 0;
  pi = 0;
  ci = -1;
  cOff = 0;

  constructor(
    readonly sys: TransitionSystem,
    readonly opts: SearchOptions,
  ) {
    this.lifo = (opts.strategy ?? 'bfs') === 'dfs';
    this.maxStates = opts.maxStates ?? Number.POSITIVE_INFINITY;
    this.maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
    this.watch = new Watch(opts);
    this.P = sys.processCount;
    // States and fingerprints live in the engine's memory: a successor's fingerprint is
    // computed from the blocks it changed (state-engine.ts).
    this.fp = new StateEngine(sys.stateWords);
    this.queue = new StateQueue(sys.stateWords, undefined, this.fp);
    this.cur = this.fp.cur;
    this.next = this.fp.next;
    this.stores = new Stores(this.seen, this.tree, this.queue);
    this.found = new Counterexamples(sys.propertyCodes, opts.stopAtFirst ?? false);
    // Random order (`seed`): each expansion starts at a random process and walks them in a
    // rotation, with choices rotated too. No allocation per state.
    this.random = opts.seed === undefined ? null : mulberry32(opts.seed);
    this.sleep = SleepSets.forSearch(sys, opts.reduction ?? true, !this.lifo && !this.random);
    this.procs = sys.candidates && !this.random ? new Int32Array(this.P) : null;
    this.cur.set(sys.initialState());
    opts.onNewState?.(this.cur);
    this.fp.hashCur();
    this.seen.add(this.fp.curHi, this.fp.curLo);
    this.queue.push(this.tree.add(-1, -1, -1), 0, this.cur);
    this.limit = this.watch.check(this.stores.bytes, this.stores.growthBytes);
  }

  /** Checks the limits (setting `limit`); true when the slice ends here: a limit, or time to yield. */
  checkpoint(): boolean {
    this.limit = this.watch.check(this.stores.bytes, this.stores.growthBytes);
    return this.limit !== undefined || this.watch.due();
  }

  /**
   * Searches until the search ends (true) or the slice has worked YIELD_EVERY_MS (false). The
   * limits are checked every `watch.every` steps, counted in processes asked and transitions
   * taken (one expansion can ask thousands of processes and queue thousands of large states).
   */
  slice(): boolean {
    const { sys, fp, seen, tree, queue, cur, next, found, watch, random, lifo, P, maxDepth, maxStates, sleep, procs } = this;
    const onNewState = this.opts.onNewState;
    let { tick, transitions, depthReached, id, depth, successors, pOff, pi, np, open, limit } = this;
    // Set when the last slice paused among a process's choices: go on at that choice.
    let resumeCi = this.ci;
    this.ci = -1;
    let paused = false;
    search: while (!limit) {
      if (!open) {
        if (queue.size === 0) break;
        // Breadth-first, the queue's head state itself is loaded (no copy), and cur, the head
        // state before, differs from it only where the entry's pairs say.
        if (lifo) {
          queue.pop(fp.incoming);
          fp.loadCur(fp.incoming);
          sys.loaded?.(cur, queue.entryChunk, 0, -1);
        } else {
          const head = queue.shift();
          fp.loadCurListed(head, queue.entryChunk, queue.entryAt, queue.entryPairs);
          sys.loaded?.(cur, queue.entryChunk, queue.entryAt, queue.entryPairs);
        }
        id = queue.id;
        depth = queue.depth;
        sleep?.begin(id);
        successors = 0;
        pOff = random ? Math.floor(random() * P) : 0;
        np = procs !== null ? sys.candidates!(cur, procs) : P;
        pi = 0;
        open = true;
      }
      for (; pi < np; pi++) {
        const p = procs !== null ? procs[pi] : pOff === 0 ? pi : (pi + pOff) % P;
        let ci = 0;
        let cOff = -1;
        if (resumeCi >= 0) {
          ci = resumeCi;
          cOff = this.cOff;
          resumeCi = -1;
        } else if (++tick >= watch.every) {
          tick = 0;
          if (this.checkpoint()) {
            limit = this.limit;
            paused = !limit;
            break search;
          }
        }
        // choices() is a function of the state: asked again after a pause, it gives the same k.
        const k = sys.choices(cur, p);
        if (sleep && k > 0 && sleep.asleep(p, k)) { successors += k; continue; } // reached from a sibling (sleep-sets.ts)
        const known = sleep !== null && k > 0 && sleep.look(cur, p); // the same again after a pause
        if (cOff < 0) cOff = random && k > 1 ? Math.floor(random() * k) : 0;
        for (; ci < k; ci++) {
          if (++tick >= watch.every) {
            tick = 0;
            if (this.checkpoint()) {
              limit = this.limit;
              paused = !limit;
              this.ci = ci;
              this.cOff = cOff;
              break search;
            }
          }
          const c = cOff === 0 ? ci : (ci + cOff) % k;
          successors++;
          // next = cur again: the blocks the last successor changed are copied back (state-engine.ts).
          fp.restoreNext();
          const code = sys.step(next, p, c, null, cur);
          transitions++;
          if (code !== 0) {
            fp.nextMoved();
            // The violating transition ends that execution: its state is not explored further.
            if (!found.has(code)) {
              const path = tree.pathTo(id);
              path.push([p, c]);
              if (found.record(code, path)) {
                this.stoppedEarly = true;
                break search;
              }
            }
            continue;
          }
          fp.hashNext();
          if (seen.has(fp.hi, fp.lo)) continue;
          if (depth + 1 > maxDepth) {
            this.cutByDepth = true; // a new state beyond the depth bound stays unexplored
            continue;
          }
          if (seen.size >= maxStates) {
            limit = 'states';
            break search;
          }
          seen.add(fp.hi, fp.lo);
          if (onNewState) onNewState(next);
          queue.push(known ? sleep!.store(tree.add(id, p, c), p) : tree.add(id, p, c), depth + 1, next, fp.nextAt);
          if (depth + 1 > depthReached) depthReached = depth + 1;
        }
      }
      open = false;
      if (successors === 0) {
        const code = sys.endState(cur);
        if (code !== 0 && !found.has(code) && found.record(code, tree.pathTo(id))) {
          this.stoppedEarly = true;
          break;
        }
      }
    }
    Object.assign(this, { tick, transitions, depthReached, id, depth, successors, pOff, pi, np, open, limit });
    return !paused;
  }

  result(): SearchResult {
    const limit = this.limit ?? (!this.stoppedEarly && this.cutByDepth ? 'depth' : undefined);
    const stats = searchStats(this.lifo ? 'dfs' : 'bfs', this.seen.size, this.transitions, this.depthReached, this.started);
    if (this.sleep) stats.pruned = this.sleep.pruned;
    stats.storeBytes = Math.max(this.stores.peak, this.stores.bytes);
    const violations = this.found.list;
    const status = violations.length > 0 ? 'violated' : limit ? 'inconclusive' : 'holds';
    const observed = this.sys.observed;
    return { status, violations, limit, stoppedEarly: this.stoppedEarly, stats, ...(observed ? { observed: Array.from(observed) } : {}) };
  }
}

/**
 * A sequential search that, stopped by its deadline, can go on later where it stopped with a
 * later one (check.ts: the search of every scheduler tie, after the lowest-index search ended
 * with time left, docs/model.md §8.2.4). Its stores stay in memory meanwhile.
 */
export class ResumableSearch {
  private readonly run: SearchRun;

  constructor(sys: TransitionSystem, opts: SearchOptions = {}) {
    this.run = new SearchRun(sys, opts);
  }

  async go(): Promise<SearchResult> {
    const run = this.run;
    // Between slices only: the event loop runs timers, signal handlers and an AbortSignal's
    // listeners; the next slice's first check sees them.
    while (!run.slice()) await run.watch.pause(run.stores.bytes);
    return run.result();
  }

  /** After an answer with limit 'time': goes on until `deadline` (slice keeps where it stopped). */
  resume(deadline: number): Promise<SearchResult> {
    if (this.run.limit !== 'time') throw new Error('internal error: only a search stopped by its deadline goes on');
    this.run.watch.moveDeadline(deadline);
    this.run.limit = undefined;
    return this.go();
  }
}

export function search(sys: TransitionSystem, opts: SearchOptions = {}): Promise<SearchResult> {
  return new ResumableSearch(sys, opts).go();
}
