/**
 * Loop detection (`-l`): a depth-first search that keeps the current path on a stack and
 * reports a back edge to a state on that path, i.e. a reachable cycle, when the cycle does
 * something a user would call a loop (the caller decides, e.g. "pods are deleted and started
 * again"). With the time abstraction (src/model/time.ts) a controller loop really closes in the
 * state graph, so this finds eviction and scaling loops without a monitor counting rounds.
 *
 * Stores: a fingerprint → state id table (open addressing, three Int32 lanes), an on-path bit
 * per state, and the path itself as a stack of states with a cursor each. Nothing per state
 * beyond typed arrays.
 */
import { createFingerprinter } from './fingerprint.js';
import { Watch } from './limits.js';
import type { Limit, SearchLimits, Violation } from './result.js';
import type { TransitionSystem } from './transition-system.js';

class FingerprintMap {
  private hi: Int32Array;
  private lo: Int32Array;
  private val: Int32Array;
  private mask: number;
  size = 0;

  constructor() {
    const cap = 1 << 12;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.hi[i] !== 0 || this.lo[i] !== 0) {
      if (this.hi[i] === hi && this.lo[i] === lo) return i;
      i = (i + 1) & this.mask;
    }
    return i;
  }

  get bytes(): number {
    return this.hi.byteLength * 3;
  }

  get(hi: number, lo: number): number {
    const i = this.slot(hi, lo);
    return this.hi[i] === 0 && this.lo[i] === 0 ? -1 : this.val[i];
  }

  set(hi: number, lo: number, v: number): void {
    if (hi === 0 && lo === 0) lo = 1;
    const i = this.slot(hi, lo);
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[i] = v;
    if (++this.size * 2 > this.hi.length) this.grow();
  }

  private grow(): void {
    const [H, L, V] = [this.hi, this.lo, this.val];
    const cap = H.length * 2;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let j = 0; j < H.length; j++) if (H[j] !== 0 || L[j] !== 0) this.set(H[j], L[j], V[j]);
  }
}

export interface Cycle {
  /** Actions from the initial state to the first state of the cycle. */
  prefix: Array<[number, number]>;
  /** Actions around the cycle, back to its first state. */
  cycle: Array<[number, number]>;
}

export interface CycleSearchResult {
  cycle?: Cycle;
  /**
   * An intent violated on the way (a violating transition, or an invalid end state): loop
   * detection checks the intents as the search does, so it never passes a cluster the search
   * fails. Its path is not a shortest one.
   */
  violation?: Violation;
  /** A limit stopped the search before it was exhaustive. */
  limit?: Limit;
  states: number;
}

/**
 * The depth-first path: per frame its state, its id, the next (process, choice) to try, and the
 * action that led into it (frame 0 has none). Growable typed arrays, nothing per state.
 */
class PathStack {
  frames: Int32Array<ArrayBuffer>;
  frameId = new Int32Array(64);
  nextP = new Int32Array(64);
  nextC = new Int32Array(64);
  inP = new Int32Array(64);
  inC = new Int32Array(64);
  top = 0;

  constructor(private readonly words: number) {
    this.frames = new Int32Array(64 * words);
  }

  get bytes(): number {
    return this.frames.byteLength + this.frameId.byteLength * 5;
  }

  push(s: Int32Array, id: number, p: number, c: number): void {
    if (this.top === this.frameId.length) this.grow();
    const top = this.top++;
    this.frames.set(s, top * this.words);
    this.frameId[top] = id;
    this.nextP[top] = 0;
    this.nextC[top] = 0;
    this.inP[top] = p;
    this.inC[top] = c;
  }

  /** Copies frame f's state into `out`. */
  read(f: number, out: Int32Array): void {
    const frames = this.frames;
    for (let i = 0, j = f * this.words; i < this.words; i++, j++) out[i] = frames[j]; // no subarray per state
  }

  /** The actions from the initial state to the top frame, then (p, c) unless p < 0. */
  pathTo(p: number, c: number): Array<[number, number]> {
    const path: Array<[number, number]> = [];
    for (let i = 1; i < this.top; i++) path.push([this.inP[i], this.inC[i]]);
    if (p >= 0) path.push([p, c]);
    return path;
  }

  /** The cycle closed by (p, c) from the top frame back to the frame of state `id`. */
  cycleTo(id: number, p: number, c: number): Cycle {
    let start = this.top - 1;
    while (this.frameId[start] !== id) start--;
    const prefix: Array<[number, number]> = [];
    for (let i = 1; i <= start; i++) prefix.push([this.inP[i], this.inC[i]]);
    const cycle: Array<[number, number]> = [];
    for (let i = start + 1; i < this.top; i++) cycle.push([this.inP[i], this.inC[i]]);
    cycle.push([p, c]);
    return { prefix, cycle };
  }

  private grow(): void {
    const grow = (a: Int32Array, n: number): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.frames = grow(this.frames, this.frames.length * 2);
    this.frameId = grow(this.frameId, this.frameId.length * 2);
    this.nextP = grow(this.nextP, this.nextP.length * 2);
    this.nextC = grow(this.nextC, this.nextC.length * 2);
    this.inP = grow(this.inP, this.inP.length * 2);
    this.inC = grow(this.inC, this.inC.length * 2);
  }
}

/** One bit per state id: the state is on the current path. */
class OnPath {
  private bits = new Uint8Array(1024);

