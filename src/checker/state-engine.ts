/**
 * The search's states and their fingerprints, in one WebAssembly memory (state-engine-wasm.ts),
 * so that the work per transition is proportional to what the transition changed:
 *
 * - a state is cut into blocks of 16 words; its fingerprint is the XOR of its blocks' 64-bit
 *   hashes, each seeded with the block's index. The engine keeps the hashes of the state being
 *   expanded (`cur`); a successor's fingerprint is cur's with the hashes of the blocks it
 *   changed swapped for their new ones. No BigInt, no allocation.
 * - finding the changed blocks is a SIMD scan of cur against the successor (16 bytes a step),
 *   a memcpy-speed pass, where hashing the whole state is several times slower.
 * - a transform that rewrites many words (time canonicalization, a symmetry's permutation of
 *   node or pod blocks) needs nothing special: every block it changed is found by the scan and
 *   hashed again, so the fingerprint is always that of the state's current words.
 *
 * The fingerprint is a function of the state's words alone (test/state-engine.test.ts checks it
 * against a full recomputation after random rewrites), so visited-set lookups, and with them the
 * verdicts and counterexamples, do not depend on the order in which states were hashed.
 *
 * - a model that knows the only blocks where its successor can differ from cur (the symmetry
 *   reduction: the blocks the transition changed, listed by `blocksDiffering`, and those its
 *   renaming wrote) names them (`useCandidates`): `hashNext` then compares and hashes them alone.
 * - breadth-first, the state expanded next differs from the one expanded before only in the
 *   words of its queue entry (state-queue.ts), so `loadCurListed` compares, hashes and copies
 *   only their blocks; `restoreNext` makes `next` equal to `cur` again from the blocks the last
 *   `hashNext` found changed.
 *
 * The memory never grows after construction, so the views below stay valid. The state queue
 * keeps its two ends (`head`, `tail`) in the same memory and finds an entry's difference from
 * the one before with the same scan.
 */
import { BLOCK_BYTES, CHANGED_LIST, stateEngineInstance } from './state-engine-wasm.js';

const BLOCK_WORDS = BLOCK_BYTES / 4;

/** Each engine by its memory's buffer (`engineOf`). */
const engines = new WeakMap<ArrayBufferLike, StateEngine>();

/**
 * The engine whose memory holds both a and b (Int32Array views, e.g. the search's successor and
 * the state it expands), or undefined: then `blocksDiffering` cannot compare them.
 */
export function engineOf(a: Int32Array, b: Int32Array): StateEngine | undefined {
  if (a.buffer !== b.buffer || (a.byteOffset & (BLOCK_BYTES - 1)) !== 0 || (b.byteOffset & (BLOCK_BYTES - 1)) !== 0) return undefined;
  return engines.get(a.buffer);
}
/** Blocks `loadCurListed` takes from a list; with more, it loads as `loadCur` does. */
const LOAD_LIST = 1024;
const PAGE_BYTES = 65536;

export class StateEngine {
  readonly words: number;
  /** The state being expanded, and its successor being built. */
  readonly cur: Int32Array;
  readonly next: Int32Array;
  /** Where the queue puts the state it hands out; `loadCur` moves it to cur. */
  readonly incoming: Int32Array;
  /** The queue's chain ends and a scratch state (state-queue.ts). */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly scratch: Int32Array;
  /** The fingerprint of `next`, after `hashNext`, as two signed 32-bit lanes. */
  hi = 0;
  lo = 0;
  /** The fingerprint of `cur`. */
  curHi = 0;
  curLo = 0;
  readonly buffer: ArrayBuffer;
  /**
   * Byte offsets of cur, next, incoming and pairs. Reading a view's `byteOffset` in the loop
   * is no field load: optimized code calls the accessor through a generic property load (a few
   * percent of the search's time in profiles), so the offsets of the views the loop uses are
   * kept as numbers.
   */
  private readonly curAt: number;
  readonly nextAt: number;
  private readonly incomingAt: number;
  private readonly pairsAt: number;
  private readonly m: Int32Array;
  private readonly d: (a: number, b: number, n: number) => number;
  private readonly b: (p: number, first: number, count: number, tab: number) => void;
  private readonly n: (cur: number, next: number, tab: number, blocks: number, list: number) => number;
  private readonly l: (cur: number, from: number, tab: number, blocks: number) => void;
  private readonly q: (state: number, last: number, pairs: number, words: number, most: number) => number;
  private readonly blocks: number;
  /** Byte offset of cur's block hashes (two words each: lo, hi). */
  private readonly tab: number;
  /** The blocks where next differed from cur at the last `hashNext` (the first CHANGED_LIST), and their count. */
  private readonly list: Int32Array;
  private readonly listAt: number;
  private changed = 0;
  private readonly loadList: Int32Array;
  private readonly loadListAt: number;
  private readonly k: (cur: number, from: number, tab: number, list: number, count: number) => void;
  /** Next may differ from cur anywhere (`nextMoved`, `loadCur`): `restoreNext` copies it whole. */
  private nextAnywhere = true;
  private readonly c: (a: number, b: number, blocks: number, list: number) => number;
  private readonly mfn: (cur: number, next: number, tab: number, list: number, count: number, out: number) => number;
  private readonly candidatesAt: number;
  /**
   * Blocks outside which next equals cur, written by the transform that made next from cur
   * (`useCandidates`), each once; the next `hashNext` compares and hashes only them. How many
   * are valid: -1 for none (then hashNext scans every block).
   */
  readonly candidates: Int32Array;
  private candidateCount = -1;
  private readonly blockListAt: number;
  /** `blocksDiffering`'s answer. */
  readonly blockList: Int32Array;

