/**
 * States waiting to be expanded, stored back to back in one growable Int32Array: a ring buffer
 * used as a FIFO (breadth-first) or a stack (depth-first). Each entry is [id, depth, ...state].
 */
export class StateQueue {
  private buf: Int32Array;
  private cap: number; // entries
  private head = 0; // index of the first entry
  size = 0;
  /** Id and depth of the entry taken by the last shift/pop. */
  id = 0;
  depth = 0;
  private readonly entry: number;

  constructor(private readonly words: number, initialEntries = 256) {
    this.entry = words + 2;
    this.cap = initialEntries;
    this.buf = new Int32Array(this.cap * this.entry);
  }

  get bytes(): number {
    return this.buf.byteLength;
  }

  push(id: number, depth: number, state: Int32Array): void {
    if (this.size === this.cap) this.grow();
    const at = ((this.head + this.size) % this.cap) * this.entry;
    this.buf[at] = id;
    this.buf[at + 1] = depth;
    this.buf.set(state, at + 2);
    this.size++;
  }

  /** Takes the oldest entry into `out`. */
  shift(out: Int32Array): void {
    this.read(this.head, out);
    this.head = (this.head + 1) % this.cap;
    this.size--;
  }

  /** Takes the newest entry into `out`. */
  pop(out: Int32Array): void {
    this.read((this.head + this.size - 1) % this.cap, out);
    this.size--;
  }

  private read(slot: number, out: Int32Array): void {
    const at = slot * this.entry;
    this.id = this.buf[at];
    this.depth = this.buf[at + 1];
    out.set(this.buf.subarray(at + 2, at + 2 + this.words));
  }

  private grow(): void {
    const next = new Int32Array(this.cap * 2 * this.entry);
    for (let i = 0; i < this.size; i++) {
      const from = ((this.head + i) % this.cap) * this.entry;
      next.set(this.buf.subarray(from, from + this.entry), i * this.entry);
    }
    this.buf = next;
    this.head = 0;
    this.cap *= 2;
  }
}