  set(id: number, v: number): void {
    if (id >= this.bits.length) {
      const b = new Uint8Array(Math.max(this.bits.length * 2, id + 1));
      b.set(this.bits);
      this.bits = b;
    }
    this.bits[id] = v;
  }

  has(id: number): boolean {
    return this.bits[id] === 1;
  }
}

/**
 * Advances frame f's cursor to its next enabled action; returns false when it has none left.
 * The action found is in stack.nextP[f] and stack.nextC[f] - 1.
 */
function nextAction(sys: TransitionSystem, stack: PathStack, f: number, cur: Int32Array): boolean {
  let p = stack.nextP[f];
  let c = stack.nextC[f];
  while (p < sys.processCount) {
    if (c < sys.choices(cur, p)) {
      stack.nextP[f] = p;
      stack.nextC[f] = c + 1;
      return true;
    }
    p++;
    c = 0;
  }
  return false;
}

/**
 * Loop detection in progress: a depth-first search on an explicit path stack. As the search
 * (search.ts), it runs in synchronous slices and the event loop gets a turn between them only.
 */
class CycleRun {
  limit: Limit | undefined;
  /** States numbered so far (ids in `ids`). */
  count = 0;
  tick = 0;
  /** The frame `cur` holds: every push and pop changes the top frame. */
  loaded = -1;
  readonly ids = new FingerprintMap();
  readonly onPath = new OnPath();
  readonly stack: PathStack;
  readonly cur: Int32Array;
  readonly next: Int32Array;
  readonly fp: ReturnType<typeof createFingerprinter>;
  readonly watch: Watch;
  readonly maxDepth: number;
  readonly maxStates: number;

  constructor(
    readonly sys: TransitionSystem,
    readonly interesting: (c: Cycle) => boolean,
    limits: SearchLimits,
  ) {
    const W = sys.stateWords;
    this.fp = createFingerprinter(W);
    this.maxStates = limits.maxStates ?? Number.POSITIVE_INFINITY;
    this.maxDepth = limits.maxDepth ?? Number.POSITIVE_INFINITY;
    this.watch = new Watch(limits);
    this.stack = new PathStack(W);
    this.next = new Int32Array(W);
    this.cur = new Int32Array(W);
    const init = sys.initialState();
    this.fp.hash(init);
    this.ids.set(this.fp.hi, this.fp.lo, this.count);
    this.onPath.set(this.count, 1);
    this.stack.push(init, this.count++, -1, -1);
    this.limit = this.watch.check(this.bytes(), 2 * this.bytes());
  }

  bytes(): number {
    return this.ids.bytes + this.stack.bytes;
  }

  /** Searches until an answer (returned) or a slice's worth of work (undefined). */
  slice(): CycleSearchResult | undefined {
    const { sys, fp, ids, onPath, stack, cur, next, watch, maxDepth, maxStates } = this;
    let { tick, loaded, limit, count } = this;
    let answer: CycleSearchResult | undefined;
    while (stack.top > 0 && !limit) {
      if (++tick >= watch.every) {
        tick = 0;
        limit = watch.check(this.bytes(), 2 * this.bytes());
        if (limit || watch.due()) break;
      }
      const f = stack.top - 1;
      if (f !== loaded) {
        stack.read(f, cur);
        loaded = f;
      }
      const fresh = stack.nextP[f] === 0 && stack.nextC[f] === 0;
      if (!nextAction(sys, stack, f, cur)) {
        // A state without successors: an invalid end state is a violation, as in the search.
        const end = fresh ? sys.endState(cur) : 0;
        if (end !== 0) {
          answer = { violation: { code: end, path: stack.pathTo(-1, -1) }, states: count };
          break;
        }
        onPath.set(stack.frameId[f], 0);
        stack.top--;
        continue;
      }
      const p = stack.nextP[f];
      const c = stack.nextC[f] - 1;
      next.set(cur);
      const code = sys.step(next, p, c, null);
      // A violating transition ends that execution, and the intent is violated.
      if (code !== 0) {
        answer = { violation: { code, path: stack.pathTo(p, c) }, states: count };
        break;
      }
      fp.hash(next);
      const seen = ids.get(fp.hi, fp.lo);
      if (seen >= 0) {
        if (!onPath.has(seen)) continue;
        // A back edge: the frames from `seen` to the top, then (p, c), form a cycle.
        const candidate = stack.cycleTo(seen, p, c);
        if (this.interesting(candidate)) {
          answer = { cycle: candidate, states: count };
          break;
        }
        continue;
      }
      if (stack.top >= maxDepth) {
        limit = 'depth';
        continue;
      }
      if (count >= maxStates) {
        limit = 'states';
        break;
      }
      ids.set(fp.hi, fp.lo, count);
      onPath.set(count, 1);
      stack.push(next, count++, p, c);
    }
    Object.assign(this, { tick, loaded, limit, count });
    if (answer) return answer;
    return limit || stack.top === 0 ? { limit, states: count } : undefined;
  }
}

/**
 * `interesting(prefix, cycle)` decides whether a found cycle is a loop worth reporting (a
 * no-op step that returns to its own state is not).
 */
export async function findCycle(
  sys: TransitionSystem,
  interesting: (c: Cycle) => boolean,
  limits: SearchLimits = {},
): Promise<CycleSearchResult> {
  const run = new CycleRun(sys, interesting, limits);
  for (;;) {
    const answer = run.slice();
    if (answer) return answer;
    await run.watch.pause(run.bytes());
  }
}
