/**
 * The canonical order of a state's nodes and pod slots (docs/model.md §8.11). Nodes of one static
 * class (`staticClasses`, twins.ts: every per-node word of the compiled cluster equal, no event
 * or template naming them, no process ordering them by index) and pod slots are names without
 * meaning: a state with two nodes of a class exchanged, each with its pods, or with two slots
 * exchanged, is the same cluster. This labels a state canonically:
 *
 * - a pod's *key* is its words without its node (status, owner, template, usage, start, …) and
 *   its place in each pod queue (scheduler, kubelet, taint manager; 0 when absent);
 * - a node's *signature* is its class, its words (free amounts, status, pod count, maintained,
 *   cordoned), its kernel-panic watcher's and its maintenance process's words, its place in the
 *   node controller's queue and the sorted keys of the pods bound to it;
 * - within each class, nodes are renumbered in signature order onto the class's own indices;
 *   pods are renumbered unbound first, then node by node in the new node order, each group in
 *   key order.
 *
 * Both sorts are stable, so a state that is already canonical keeps every index. Two nodes with
 * equal signatures (two pods with equal keys on one node, two free slots that no queue holds)
 * are exchanged by a permutation that leaves the state as it is, so where ties fall does not
 * change the result: states that differ only by such renaming get the same canonical form.
 *
 * The controllers whose choice among equally ranked pods or nodes Kubernetes leaves open (the
 * deployment controller's scale-down victims, the taint manager's deletions, the kubelet's
 * requests to the taint manager, the CPU pattern's HPA queue, a zone's NoExecute tainter,
 * RemoveDuplicates, the rolling maintenance's next node and a drain's evictions) take them in this order when the reduction applies (`ModelContext.canonical`), so their choice
 * depends on the cluster, not on slot numbers or node indices.
 */
import { staticClasses } from './scheduler/twins.js';
import { markQueueChanges } from './queue-changes.js';
import type { CompiledCluster } from '../model/config.js';
import type { PodOrder } from '../model/context.js';
import { ByteView } from '../model/byte-view.js';
import {
  KERNEL_PANIC_WORDS, MAINT_NODE_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, Q_SCH, Q_TM, kernelPanicAt, maintNodeAt, nodeAt, podAt, type Layout,
} from '../model/layout.js';

/** The pod queues a key records positions in. */
const POD_QUEUES = [Q_SCH, Q_KBL, Q_TM];
/** Pods or nodes per block that markTouched compares as bytes. */
const CHUNK = 64;

/** Queue positions per pod in `places`: one per pod queue. */
const QN = POD_QUEUES.length;

export class CanonicalOrder implements PodOrder {
  /** Per node (1-based), its static class. */
  readonly nodeClass: Int32Array;
  /** After `compute`: the canonical index of each node (newNode[0] = 0). */
  readonly newNode: Int32Array;
  /** After `compute`: the canonical slot of each pod slot (1-based). */
  readonly newSlot: Int32Array;
  /** After `compute`: the slots in canonical order (order[i] moves to slot i + 1). */
  readonly order: Int32Array;
  /** After `nodeOrder`: the node that takes canonical index m, at m (1-based). */
  private readonly byRank: Int32Array;
  /**
   * The part of each pod's key that is not its words: its place in each pod queue (QN words at
   * q·QN; 0 when absent). A pod's key is its words but its node, then these.
   */
  private readonly places: Int32Array;
  /** Per node, 1 + its place in the node controller's queue, or 0. */
  private readonly ncPlace: Int32Array;
  /** Slots grouped by node (node 0 = unbound first), each group in key order; groupStart[n]..groupStart[n + 1]. */
  private readonly grouped: Int32Array;
  private readonly groupStart: Int32Array;
  /** Nodes in signature order. */
  private readonly nodes: Int32Array;
  /** Per class, its node indices ascending (classStart[c]..classStart[c + 1]); classNext counts the ones taken. */
  private readonly classNodes: Int32Array;
  private readonly classStart: Int32Array;
  private readonly classNext: Int32Array;
  /** Per node, the node before it in its class (by index), or 0 for the first. */
  readonly classPrev: Int32Array;
  private readonly scratch: Int32Array;
  /** groupSlots: each pod slot's node. */
  private readonly loc: Int32Array;
  /** Merge-sort scratch for the pod groups and for the nodes. */
  private readonly podScratch: Int32Array;
  private readonly nodeScratch: Int32Array;
  /** computeAfter: the pods and nodes the transition touched, and resort's buffers. */
  private readonly touchedPod: Uint8Array;
  private readonly touchedNode: Uint8Array;
  private readonly cleanBuf: Int32Array;
  private readonly bytes = new ByteView();
  private readonly parentBytes = new ByteView();
  private readonly dirtyBuf: Int32Array;
  /** markQueueChanges' scratch, per pod or node (all 0 between calls). */
  private readonly count: Int32Array;
  private readonly s: { s: Int32Array };
  private readonly podLess: (a: number, b: number) => number;
  private readonly nodeLess: (a: number, b: number) => number;

