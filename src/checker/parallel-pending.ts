/**
 * The new states a worker of the parallel search found among its own fingerprints in the current
 * level (parallel-worker.ts): it adds them to its visited set and its queue when it computes
 * them, as the sequential search does, and keeps them here until the merge, because a successor
 * computed by another worker may reach the same state by a smaller key. Per state, by the order
 * it was found in (its key's order): the fingerprint (indexed by an open-addressing table), its key
 * (parent's rank, process, choice), its sleep set, and whether another worker's key took it over.
 */
export class PendingStates {
  /**
   * Slots of index + 1 (0 = empty), built at the first take-over check of a level (`index`), not
   * while the states are found: an insertion is a cache miss, and in the expansion's loop it
   * also evicted the model's data (with one worker the expansion took about 0.4 s more).
   */
  private table = new Int32Array(1024);
  private mask = 1023;
  private indexed = false;
  /** Per state: its fingerprint (hi, lo), its key (rank, process, choice) and its sleep set. */
  private fps = new Int32Array(2 * 256);
  keys = new Int32Array(3 * 256);
  masks = new Int32Array(256);
  /** taken[i] = 1: state i is reached first by another worker's successor. */
  taken = new Uint8Array(256);
  size = 0;

  /** Makes the keys' ranks global: a key's rank was its parent's position, `ranks` maps positions to ranks. */
  rankBy(ranks: Int32Array): void {
    const k = this.keys;
    for (let i = 0; i < this.size; i++) k[3 * i] = ranks[k[3 * i]];
  }

  /** Empties it for the next level. */
  clear(): void {
    this.size = 0;
    this.indexed = false;
  }

  get bytes(): number {
    return this.table.byteLength + this.fps.byteLength + this.keys.byteLength + this.masks.byteLength + this.taken.byteLength;
  }

  private slot(hi: number, lo: number): number {
    return (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
  }

  /** Records the next state of the worker's own stream (index `size`), reached by key (rank, p, c). */
  add(hi: number, lo: number, rank: number, p: number, c: number, mask: number): void {
    const i = this.size++;
    if (i === this.masks.length) this.growArrays();
    this.fps[2 * i] = hi;
    this.fps[2 * i + 1] = lo;
    this.masks[i] = mask;
    this.keys[3 * i] = rank;
    this.keys[3 * i + 1] = p;
    this.keys[3 * i + 2] = c;
    this.taken[i] = 0;
  }

  private growArrays(): void {
    const n = 2 * this.masks.length;
    const f = new Int32Array(2 * n);
    f.set(this.fps);
    this.fps = f;
    const k = new Int32Array(3 * n);
    k.set(this.keys);
    this.keys = k;
    const t = new Uint8Array(n);
    t.set(this.taken);
    this.taken = t;
    const m = new Int32Array(n);
    m.set(this.masks);
    this.masks = m;
  }

  /** Puts every state in the table (at most half full; the fingerprints are distinct: each was new to the visited set). */
  private index(): void {
    let cap = this.table.length;
    while (cap < 2 * this.size) cap *= 2;
    if (cap !== this.table.length) this.table = new Int32Array(cap);
    else this.table.fill(0);
    this.mask = cap - 1;
    const T = this.table;
    for (let i = 0; i < this.size; i++) {
      let s = this.slot(this.fps[2 * i], this.fps[2 * i + 1]);
      while (T[s] !== 0) s = (s + 1) & this.mask;
      T[s] = i + 1;
    }
    this.indexed = true;
  }

  /**
   * A successor from another worker with this fingerprint and key: when it is one of the
   * pending states and the key comes before that state's, the state is taken over (true).
   */
  takeOver(hi: number, lo: number, rank: number, p: number, c: number): boolean {
    if (!this.indexed) this.index();
    const T = this.table;
    for (let s = this.slot(hi, lo); T[s] !== 0; s = (s + 1) & this.mask) {
      const i = T[s] - 1;
      if (this.fps[2 * i] !== hi || this.fps[2 * i + 1] !== lo) continue;
      if (this.taken[i] !== 0) return false;
      const k = this.keys;
      const before = rank !== k[3 * i] ? rank < k[3 * i] : p !== k[3 * i + 1] ? p < k[3 * i + 1] : c < k[3 * i + 2];
      if (before) this.taken[i] = 1;
      return before;
    }
    return false;
  }
}
