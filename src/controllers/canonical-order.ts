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
import { CanonicalKeys, mergeSort } from './canonical-keys.js';
import { Touched } from './canonical-touched.js';
import type { CompiledCluster } from '../model/config.js';
import type { PodOrder } from '../model/context.js';
import { P_LOC, POD_WORDS, type Layout } from '../model/layout.js';

/** A class with more touched nodes than this is re-placed from a list of its other nodes. */
const FEW_TOUCHED = 8;

export class CanonicalOrder implements PodOrder {
  /** Per node (1-based), its static class. */
  readonly nodeClass: Int32Array;
  /** The canonical index of each node (newNode[0] = 0). */
  readonly newNode: Int32Array;
  /** The canonical slot of each pod slot (1-based). */
  readonly newSlot: Int32Array;
  /**
   * The slots in canonical order (order[i] moves to slot i + 1), made from newSlot when asked
   * for (`slots`): the renaming reads newSlot only. It may differ from the identity in
   * orderLo..orderHi, and is newSlot's inverse when orderFresh.
   */
  private readonly order: Int32Array;
  private orderLo = 1;
  private orderHi = 0;
  private orderFresh = true;
  /** The node that takes canonical index m, at m (1-based). */
  private readonly byRank: Int32Array;
  /**
   * Outside nodes nodeLo..nodeHi and slots slotLo..slotHi every index stays (newNode[n] = n,
   * byRank[n] = n, newSlot[q] = q, and in the slot order once made): what the last call may
   * have moved.
   */
  nodeLo = 1;
  nodeHi = 0;
  slotLo = 1;
  slotHi = 0;
  /** Per class, its node indices ascending (classStart[c]..classStart[c + 1]); classNext counts the ones taken. */
  private readonly classNodes: Int32Array;
  private readonly classStart: Int32Array;
  private readonly classNext: Int32Array;
  /** Per node, its place in classNodes. */
  private readonly classPos: Int32Array;
  /** Per node, the node before it in its class (by index), or 0 for the first. */
  readonly classPrev: Int32Array;
  /** Per node n, the last node e ≥ n such that n..e are consecutive indices of one class. */
  private readonly classRunEnd: Int32Array;
  private readonly keys: CanonicalKeys;
  /** What the last computeAfter found touched (its engine's block list, when the states were an engine's). */
  readonly touched: Touched;
  /** compute: nodes in signature order, a counting sort's cursors, each pod slot's node, sort scratch. */
  private readonly nodes: Int32Array;
  private readonly scratch: Int32Array;
  private readonly loc: Int32Array;
  private readonly podScratch: Int32Array;
  private readonly nodeScratch: Int32Array;
  /** computeAfter: the touched pods per group (bucketHead, then bucketNext) and nodes per class, valid where the stamp is the call's. */
  private readonly podHead: Int32Array;
  private readonly podHeadStamp: Int32Array;
  private readonly podNext: Int32Array;
  private readonly classHead: Int32Array;
  private readonly classHeadStamp: Int32Array;
  private readonly nodeNext: Int32Array;
  private readonly classList: Int32Array;
  /** computeAfter: a group's or class's untouched and touched members, and where each touched one goes. */
  private readonly cleanBuf: Int32Array;
  private readonly dirtyBuf: Int32Array;
  private readonly dirtyPos: Int32Array;
  private readonly ins: Int32Array;

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
    this.keys = new CanonicalKeys(cfg, kubeletSet, l);
    this.touched = new Touched(l, kubeletSet);
    this.nodeClass = this.keys.nodeClass;
    this.newNode = new Int32Array(N + 1);
    this.byRank = new Int32Array(N + 1);
    for (let n = 0; n <= N; n++) this.newNode[n] = this.byRank[n] = n;
    this.newSlot = new Int32Array(P + 1);
    this.order = new Int32Array(P);
    for (let q = 1; q <= P; q++) this.order[q - 1] = this.newSlot[q] = q;
    this.nodes = new Int32Array(N);
    this.scratch = new Int32Array(Math.max(N + 2, P));
    this.loc = new Int32Array(P + 1);
    this.podScratch = new Int32Array(P);
    this.nodeScratch = new Int32Array(N);
    this.podHead = new Int32Array(N + 1);
    this.podHeadStamp = new Int32Array(N + 1);
    this.podNext = new Int32Array(P + 1);
    this.nodeNext = new Int32Array(N + 1);
    this.cleanBuf = new Int32Array(Math.max(N, P));
    this.dirtyBuf = new Int32Array(Math.max(N, P));
    this.dirtyPos = new Int32Array(N + 1);
    this.ins = new Int32Array(N + 1);
    let classes = 0;
    for (let n = 1; n <= N; n++) classes = Math.max(classes, this.nodeClass[n]);
    this.classStart = new Int32Array(classes + 2);
    this.classNext = new Int32Array(classes + 1);
    this.classHead = new Int32Array(classes + 1);
    this.classHeadStamp = new Int32Array(classes + 1);
    this.classList = new Int32Array(classes + 1);
    this.classNodes = new Int32Array(N);
    this.classPos = new Int32Array(N + 1);
    for (let n = 1; n <= N; n++) this.classStart[this.nodeClass[n] + 1]++;
    for (let c = 1; c <= classes + 1; c++) this.classStart[c] += this.classStart[c - 1];
    const fill = this.classStart.slice();
    for (let n = 1; n <= N; n++) {
      this.classPos[n] = fill[this.nodeClass[n]];
      this.classNodes[fill[this.nodeClass[n]]++] = n;
    }
    this.classPrev = new Int32Array(N + 1);
    for (let c = 1; c + 1 < this.classStart.length; c++) {
      for (let i = this.classStart[c] + 1; i < this.classStart[c + 1]; i++) this.classPrev[this.classNodes[i]] = this.classNodes[i - 1];
    }
    this.classRunEnd = new Int32Array(N + 2);
    for (let n = N; n >= 1; n--) this.classRunEnd[n] = n < N && this.classPrev[n + 1] === n ? this.classRunEnd[n + 1] : n;
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
    return this.slots();
  }

  /** After compute or computeAfter: the slots in canonical order (order[i] moves to slot i + 1). */
  slots(): Int32Array {
    if (this.orderFresh) return this.order;
    for (let q = this.orderLo; q <= this.orderHi; q++) this.order[q - 1] = q;
    for (let q = this.slotLo; q <= this.slotHi; q++) this.order[this.newSlot[q] - 1] = q;
    this.orderLo = this.slotLo;
    this.orderHi = this.slotHi;
    this.orderFresh = true;
    return this.order;
  }

  nodeRank(s: Int32Array): Int32Array {
    if (this.parent === null) this.compute(s);
    else this.computeAfter(s, this.parent);
    return this.newNode;
  }

  nodeOrder(s: Int32Array): Int32Array {
    this.nodeRank(s);
    return this.byRank;
  }

  /**
   * Groups the slots of the canonical state s by node for `sameSignature`: each node's pods are
   * the slots between the first whose node is at least it and the first whose node is above it
   * (s's slots are sorted by node, each node's in key order), found when first asked for.
   */
  groupSlots(s: Int32Array): void {
    this.keys.begin(s);
    this.keys.useBase(s);
  }

  /**
   * After groupSlots(s): nodes a and b have equal signatures, so the renaming that exchanges them,
   * each with its pods (matched by equal keys), maps s to itself (docs/model.md §8.11.1).
   */
  sameSignature(s: Int32Array, a: number, b: number): boolean {
    this.keys.s = s;
    return this.keys.sameInBase(a, b);
  }

  /**
   * After groupSlots(s): the last node e ≥ n of n's run of equal signatures among the nodes
   * n, n + 1, … of its class (n itself when n + 1 differs or is in another class). s is
   * canonical, so a class's nodes are in signature order (docs/model.md §8.11.1) and a node
   * between two of equal signatures has theirs too: a galloping search, a few comparisons for a
   * run of thousands (docs/model.md §8.11.7).
   */
  sameSignatureRunEnd(s: Int32Array, n: number): number {
    const keys = this.keys;
    keys.s = s;
    const limit = this.classRunEnd[n];
    // lo has n's signature; hi is past the run (or past the class's consecutive indices).
    let lo = n;
    let hi = limit + 1;
    for (let step = 1; lo < limit; step *= 2) {
      const probe = n + step <= limit ? n + step : limit;
      if (!keys.sameInBase(n, probe)) {
        hi = probe;
        break;
      }
      lo = probe;
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (keys.sameInBase(n, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** After groupSlots(s): pods a and b of s have equal keys (their words but their node, and queue places). */
  samePodKey(s: Int32Array, a: number, b: number): boolean {
    this.keys.s = s;
    return this.keys.comparePods(a, b) === 0;
  }

  /** Labels s canonically: fills newNode, newSlot and order. Returns true when some index moves. */
  compute(s: Int32Array): boolean {
    const N = this.l.nodes;
    const keys = this.keys;
    keys.begin(s);
    this.groupFull(s);
    // Nodes in signature order, then each takes the next index of its class.
    for (let n = 0; n < N; n++) this.nodes[n] = n + 1;
    mergeSort(this.nodes, 0, N, keys.nodeLess, this.nodeScratch);
    let moved = false;
    this.classNext.fill(0);
    for (let i = 0; i < N; i++) {
      const n = this.nodes[i];
      const c = this.nodeClass[n];
      const m = this.classNodes[this.classStart[c] + this.classNext[c]++];
      this.newNode[n] = m;
      this.byRank[m] = n;
      if (m !== n) moved = true;
    }
    this.nodeLo = 1;
    this.nodeHi = N;
    return this.placePodsFull() || moved;
  }

  /** Fills the queue places and groups the slots by their node (counting sort, stable), each group sorted by key. */
  private groupFull(s: Int32Array): void {
    const l = this.l;
    const N = l.nodes;
    const P = l.pods;
    const keys = this.keys;
    keys.full = true;
    const start = keys.groupStart;
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
    for (let q = 1; q <= P; q++) keys.grouped[next[loc[q]]++] = q;
    for (let n = 0; n <= N; n++) mergeSort(keys.grouped, start[n], start[n + 1], keys.podLess, this.podScratch);
  }

  /** After compute's newNode: pods unbound first, then node by node in the new order, each group in key order. Returns true when a slot moves. */
  private placePodsFull(): boolean {
    const N = this.l.nodes;
    const P = this.l.pods;
    const keys = this.keys;
    const start = keys.groupStart;
    let k = 0;
    for (let m = 0; m <= N; m++) {
      const n = this.byRank[m];
      for (let i = start[n]; i < start[n + 1]; i++) this.order[k++] = keys.grouped[i];
    }
    this.slotLo = this.orderLo = 1;
    this.slotHi = this.orderHi = P;
    this.orderFresh = true;
    let moved = false;
    for (let i = 0; i < P; i++) {
      const q = this.order[i];
      this.newSlot[q] = i + 1;
      if (q !== i + 1) moved = true;
    }
    return moved;
  }

  /**
   * `compute` for a successor s of a canonical state `parent`, in time proportional to what the
   * transition touched and to the nodes and slots that move (docs/model.md §8.11.6): a pod whose
   * words or queue places changed, a node whose words, per-node words or queue place changed or
   * that gained, lost or holds such a pod (canonical-touched.ts). Every other pod keeps its key
   * and slot and every other node its signature, so they are still in canonical order among
   * themselves: the parent's slots are sorted by node, so an untouched node's pods are its slots
   * there, and each class's untouched nodes are in signature order. The touched ones are sorted
   * apart and each is inserted after the untouched ones not above it (a binary search); then
   * only the nodes between the first and last place that changed get new indices, and only the
   * slots from the first to the last group that changed (from slot 1 when the unbound group did)
   * new slots. Any arrangement in canonical order is the canonical form (nodes or pods with equal
   * signatures or keys are alike word for word), so the result is `compute`'s up to such ties.
   */
  computeAfter(s: Int32Array, parent: Int32Array): boolean {
    const keys = this.keys;
    keys.begin(s);
    keys.useBase(parent);
    this.resetMoved();
    const t = this.touched;
    t.find(s, parent);
    this.bucketPods(s);
    let at = 0;
    if (t.unbound) at = this.rebuildGroup(0, at);
    let lo = this.l.nodes + 1;
    let hi = 0;
    for (let i = 0; i < t.groups.size; i++) {
      const g = t.groups.list[i];
      at = this.rebuildGroup(g, at);
      if (g < lo) lo = g;
      if (g > hi) hi = g;
    }
    const nodesMoved = this.placeNodes();
    if (nodesMoved) {
      // placeNodes narrowed nodeLo..nodeHi to the classes' places that changed.
      if (this.nodeLo < lo) lo = this.nodeLo;
      if (this.nodeHi > hi) hi = this.nodeHi;
    }
    if (!t.unbound && lo > hi) return nodesMoved;
    return this.placePods(lo, hi) || nodesMoved;
  }

  /** Back to the identity where the last call moved nodes or slots. */
  private resetMoved(): void {
    for (let n = this.nodeLo; n <= this.nodeHi; n++) this.newNode[n] = this.byRank[n] = n;
    for (let q = this.slotLo; q <= this.slotHi; q++) this.newSlot[q] = q;
    this.orderFresh = false;
    this.nodeLo = this.slotLo = 1;
    this.nodeHi = this.slotHi = 0;
  }

  /** Lists the touched pods by their node in s (podHead, podNext), each list by slot. */
  private bucketPods(s: Int32Array): void {
    const t = this.touched.pods;
    const stamp = this.keys.stamp;
    const l = this.l;
    for (let i = t.size - 1; i >= 0; i--) {
      const q = t.list[i];
      const n = s[l.podBase + (q - 1) * POD_WORDS + P_LOC];
      this.podNext[q] = this.podHeadStamp[n] === stamp ? this.podHead[n] : 0;
      this.podHead[n] = q;
      this.podHeadStamp[n] = stamp;
    }
  }

  /**
   * Group g's pods in s in key order (its untouched pods in the parent's order, each touched
   * one, sorted apart, after the untouched ones not above it) into keys' override at `at`.
   * Returns the end of the override.
   */
  private rebuildGroup(g: number, at: number): number {
    const keys = this.keys;
    const tp = this.touched.pods.mark;
    const clean = this.cleanBuf;
    const dirty = this.dirtyBuf;
    keys.groupOf(g);
    let nc = 0;
    for (let q = keys.gFrom + 1, e = q + keys.gLen; q < e; q++) if (tp[q] === 0) clean[nc++] = q;
    let nd = 0;
    if (this.podHeadStamp[g] === keys.stamp) for (let q = this.podHead[g]; q !== 0; q = this.podNext[q]) dirty[nd++] = q;
    mergeSort(dirty, 0, nd, keys.podLess, this.podScratch);
    const out = keys.ovBuf;
    keys.ovFrom[g] = at;
    keys.ovLen[g] = nc + nd;
    keys.ovStamp[g] = keys.stamp;
    let c = 0;
    for (let i = 0; i < nd; i++) {
      const x = dirty[i];
      let lo = c;
      let hi = nc;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys.comparePods(clean[mid], x) <= 0) lo = mid + 1;
        else hi = mid;
      }
      while (c < lo) out[at++] = clean[c++];
      out[at++] = x;
    }
    while (c < nc) out[at++] = clean[c++];
    return at;
  }

  /**
   * Re-places the touched nodes of each class among its others (newNode, byRank), widening
   * nodeLo..nodeHi over the places that change. Returns true when a node moves.
   */
  private placeNodes(): boolean {
    const t = this.touched.nodes;
    const stamp = this.keys.stamp;
    t.sort();
    let classes = 0;
    for (let i = t.size - 1; i >= 0; i--) {
      const n = t.list[i];
      const c = this.nodeClass[n];
      if (this.classHeadStamp[c] !== stamp) {
        this.classHeadStamp[c] = stamp;
        this.classHead[c] = 0;
        this.classList[classes++] = c;
      }
      this.nodeNext[n] = this.classHead[c];
      this.classHead[c] = n;
    }
    let moved = false;
    for (let i = 0; i < classes; i++) if (this.placeClass(this.classList[i])) moved = true;
    return moved;
  }

  /** placeNodes for class c. */
  private placeClass(c: number): boolean {
    const keys = this.keys;
    const mark = this.touched.nodes.mark;
    const cn = this.classNodes;
    const cs = this.classStart[c];
    const dirty = this.dirtyBuf;
    const pos = this.dirtyPos;
    let k = 0;
    for (let n = this.classHead[c]; n !== 0; n = this.nodeNext[n]) {
      pos[k] = this.classPos[n];
      dirty[k++] = n;
    }
    mergeSort(dirty, 0, k, keys.nodeLess, this.nodeScratch);
    const nc = this.classStart[c + 1] - cs - k;
    // The untouched nodes in order: listed when many are touched, else found past the touched places.
    const listed = k > FEW_TOUCHED;
    if (listed) {
      let j = 0;
      for (let p = cs; p < cs + nc + k; p++) if (mark[cn[p]] === 0) this.cleanBuf[j++] = cn[p];
    }
    let c0 = 0;
    for (let j = 0; j < k; j++) {
      let lo = c0;
      let hi = nc;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const y = listed ? this.cleanBuf[mid] : cn[this.cleanPlace(cs + mid, k)];
        if (keys.compareNodes(y, dirty[j]) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.ins[j] = c0 = lo;
    }
    // Places pLo..pHi change: the untouched ones between move by the touched ones they pass.
    const pLo = Math.min(pos[0], cs + this.ins[0]);
    const pHi = Math.max(pos[k - 1], cs + this.ins[k - 1] + k - 1);
    const moved = this.walkClass(cs, k, pLo, pHi);
    if (moved) {
      if (cn[pLo] < this.nodeLo) this.nodeLo = cn[pLo];
      if (cn[pHi] > this.nodeHi) this.nodeHi = cn[pHi];
    }
    return moved;
  }

  /**
   * Gives places pLo..pHi of the class starting at cs their nodes: touched node j (dirtyBuf,
   * sorted) at cs + ins[j] + j, the untouched ones in order in the others, run by run (between
   * two touched places, old or new, untouched nodes move alike). Returns true when a node moves.
   */
  private walkClass(cs: number, k: number, pLo: number, pHi: number): boolean {
    const cn = this.classNodes;
    const pos = this.dirtyPos;
    const ins = this.ins;
    const dirty = this.dirtyBuf;
    const newNode = this.newNode;
    const byRank = this.byRank;
    let moved = false;
    let cp = pLo; // the next untouched node's place
    let di = 0; // the next touched place at or after cp
    let j = 0;
    for (let p = pLo; p <= pHi; ) {
      if (j < k && cs + ins[j] + j === p) {
        const x = dirty[j++];
        newNode[x] = cn[p];
        byRank[cn[p]] = x;
        if (x !== cn[p]) moved = true;
        p++;
        continue;
      }
      while (di < k && pos[di] < cp) di++;
      while (di < k && pos[di] === cp) {
        cp++;
        di++;
      }
      let len = pHi + 1 - p;
      if (di < k && pos[di] - cp < len) len = pos[di] - cp;
      if (j < k && cs + ins[j] + j - p < len) len = cs + ins[j] + j - p;
      if (cp !== p) moved = true;
      for (let e = p + len; p < e; p++, cp++) {
        newNode[cn[cp]] = cn[p];
        byRank[cn[p]] = cn[cp];
      }
    }
    return moved;
  }

  /** The place of the untouched node that is i-th (from cs) among its class's: past the k touched places (dirtyPos, ascending) not above it. */
  private cleanPlace(i: number, k: number): number {
    let p = i;
    for (let j = 0; j < k && this.dirtyPos[j] <= p; j++) p++;
    return p;
  }

  /**
   * The slots in canonical order where they change (order, newSlot; slotLo..slotHi): the
   * unbound group and the groups of nodes lo..hi (by canonical index) from the overrides and the
   * parent's slots; from slot 1 when the unbound group changed. Returns true when a slot moves.
   */
  private placePods(lo: number, hi: number): boolean {
    const keys = this.keys;
    const t = this.touched;
    const newSlot = this.newSlot;
    let k = 0;
    let moved = false;
    if (t.unbound) {
      keys.groupOf(0);
      for (let i = keys.gFrom, e = i + keys.gLen; i < e; i++) {
        const q = keys.gArr[i];
        newSlot[q] = ++k;
        if (q !== k) moved = true;
      }
      // The parent's slots of the nodes before lo follow, shifted by the unbound group's change.
      const from = keys.boundOf(1);
      const end = lo <= hi ? keys.boundOf(lo) : from;
      if (k + 1 !== from && from < end) moved = true;
      for (let q = from; q < end; q++) newSlot[q] = ++k;
      this.slotLo = 1;
    } else {
      k = keys.boundOf(lo) - 1;
      this.slotLo = k + 1;
    }
    for (let m = lo; m <= hi; ) {
      const n = this.byRank[m];
      if (keys.ovStamp[n] === keys.stamp) {
        keys.groupOf(n);
        for (let i = keys.gFrom, e = i + keys.gLen; i < e; i++) {
          const q = keys.gArr[i];
          newSlot[q] = ++k;
          if (q !== k) moved = true;
        }
        m++;
        continue;
      }
      // A run of nodes that keep their pods and move alike: their slots in the parent are consecutive.
      let e = m + 1;
      while (e <= hi && this.byRank[e] - e === n - m && keys.ovStamp[this.byRank[e]] !== keys.stamp) e++;
      const from = keys.boundOf(n);
      const end = keys.boundOf(n + e - m);
      if (k + 1 !== from && from < end) moved = true;
      for (let q = from; q < end; q++) newSlot[q] = ++k;
      m = e;
    }
    this.slotHi = k;
    return moved;
  }

}
