/**
 * The candidates one worker of the parallel search (parallel-search.ts) sends another in a
 * level: the successors it computed whose fingerprint the other owns, in the order it computed
 * them, which is the order of their keys (parent's rank, process, choice). Each entry carries
 * the fingerprint, the key, the sleep set the successor would have, and the state as its
 * difference from the entry before it in the same stream (as the state queue stores entries,
 * state-queue.ts): siblings differ in a few words.
 *
 * Entry layout: [hi, lo, rank, p, c, mask, n, (index, xor) × n], or [..., -1, word × words] for
 * a state stored whole. Entries sit in chunks of shared memory (SharedArrayBuffer), which
 * `postMessage` hands to the owner without a copy. They are never transferred: a transfer
 * detaches the sender's buffers, and once any ArrayBuffer of an isolate has been detached, V8's
 * optimized code checks every typed array access for detachment (its "array buffer detaching
 * protector" is gone for good): the model's code ran 7 % slower in the workers
 * (docs/performance.md). The owner reads a level's stream until the end of its next expansion,
 * before the barrier that ends the next level: the writer writes the chunks again two levels
 * later (two pools, by the level's parity), after that barrier.
 */
import type { StateEngine } from './state-engine.js';

const HEADER = 7;
const DENSE = -1;
/** Words of a chunk (256 KiB), or one entry's when larger. */
const CHUNK_WORDS = 1 << 16;

/** A level's stream, as sent: the chunks and the words used in each. */
export interface StreamChunks {
  chunks: Int32Array[];
  ends: number[];
}

export class CandidateWriter {
  private chunks: Int32Array[] = [];
  private ends: number[] = [];
  private buf: Int32Array | null = null;
  private at = 0;
  /** The shared chunks of even and odd levels' streams, reused two levels later; `used` of this level's pool so far. */
  private readonly pools: Int32Array[][] = [[], []];
  private parity = 0;
  private used = 0;

  /** Byte offset of `last` in the engine's memory. */
  private readonly lastAt: number;

  /** `last`: a state region of `engine` that follows the stream's newest entry. */
  constructor(
    private readonly engine: StateEngine,
    private readonly last: Int32Array,
  ) {
    this.lastAt = last.byteOffset;
  }

  /** Appends the candidate `state` (a view of the engine at byte offset `stateAt`) with its fingerprint and key. */
  write(state: Int32Array, stateAt: number, hi: number, lo: number, rank: number, p: number, c: number, mask: number): void {
    const e = this.engine;
    const W = e.words;
    const last = this.last;
    const n = e.pairsOf(stateAt, this.lastAt, W >> 1);
    const len = n < 0 ? HEADER + W : HEADER + 2 * n;
    let buf = this.buf;
    if (buf === null || this.at + len > buf.length) buf = this.newChunk(len);
    const at = this.at;
    buf[at] = hi;
    buf[at + 1] = lo;
    buf[at + 2] = rank;
    buf[at + 3] = p;
    buf[at + 4] = c;
    buf[at + 5] = mask;
    buf[at + 6] = n < 0 ? DENSE : n;
    if (n < 0) {
      for (let i = 0; i < W; i++) buf[at + HEADER + i] = state[i];
      last.set(state);
    } else {
      const pairs = e.pairs;
      for (let j = 0; j < 2 * n; j++) buf[at + HEADER + j] = pairs[j];
      for (let j = 0; j < 2 * n; j += 2) last[pairs[j]] = state[pairs[j]];
    }
    this.at = at + len;
  }

  private newChunk(len: number): Int32Array {
    if (this.buf !== null) {
      this.chunks.push(this.buf);
      this.ends.push(this.at);
    }
    const pool = this.pools[this.parity];
    const i = this.used++;
    // A pooled chunk too small for this entry is replaced (and let go).
    if (i === pool.length || pool[i].length < len) pool[i] = new Int32Array(new SharedArrayBuffer(4 * Math.max(len, CHUNK_WORDS)));
    this.buf = pool[i];
    this.at = 0;
    return this.buf;
  }

  /** Bytes of the chunks of both pools (the owner reads the last level's in place). */
  get bytes(): number {
    let b = 0;
    for (const pool of this.pools) for (const c of pool) b += c.byteLength;
    return b;
  }

