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
class Counterexamples {
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

/** `pruned`: the transitions the sleep sets skipped, when they ran. */
function searchStats(strategy: Strategy, states: number, transitions: number, depth: number, started: number, pruned?: number): SearchStats {
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
    ...(pruned === undefined ? {} : { pruned }),
  };
}

export async function search(sys: TransitionSystem, opts: SearchOptions = {}): Promise<SearchResult> {
  const strategy: Strategy = opts.strategy ?? 'bfs';
  const lifo = strategy === 'dfs';
  const maxStates = opts.maxStates ?? Number.POSITIVE_INFINITY;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const watch = new Watch(opts);

  const W = sys.stateWords;
  const P = sys.processCount;
  const seen = new FingerprintSet();
  const tree = new TraceTree();
  // States and fingerprints live in the engine's memory: a successor's fingerprint is
  // computed from the blocks it changed (state-engine.ts).
  const fp = new StateEngine(W);
  const queue = new StateQueue(W, undefined, fp);
  const cur = fp.cur;
  const next = fp.next;
  const stores = new Stores(seen, tree, queue);

  let transitions = 0;
  let depthReached = 0;
  let cutByDepth = false;
  let limit: Limit | undefined;
  const found = new Counterexamples(sys.propertyCodes, opts.stopAtFirst ?? false);
  let stoppedEarly = false;

  const onNewState = opts.onNewState;
  cur.set(sys.initialState());
  if (onNewState) onNewState(cur);
  fp.hashCur();
  seen.add(fp.curHi, fp.curLo);
  queue.push(tree.add(-1, -1, -1), 0, cur);

  // Random order (`seed`): each expansion starts at a random process and walks them in a
  // rotation, with choices rotated too. No allocation per state.
  const random = opts.seed === undefined ? null : mulberry32(opts.seed);
  const sleep = SleepSets.forSearch(sys, opts.reduction ?? true, !lifo && !random);
  // The limits are checked about every millisecond, counted in processes asked and transitions taken (one expansion
  // can ask thousands of processes and queue thousands of large states), and the event loop gets
  // a turn every few milliseconds.
  let tick = 0;
  limit = watch.check(stores.bytes, stores.growthBytes);
  search: while (queue.size > 0 && !limit) {
    if (lifo) queue.pop(fp.incoming);
    else queue.shift(fp.incoming);
    fp.loadCur(fp.incoming);
    const id = queue.id;
    const depth = queue.depth;
    let successors = 0;
    sleep?.begin(id);
    const pOff = random ? Math.floor(random() * P) : 0;
    for (let pi = 0; pi < P; pi++) {
      if (++tick >= watch.every) {
        tick = 0;
        limit = watch.check(stores.bytes, stores.growthBytes);
        if (limit) break search;
        if (watch.due()) await watch.pause(stores.bytes);
      }
      const p = pOff === 0 ? pi : (pi + pOff) % P;
      const k = sys.choices(cur, p);
      if (sleep && k > 0 && sleep.asleep(p, k)) { successors += k; continue; } // reached from a sibling (sleep-sets.ts)
      const known = sleep !== null && k > 0 && sleep.look(cur, p);
      const cOff = random && k > 1 ? Math.floor(random() * k) : 0;
      for (let ci = 0; ci < k; ci++) {
        const c = cOff === 0 ? ci : (ci + cOff) % k;
        successors++;
        if (++tick >= watch.every) {
          tick = 0;
          limit = watch.check(stores.bytes, stores.growthBytes);
          if (limit) break search;
          if (watch.due()) await watch.pause(stores.bytes);
        }
        next.set(cur);
        const code = sys.step(next, p, c, null);
        transitions++;
        if (code !== 0) {
          // The violating transition ends that execution: its state is not explored further.
          if (!found.has(code)) {
            const path = tree.pathTo(id);
            path.push([p, c]);
            if (found.record(code, path)) {
              stoppedEarly = true;
              break search;
            }
          }
          continue;
        }
        fp.hashNext();
        if (seen.has(fp.hi, fp.lo)) continue;
        if (depth + 1 > maxDepth) {
          cutByDepth = true; // a new state beyond the depth bound stays unexplored
          continue;
        }
        if (seen.size >= maxStates) {
          limit = 'states';
          break search;
        }
        seen.add(fp.hi, fp.lo);
        if (onNewState) onNewState(next);
        queue.push(known ? sleep!.store(tree.add(id, p, c), p) : tree.add(id, p, c), depth + 1, next);
        if (depth + 1 > depthReached) depthReached = depth + 1;
      }
    }
    if (successors === 0) {
      const code = sys.endState(cur);
      if (code !== 0 && !found.has(code) && found.record(code, tree.pathTo(id))) {
        stoppedEarly = true;
        break;
      }
    }
  }
  if (!limit && !stoppedEarly && cutByDepth) limit = 'depth';

  const stats = searchStats(strategy, seen.size, transitions, depthReached, started, sleep?.pruned);
  stats.storeBytes = Math.max(stores.peak, stores.bytes);
  const violations = found.list;
  const status = violations.length > 0 ? 'violated' : limit ? 'inconclusive' : 'holds';
  return { status, violations, limit, stoppedEarly, stats };
}
