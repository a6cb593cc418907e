/**
 * The explicit-state search (TLC's shape: a fingerprint set, a queue of states, a parent per
 * state). Breadth-first by default, so the first violation found has a shortest path; depth-
 * first on request. The loop touches only typed arrays: no objects, strings or closures per
 * state.
 */
import { createFingerprinter } from './fingerprint.js';
import { Watch } from './limits.js';
import { mulberry32 } from './simulation.js';
import { FingerprintSet } from './fingerprint-set.js';
import { SleepSets } from './sleep-sets.js';
import type { Limit, SearchOptions, SearchResult, SearchStats, Strategy, Violation } from './result.js';
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

function searchStats(strategy: Strategy, states: number, transitions: number, depth: number, started: number): SearchStats {
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

export async function search(sys: TransitionSystem, opts: SearchOptions = {}): Promise<SearchResult> {
  const strategy: Strategy = opts.strategy ?? 'bfs';
  const lifo = strategy === 'dfs';
  const maxStates = opts.maxStates ?? Number.POSITIVE_INFINITY;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const watch = new Watch(opts);

  const fp = createFingerprinter(sys.stateWords);
  const W = sys.stateWords;
  const P = sys.processCount;
  const seen = new FingerprintSet();
  const tree = new TraceTree();
  const queue = new StateQueue(W);
  const cur = new Int32Array(W);
  const next = new Int32Array(W);

  let transitions = 0;
  let depthReached = 0;
  let cutByDepth = false;
  let limit: Limit | undefined;
  const found = new Counterexamples(sys.propertyCodes, opts.stopAtFirst ?? false);
  let stoppedEarly = false;

  const onNewState = opts.onNewState;
  const init = sys.initialState();
  if (onNewState) onNewState(init);
  fp.hash(init);
  seen.add(fp.hi, fp.lo);
  queue.push(tree.add(-1, -1, -1), 0, init);

  // Random order (`seed`): each expansion starts at a random process and walks them in a
  // rotation, with choices rotated too. No allocation per state.
  const random = opts.seed === undefined ? null : mulberry32(opts.seed);
  const sleep = SleepSets.forSearch(sys, opts.reduction ?? true, !lifo && !random);
  // The limits are checked about every millisecond, counted in processes asked and transitions taken (one expansion
  // can ask thousands of processes and queue thousands of large states), and the event loop gets
  // a turn every few milliseconds.
  let tick = 0;
  limit = watch.check(seen.bytes + tree.bytes + queue.bytes, 2 * (seen.bytes + tree.bytes) + queue.growthBytes);
  search: while (queue.size > 0 && !limit) {
    if (lifo) queue.pop(cur);
    else queue.shift(cur);
    const id = queue.id;
    const depth = queue.depth;
    let successors = 0;
    sleep?.begin(id);
    const pOff = random ? Math.floor(random() * P) : 0;
    for (let pi = 0; pi < P; pi++) {
      if (++tick >= watch.every) {
        tick = 0;
        limit = watch.check(seen.bytes + tree.bytes + queue.bytes, 2 * (seen.bytes + tree.bytes) + queue.growthBytes);
        if (limit) break search;
        if (watch.due()) await watch.pause(seen.bytes + tree.bytes + queue.bytes);
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
          limit = watch.check(seen.bytes + tree.bytes + queue.bytes, 2 * (seen.bytes + tree.bytes) + queue.growthBytes);
          if (limit) break search;
          if (watch.due()) await watch.pause(seen.bytes + tree.bytes + queue.bytes);
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
        fp.hash(next);
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
      if (known) sleep!.done(p);
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

  const stats = searchStats(strategy, seen.size, transitions, depthReached, started);
  if (sleep) stats.pruned = sleep.pruned;
  const violations = found.list;
  const status = violations.length > 0 ? 'violated' : limit ? 'inconclusive' : 'holds';
  return { status, violations, limit, stoppedEarly, stats };
}