  /** `extra`: more state-sized regions (`extra[i]`), e.g. the parallel search's stream ends. */
  constructor(words: number, extra = 0) {
    this.words = words;
    this.blocks = Math.max(1, Math.ceil(words / BLOCK_WORDS));
    const region = this.blocks * BLOCK_BYTES;
    this.tab = BLOCK_BYTES;
    const first = this.tab + Math.ceil((8 * this.blocks) / BLOCK_BYTES) * BLOCK_BYTES;
    // Regions: cur, next, incoming, head, tail, scratch, then the queue's pairs (two words per
    // word), then the extra regions, then the list of next's changed blocks.
    // then the blocks `loadCurListed` looks at.
    const listAt = first + (8 + extra) * region;
    const loadListAt = listAt + 4 * CHANGED_LIST;
    const blockListAt = loadListAt + 4 * LOAD_LIST;
    const candidatesAt = blockListAt + 4 * this.blocks;
    const { memory, d, b, n, l, q, k, c, m } = stateEngineInstance(Math.ceil((candidatesAt + 4 * this.blocks) / PAGE_BYTES));
    this.c = c;
    this.mfn = m;
    this.blockListAt = blockListAt;
    this.blockList = new Int32Array(memory.buffer, blockListAt, this.blocks);
    this.candidatesAt = candidatesAt;
    this.candidates = new Int32Array(memory.buffer, candidatesAt, this.blocks);
    engines.set(memory.buffer, this);
    this.listAt = listAt;
    this.list = new Int32Array(memory.buffer, listAt, CHANGED_LIST);
    this.loadListAt = loadListAt;
    this.loadList = new Int32Array(memory.buffer, loadListAt, LOAD_LIST);
    this.k = k;
    this.buffer = memory.buffer;
    this.m = new Int32Array(memory.buffer);
    this.d = d;
    this.b = b;
    this.n = n;
    this.l = l;
    this.q = q;
    const view = (i: number): Int32Array => new Int32Array(memory.buffer, first + i * region, words);
    this.cur = view(0);
    this.next = view(1);
    this.incoming = view(2);
    this.head = view(3);
    this.tail = view(4);
    this.scratch = view(5);
    this.pairs = new Int32Array(memory.buffer, first + 6 * region, 2 * words);
    for (let i = 0; i < extra; i++) this.extra.push(view(8 + i));
    this.curAt = this.cur.byteOffset;
    this.nextAt = this.next.byteOffset;
    this.incomingAt = this.incoming.byteOffset;
    this.pairsAt = this.pairs.byteOffset;
  }

  /** The extra regions asked for at construction. */
  readonly extra: Int32Array[] = [];

  /** (index, xor) pairs written by `pairsOf`. */
  readonly pairs: Int32Array;

  /**
   * The words where `state` differs from `last` (views of this engine, at byte offsets `stateAt`
   * and `lastAt`: `nextAt`, or a view's `byteOffset` read once) into `pairs`, as (index, state
   * XOR last); their count, or -1 once more than `most` differ.
   */
  pairsOf(stateAt: number, lastAt: number, most: number): number {
    return this.q(stateAt, lastAt, this.pairsAt, this.words, most);
  }

  /** The first word index ≥ `from` where a and b (views of this engine) differ, or `words`. */
  firstDiff(a: Int32Array, b: Int32Array, from: number): number {
    if (from >= this.words) return this.words;
    return from + (this.d(a.byteOffset + 4 * from, b.byteOffset + 4 * from, 4 * (this.words - from)) >> 2);
  }

  /** Hashes every block of cur (the first state, or a state set from outside). */
  hashCur(): void {
    this.candidateCount = -1;
    this.b(this.curAt, 0, this.blocks, this.tab);
    this.curLo = this.m[0];
    this.curHi = this.m[1];
  }

  /** s and parent are this engine's next and cur: a transform from parent to s may name `candidates`. */
  isNextOfCur(s: Int32Array, parent: Int32Array): boolean {
    return s.buffer === this.buffer && s.byteOffset === this.nextAt && parent.byteOffset === this.curAt && s.length === this.words && parent.length === this.words;
  }