  /**
   * `kubeletSet`: the kubelet's queue is read as a set (docs/model.md §8.11.2): a key records
   * whether the pod is in it, not where.
   */
  constructor(
    cfg: CompiledCluster,
    readonly kubeletSet = false,
    private readonly l: Layout = cfg.layout,
  ) {
    const N = l.nodes;
    const P = l.pods;
    this.nodeClass = staticClasses(cfg, true);
    this.newNode = new Int32Array(N + 1);
    this.newSlot = new Int32Array(P + 1);
    this.byRank = new Int32Array(N + 1);
    this.order = new Int32Array(P);
    this.places = new Int32Array((P + 1) * QN);
    this.ncPlace = new Int32Array(N + 1);
    this.grouped = new Int32Array(P);
    this.groupStart = new Int32Array(N + 2);
    this.nodes = new Int32Array(N);
    this.scratch = new Int32Array(Math.max(N + 1, P));
    this.loc = new Int32Array(P + 1);
    this.podScratch = new Int32Array(P);
    this.nodeScratch = new Int32Array(N);
    this.touchedPod = new Uint8Array(P + 1);
    this.touchedNode = new Uint8Array(N + 1);
    this.cleanBuf = new Int32Array(Math.max(N, P));
    this.dirtyBuf = new Int32Array(Math.max(N, P));
    this.count = new Int32Array(Math.max(N, P) + 1);
    let classes = 0;
    for (let n = 1; n <= N; n++) classes = Math.max(classes, this.nodeClass[n]);
    this.classStart = new Int32Array(classes + 2);
    this.classNext = new Int32Array(classes + 1);
    this.classNodes = new Int32Array(N);
    for (let n = 1; n <= N; n++) this.classStart[this.nodeClass[n] + 1]++;
    for (let c = 1; c <= classes + 1; c++) this.classStart[c] += this.classStart[c - 1];
    const fill = this.classStart.slice();
    for (let n = 1; n <= N; n++) this.classNodes[fill[this.nodeClass[n]]++] = n;
    this.classPrev = new Int32Array(N + 1);
    for (let c = 1; c + 1 < this.classStart.length; c++) {
      for (let i = this.classStart[c] + 1; i < this.classStart[c + 1]; i++) this.classPrev[this.classNodes[i]] = this.classNodes[i - 1];
    }
    this.s = { s: new Int32Array(0) };
    // Comparators made once: the sorts allocate nothing per state.
    this.podLess = (a, b) => this.comparePods(this.s.s, a, b);
    this.nodeLess = (a, b) => this.compareNodes(this.s.s, a, b);
  }

  /**
   * While a transition runs from a canonical state (KiviModel.step): that state, so that
   * `podOrder` and `nodeRank` re-place only what the transition has touched so far
   * (computeAfter). The order among pods with equal keys on one node, or among nodes with equal
   * signatures, may then differ from `compute`'s; such pods or nodes are exchanged by a renaming
   * that fixes the state, so the controllers' choices lead to equivalent states (§8.11.3).
   */
  parent: Int32Array | null = null;

