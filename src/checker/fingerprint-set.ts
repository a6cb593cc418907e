/**
 * The visited set, as TLC's FPSet: 64-bit fingerprints in an open-addressing table of two
 * Int32Array lanes with linear probing. (0, 0) marks an empty slot, so a fingerprint of
 * (0, 0) is stored as (0, 1): one more fingerprint value that can collide. The table doubles
 * when three quarters full (8 bytes a slot: 10.7 to 21 bytes per state; linear probing still
 * takes about 2.5 probes for a state found, 8.5 for one not there, at the highest load).
 */
export class FingerprintSet {
  private hi: Int32Array;
  private lo: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let cap = 16;
    while (cap * 3 < initialCapacity * 4) cap *= 2;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength;
  }

  /** Bytes its next growth adds while the old table is still there (twice its size). */
  get growthBytes(): number {
    return 2 * this.bytes;
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      if (H[i] === hi && L[i] === lo) return true;
      if (H[i] === 0 && L[i] === 0) return false;
    }
  }

  /** Adds the fingerprint; true if it was not there yet. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const h = H[i];
      const l = L[i];
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & mask;
    }
    H[i] = hi;
    L[i] = lo;
    this.size++;
    if (this.size * 4 > H.length * 3) this.grow();
    return true;
  }

  private grow(): void {
    const oldH = this.hi;
    const oldL = this.lo;
    const cap = oldH.length * 2;
    this.hi = new Int32Array(cap);
    this.lo = new Int32Array(cap);
    this.mask = cap - 1;
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    for (let j = 0; j < oldH.length; j++) {
      const hi = oldH[j];
      const lo = oldL[j];
      if (hi === 0 && lo === 0) continue;
      let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (H[i] !== 0 || L[i] !== 0) i = (i + 1) & mask;
      H[i] = hi;
      L[i] = lo;
    }
  }
}
