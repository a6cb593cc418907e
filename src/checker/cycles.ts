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
import type { Limit, SearchLimits } from './result.js';
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
  /** A limit stopped the search before it was exhaustive. */
  limit?: Limit;
  states: number;
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
  const fp = createFingerprinter(sys.stateWords);
  const W = sys.stateWords;
  const P = sys.processCount;
  const maxStates = limits.maxStates ?? Number.POSITIVE_INFINITY;
  const maxDepth = limits.maxDepth ?? Number.POSITIVE_INFINITY;
  const deadline = limits.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + limits.timeLimitMs;
  const ids = new FingerprintMap();
  let onPath = new Uint8Array(1024);
  // The path: states, their ids, and per frame the next (process, choice) to try.
  let frames = new Int32Array(64 * W);
  let frameId = new Int32Array(64);
  let nextP = new Int32Array(64);
  let nextC = new Int32Array(64);
  // The action that led into each frame (frame 0 has none).
  let inP = new Int32Array(64);
  let inC = new Int32Array(64);
  let top = 0;
  const next = new Int32Array(W);
  const cur = new Int32Array(W);
  let limit: Limit | undefined;
  let count = 0;

  const pushFrame = (s: Int32Array, id: number, p: number, c: number): void => {
    if (top === frameId.length) {
      const grow = (a: Int32Array, n: number) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      frames = grow(frames, frames.length * 2);
      frameId = grow(frameId, frameId.length * 2);
      nextP = grow(nextP, nextP.length * 2);
      nextC = grow(nextC, nextC.length * 2);
      inP = grow(inP, inP.length * 2);
      inC = grow(inC, inC.length * 2);
    }
    frames.set(s, top * W);
    frameId[top] = id;
    nextP[top] = 0;
    nextC[top] = 0;
    inP[top] = p;
    inC[top] = c;
    top++;
  };
  const markPath = (id: number, v: number): void => {
    if (id >= onPath.length) {
      const b = new Uint8Array(Math.max(onPath.length * 2, id + 1));
      b.set(onPath);
      onPath = b;
    }
    onPath[id] = v;
  };

  const init = sys.initialState();
  fp.hash(init);
  ids.set(fp.hi, fp.lo, count);
  markPath(count, 1);
  pushFrame(init, count++, -1, -1);

  let steps = 0;
  let loaded = -1; // the frame cur holds: every push and pop changes the top frame
  while (top > 0) {
    if (++steps % 256 === 0 && performance.now() > deadline) {
      limit = 'time';
      break;
    }
    const f = top - 1;
    if (f !== loaded) {
      for (let i = 0, j = f * W; i < W; i++, j++) cur[i] = frames[j]; // no subarray per state
      loaded = f;
    }
    // Advance this frame's cursor to its next enabled action.
    let p = nextP[f];
    let c = nextC[f];
    let found = false;
    while (p < P) {
      const k = sys.choices(cur, p);
      if (c < k) {
        found = true;
        break;
      }
      p++;
      c = 0;
    }
    if (!found) {
      onPath[frameId[f]] = 0;
      top--;
      continue;
    }
    nextP[f] = p;
    nextC[f] = c + 1;
    next.set(cur);
    if (sys.step(next, p, c, null) !== 0) continue; // a violation ends that execution
    fp.hash(next);
    const seen = ids.get(fp.hi, fp.lo);
    if (seen >= 0) {
      if (onPath[seen] !== 1) continue;
      // A back edge: frames from `seen` to the top, then (p, c), form a cycle.
      let start = top - 1;
      while (frameId[start] !== seen) start--;
      const prefix: Array<[number, number]> = [];
      for (let i = 1; i <= start; i++) prefix.push([inP[i], inC[i]]);
      const cycle: Array<[number, number]> = [];
      for (let i = start + 1; i < top; i++) cycle.push([inP[i], inC[i]]);
      cycle.push([p, c]);
      const candidate = { prefix, cycle };
      if (interesting(candidate)) return { cycle: candidate, states: count };
      continue;
    }
    if (top >= maxDepth) {
      limit = 'depth';
      continue;
    }
    if (count >= maxStates) {
      limit = 'states';
      break;
    }
    ids.set(fp.hi, fp.lo, count);
    markPath(count, 1);
    pushFrame(next, count++, p, c);
  }
  return { limit, states: count };
}