  /**
   * The level's stream; the writer starts the next level empty, from the zero state, in the
   * other pool. The stream's chunks are written again by the level after next.
   */
  take(): StreamChunks {
    if (this.buf !== null) {
      this.chunks.push(this.buf);
      this.ends.push(this.at);
    }
    const out = { chunks: this.chunks, ends: this.ends };
    this.parity ^= 1;
    this.used = 0;
    this.chunks = [];
    this.ends = [];
    this.buf = null;
    this.at = 0;
    this.last.fill(0);
    return out;
  }
}

/**
 * Reads a stream entry by entry. With a `state` region it decodes each entry's state there (the
 * next level's expansion, `seek`); without, it reads the headers only (the owner's merge: the
 * fingerprint and the key are all it needs, and the state is decoded again only if accepted).
 */
export class CandidateReader {
  hi = 0;
  lo = 0;
  rank = 0;
  p = 0;
  c = 0;
  mask = 0;
  /** The current entry's position in the stream (0, 1, ...). */
  ord = -1;
  done = false;
  private ci = 0;
  private at = 0;
  /** Where `touchAhead` goes on: the chunk and word of the first entry it has not touched. */
  private aheadCi = 0;
  private aheadAt = 0;

  /** Byte offset of `state` in its engine's memory (-1 without one). */
  readonly stateAt: number;

  /**
   * `ranks`: the writer's frontier's ranks by position (an entry's key names its parent's
   * position); null leaves `rank` the position. `words`: a state's words.
   */
  constructor(
    private readonly stream: StreamChunks,
    private readonly words: number,
    private readonly ranks: Int32Array | null,
    readonly state: Int32Array | null,
  ) {
    this.stateAt = state === null ? -1 : state.byteOffset;
    state?.fill(0);
    this.advance();
  }

  /** Moves to the next entry (done when there is none). */
  advance(): void {
    const { chunks, ends } = this.stream;
    while (this.ci < chunks.length && this.at >= ends[this.ci]) {
      this.ci++;
      this.at = 0;
    }
    if (this.ci >= chunks.length) {
      this.done = true;
      return;
    }
    this.ord++;
    const buf = chunks[this.ci];
    const at = this.at;
    const state = this.state;
    this.hi = buf[at];
    this.lo = buf[at + 1];
    this.rank = this.ranks === null ? buf[at + 2] : this.ranks[buf[at + 2]];
    this.p = buf[at + 3];
    this.c = buf[at + 4];
    this.mask = buf[at + 5];
    const n = buf[at + 6];
    if (n === DENSE) {
      const W = this.words;
      if (state !== null) for (let i = 0; i < W; i++) state[i] = buf[at + HEADER + i];
      this.at = at + HEADER + W;
    } else {
      const end = at + HEADER + 2 * n;
      if (state !== null) for (let j = at + HEADER; j < end; j += 2) state[buf[j]] ^= buf[j + 1];
      this.at = end;
    }
  }

  /**
   * Touches the visited-set slots (`FingerprintSet.touch`) of the `count` entries after the
   * current one's look-ahead point, reading their headers only; returns the words read, XORed
   * (for the caller to keep). The look-ahead point moves on: the next call touches the entries
   * after these.
   */
  touchAhead(seen: { touch(hi: number, lo: number): number }, count: number): number {
    const { chunks, ends } = this.stream;
    let ci = this.aheadCi;
    let at = this.aheadAt;
    let x = 0;
    for (let k = 0; k < count; k++) {
      while (ci < chunks.length && at >= ends[ci]) {
        ci++;
        at = 0;
      }
      if (ci >= chunks.length) break;
      const buf = chunks[ci];
      x ^= seen.touch(buf[at], buf[at + 1]);
      const n = buf[at + 6];
      at += HEADER + (n === DENSE ? this.words : 2 * n);
    }
    this.aheadCi = ci;
    this.aheadAt = at;
    return x;
  }

  /** Decodes entries up to the one at position `ord` (not before the current one). */
  seek(ord: number): void {
    while (this.ord < ord && !this.done) this.advance();
  }

  /** Whether this entry's key comes before the other's. */
  before(o: CandidateReader): boolean {
    if (this.rank !== o.rank) return this.rank < o.rank;
    if (this.p !== o.p) return this.p < o.p;
    return this.c < o.c;
  }
}