  /**
   * Next differs from cur only in the first `count` blocks of `candidates` (each listed once):
   * the next `hashNext` looks at them alone. Any write to next or cur before it voids this
   * through the engine's own calls (restoreNext, nextMoved, a load).
   */
  useCandidates(count: number): void {
    this.candidateCount = count;
  }

  /** The number of blocks (16 words each) of a state. */
  get blockCount(): number {
    return this.blocks;
  }

  /** The fingerprint of `next` into hi/lo, from cur's and the blocks that differ (noted for `restoreNext`). */
  hashNext(): void {
    const k = this.candidateCount;
    this.candidateCount = -1;
    if (k >= 0) this.changed = this.mfn(this.curAt, this.nextAt, this.tab, this.candidatesAt, k, this.listAt);
    else this.changed = this.n(this.curAt, this.nextAt, this.tab, this.blocks, this.listAt);
    this.nextAnywhere = false;
    this.lo = this.curLo ^ this.m[0];
    this.hi = this.curHi ^ this.m[1];
  }

  /**
   * The 16-word blocks where a and b (views of this engine's memory, at block-aligned offsets)
   * differ among `count` blocks from block `first` of each: their indices (counted from
   * `first`) into `blockList`, ascending; returns how many. A SIMD pass, nothing hashed.
   */
  blocksDiffering(a: Int32Array, b: Int32Array, first: number, count: number): number {
    return this.c(a.byteOffset + first * BLOCK_BYTES, b.byteOffset + first * BLOCK_BYTES, count, this.blockListAt);
  }

  /** Next was written since `hashNext` (a step whose successor was not hashed): `restoreNext` copies it whole. */
  nextMoved(): void {
    this.nextAnywhere = true;
    this.candidateCount = -1;
  }

  /**
   * Makes next equal to cur again: after `hashNext`, only the blocks it found different are
   * copied back (a transition changes a few), unless there were more than it lists; else all.
   */
  restoreNext(): void {
    this.candidateCount = -1;
    const k = this.changed;
    if (this.nextAnywhere || k > CHANGED_LIST) {
      this.next.set(this.cur);
      this.nextAnywhere = false;
      this.changed = 0;
      return;
    }
    const m = this.m;
    const list = this.list;
    const c0 = this.curAt >> 2;
    const n0 = this.nextAt >> 2;
    // The list is ascending: each run of consecutive blocks is one copy.
    for (let i = 0; i < k; ) {
      const first = list[i];
      let end = first + 1;
      while (++i < k && list[i] === end) end++;
      if (end - first === 1) {
        const from = c0 + first * BLOCK_WORDS;
        const to = n0 + first * BLOCK_WORDS;
        for (let w = 0; w < BLOCK_WORDS; w++) m[to + w] = m[from + w];
      } else m.copyWithin(n0 + first * BLOCK_WORDS, c0 + first * BLOCK_WORDS, c0 + end * BLOCK_WORDS);
    }
    this.changed = 0;
  }

  /**
   * `loadCur(from)` where from differs from cur at most in the words of an entry's (index, xor)
   * pairs, `pairs[at..at + 2n)` (the queue's: cur was its head state before the entry was
   * applied, state-queue.ts): only the blocks of those words are compared, hashed and copied.
   * More blocks than it lists (or n < 0, a dense entry): `loadCur`.
   */
  loadCurListed(from: Int32Array, pairs: Int32Array, at: number, n: number): void {
    if (n < 0) return this.loadCur(from);
    const list = this.loadList;
    let k = 0;
    let last = -1;
    // The pairs are in ascending word order (pairsOf): each block once.
    for (let j = at, end = at + 2 * n; j < end; j += 2) {
      const b = (pairs[j] / BLOCK_WORDS) | 0;
      if (b === last) continue;
      if (k === LOAD_LIST) return this.loadCur(from);
      list[k++] = last = b;
    }
    this.nextAnywhere = true;
    this.candidateCount = -1;
    this.k(this.curAt, from.byteOffset, this.tab, this.loadListAt, k);
    this.curLo ^= this.m[0];
    this.curHi ^= this.m[1];
  }

  /** Makes `from` (a view of this engine) the state expanded: cur and its hashes follow it. */
  loadCur(from: Int32Array): void {
    this.loadCurAt(from === this.incoming ? this.incomingAt : from.byteOffset);
  }

  /** `loadCur` of the region at byte offset `at` (a view's offset read once, not per state). */
  loadCurAt(at: number): void {
    this.nextAnywhere = true;
    this.candidateCount = -1;
    this.l(this.curAt, at, this.tab, this.blocks);
    this.curLo ^= this.m[0];
    this.curHi ^= this.m[1];
  }
}
