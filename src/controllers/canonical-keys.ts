/**
 * The keys and signatures the canonical order sorts by (docs/model.md §8.11.1), and where each
 * node's pods are while they are compared (canonical-order.ts). A pod's key is its words but its
 * node, then its place in each pod queue; a node's signature is its class, its words, its
 * kernel-panic and maintenance words, its place in the node controller's queue and the keys of its
 * pods in key order.
 *
 * A node's pods are read from one of two groupings: `full` (every slot grouped by node and each
 * group sorted, `grouped`/`groupStart`, as the labelling from scratch builds it), or from a
 * canonical `base` state, whose slots are sorted by node already (unbound first, then node 1, 2,
 * …, each node's pods in key order), so that node n's pods are the slots from the first one whose
 * node is at least n (a binary search, kept per call in `bound`) — except the nodes whose group
 * the transition changed, whose pods `override` lists (docs/model.md §8.11.6).
 */
import type { CompiledCluster } from '../model/config.js';
import {
  KERNEL_PANIC_WORDS, MAINT_NODE_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, Q_SCH, Q_TM, kernelPanicAt, maintNodeAt, nodeAt, podAt, type Layout,
} from '../model/layout.js';
import { staticClasses } from './scheduler/twins.js';

/** The pod queues a key records positions in. */
export const POD_QUEUES = [Q_SCH, Q_KBL, Q_TM];
/** Queue positions per pod in `places`: one per pod queue. */
const QN = POD_QUEUES.length;

export class CanonicalKeys {
  /** Per node (1-based), its static class. */
  readonly nodeClass: Int32Array;
  /** The state being compared. */
  s: Int32Array = new Int32Array(0);
  /** Each pod's place in each pod queue (QN words at q·QN; 0 when absent). */
  private readonly places: Int32Array;
  /** Per node, 1 + its place in the node controller's queue, or 0. */
  private readonly ncPlace: Int32Array;
  /** The pods and nodes whose places the last fillPlaces set (cleared by the next). */
  private readonly placed: Int32Array;
  private placedCount = 0;
  private readonly ncPlaced: Int32Array;
  private ncPlacedCount = 0;

  /** Whether groups are read from `grouped`/`groupStart` (a labelling from scratch). */
  full = true;
  /** full: the slots grouped by node (node 0 = unbound first), each group in key order; groupStart[n]..groupStart[n + 1]. */
  readonly grouped: Int32Array;
  readonly groupStart: Int32Array;
  /** Not full: the canonical state whose slot order groups the nodes that no override lists. */
  base: Int32Array = new Int32Array(0);
  /** Per call: `bound[n]` (the first slot of base whose node is ≥ n) is valid where boundStamp[n] = stamp. */
  stamp = 0;
  private readonly bound: Int32Array;
  private readonly boundStamp: Int32Array;
  /** Node n's group is ovBuf[ovFrom[n], ovFrom[n] + ovLen[n]) where ovStamp[n] = stamp. */
  readonly ovStamp: Int32Array;
  readonly ovFrom: Int32Array;
  readonly ovLen: Int32Array;
  readonly ovBuf: Int32Array;
  /** ident[i] = i + 1: a base group's slots. */
  private readonly ident: Int32Array;
  /** groupOf's result: node n's pods are gArr[gFrom, gFrom + gLen). */
  gArr: Int32Array;
  gFrom = 0;
  gLen = 0;

  readonly podLess: (a: number, b: number) => number;
  readonly nodeLess: (a: number, b: number) => number;

  /** `kubeletSet`: the kubelet's queue is read as a set (docs/model.md §8.11.2). */
  constructor(
    cfg: CompiledCluster,
    private readonly kubeletSet: boolean,
    private readonly l: Layout,
  ) {
    const N = l.nodes;
    const P = l.pods;
    this.nodeClass = staticClasses(cfg, true);
    this.places = new Int32Array((P + 1) * QN);
    this.ncPlace = new Int32Array(N + 1);
    this.placed = new Int32Array(QN * (P + 1));
    this.ncPlaced = new Int32Array(N + 1);
    this.grouped = new Int32Array(P);
    this.groupStart = new Int32Array(N + 2);
    this.bound = new Int32Array(N + 2);
    this.boundStamp = new Int32Array(N + 2);
    this.ovStamp = new Int32Array(N + 1);
    this.ovFrom = new Int32Array(N + 1);
    this.ovLen = new Int32Array(N + 1);
    this.ovBuf = new Int32Array(2 * P + 1);
    this.ident = new Int32Array(P);
    for (let i = 0; i < P; i++) this.ident[i] = i + 1;
    this.gArr = this.grouped;
    // Comparators made once: the sorts allocate nothing per state.
    this.podLess = (a, b) => this.comparePods(a, b);
    this.nodeLess = (a, b) => this.compareNodes(a, b);
  }

