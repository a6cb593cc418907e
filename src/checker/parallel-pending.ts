/**
 * The new states a worker of the parallel search found among its own fingerprints in the current
 * level (parallel-worker.ts): it adds them to its visited set and its queue when it computes
 * them, as the sequential search does, and keeps them here until the merge, because a successor
 * computed by another worker may reach the same state by a smaller key. Per state, by the order
 * it was found in (its key's order): the fingerprint (a small open-addressing table), its key
 * (parent's rank, process, choice), its sleep set, and whether another worker's key took it over.
 */
export class PendingStates {
  /** Slots of (hi, lo, index + 1); 0 in the third word = empty. */
  private table = new Int32Array(3 * 1024);
  private mask = 1023;
  /** Per state: its key (rank, process, choice) and its sleep set. */
  keys = new Int32Array(3 * 256);
  masks = new Int32Array(256);
  /** taken[i] = 1: state i is reached first by another worker's successor. */
  taken = new Uint8Array(256);
  size = 0;

  /** Empties it for the next level. */
  clear(): void {
    if (this.size > 0) this.table.fill(0);
    this.size = 0;
  }

  get bytes(): number {
    return this.table.byteLength + this.keys.byteLength + this.masks.byteLength + this.taken.byteLength;
  }

  private slot(hi: number, lo: number): number {
    return (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
  }

  /** Records the next state of the worker's own stream (index `size`), reached by key (rank, p, c). */
  add(hi: number, lo: number, rank: number, p: number, c: number, mask: number): void {
    const i = this.size++;
    if (3 * i + 3 > this.keys.length) {
      const k = new Int32Array(2 * this.keys.length);
      k.set(this.keys);
      this.keys = k;
      const t = new Uint8Array(2 * this.taken.length);
      t.set(this.taken);
      this.taken = t;
      const m = new Int32Array(2 * this.masks.length);
      m.set(this.masks);
      this.masks = m;
    }
    this.masks[i] = mask;
    this.keys[3 * i] = rank;
    this.keys[3 * i + 1] = p;
    this.keys[3 * i + 2] = c;
    this.taken[i] = 0;
    if (2 * this.size > this.mask + 1) this.grow();
    this.put(hi, lo, i);
  }

  private put(hi: number, lo: number, i: number): void {
    const T = this.table;
    let s = this.slot(hi, lo);
    while (T[3 * s + 2] !== 0) s = (s + 1) & this.mask;
    T[3 * s] = hi;
    T[3 * s + 1] = lo;
    T[3 * s + 2] = i + 1;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = 2 * (this.mask + 1) - 1;
    for (let s = 0; s < old.length; s += 3) if (old[s + 2] !== 0) this.put(old[s], old[s + 1], old[s + 2] - 1);
  }

  /**
   * A successor from another worker with this fingerprint and key: when it is one of the
   * pending states and the key comes before that state's, the state is taken over (true).
   */
  takeOver(hi: number, lo: number, rank: number, p: number, c: number): boolean {
    const T = this.table;
    for (let s = this.slot(hi, lo); T[3 * s + 2] !== 0; s = (s + 1) & this.mask) {
      if (T[3 * s] !== hi || T[3 * s + 1] !== lo) continue;
      const i = T[3 * s + 2] - 1;
      if (this.taken[i] !== 0) return false;
      const k = this.keys;
      const before = rank !== k[3 * i] ? rank < k[3 * i] : p !== k[3 * i + 1] ? p < k[3 * i + 1] : c < k[3 * i + 2];
      if (before) this.taken[i] = 1;
      return before;
    }
    return false;
  }
}
