/**
 * States waiting to be expanded, used as a FIFO (breadth-first) or a stack (depth-first).
 *
 * The entries are a chain of states s1, s2, … sn in push order, and each is stored as its
 * difference from the one pushed before it: the words that differ, as (index, old XOR new)
 * pairs. A successor differs from its parent in a few words, and states pushed one after the
 * other are siblings or cousins, so an entry is a few words where a copy would be thousands.
 * XOR works both ways: reading forwards (shift) applies an entry's pairs to the state read
 * before it; reading backwards (pop) takes the newest state, then undoes its pairs to get the
 * one before. An entry that differs in more than half its words is stored whole (XORed).
 *
 * Entry layout: [id, depth, n, (index, xor) × n, n], or [id, depth, -1, xor × words, -1]; the
 * trailing n lets pop find where the newest entry starts. Entries sit back to back in chunks of
 * fixed size; an entry never straddles two. A chunk that empties is kept for reuse (a breadth-
 * first frontier moves through the same few chunks instead of touching fresh memory, and the
 * page faults that come with it, for every state); nothing is ever copied to grow the queue.
 *
 * The chain's two ends live in a StateEngine's memory (state-engine.ts), whose SIMD scan finds
 * the words that differ; a state pushed from elsewhere is copied there first.
 */
import { StateEngine } from './state-engine.js';

/**
 * Words of the first chunk (16 KiB: a small search touches little memory); each new chunk
 * doubles the last, up to MAX_CHUNK_WORDS (256 KiB), and always holds one whole entry.
 */
const FIRST_CHUNK_WORDS = 1 << 12;
const MAX_CHUNK_WORDS = 1 << 16;
/** Empty chunks kept for reuse; more are let go. */
const SPARE_CHUNKS = 2;
const DENSE = -1;

export class StateQueue {
  private readonly words: number;
  private readonly firstChunk: number;
  private readonly maxChunk: number;
  /** Words of the last chunk made. */
  private lastChunk = 0;
  private readonly engine: StateEngine;
  /** The chunks in queue order: the oldest entry starts in chunks[head] at headAt; the newest
   * ends in chunks[tail] at ends[tail]. Chunks before `head` are consumed. */
  private chunks: Int32Array[] = [];
  /** Words used in each chunk of `chunks`. */
  private ends: number[] = [];
  private head = 0;
  private headAt = 0;
  private tail = -1;
  /** The state of the last entry shifted (or the chain's base), and of the newest entry. */
  private readonly headState: Int32Array;
  private readonly tailState: Int32Array;
  /** tailState's byte offset in the engine's memory (state-engine.ts: read once). */
  private readonly tailAt: number;
  /** Words in the chunks in use and the spare ones. */
  private held = 0;
  private readonly spare: Int32Array[] = [];
  size = 0;
  /** Id and depth of the entry taken by the last shift/pop. */
  id = 0;
  depth = 0;
  /**
   * The entry the last shift applied: its chunk, where its (index, xor) pairs start, and their
   * count (-1: dense). The state shift returned differs from the one before only in those words.
   */
  entryChunk: Int32Array = new Int32Array(0);
  entryAt = 0;
  entryPairs = 0;

  /**
   * `chunkWords`, if given, fixes the chunk size (tests use it to cross chunk bounds). `engine`:
   * the search's, whose `head` and `tail` the queue then uses (else it makes its own).
   */
  constructor(words: number, chunkWords?: number, engine?: StateEngine) {
    this.words = words;
    this.firstChunk = Math.max(chunkWords ?? FIRST_CHUNK_WORDS, words + 4);
    this.maxChunk = Math.max(chunkWords ?? MAX_CHUNK_WORDS, words + 4);
    this.engine = engine ?? new StateEngine(words);
    this.headState = this.engine.head;
    this.tailState = this.engine.tail;
    this.tailAt = this.tailState.byteOffset;
  }

  /** Bytes held by the queue's chunks, spare ones included. */
  get bytes(): number {
    return 4 * this.held;
  }

  /** Bytes the next chunk would add. */
  get growthBytes(): number {
    return 4 * this.nextChunkWords();
  }

