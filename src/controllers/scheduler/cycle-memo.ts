/**
 * The first scheduling cycle of a state, kept from `Scheduler.choices` for the bursts that
 * follow it. The search asks a state's choices and then runs the scheduler's burst once per
 * choice on a copy of that same state (docs/model.md §8.2.4): the burst's first cycle is the
 * cycle `choices` ran, so its result is reused instead of run again, once per choice. The memo
 * holds a copy of the state it was made for and is used only for a state equal to it word for
 * word, so a reuse gives exactly what the cycle would have given.
 */
export class CycleMemo {
  /** The state the memo was made for, and its bytes. */
  private readonly state: Int32Array;
  private readonly bytes: Uint8Array;
  /** The last state compared with it, and a byte view of it (made once per state array). */
  private seen: Int32Array | null = null;
  private seenBytes: Uint8Array = new Uint8Array(0);
  /** The distinct best nodes of the first pending pod (Scheduler's `best`), `options` of them. */
  private readonly best: Int32Array;
  private valid = false;
  /**
   * No cycle ran since `save`: the scheduler's cycle arrays still hold the memo's cycle, so a
   * burst that logs may use the memo too (its messages read those arrays). The scheduler clears it.
   */
  current = false;
  /** The pod the cycle placed. */
  pod = 0;
  options = 0;
  /** The origin (CycleState.origin) of the cycle kept: a burst from the same state shares it. */
  origin = 0;

  constructor(words: number, nodes: number) {
    this.state = new Int32Array(words);
    this.bytes = new Uint8Array(this.state.buffer);
    this.best = new Int32Array(nodes + 1);
  }

  /** Forget the memo (the next `save` makes a new one). */
  clear(): void {
    this.valid = false;
  }

  /**
   * Keep the cycle of `pod` in s: `node`, the node it selected, and with several options the
   * first `options` distinct best nodes in `best`.
   */
  save(s: Int32Array, pod: number, node: number, best: Int32Array, options: number, origin: number): void {
    this.state.set(s);
    if (options > 1) for (let i = 0; i < options; i++) this.best[i] = best[i];
    else this.best[0] = node;
    this.pod = pod;
    this.options = options;
    this.origin = origin;
    this.valid = true;
    this.current = true;
  }

  /** The memo was made for a state equal to s (a memcmp: a tenth of a word-by-word loop's time). */
  matches(s: Int32Array): boolean {
    if (!this.valid || s.length !== this.state.length) return false;
    if (s !== this.seen || this.seenBytes.byteLength !== s.byteLength) {
      // The search passes the same array (its successor buffer) every time: one view for it.
      this.seen = s;
      this.seenBytes = new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
    }
    return Buffer.compare(this.seenBytes, this.bytes) === 0;
  }

  /** The choice-th best node (the last one if choice ≥ options, as `schedule` does). */
  node(choice: number): number {
    return this.best[choice < this.options ? choice : this.options - 1];
  }
}
