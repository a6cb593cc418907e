/**
 * States waiting to be expanded, used as a FIFO (breadth-first) or a stack (depth-first). Each
 * entry is [id, depth, ...state], stored back to back in chunks of one Int32Array each. The
 * queue grows a chunk at a time, so nothing is ever copied to grow it; chunks start small (a
 * small search touches little memory) and double up to about 1 MiB. A chunk that empties is
 * kept for reuse, so a breadth-first frontier moves through the same few chunks instead of
 * touching fresh memory (and the page faults that come with it) for every state.
 */

/** The first chunk holds about 64 KiB, the largest about 1 MiB (or one entry, if larger). */
const FIRST_CHUNK_WORDS = 1 << 14;
const MAX_CHUNK_WORDS = 1 << 18;
/** Empty chunks kept for reuse; more are let go. */
const SPARE_CHUNKS = 2;

/**
 * `cap` entries, then room for one state: a read moves the entry's state there (copyWithin)
 * and copies it out through `scratch`, the chunk's one view, so no view is made per read.
 */
interface Chunk {
  readonly cap: number;
  readonly buf: Int32Array;
  readonly scratch: Int32Array;
}

export class StateQueue {
  private readonly words: number;
  private readonly entry: number;
  private readonly firstChunk: number;
  private readonly maxChunk: number;
  /** The chunks in queue order: the oldest entry is chunks[head] at slot headSlot, the next
   * free slot is chunks[tail] at tailSlot. Chunks before `head` are consumed. */
  private chunks: Chunk[] = [];
  private head = 0;
  private headSlot = 0;
  private tail = -1;
  private tailSlot = 0;
  /** Entries the chunks made so far can hold; the next chunk doubles it, up to maxChunk. */
  private capacity = 0;
  /** Words in the chunks in use and the spare ones. */
  private held = 0;
  private readonly spare: Chunk[] = [];
  size = 0;
  /** Id and depth of the entry taken by the last shift/pop. */
  id = 0;
  depth = 0;

  /** `entriesPerChunk`, if given, fixes the chunk size (tests use it to cross chunk bounds). */
  constructor(words: number, entriesPerChunk?: number) {
    this.words = words;
    this.entry = words + 2;
    this.firstChunk = Math.max(1, entriesPerChunk ?? Math.floor(FIRST_CHUNK_WORDS / this.entry));
    this.maxChunk = Math.max(1, entriesPerChunk ?? Math.floor(MAX_CHUNK_WORDS / this.entry));
  }

  /** Bytes held by the queue's chunks, spare ones included. */
  get bytes(): number {
    return 4 * this.held;
  }

  /** Bytes the next chunk would add (at most about 1 MiB, or one entry). */
  get growthBytes(): number {
    return 4 * (Math.min(this.maxChunk, Math.max(this.firstChunk, this.capacity)) * this.entry + this.words);
  }

  push(id: number, depth: number, state: Int32Array): void {
    if (this.tail < 0 || this.tailSlot === this.chunks[this.tail].cap) {
      this.tail++;
      if (this.tail === this.chunks.length) this.chunks.push(this.spare.pop() ?? this.newChunk());
      this.tailSlot = 0;
    }
    const at = this.tailSlot * this.entry;
    const buf = this.chunks[this.tail].buf;
    buf[at] = id;
    buf[at + 1] = depth;
    buf.set(state, at + 2);
    this.tailSlot++;
    this.size++;
  }

  /** Takes the oldest entry into `out`. */
  shift(out: Int32Array): void {
    const chunk = this.chunks[this.head];
    this.read(chunk, this.headSlot, out);
    this.size--;
    this.headSlot++;
    if (this.size === 0) this.restart();
    else if (this.headSlot === chunk.cap) {
      this.release(chunk);
      this.head++;
      this.headSlot = 0;
      if (this.head >= 64 && this.head * 2 >= this.chunks.length) this.compact();
    }
  }

  /** Takes the newest entry into `out`. */
  pop(out: Int32Array): void {
    this.tailSlot--;
    this.read(this.chunks[this.tail], this.tailSlot, out);
    this.size--;
    if (this.size === 0) this.restart();
    else if (this.tailSlot === 0) {
      // The newest chunk emptied (it is not the head's): keep it aside.
      this.release(this.chunks.pop()!);
      this.tail--;
      this.tailSlot = this.chunks[this.tail].cap;
    }
  }

  private read(chunk: Chunk, slot: number, out: Int32Array): void {
    const at = slot * this.entry;
    const buf = chunk.buf;
    this.id = buf[at];
    this.depth = buf[at + 1];
    buf.copyWithin(chunk.cap * this.entry, at + 2, at + this.entry);
    out.set(chunk.scratch);
  }

  /** Empty: start again at the beginning of the head chunk; the others are let go or kept. */
  private restart(): void {
    for (let c = this.chunks.length - 1; c > this.head; c--) this.release(this.chunks[c]);
    const chunk = this.chunks[this.head];
    this.chunks.length = 0;
    this.chunks.push(chunk);
    this.head = 0;
    this.tail = 0;
    this.headSlot = 0;
    this.tailSlot = 0;
  }

  private newChunk(): Chunk {
    const cap = Math.min(this.maxChunk, Math.max(this.firstChunk, this.capacity));
    this.capacity += cap;
    const end = cap * this.entry;
    const buf = new Int32Array(end + this.words);
    this.held += buf.length;
    return { cap, buf, scratch: buf.subarray(end) };
  }

  private release(chunk: Chunk): void {
    if (this.spare.length < SPARE_CHUNKS) this.spare.push(chunk);
    else this.held -= chunk.buf.length;
  }

  /** Drops the references to chunks already consumed from the front. */
  private compact(): void {
    const live = this.chunks.length - this.head;
    for (let i = 0; i < live; i++) this.chunks[i] = this.chunks[this.head + i];
    this.chunks.length = live;
    this.tail -= this.head;
    this.head = 0;
  }
}