  podOrder(s: Int32Array): Int32Array {
    if (this.parent === null) this.compute(s);
    else this.computeAfter(s, this.parent);
    return this.order;
  }

  nodeRank(s: Int32Array): Int32Array {
    if (this.parent === null) this.compute(s);
    else this.computeAfter(s, this.parent);
    return this.newNode;
  }

  nodeOrder(s: Int32Array): Int32Array {
    const rank = this.nodeRank(s);
    for (let n = 1; n <= this.l.nodes; n++) this.byRank[rank[n]] = n;
    return this.byRank;
  }

  /**
   * The first half of `compute`: fills the pod keys and groups the slots by their node (counting
   * sort, stable), each group sorted by key. Then `sameSignature` reads s.
   */
  group(s: Int32Array): void {
    this.groupSlots(s);
    const start = this.groupStart;
    for (let n = 0; n <= this.l.nodes; n++) mergeSort(this.grouped, start[n], start[n + 1], this.podLess, this.podScratch);
  }

  /**
   * Fills the queue places and groups the slots by node, each group in slot order: for a
   * canonical s (a state the search stores), key order, so this is `group` without its sorts.
   */
  groupSlots(s: Int32Array): void {
    const l = this.l;
    const N = l.nodes;
    const P = l.pods;
    this.s.s = s;
    this.fillPlaces(s);
    const start = this.groupStart;
    start.fill(0);
    // Each pod's node read once (one word in twelve) into a compact array, then counted and placed.
    const loc = this.loc;
    for (let q = 1, at = l.podBase + P_LOC; q <= P; q++, at += POD_WORDS) {
      const n = s[at];
      loc[q] = n;
      start[n + 1]++;
    }
    for (let n = 1; n <= N + 1; n++) start[n] += start[n - 1];
    const next = this.scratch;
    for (let n = 0; n <= N; n++) next[n] = start[n];
    for (let q = 1; q <= P; q++) this.grouped[next[loc[q]]++] = q;
  }

  /**
   * After group(s): nodes a and b have equal signatures, so the renaming that exchanges them,
   * each with its pods (matched by equal keys), maps s to itself (docs/model.md §8.11.1).
   */
  sameSignature(s: Int32Array, a: number, b: number): boolean {
    return this.compareNodes(s, a, b) === 0;
  }

  /** Labels s canonically: fills newNode, newSlot and order. Returns true when some index moves. */
  compute(s: Int32Array): boolean {
    const N = this.l.nodes;
    this.group(s);
    // Nodes in signature order, then each takes the next index of its class.
    for (let n = 0; n < N; n++) this.nodes[n] = n + 1;
    mergeSort(this.nodes, 0, N, this.nodeLess, this.nodeScratch);
    let moved = false;
    this.classNext.fill(0);
    for (let i = 0; i < N; i++) {
      const n = this.nodes[i];
      const c = this.nodeClass[n];
      const m = this.classNodes[this.classStart[c] + this.classNext[c]++];
      this.newNode[n] = m;
      if (m !== n) moved = true;
    }
    return this.placePods() || moved;
  }

