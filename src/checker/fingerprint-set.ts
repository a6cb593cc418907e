/**
 * The visited set, as TLC's FPSet: 64-bit fingerprints in open-addressing tables with linear
 * probing, each slot two adjacent Int32 words (hi, lo), so a lookup touches one cache line.
 * (0, 0) marks an empty slot, so a fingerprint of (0, 0) is stored as (0, 1): one more
 * fingerprint value that can collide.
 *
 * The set is 16 tables, chosen by the top 4 bits of hi. Each doubles on its own when three
 * quarters full (8 bytes a slot: 10.7 to 21 bytes per state; linear probing still takes about
 * 2.5 probes for a state found, 8.5 for one not there, at the highest load). A growth adds a
 * sixteenth of the set at a time, not the whole set again, so the search can use its memory
 * budget up to a few percent (docs/reliability.md) where one table's doubling stopped it up to
 * half the budget early.
 */
const PART_BITS = 4;
const PARTS = 1 << PART_BITS;
const SHIFT = 32 - PART_BITS;

export class FingerprintSet {
  /** Table p: 2·cap words, slot i at words 2i (hi) and 2i + 1 (lo). */
  private readonly tables: Int32Array[] = [];
  private readonly masks: Int32Array = new Int32Array(PARTS);
  private readonly sizes: Int32Array = new Int32Array(PARTS);
  size = 0;
  private held = 0;
  private largest = 0;

  /** `initialCapacity`: fingerprints the set holds before its first growth (about). */
  constructor(initialCapacity = 1 << 10) {
    let cap = 16;
    while (cap * 3 * PARTS < initialCapacity * 4) cap *= 2;
    for (let p = 0; p < PARTS; p++) {
      this.tables.push(new Int32Array(2 * cap));
      this.masks[p] = cap - 1;
    }
    this.held = PARTS * 8 * cap;
    this.largest = 8 * cap;
  }

  /** Bytes held by the tables. */
  get bytes(): number {
    return this.held;
  }

  /** Bytes the next growth adds while the old table is still there (twice the largest table). */
  get growthBytes(): number {
    return 2 * this.largest;
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const p = hi >>> SHIFT;
    const T = this.tables[p];
    const mask = this.masks[p];
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const h = T[2 * i];
      const l = T[2 * i + 1];
      if (h === hi && l === lo) return true;
      if (h === 0 && l === 0) return false;
    }
  }

  /**
   * Reads the first slot a lookup of the fingerprint reads, and returns a word of it: touching
   * several fingerprints' slots one after the other lets the processor fetch their cache lines
   * at once (the loads do not depend on each other), so that the `add`s that follow in the same
   * order find them in the cache. The caller keeps the value (it must not be optimized away).
   */
  touch(hi: number, lo: number): number {
    const p = hi >>> SHIFT;
    return this.tables[p][2 * ((lo ^ Math.imul(hi, 0x9e3779b1)) & this.masks[p])];
  }

  /** Adds the fingerprint; true if it was not there yet. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const p = hi >>> SHIFT;
    const T = this.tables[p];
    const mask = this.masks[p];
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = T[2 * i];
      const l = T[2 * i + 1];
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & mask;
    }
    T[2 * i] = hi;
    T[2 * i + 1] = lo;
    this.size++;
    if (++this.sizes[p] * 4 > (mask + 1) * 3) this.grow(p);
    return true;
  }

  private grow(p: number): void {
    const old = this.tables[p];
    const cap = old.length; // slots: twice the old count
    const T = new Int32Array(2 * cap);
    // Written before it is read: a large typed array starts as the kernel's shared zero page,
    // which a read maps and the first write then replaces, with a TLB flush that interrupts
    // every core running this process's threads (about 0.1 s per worker of the parallel search
    // on c6 -cn -s 12, docs/performance.md). Writing first takes one page fault per page, no flush.
    T.fill(0);
    const mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j];
      const lo = old[j + 1];
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (T[2 * i] !== 0 || T[2 * i + 1] !== 0) i = (i + 1) & mask;
      T[2 * i] = hi;
      T[2 * i + 1] = lo;
    }
    this.tables[p] = T;
    this.masks[p] = mask;
    this.held += T.byteLength - old.byteLength;
    if (T.byteLength > this.largest) this.largest = T.byteLength;
  }
}
