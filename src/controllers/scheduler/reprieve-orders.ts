/**
 * The orders in which DefaultPreemption may reprieve one node's potential victims (docs/model.md
 * §8.2.5). Upstream `SelectVictimsOnNode` (pkg/scheduler/framework/plugins/defaultpreemption/
 * default_preemption.go) sorts them by `util.MoreImportantPod` (pkg/scheduler/util/utils.go):
 * higher priority first and, among equal priorities, the earlier `GetPodStartTime` first. kivi's
 * state keeps no start times, so within each group of equal priority every order is possible: the
 * orders are the arrangements of each group, groups kept in priority order.
 *
 * Pods with equal words (the same template, owner, phase, usage and node: they differ by their
 * slot only) are interchangeable: exchanging them gives the same dry run, so an arrangement is a
 * sequence of *classes* of such pods, and the j-th pod of a class in the sequence is the class's
 * j-th pod in slot order. The distinct sequences are enumerated with the multiset
 * next-permutation, group after group as an odometer, so each is visited once; no allocation
 * after construction.
 */
import { sameWords } from '../canonical-keys.js';
import { type Layout, podAt, POD_WORDS } from '../../model/layout.js';

/** At most this many orders are tried per node and preemption; beyond, one order and a note (docs/model.md §8.2.5). */
export const MAX_REPRIEVE_ORDERS = 1024;

export class ReprieveOrders {
  /** The current order of the potential victims (`begin`, then `next`). */
  readonly order: Int32Array;
  /** How many distinct orders `begin` found, MAX_REPRIEVE_ORDERS + 1 when more. */
  count = 0;
  /** Per position, the class of the pod there. */
  private readonly cls: Int32Array;
  /** The pods class by class, each class in slot order; class c's start at first[c]. */
  private readonly members: Int32Array;
  private readonly first: Int32Array;
  private readonly used: Int32Array;
  /** Group g (equal priority) spans positions groupStart[g] .. groupStart[g + 1]. */
  private readonly groupStart: Int32Array;
  private groups = 0;
  private k = 0;
  private classes = 0;

  constructor(pods: number) {
    this.order = new Int32Array(pods);
    this.cls = new Int32Array(pods);
    this.members = new Int32Array(pods);
    this.first = new Int32Array(pods + 1);
    this.used = new Int32Array(pods + 1);
    this.groupStart = new Int32Array(pods + 1);
  }

  /**
   * Prepares the orders of potential[0..k), sorted by priority (`priority[i]` is potential[i]'s),
   * the highest first, equal ones in slot order; `order` holds the first of them.
   */
  begin(s: Int32Array, l: Layout, potential: Int32Array, priority: Int32Array, k: number): void {
    this.k = k;
    this.groups = 0;
    this.classes = 0;
    let count = 1;
    for (let gs = 0; gs < k; ) {
      let ge = gs + 1;
      while (ge < k && priority[ge] === priority[gs]) ge++;
      this.groupStart[this.groups++] = gs;
      count = Math.min(count * this.classify(s, l, potential, gs, ge), MAX_REPRIEVE_ORDERS + 1);
      gs = ge;
    }
    this.groupStart[this.groups] = k;
    this.count = count;
    this.fill();
  }

  /**
   * Splits potential[gs..ge) into classes of pods with equal words, writes the first arrangement
   * (classes ascending) to `cls` and returns the group's number of arrangements (a multinomial,
   * capped above MAX_REPRIEVE_ORDERS).
   */
  private classify(s: Int32Array, l: Layout, potential: Int32Array, gs: number, ge: number): number {
    const c0 = this.classes;
    const used = this.used;
    // used[c] counts class c's pods while they are found; cls[i] is the class of potential[i].
    for (let i = gs; i < ge; i++) {
      let c = -1;
      for (let j = gs; j < i && c < 0; j++) if (sameWords(s, podAt(l, potential[j]), podAt(l, potential[i]), POD_WORDS)) c = this.cls[j];
      if (c < 0) {
        c = this.classes++;
        used[c] = 0;
      }
      this.cls[i] = c;
      used[c]++;
    }
    let at = gs;
    for (let c = c0; c < this.classes; c++) {
      this.first[c] = at;
      at += used[c];
      used[c] = 0;
    }
    for (let i = gs; i < ge; i++) {
      const c = this.cls[i];
      this.members[this.first[c] + used[c]++] = potential[i];
    }
    // The first arrangement: classes ascending; the number of arrangements: (Σn)! / Πn!.
    let ways = 1;
    let placed = 0;
    at = gs;
    for (let c = c0; c < this.classes; c++) {
      const n = used[c];
      for (let j = 1; j <= n; j++) {
        this.cls[at++] = c;
        placed++;
        // A multinomial at every step, never falling (placed ≥ j): once above the cap it stays there.
        if (ways <= MAX_REPRIEVE_ORDERS) ways = Math.min((ways * placed) / j, MAX_REPRIEVE_ORDERS + 1);
      }
    }
    return ways;
  }

  /** `order` from `cls`: the j-th occurrence of a class takes its j-th pod. */
  private fill(): void {
    for (let c = 0; c < this.classes; c++) this.used[c] = 0;
    for (let i = 0; i < this.k; i++) {
      const c = this.cls[i];
      this.order[i] = this.members[this.first[c] + this.used[c]++];
    }
  }

  /** Moves `order` to the next distinct order; false after the last (then `order` is the first again). */
  next(): boolean {
    for (let g = 0; g < this.groups; g++) {
      if (nextPermutation(this.cls, this.groupStart[g], this.groupStart[g + 1])) {
        this.fill();
        return true;
      }
    }
    this.fill();
    return false;
  }
}

/**
 * The next arrangement of a[from..to) in lexicographic order, equal values not told apart
 * (each distinct arrangement once); false, with a[from..to) ascending again, after the last.
 */
function nextPermutation(a: Int32Array, from: number, to: number): boolean {
  let i = to - 2;
  while (i >= from && a[i] >= a[i + 1]) i--;
  if (i >= from) {
    let j = to - 1;
    while (a[j] <= a[i]) j--;
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  for (let x = i + 1, y = to - 1; x < y; x++, y--) {
    const t = a[x];
    a[x] = a[y];
    a[y] = t;
  }
  return i >= from;
}
