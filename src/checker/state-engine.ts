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
 * The memory never grows after construction, so the views below stay valid. The state queue
 * keeps its two ends (`head`, `tail`) in the same memory and finds an entry's difference from
 * the one before with the same scan.
 */
import { BLOCK_BYTES, stateEngineInstance } from './state-engine-wasm.js';

const BLOCK_WORDS = BLOCK_BYTES / 4;
const PAGE_BYTES = 65536;
/** Byte offset where the wasm function `b` writes one block's hash when it is not cur's. */
const SLOT = 8;

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
  private readonly m: Int32Array;
  private readonly d: (a: number, b: number, n: number) => number;
  private readonly b: (p: number, first: number, count: number, tab: number) => void;
  private readonly blocks: number;
  /** Byte offset of cur's block hashes (two words each: lo, hi). */
  private readonly tab: number;

  constructor(words: number) {
    this.words = words;
    this.blocks = Math.max(1, Math.ceil(words / BLOCK_WORDS));
    const region = this.blocks * BLOCK_BYTES;
    this.tab = BLOCK_BYTES;
    const first = this.tab + Math.ceil((8 * this.blocks) / BLOCK_BYTES) * BLOCK_BYTES;
    const { memory, d, b } = stateEngineInstance(Math.ceil((first + 6 * region) / PAGE_BYTES));
    this.buffer = memory.buffer;
    this.m = new Int32Array(memory.buffer);
    this.d = d;
    this.b = b;
    const view = (i: number): Int32Array => new Int32Array(memory.buffer, first + i * region, words);
    this.cur = view(0);
    this.next = view(1);
    this.incoming = view(2);
    this.head = view(3);
    this.tail = view(4);
    this.scratch = view(5);
  }

  /** The first word index ≥ `from` where a and b (views of this engine) differ, or `words`. */
  firstDiff(a: Int32Array, b: Int32Array, from: number): number {
    if (from >= this.words) return this.words;
    return from + (this.d(a.byteOffset + 4 * from, b.byteOffset + 4 * from, 4 * (this.words - from)) >> 2);
  }

  /** Hashes every block of cur (the first state, or a state set from outside). */
  hashCur(): void {
    this.b(this.cur.byteOffset, 0, this.blocks, this.tab);
    this.curLo = this.m[0];
    this.curHi = this.m[1];
  }

  /** The fingerprint of `next` into hi/lo, from cur's and the blocks that differ. */
  hashNext(): void {
    const m = this.m;
    const t = this.tab >> 2;
    const at = this.next.byteOffset;
    let hi = this.curHi;
    let lo = this.curLo;
    for (let k = this.firstDiff(this.cur, this.next, 0); k < this.words; ) {
      const j = (k / BLOCK_WORDS) | 0;
      this.b(at, j, 1, SLOT - 8 * j);
      lo ^= m[0] ^ m[t + 2 * j];
      hi ^= m[1] ^ m[t + 2 * j + 1];
      k = this.firstDiff(this.cur, this.next, (j + 1) * BLOCK_WORDS);
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** Makes `from` (a view of this engine) the state expanded: cur and its hashes follow it. */
  loadCur(from: Int32Array): void {
    const m = this.m;
    const t = this.tab >> 2;
    for (let k = this.firstDiff(this.cur, from, 0); k < this.words; ) {
      const j = (k / BLOCK_WORDS) | 0;
      const oldLo = m[t + 2 * j];
      const oldHi = m[t + 2 * j + 1];
      this.b(from.byteOffset, j, 1, this.tab);
      this.curLo ^= oldLo ^ m[0];
      this.curHi ^= oldHi ^ m[1];
      k = this.firstDiff(this.cur, from, (j + 1) * BLOCK_WORDS);
    }
    this.cur.set(from);
  }
}