  /**
   * Appends `state`. `stateAt`: its byte offset when it is a view of the engine (the search's
   * `next`: `engine.nextAt`); without it, the state is copied into the engine first unless it
   * is one of its views.
   */
  push(id: number, depth: number, state: Int32Array, stateAt = -1): void {
    const W = this.words;
    const last = this.tailState;
    const e = this.engine;
    const pairs = e.pairs;
    if (stateAt < 0) {
      if (state.buffer !== e.buffer) {
        e.scratch.set(state);
        state = e.scratch;
      }
      stateAt = state.byteOffset;
    }
    let n = e.pairsOf(stateAt, this.tailAt, W >> 1);
    if (n < 0) n = DENSE;
    const len = n === DENSE ? W + 4 : 2 * n + 4;
    if (this.tail < 0 || this.ends[this.tail] + len > this.chunks[this.tail].length) {
      this.tail++;
      if (this.tail === this.chunks.length) {
        this.chunks.push(this.spare.pop() ?? this.newChunk());
        this.ends.push(0);
      }
      this.ends[this.tail] = 0;
    }
    const buf = this.chunks[this.tail];
    const at = this.ends[this.tail];
    buf[at] = id;
    buf[at + 1] = depth;
    buf[at + 2] = n;
    if (n === DENSE) {
      for (let i = 0; i < W; i++) buf[at + 3 + i] = state[i] ^ last[i];
      last.set(state);
    } else {
      for (let j = 0; j < 2 * n; j++) buf[at + 3 + j] = pairs[j];
      for (let j = 0; j < 2 * n; j += 2) last[pairs[j]] = state[pairs[j]];
    }
    buf[at + len - 1] = n;
    this.ends[this.tail] = at + len;
    this.size++;
  }

  /**
   * Takes the oldest entry into `out`, if given; returns it as a view of the engine's memory
   * (valid until the next push or shift).
   */
  shift(out?: Int32Array): Int32Array {
    const buf = this.chunks[this.head];
    const at = this.headAt;
    this.id = buf[at];
    this.depth = buf[at + 1];
    const n = buf[at + 2];
    const len = applyEntry(buf, at, n, this.headState);
    out?.set(this.headState);
    this.entryChunk = buf;
    this.entryAt = at + 3;
    this.entryPairs = n;
    this.size--;
    this.headAt = at + len;
    if (this.size === 0) this.restart();
    else if (this.headAt === this.ends[this.head]) {
      this.release(this.chunks[this.head]);
      this.head++;
      this.headAt = 0;
      if (this.head >= 64 && this.head * 2 >= this.chunks.length) this.compact();
    }
    return this.headState;
  }

  /** Takes the newest entry into `out`. */
  pop(out: Int32Array): void {
    const buf = this.chunks[this.tail];
    const end = this.ends[this.tail];
    const n = buf[end - 1];
    const at = end - (n === DENSE ? this.words + 4 : 2 * n + 4);
    this.id = buf[at];
    this.depth = buf[at + 1];
    out.set(this.tailState);
    applyEntry(buf, at, n, this.tailState); // undoes it: the state pushed before
    this.size--;
    this.ends[this.tail] = at;
    if (this.size === 0) this.restart();
    else if (at === 0) {
      // The newest chunk emptied (it is not the head's): keep it aside.
      this.release(this.chunks.pop()!);
      this.ends.pop();
      this.tail--;
    }
  }

  /**
   * Empty: start again at the beginning of the head chunk; the others are let go or kept. The
   * chain's two ends are the same state now (the last one taken), its base from here on.
   */
  private restart(): void {
    for (let c = this.chunks.length - 1; c > this.head; c--) this.release(this.chunks[c]);
    const chunk = this.chunks[this.head];
    this.chunks.length = 0;
    this.ends.length = 0;
    this.chunks.push(chunk);
    this.ends.push(0);
    this.head = 0;
    this.tail = 0;
    this.headAt = 0;
  }

  private nextChunkWords(): number {
    return this.lastChunk === 0 ? this.firstChunk : Math.min(this.maxChunk, 2 * this.lastChunk);
  }

  private newChunk(): Int32Array {
    this.lastChunk = this.nextChunkWords();
    this.held += this.lastChunk;
    return new Int32Array(this.lastChunk);
  }

  private release(chunk: Int32Array): void {
    if (this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
    else this.held -= chunk.length;
  }

  /** Drops the references to chunks already consumed from the front. */
  private compact(): void {
    const live = this.chunks.length - this.head;
    for (let i = 0; i < live; i++) {
      this.chunks[i] = this.chunks[this.head + i];
      this.ends[i] = this.ends[this.head + i];
    }
    this.chunks.length = live;
    this.ends.length = live;
    this.tail -= this.head;
    this.head = 0;
  }
}

/** XORs the entry at `at` (n pairs, or DENSE) into `state`; returns the entry's length. */
function applyEntry(buf: Int32Array, at: number, n: number, state: Int32Array): number {
  if (n === DENSE) {
    const W = state.length;
    for (let i = 0; i < W; i++) state[i] ^= buf[at + 3 + i];
    return W + 4;
  }
  const end = at + 3 + 2 * n;
  for (let j = at + 3; j < end; j += 2) state[buf[j]] ^= buf[j + 1];
  return 2 * n + 4;
}