  /**
   * `compute` for a successor s of a canonical state `parent`, re-placing only what the
   * transition touched (docs/model.md §8.11.6): a pod whose words or queue places changed, a
   * node whose words, per-node words or queue place changed or that gained, lost or holds such a
   * pod. Every other pod keeps its key and slot and every other node its signature, so they are
   * still in canonical order among themselves; the touched ones are sorted and each is inserted
   * where it belongs (a binary search). Any arrangement in canonical order is the canonical form
   * (nodes or pods with equal signatures or keys are alike word for word), so the result is
   * `compute`'s.
   */
  computeAfter(s: Int32Array, parent: Int32Array): boolean {
    const l = this.l;
    const N = l.nodes;
    this.groupSlots(s);
    this.markTouched(s, parent);
    const start = this.groupStart;
    for (let n = 0; n <= N; n++) {
      if (n === 0 || this.touchedNode[n] === 1) this.resort(this.grouped, start[n], start[n + 1], this.touchedPod, this.podLess, this.podScratch);
    }
    let moved = false;
    const cs = this.classStart;
    for (let c = 1; c + 1 < cs.length; c++) {
      let touched = false;
      for (let i = cs[c]; i < cs[c + 1] && !touched; i++) touched = this.touchedNode[this.classNodes[i]] === 1;
      if (!touched) {
        for (let i = cs[c]; i < cs[c + 1]; i++) this.newNode[this.classNodes[i]] = this.classNodes[i];
        continue;
      }
      for (let i = cs[c]; i < cs[c + 1]; i++) this.nodes[i] = this.classNodes[i];
      this.resort(this.nodes, cs[c], cs[c + 1], this.touchedNode, this.nodeLess, this.nodeScratch);
      for (let i = cs[c]; i < cs[c + 1]; i++) {
        this.newNode[this.nodes[i]] = this.classNodes[i];
        if (this.nodes[i] !== this.classNodes[i]) moved = true;
      }
    }
    return this.placePods() || moved;
  }

  /** Marks the pods and nodes the step from `parent` to s touched (see computeAfter). */
  private markTouched(s: Int32Array, parent: Int32Array): void {
    const l = this.l;
    const tp = this.touchedPod;
    const tn = this.touchedNode;
    tp.fill(0);
    tn.fill(0);
    // Only the items a queue took or appended are touched by its change (queue-changes.ts).
    for (let j = 0; j < QN; j++) markQueueChanges(s, parent, l.queueBase[POD_QUEUES[j]], tp, this.kubeletSet && POD_QUEUES[j] === Q_KBL, this.count);
    markQueueChanges(s, parent, l.queueBase[Q_NC], tn, false, this.count);
    const sb = this.bytes.of(s);
    const pb = this.parentBytes.of(parent);
    markChanged(sb, pb, s, parent, l.podBase, POD_WORDS, l.pods, tp);
    for (let q = 1, at = l.podBase + P_LOC; q <= l.pods; q++, at += POD_WORDS) {
      if (tp[q] === 1) {
        tn[s[at]] = 1;
        tn[parent[at]] = 1;
      }
    }
    markChanged(sb, pb, s, parent, l.nodeBase, NODE_WORDS, l.nodes, tn);
    if (l.kernelPanicBase >= 0) markChanged(sb, pb, s, parent, l.kernelPanicBase, KERNEL_PANIC_WORDS, l.nodes, tn);
    if (l.maintNodeBase >= 0) markChanged(sb, pb, s, parent, l.maintNodeBase, MAINT_NODE_WORDS, l.nodes, tn);
  }

