/**
 * For every stored state: its parent and the action that reached it (TLC rebuilds traces the
 * same way). State 0 is the initial state. Three words per state, in fixed chunks of 1,024
 * states: the tree grows a chunk at a time, never copying what it holds (a doubling array is
 * briefly there twice and copies everything), so it takes 12 bytes per state and no more.
 */
const CHUNK_BITS = 10;

export class TraceTree {
  private readonly bits: number;
  private readonly mask: number;
  /** Chunk c holds states c·2^bits …: [parent, proc, choice] each. */
  private readonly chunks: Int32Array[] = [];
  size = 0;

  /** `chunkBits`: log2 of the states per chunk (tests make it small to cross chunks). */
  constructor(chunkBits = CHUNK_BITS) {
    this.bits = chunkBits;
    this.mask = (1 << chunkBits) - 1;
  }

  get bytes(): number {
    return this.chunks.length * 12 << this.bits;
  }

  /** Bytes the next chunk adds. */
  get growthBytes(): number {
    return 12 << this.bits;
  }

  /** Records a state reached from `parent` by (proc, choice); returns its id. */
  add(parent: number, proc: number, choice: number): number {
    const id = this.size++;
    const slot = id & this.mask;
    if (slot === 0) this.chunks.push(new Int32Array(3 << this.bits));
    const c = this.chunks[id >> this.bits];
    c[3 * slot] = parent;
    c[3 * slot + 1] = proc;
    c[3 * slot + 2] = choice;
    return id;
  }

  /** The actions from the initial state to state `id`, as [proc, choice] pairs in order. */
  pathTo(id: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let at = id; at > 0; ) {
      const c = this.chunks[at >> this.bits];
      const slot = 3 * (at & this.mask);
      out.push([c[slot + 1], c[slot + 2]]);
      at = c[slot];
    }
    return out.reverse();
  }
}
