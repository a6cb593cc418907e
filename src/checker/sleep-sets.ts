/**
 * The sleep-set reduction of a breadth-first search (docs/model.md §7.6; Godefroid, "Partial-
 * Order Methods for the Verification of Concurrent Systems", ch. 5). A state X first stored
 * from its parent D by transition a sleeps on every process v that D expanded before a and
 * whose transitions are independent of a in D: X·v = D·v·a, which the search reaches from D·v.
 * Only the parent's expansion fills a sleep set (no inheritance), so a state revisited later
 * needs no fix-up; with a FIFO queue D·v is expanded before X, which makes the argument an
 * induction on expansion order. Every state is still stored: only transitions are skipped.
 *
 * Footprints are FOOTPRINT_WORDS bit masks over the model's resources (the model names them):
 * plain reads and writes; commutative adds (a counter incremented, the same id pushed into a
 * duplicate-free queue); pushes of an id the queue does not hold; pops of a queue's head. Two
 * footprints are independent when no write meets any access of the other, no read meets an
 * add, push or pop, adds meet no push or pop, no two pushes or pops share a queue (a push
 * commutes with a pop of a non-empty queue), and at most one of them is visible to a monitor.
 */
import type { Independence, TransitionSystem } from './transition-system.js';

export const F_READ = 0;
export const F_WRITE = 1;
export const F_ADD = 2;
export const F_PUSH = 3;
export const F_POP = 4;
/** Non-zero: the transition writes something an intent monitor reads. */
export const F_VISIBLE = 5;
export const FOOTPRINT_WORDS = 6;

/** Processes 0..30 can sleep (one bit each); later ones are always expanded. */
const SLEEPERS = 31;

/** Whether the footprints at offsets a and b of f are independent (see the file comment). */
export function independent(f: Int32Array, a: number, b: number): boolean {
  if (f[a + F_VISIBLE] !== 0 && f[b + F_VISIBLE] !== 0) return false;
  const ra = f[a + F_READ], wa = f[a + F_WRITE], aa = f[a + F_ADD], pa = f[a + F_PUSH], qa = f[a + F_POP];
  const rb = f[b + F_READ], wb = f[b + F_WRITE], ab = f[b + F_ADD], pb = f[b + F_PUSH], qb = f[b + F_POP];
  if ((wa & (rb | wb | ab | pb | qb)) !== 0 || (wb & (ra | aa | pa | qa)) !== 0) return false;
  if ((ra & (ab | pb | qb)) !== 0 || (rb & (aa | pa | qa)) !== 0) return false;
  if ((aa & (pb | qb)) !== 0 || (ab & (pa | qa)) !== 0) return false;
  return (pa & pb) === 0 && (qa & qb) === 0;
}

export class SleepSets {
  /** Per stored state id: the processes it sleeps on. */
  private masks = new Int32Array(1024);
  /** Footprints of the processes of the state being expanded. */
  private readonly fp: Int32Array;
  /** The processes expanded so far in this state whose footprint is known. */
  private expanded = 0;
  /** Transitions not computed because their process slept. */
  pruned = 0;
  /** The sleep set of the state being expanded. */
  private sleeping = 0;

  /** The reduction for a search of sys, if it is on, the system has footprints and the order is breadth-first by process. */
  static forSearch(sys: TransitionSystem, on: boolean, fifoInProcessOrder: boolean): SleepSets | null {
    return on && fifoInProcessOrder && sys.independence ? new SleepSets(sys.independence, sys.processCount) : null;
  }

  constructor(
    private readonly independence: Independence,
    processes: number,
  ) {
    this.fp = new Int32Array(Math.min(processes, SLEEPERS) * FOOTPRINT_WORDS + FOOTPRINT_WORDS);
  }

  /** Starts the expansion of state `id`. */
  begin(id: number): void {
    this.expanded = 0;
    this.sleeping = id < this.masks.length ? this.masks[id] : 0;
  }

  /** Whether process p (with k choices) sleeps in this state; its k transitions count as pruned. */
  asleep(p: number, k: number): boolean {
    if (p >= SLEEPERS || ((this.sleeping >>> p) & 1) === 0) return false;
    this.pruned += k;
    return true;
  }

  /**
   * Records that process p (with choices) is expanded now, in s: its footprint (at the last
   * slot when p cannot sleep). When it is known, the successors of the processes expanded after
   * p may sleep on p; p's own never do.
   */
  look(s: Int32Array, p: number): boolean {
    if (this.independence.candidates[p] === 0) return false;
    const at = (p < SLEEPERS ? p : SLEEPERS) * FOOTPRINT_WORDS;
    if (!this.independence.footprint(s, p, this.fp, at)) return false;
    if (p < SLEEPERS) this.expanded |= 1 << p;
    return true;
  }

  /** Starts the expansion of a state whose sleep set the caller keeps (the parallel search). */
  beginWith(mask: number): void {
    this.expanded = 0;
    this.sleeping = mask;
  }

  /** The sleep set of a state first reached by process p, whose footprint is known (`look` said so). */
  maskFor(p: number): number {
    const f = this.fp;
    const at = (p < SLEEPERS ? p : SLEEPERS) * FOOTPRINT_WORDS;
    let mask = 0;
    for (let v = 0, left = this.expanded; left !== 0; v++, left >>>= 1) {
      if ((left & 1) !== 0 && v !== p && independent(f, v * FOOTPRINT_WORDS, at)) mask |= 1 << v;
    }
    return mask;
  }

  /** The sleep set of a state first reached by process p, whose footprint is known, stored as `child`; returns child. */
  store(child: number, p: number): number {
    const mask = this.maskFor(p);
    if (mask === 0) return child;
    if (child >= this.masks.length) {
      let n = this.masks.length * 2;
      while (n <= child) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.masks);
      this.masks = grown;
    }
    this.masks[child] = mask;
    return child;
  }

  get bytes(): number {
    return this.masks.byteLength;
  }
}