  /**
   * Sorts a[from, to), whose untouched members are in order already: the touched ones are
   * sorted apart and each is inserted after the untouched ones not above it.
   */
  private resort(a: Int32Array, from: number, to: number, touched: Uint8Array, cmp: (x: number, y: number) => number, tmp: Int32Array): void {
    const clean = this.cleanBuf;
    const dirty = this.dirtyBuf;
    let nc = 0;
    let nd = 0;
    for (let i = from; i < to; i++) {
      const x = a[i];
      if (touched[x] === 1) dirty[nd++] = x;
      else clean[nc++] = x;
    }
    if (nd === 0) return;
    mergeSort(dirty, 0, nd, cmp, tmp);
    let k = from;
    let c = 0;
    for (let i = 0; i < nd; i++) {
      const x = dirty[i];
      let lo = c;
      let hi = nc;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(clean[mid], x) <= 0) lo = mid + 1;
        else hi = mid;
      }
      while (c < lo) a[k++] = clean[c++];
      a[k++] = x;
    }
    while (c < nc) a[k++] = clean[c++];
  }

  /** After newNode: pods unbound first, then node by node in the new order, each group in key order. Returns true when a slot moves. */
  private placePods(): boolean {
    const N = this.l.nodes;
    const P = this.l.pods;
    const start = this.groupStart;
    const old = this.scratch; // old[m] = the node that becomes m
    for (let n = 1; n <= N; n++) old[this.newNode[n]] = n;
    let k = 0;
    for (let i = start[0]; i < start[1]; i++) this.order[k++] = this.grouped[i];
    for (let m = 1; m <= N; m++) {
      const n = old[m];
      for (let i = start[n]; i < start[n + 1]; i++) this.order[k++] = this.grouped[i];
    }
    let moved = false;
    for (let i = 0; i < P; i++) {
      const q = this.order[i];
      this.newSlot[q] = i + 1;
      if (q !== i + 1) moved = true;
    }
    return moved;
  }

  /** Fills `places` and `ncPlace` from s's queues (clearing the previous ones first). */
  private fillPlaces(s: Int32Array): void {
    const l = this.l;
    this.places.fill(0);
    this.ncPlace.fill(0);
    for (let j = 0; j < QN; j++) {
      const qb = l.queueBase[POD_QUEUES[j]];
      const set = this.kubeletSet && POD_QUEUES[j] === Q_KBL;
      for (let i = 1; i <= s[qb]; i++) this.places[s[qb + i] * QN + j] = set ? 1 : i;
    }
    const nb = l.queueBase[Q_NC];
    for (let i = 1; i <= s[nb]; i++) if (this.ncPlace[s[nb + i]] === 0) this.ncPlace[s[nb + i]] = i;
  }

  /** Pods a and b by key: their words but their node, then their queue places. */
  private comparePods(s: Int32Array, a: number, b: number): number {
    const l = this.l;
    for (let w = 0, i = podAt(l, a), j = podAt(l, b); w < POD_WORDS; w++, i++, j++) {
      if (w !== P_LOC && s[i] !== s[j]) return s[i] - s[j];
    }
    const places = this.places;
    for (let i = a * QN, j = b * QN, e = i + QN; i < e; i++, j++) if (places[i] !== places[j]) return places[i] - places[j];
    return 0;
  }

  private compareNodes(s: Int32Array, a: number, b: number): number {
    const l = this.l;
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
    d = this.ncPlace[a] - this.ncPlace[b];
    if (d !== 0) return d;
    const start = this.groupStart;
    const la = start[a + 1] - start[a];
    const lb = start[b + 1] - start[b];
    if (la !== lb) return la - lb;
    for (let i = 0; i < la; i++) {
      d = this.comparePods(s, this.grouped[start[a] + i], this.grouped[start[b] + i]);
      if (d !== 0) return d;
    }
    return 0;
  }
}

/**
 * Marks each block i (1..count, `width` words at base + (i − 1)·width) whose words differ
 * between s and parent. Runs of CHUNK blocks are compared as bytes first (a memcmp, through the
 * byte views sb and pb); only a run that differs is compared block by block.
 */
function markChanged(sb: Buffer, pb: Buffer, s: Int32Array, parent: Int32Array, base: number, width: number, count: number, mark: Uint8Array): void {
  for (let i0 = 1; i0 <= count; i0 += CHUNK) {
    const i1 = Math.min(count, i0 + CHUNK - 1);
    const from = (base + (i0 - 1) * width) * 4;
    const to = (base + i1 * width) * 4;
    if (sb.compare(pb, from, to, from, to) === 0) continue;
    for (let i = i0, at = base + (i0 - 1) * width; i <= i1; i++, at += width) if (!sameWords(s, parent, at, width)) mark[i] = 1;
  }
}

/** The k words at `at` are equal in a and b. */
function sameWords(a: Int32Array, b: Int32Array, at: number, k: number): boolean {
  for (let i = at, e = at + k; i < e; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compareWords(s: Int32Array, a: number, b: number, k: number): number {
  for (let i = 0; i < k; i++) if (s[a + i] !== s[b + i]) return s[a + i] - s[b + i];
  return 0;
}

/** Stable merge sort of a[from, to) by `cmp`, with `tmp` (at least to − from long) as scratch. */
function mergeSort(a: Int32Array, from: number, to: number, cmp: (x: number, y: number) => number, tmp: Int32Array): void {
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