  /** Starts a call on s: a new stamp (no bound, no override) and s's queue places. */
  begin(s: Int32Array): void {
    this.s = s;
    this.stamp++;
    this.fillPlaces(s);
  }

  /** Reads groups from the canonical state `base` (and the overrides set from now on). */
  useBase(base: Int32Array): void {
    this.full = false;
    this.base = base;
  }

  /**
   * The first slot of base whose node is ≥ n (P + 1 when none; 1 for n = 0), cached per call:
   * a binary search, or from node n − 1's when known, a galloping one (nodes asked in turn, as
   * the tie classes do, cost a few steps each).
   */
  boundOf(n: number): number {
    if (this.boundStamp[n] === this.stamp) return this.bound[n];
    const P = this.l.pods;
    let lo = 1;
    let hi = P + 1;
    if (n > 0) {
      const b = this.base;
      const at = this.l.podBase + P_LOC - POD_WORDS;
      if (this.boundStamp[n - 1] === this.stamp) {
        // Every slot before lo is on a node below n; slot hi is on n or above (or past the end).
        lo = this.bound[n - 1];
        hi = lo;
        for (let step = 1; hi <= P && b[at + hi * POD_WORDS] < n; step *= 2) {
          lo = hi + 1;
          hi = lo + step;
        }
        if (hi > P + 1) hi = P + 1;
      }
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b[at + mid * POD_WORDS] < n) lo = mid + 1;
        else hi = mid;
      }
    }
    this.bound[n] = lo;
    this.boundStamp[n] = this.stamp;
    return lo;
  }

  /** Node n's pods in key order (n = 0: the unbound slots) into gArr, gFrom, gLen. */
  groupOf(n: number): void {
    if (this.full) {
      this.gArr = this.grouped;
      this.gFrom = this.groupStart[n];
      this.gLen = this.groupStart[n + 1] - this.gFrom;
    } else if (this.ovStamp[n] === this.stamp) {
      this.gArr = this.ovBuf;
      this.gFrom = this.ovFrom[n];
      this.gLen = this.ovLen[n];
    } else {
      const from = this.boundOf(n);
      this.gArr = this.ident;
      this.gFrom = from - 1;
      this.gLen = this.boundOf(n + 1) - from;
    }
  }

  /** Fills `places` and `ncPlace` from s's queues (clearing the ones the previous call set). */
  private fillPlaces(s: Int32Array): void {
    const l = this.l;
    const places = this.places;
    for (let i = 0; i < this.placedCount; i++) {
      const at = this.placed[i] * QN;
      for (let j = 0; j < QN; j++) places[at + j] = 0;
    }
    for (let i = 0; i < this.ncPlacedCount; i++) this.ncPlace[this.ncPlaced[i]] = 0;
    let k = 0;
    for (let j = 0; j < QN; j++) {
      const qb = l.queueBase[POD_QUEUES[j]];
      const set = this.kubeletSet && POD_QUEUES[j] === Q_KBL;
      for (let i = 1; i <= s[qb]; i++) {
        places[s[qb + i] * QN + j] = set ? 1 : i;
        this.placed[k++] = s[qb + i];
      }
    }
    this.placedCount = k;
    const nb = l.queueBase[Q_NC];
    k = 0;
    for (let i = 1; i <= s[nb]; i++) {
      const n = s[nb + i];
      if (this.ncPlace[n] === 0) {
        this.ncPlace[n] = i;
        this.ncPlaced[k++] = n;
      }
    }
    this.ncPlacedCount = k;
  }

  /** Pods a and b of s by key: their words but their node, then their queue places. */
  comparePods(a: number, b: number): number {
    const l = this.l;
    const s = this.s;
    for (let w = 0, i = podAt(l, a), j = podAt(l, b); w < POD_WORDS; w++, i++, j++) {
      if (w !== P_LOC && s[i] !== s[j]) return s[i] - s[j];
    }
    const places = this.places;
    for (let i = a * QN, j = b * QN, e = i + QN; i < e; i++, j++) if (places[i] !== places[j]) return places[i] - places[j];
    return 0;
  }

  /** Nodes a and b of s by signature. */
  compareNodes(a: number, b: number): number {
    let d = this.compareOwn(a, b);
    if (d !== 0) return d;
    this.groupOf(a);
    const aArr = this.gArr;
    const aFrom = this.gFrom;
    const la = this.gLen;
    this.groupOf(b);
    if (la !== this.gLen) return la - this.gLen;
    for (let i = 0; i < la; i++) {
      d = this.comparePods(aArr[aFrom + i], this.gArr[this.gFrom + i]);
      if (d !== 0) return d;
    }
    return 0;
  }

  /**
   * compareNodes(a, b) === 0 where every group is base's (no override: after `begin` and
   * `useBase`, as the tie classes ask): the pods are the base's slots between two bounds.
   */
  sameInBase(a: number, b: number): boolean {
    const l = this.l;
    const s = this.s;
    if (this.nodeClass[a] !== this.nodeClass[b]) return false;
    // Inlined comparisons: the tie classes ask this of every pair of alike best nodes in turn.
    if (!sameWords(s, nodeAt(l, a), nodeAt(l, b), NODE_WORDS)) return false;
    if (l.kernelPanicBase >= 0 && !sameWords(s, kernelPanicAt(l, a), kernelPanicAt(l, b), KERNEL_PANIC_WORDS)) return false;
    if (l.maintNodeBase >= 0 && !sameWords(s, maintNodeAt(l, a), maintNodeAt(l, b), MAINT_NODE_WORDS)) return false;
    if (this.ncPlace[a] !== this.ncPlace[b]) return false;
    const fa = this.boundOf(a);
    const ea = this.boundOf(a + 1);
    const fb = b === a + 1 ? ea : this.boundOf(b);
    const la = ea - fa;
    if (this.boundOf(b + 1) - fb !== la) return false;
    const places = this.places;
    for (let i = 0; i < la; i++) {
      const pa = podAt(l, fa + i);
      const pb = podAt(l, fb + i);
      for (let w = 0; w < POD_WORDS; w++) if (w !== P_LOC && s[pa + w] !== s[pb + w]) return false;
      for (let j = 0, qa = (fa + i) * QN, qb = (fb + i) * QN; j < QN; j++) if (places[qa + j] !== places[qb + j]) return false;
    }
    return true;
  }

  /** Nodes a and b of s by their class, words, kernel-panic and maintenance words and place in the node controller's queue. */
  private compareOwn(a: number, b: number): number {
    const l = this.l;
    const s = this.s;
    const cls = this.nodeClass;
    if (cls[a] !== cls[b]) return cls[a] - cls[b];
    let d = compareWords(s, nodeAt(l, a), nodeAt(l, b), NODE_WORDS);
    if (d !== 0) return d;
    if (l.kernelPanicBase >= 0) {
      d = compareWords(s, kernelPanicAt(l, a), kernelPanicAt(l, b), KERNEL_PANIC_WORDS);
      if (d !== 0) return d;
    }
    if (l.maintNodeBase >= 0) {
      d = compareWords(s, maintNodeAt(l, a), maintNodeAt(l, b), MAINT_NODE_WORDS);
      if (d !== 0) return d;
    }
    return this.ncPlace[a] - this.ncPlace[b];
  }
}

