/**
 * States waiting to be expanded, used as a FIFO (breadth-first) or a stack (depth-first). Each
 * entry is [id, depth, ...state], stored back to back in fixed-size chunks of one Int32Array
 * each. The queue grows a chunk at a time, so nothing is ever copied to grow it, and a chunk that
 * empties is kept for reuse: a breadth-first frontier moves through the same few chunks instead
 * of touching fresh memory (and the page faults that come with it) for every state.
 */

/** Default chunk size: about 1 MiB. */
const CHUNK_WORDS = 1 << 18;
/** Empty chunks kept for reuse; more are let go. */
const SPARE_CHUNKS = 2;

/**
 * The entries, then room for one state: a read moves the entry's state there (copyWithin) and
 * copies it out through `scratch`, the chunk's one view, so no view is made per read or slot.
 */
interface Chunk {
  readonly buf: Int32Array;
  readonly scratch: Int32Array;
}

export class StateQueue {
  private readonly words: number;
  private readonly entry: number;
  private readonly perChunk: number;
  /** The chunks in queue order; chunks[first] holds the oldest entry, at slot `head`. */
  private chunks: Chunk[] = [];
  private first = 0;
  private head = 0;
  private readonly spare: Chunk[] = [];
  size = 0;
  /** Id and depth of the entry taken by the last shift/pop. */
  id = 0;
  depth = 0;

  /** `entriesPerChunk` defaults to what fits in about 1 MiB. */
  constructor(
    words: number,
    entriesPerChunk = Math.max(1, Math.floor(CHUNK_WORDS / (words + 2))),
  ) {
    this.words = words;
    this.entry = words + 2;
    this.perChunk = Math.max(1, entriesPerChunk);
  }

  /** Bytes held by the queue's chunks, spare ones included. */
  get bytes(): number {
    return (this.chunks.length - this.first + this.spare.length) * (this.perChunk * this.entry + this.words) * 4;
  }

  push(id: number, depth: number, state: Int32Array): void {
    const t = this.head + this.size;
    const c = this.first + Math.floor(t / this.perChunk);
    if (c === this.chunks.length) this.chunks.push(this.spare.pop() ?? this.newChunk());
    const at = (t % this.perChunk) * this.entry;
    const buf = this.chunks[c].buf;
    buf[at] = id;
    buf[at + 1] = depth;
    buf.set(state, at + 2);
    this.size++;
  }

  /** Takes the oldest entry into `out`. */
  shift(out: Int32Array): void {
    this.read(this.chunks[this.first], this.head, out);
    this.size--;
    if (++this.head === this.perChunk) {
      this.release(this.chunks[this.first]);
      this.first++;
      this.head = 0;
      if (this.first >= 64 && this.first * 2 >= this.chunks.length) this.compact();
    }
  }

  /** Takes the newest entry into `out`. */
  pop(out: Int32Array): void {
    const t = this.head + this.size - 1;
    const c = this.first + Math.floor(t / this.perChunk);
    const slot = t % this.perChunk;
    this.read(this.chunks[c], slot, out);
    this.size--;
    // The newest chunk emptied (it is not the head's): keep it aside.
    if (slot === 0 && c > this.first) this.release(this.chunks.pop()!);
  }

  private read(chunk: Chunk, slot: number, out: Int32Array): void {
    const at = slot * this.entry;
    const buf = chunk.buf;
    this.id = buf[at];
    this.depth = buf[at + 1];
    buf.copyWithin(this.perChunk * this.entry, at + 2, at + this.entry);
    out.set(chunk.scratch);
  }

  private newChunk(): Chunk {
    const end = this.perChunk * this.entry;
    const buf = new Int32Array(end + this.words);
    return { buf, scratch: buf.subarray(end) };
  }

  private release(chunk: Chunk): void {
    if (this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
  }

  /** Drops the references to chunks already consumed from the front. */
  private compact(): void {
    const live = this.chunks.length - this.first;
    for (let i = 0; i < live; i++) this.chunks[i] = this.chunks[this.first + i];
    this.chunks.length = live;
    this.first = 0;
  }
}
