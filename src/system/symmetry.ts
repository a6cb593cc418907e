/**
 * Symmetry reduction (docs/model.md §8.11): after each transition, where the model is symmetric
 * under renaming interchangeable nodes (one static class, twins.ts) together with their pods and
 * renaming pod slots, the state is replaced by its canonical form (`CanonicalOrder`). The search
 * then stores one state per class of renamed states; every intent reads counts, never an index,
 * so a violation is reachable from one state of a class exactly when it is from every other.
 * Counterexamples are rebuilt as executions without the renaming (checker/replay.ts).
 */
import { CanonicalOrder } from '../controllers/canonical-order.js';
import { ByteView } from '../model/byte-view.js';
import {
  type CompiledCluster, PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../model/config.js';
import {
  KERNEL_PANIC_WORDS, MAINT_NODE_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, Q_SCH, Q_TM,
} from '../model/layout.js';

/** The descheduler plugins that visit nodes and pods in canonical order under the reduction (§8.11.3). */
const CANONICAL_PLUGINS = [PLUGIN_TOPOLOGY_SPREAD, PLUGIN_REMOVE_DUPLICATES, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS, PLUGIN_INTERPOD_ANTI_AFFINITY];

/**
 * Why the reduction does not apply to cfg, or null when it does. Each process it excludes orders
 * nodes or pods by index where the reduction's argument (§8.11) has not been made for it.
 */
export function symmetryExcluded(cfg: CompiledCluster): string | null {
  if (!cfg.scheduler.branchOnTies) return 'ties: lowest takes the lowest-index node';
  if (cfg.autoscaler) return 'the cluster autoscaler takes node slots in index order';
  if (cfg.preemptionOn || cfg.layout.nominatedBase >= 0) return 'preemption takes the first of equal candidates';
  // RemovePodsViolatingTopologySpreadConstraint takes pods and equal domains in canonical order,
  // RemoveDuplicates and the node-by-node plugins (node affinity, node taints, inter-pod
  // anti-affinity) nodes and pods (§8.11.3, eviction limits included); the utilization plugins
  // would need the same.
  if (cfg.descheduler?.some((p) => p.plugins.some((x) => !CANONICAL_PLUGINS.includes(x)))) {
    return 'a descheduler plugin evicts in slot or node order';
  }
  // Maintenance takes its next node and a node's pods in canonical order, and so does the
  // drain(node) command its node's pods; the nodes that commands name are classes of their own
  // (§8.11.3, §9.4, §9.8).
  if (cfg.manifests.some((m) => m && m.template !== 0)) return 'a rollout scales old pods down in slot order';
  if (cfg.budgets.length > 0) return 'disruption budgets';
  return null;
}

/**
 * The kubelet's queue is a set (docs/model.md §8.11.2): its burst drains the whole queue, every
 * pod it starts gets the burst's first tick as start time, the pods it hands to the taint manager
 * join that queue in canonical order after the burst, and what it leaves does not depend on the
 * order when deleted pods requeue one deployment only (at most one deployment).
 */
export function kubeletQueueIsSet(cfg: CompiledCluster): boolean {
  return cfg.layout.deployments <= 1;
}

export class Symmetry {
  readonly order: CanonicalOrder;
  private readonly copy: Int32Array;
  /** nameCandidates: per engine block, the stamp of the call that listed it. */
  private blockMark: Int32Array = new Int32Array(0);
  private blockStamp = 0;
  private candidates: Int32Array = new Int32Array(0);
  private candidateCount = 0;
  private mostCandidates = 0;
  /** sortQueue's counts per slot (all 0 between calls). */
  private readonly counts: Int32Array;
  /** moveBlocks' runs that move: first word, end, shift. */
  private readonly runs: Int32Array;
  private readonly kubeletSet: boolean;
  private readonly bytes = new ByteView();
  private readonly copyBytes = new ByteView();

  private constructor(
    private readonly cfg: CompiledCluster,
    fine: boolean,
  ) {
    // One kubelet item per transition (docs/model.md §7.5): the order of kblQ says which pod is next.
    this.kubeletSet = kubeletQueueIsSet(cfg) && !fine;
    this.order = new CanonicalOrder(cfg, this.kubeletSet);
    this.copy = new Int32Array(cfg.layout.words);
    this.counts = new Int32Array(cfg.layout.pods + 1);
    this.runs = new Int32Array(3 * (Math.max(cfg.layout.nodes, cfg.layout.pods) + 1));
  }

  /** The reduction for cfg (with the fine interleaving: `fine`), or null where it does not apply. */
  static of(cfg: CompiledCluster, fine = false): Symmetry | null {
    return symmetryExcluded(cfg) === null ? new Symmetry(cfg, fine) : null;
  }

  /**
   * Replaces s by its canonical form (docs/model.md §8.11). Returns false when s was canonical
   * already (no word changed), true when nodes or pod slots were renamed.
   */
  canonicalize(s: Int32Array): boolean {
    if (!this.order.compute(s)) return this.kubeletSet && sortQueue(s, this.cfg.layout.queueBase[Q_KBL], this.counts);
    return this.renameBy(s, this.order.newNode, this.order.newSlot);
  }

  /**
   * `canonicalize` for a successor s of the canonical state `parent` (a state the search
   * stores): the same result, re-placing only the nodes and slots the transition touched
   * (CanonicalOrder.computeAfter, docs/model.md §8.11.6).
   */
  canonicalizeAfter(s: Int32Array, parent: Int32Array): boolean {
    const o = this.order;
    const moved = o.computeAfter(s, parent);
    const changed = moved ? this.rename(s, o.newNode, o.newSlot, o.nodeLo, o.nodeHi, o.slotLo, o.slotHi) : this.kubeletSet && sortQueue(s, this.cfg.layout.queueBase[Q_KBL], this.counts);
    this.nameCandidates(s, parent, moved);
    return changed;
  }

  /**
   * Where s is the search's successor of `parent` in its state engine (state-engine.ts): tells
   * the engine the only blocks where s can differ from parent, so that its fingerprint looks at
   * them alone: the blocks the transition changed (the touched-only canonical form listed them
   * all, canonical-touched.ts) and those the renaming may have written (the nodes nodeLo..nodeHi
   * and their per-node words, the slots slotLo..slotHi, the pod and node queues).
   */
  private nameCandidates(s: Int32Array, parent: Int32Array, moved: boolean): void {
    const t = this.order.touched;
    const e = t.engine;
    if (e === undefined || t.listed < 0 || !e.isNextOfCur(s, parent)) return;
    if (this.blockMark.length !== e.blockCount) this.blockMark = new Int32Array(e.blockCount);
    this.blockStamp++;
    const list = e.blockList;
    this.candidates = e.candidates;
    this.candidateCount = 0;
    this.mostCandidates = e.blockCount >> 1;
    for (let i = 0; i < t.listed; i++) this.addCandidates(list[i] << 4, (list[i] << 4) + 1);
    const l = this.cfg.layout;
    const o = this.order;
    if (moved) {
      if (o.nodeLo <= o.nodeHi) {
        this.addCandidates(l.nodeBase + (o.nodeLo - 1) * NODE_WORDS, l.nodeBase + o.nodeHi * NODE_WORDS);
        if (l.kernelPanicBase >= 0) this.addCandidates(l.kernelPanicBase + (o.nodeLo - 1) * KERNEL_PANIC_WORDS, l.kernelPanicBase + o.nodeHi * KERNEL_PANIC_WORDS);
        if (l.maintNodeBase >= 0) this.addCandidates(l.maintNodeBase + (o.nodeLo - 1) * MAINT_NODE_WORDS, l.maintNodeBase + o.nodeHi * MAINT_NODE_WORDS);
      }
      if (o.slotLo <= o.slotHi) this.addCandidates(l.podBase + (o.slotLo - 1) * POD_WORDS, l.podBase + o.slotHi * POD_WORDS);
      for (let i = 0; i < RENAMED_QUEUES.length; i++) {
        const qb = l.queueBase[RENAMED_QUEUES[i]];
        this.addCandidates(qb, qb + 1 + s[qb]);
      }
    } else if (this.kubeletSet) this.addCandidates(l.queueBase[Q_KBL], l.queueBase[Q_KBL] + 1 + s[l.queueBase[Q_KBL]]);
    if (this.candidateCount <= this.mostCandidates) e.useCandidates(this.candidateCount);
  }

  /** Lists the blocks of words from..to − 1 among nameCandidates' (once each; past `mostCandidates`, it stops). */
  private addCandidates(from: number, to: number): void {
    const mark = this.blockMark;
    const stamp = this.blockStamp;
    const out = this.candidates;
    let k = this.candidateCount;
    for (let b = from >> 4, last = (to - 1) >> 4; b <= last && k <= this.mostCandidates; b++) {
      if (mark[b] === stamp) continue;
      mark[b] = stamp;
      out[k++] = b;
    }
    this.candidateCount = k;
  }

  /**
   * Moves node n to newNode[n] and slot q to newSlot[q] (newNode[0] = 0), renaming every
   * reference, and lists the kubelet's queue by slot where it is a set (§8.11.2). Returns true.
   */
  renameBy(s: Int32Array, newNode: Int32Array, newSlot: Int32Array): boolean {
    const l = this.cfg.layout;
    return this.rename(s, newNode, newSlot, 1, l.nodes, 1, l.pods);
  }

  /**
   * renameBy where every node outside nodeLo..nodeHi and every slot outside slotLo..slotHi stays
   * (a node that moves has its pods' new slots in slotLo..slotHi).
   */
  private rename(s: Int32Array, newNode: Int32Array, newSlot: Int32Array, nodeLo: number, nodeHi: number, slotLo: number, slotHi: number): boolean {
    const l = this.cfg.layout;
    // Only what moves is copied, run by run (a run of blocks that keep their order is one
    // memcpy): first to the scratch copy, then to its new place.
    const c = this.copy;
    const sb = this.bytes.of(s);
    const tb = this.copyBytes.of(c);
    const r = this.runs;
    const nodesMoved = moveBlocks(s, c, sb, tb, l.nodeBase, NODE_WORDS, nodeLo, nodeHi, newNode, r);
    if (nodesMoved && l.kernelPanicBase >= 0) moveBlocks(s, c, sb, tb, l.kernelPanicBase, KERNEL_PANIC_WORDS, nodeLo, nodeHi, newNode, r);
    if (nodesMoved && l.maintNodeBase >= 0) moveBlocks(s, c, sb, tb, l.maintNodeBase, MAINT_NODE_WORDS, nodeLo, nodeHi, newNode, r);
    moveBlocks(s, c, sb, tb, l.podBase, POD_WORDS, slotLo, slotHi, newSlot, r);
    if (nodesMoved) {
      for (let q = slotLo, at = l.podBase + P_LOC + (q - 1) * POD_WORDS; q <= slotHi; q++, at += POD_WORDS) s[at] = newNode[s[at]];
      renameQueue(s, l.queueBase[Q_NC], newNode);
    }
    renameQueue(s, l.queueBase[Q_SCH], newSlot);
    renameQueue(s, l.queueBase[Q_KBL], newSlot);
    renameQueue(s, l.queueBase[Q_TM], newSlot);
    if (this.kubeletSet) sortQueue(s, l.queueBase[Q_KBL], this.counts);
    return true;
  }

  /**
   * `renameBy(t, newNode, newSlot)` into u, for a t that differs from s only where a transition
   * touched, given that the renaming maps s to `renamed`: the node and pod words of u are
   * `renamed`'s, but for the nodes and pods whose words (or per-node words: kernel panic,
   * maintenance) t changed, moved from t; every other word
   * and the queues are t's, renamed (replay-renaming.ts).
   */
  renameChanged(u: Int32Array, t: Int32Array, s: Int32Array, renamed: Int32Array, newNode: Int32Array, newSlot: Int32Array): void {
    const l = this.cfg.layout;
    u.set(t);
    const v = { u: this.bytes.of(u), t: Buffer.from(t.buffer, t.byteOffset, t.byteLength), s: Buffer.from(s.buffer, s.byteOffset, s.byteLength), renamed: this.copyBytes.of(renamed) };
    moveChanged(v, u, t, l.nodeBase, NODE_WORDS, l.nodes, newNode, -1, newNode);
    if (l.kernelPanicBase >= 0) moveChanged(v, u, t, l.kernelPanicBase, KERNEL_PANIC_WORDS, l.nodes, newNode, -1, newNode);
    if (l.maintNodeBase >= 0) moveChanged(v, u, t, l.maintNodeBase, MAINT_NODE_WORDS, l.nodes, newNode, -1, newNode);
    moveChanged(v, u, t, l.podBase, POD_WORDS, l.pods, newSlot, P_LOC, newNode);
    renameQueue(u, l.queueBase[Q_NC], newNode);
    renameQueue(u, l.queueBase[Q_SCH], newSlot);
    renameQueue(u, l.queueBase[Q_KBL], newSlot);
    renameQueue(u, l.queueBase[Q_TM], newSlot);
    if (this.kubeletSet) sortQueue(u, l.queueBase[Q_KBL], this.counts);
  }
}

/** The queues a renaming rewrites (the node controller's by node, the pod queues by slot). */
const RENAMED_QUEUES = [Q_NC, Q_SCH, Q_KBL, Q_TM];

/** Blocks per memcmp when moveChanged looks for the blocks t changed. */
const CHANGED_CHUNK = 16;

/**
 * For the blocks of `width` words at base (i in 1..count): u's blocks are `renamed`'s, but each
 * block i that differs between t and s is t's, moved to block to[i], its word `ref` (when ≥ 0)
 * renamed by `refTo`. `v` holds the arrays' bytes.
 */
function moveChanged(
  v: { u: Buffer; t: Buffer; s: Buffer; renamed: Buffer }, u: Int32Array, t: Int32Array, base: number, width: number, count: number, to: Int32Array, ref: number, refTo: Int32Array,
): void {
  v.renamed.copy(v.u, base * 4, base * 4, (base + count * width) * 4);
  for (let i0 = 1; i0 <= count; i0 += CHANGED_CHUNK) {
    const i1 = Math.min(count, i0 + CHANGED_CHUNK - 1);
    const from = (base + (i0 - 1) * width) * 4;
    const end = (base + i1 * width) * 4;
    if (v.t.compare(v.s, from, end, from, end) === 0) continue;
    for (let i = i0; i <= i1; i++) {
      const at = base + (i - 1) * width;
      if (v.t.compare(v.s, at * 4, (at + width) * 4, at * 4, (at + width) * 4) === 0) continue;
      const dst = base + (to[i] - 1) * width;
      for (let w = 0; w < width; w++) u[dst + w] = t[at + w];
      if (ref >= 0) u[dst + ref] = refTo[t[at + ref]];
    }
  }
}

/** Runs of fewer words are copied word by word: a Buffer copy's call costs more than that. */
const SHORT_RUN = 64;

/**
 * Moves block i (of `width` words at base + (i − 1)·width, i in lo..hi) to block to[i], through
 * the scratch t: each run of consecutive blocks that move by the same offset is one copy each way
 * (a memcpy through the byte views sb, tb when it is long); the runs are found once and noted
 * in `runs` (three words each). Returns whether any block moved.
 */
function moveBlocks(s: Int32Array, t: Int32Array, sb: Buffer, tb: Buffer, base: number, width: number, lo: number, hi: number, to: Int32Array, runs: Int32Array): boolean {
  // First each run that moves goes to the scratch copy (and is noted: its first word, end, shift).
  let k = 0;
  for (let i = lo; i <= hi; ) {
    const d = to[i] - i;
    let j = i + 1;
    while (j <= hi && to[j] - j === d) j++;
    if (d !== 0) {
      const from = base + (i - 1) * width;
      const end = base + (j - 1) * width;
      if (end - from >= SHORT_RUN) sb.copy(tb, from * 4, from * 4, end * 4);
      else for (let w = from; w < end; w++) t[w] = s[w];
      runs[k++] = from;
      runs[k++] = end;
      runs[k++] = d * width;
    }
    i = j;
  }
  // Then from there to its new place.
  for (let r = 0; r < k; r += 3) {
    const from = runs[r];
    const end = runs[r + 1];
    const shift = runs[r + 2];
    if (end - from >= SHORT_RUN) tb.copy(sb, (from + shift) * 4, from * 4, end * 4);
    else for (let w = from; w < end; w++) s[w + shift] = t[w];
  }
  return k > 0;
}

function renameQueue(s: Int32Array, qb: number, to: Int32Array): void {
  for (let i = 1; i <= s[qb]; i++) s[qb + i] = to[s[qb + i]];
}

/** Queues longer than this that are out of order are sorted by counting, not by insertion. */
const SHORT_QUEUE = 32;

/**
 * Sorts the queue at qb ascending; true when it was not sorted. A short queue is sorted by
 * insertion; a long one (a renaming can scramble a kubelet queue of thousands of slots) by
 * counting its slots in `counts` (all 0, left so), in time linear in the slots.
 */
export function sortQueue(s: Int32Array, qb: number, counts: Int32Array): boolean {
  const n = s[qb];
  let sorted = true;
  for (let i = qb + 2; i <= qb + n && sorted; i++) sorted = s[i - 1] <= s[i];
  if (sorted) return false;
  if (n > SHORT_QUEUE) {
    let lo = s[qb + 1];
    let hi = lo;
    for (let i = qb + 1; i <= qb + n; i++) {
      const x = s[i];
      counts[x]++;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    let k = qb + 1;
    for (let x = lo; x <= hi; x++) {
      for (; counts[x] > 0; counts[x]--) s[k++] = x;
    }
    return true;
  }
  for (let i = qb + 2; i <= qb + n; i++) {
    const x = s[i];
    let j = i - 1;
    while (j > qb && s[j] > x) {
      s[j + 1] = s[j];
      j--;
    }
    s[j + 1] = x;
  }
  return true;
}