export function sameWords(s: Int32Array, a: number, b: number, k: number): boolean {
  for (let i = 0; i < k; i++) if (s[a + i] !== s[b + i]) return false;
  return true;
}

function compareWords(s: Int32Array, a: number, b: number, k: number): number {
  for (let i = 0; i < k; i++) if (s[a + i] !== s[b + i]) return s[a + i] - s[b + i];
  return 0;
}

/** Stable merge sort of a[from, to) by `cmp`, with `tmp` (at least to − from long) as scratch. */
export function mergeSort(a: Int32Array, from: number, to: number, cmp: (x: number, y: number) => number, tmp: Int32Array): void {
  const n = to - from;
  if (n < 2) return;
  if (n <= 8) {
    for (let i = from + 1; i < to; i++) {
      const x = a[i];
      let j = i - 1;
      while (j >= from && cmp(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
    return;
  }
  const mid = from + (n >> 1);
  mergeSort(a, from, mid, cmp, tmp);
  mergeSort(a, mid, to, cmp, tmp);
  if (cmp(a[mid - 1], a[mid]) <= 0) return;
  let i = from;
  let j = mid;
  let k = 0;
  while (i < mid && j < to) tmp[k++] = cmp(a[j], a[i]) < 0 ? a[j++] : a[i++];
  while (i < mid) tmp[k++] = a[i++];
  while (j < to) tmp[k++] = a[j++];
  for (let x = 0; x < k; x++) a[from + x] = tmp[x];
}
