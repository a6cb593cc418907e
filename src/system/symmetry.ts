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
import { type CompiledCluster, EV_DRAIN, EV_MAINTENANCE, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD } from '../model/config.js';
import {
  KERNEL_PANIC_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, Q_SCH, Q_TM,
} from '../model/layout.js';

/**
 * Why the reduction does not apply to cfg, or null when it does. Each process it excludes orders
 * nodes or pods by index where the reduction's argument (§8.11) has not been made for it.
 */
export function symmetryExcluded(cfg: CompiledCluster): string | null {
  if (!cfg.scheduler.branchOnTies) return 'ties: lowest takes the lowest-index node';
  if (cfg.autoscaler) return 'the cluster autoscaler takes node slots in index order';
  if (cfg.preemptionOn || cfg.layout.nominatedBase >= 0) return 'preemption takes the first of equal candidates';
  // RemovePodsViolatingTopologySpreadConstraint takes pods and equal domains in canonical order,
  // RemoveDuplicates nodes and pods (§8.11.3, eviction limits included); the other plugins would
  // need the same.
  if (cfg.descheduler?.some((p) => p.plugins.some((x) => x !== PLUGIN_TOPOLOGY_SPREAD && x !== PLUGIN_REMOVE_DUPLICATES))) {
    return 'a descheduler plugin evicts in slot or node order';
  }
  if (cfg.events.some((e) => e.kind === EV_MAINTENANCE)) return 'maintenance visits nodes in index order';
  if (cfg.events.some((e) => e.kind === EV_DRAIN)) return 'a drain evicts in slot order';
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
    if (!this.order.compute(s)) return this.kubeletSet && sortQueue(s, this.cfg.layout.queueBase[Q_KBL]);
    return this.rename(s);
  }

  /**
   * `canonicalize` for a successor s of the canonical state `parent` (a state the search
   * stores): the same result, re-placing only the nodes and slots the transition touched
   * (CanonicalOrder.computeAfter, docs/model.md §8.11.6).
   */
  canonicalizeAfter(s: Int32Array, parent: Int32Array): boolean {
    if (!this.order.computeAfter(s, parent)) return this.kubeletSet && sortQueue(s, this.cfg.layout.queueBase[Q_KBL]);
    return this.rename(s);
  }

  /** Moves nodes and slots where the last labelling says (newNode, newSlot), renaming every reference. */
  private rename(s: Int32Array): boolean {
    const o = this.order;
    const l = this.cfg.layout;
    // Only what moves is copied, run by run (a run of blocks that keep their order is one
    // memcpy): first to the scratch copy, then to its new place.
    const newNode = o.newNode;
    const newSlot = o.newSlot;
    const sb = this.bytes.of(s);
    const tb = this.copyBytes.of(this.copy);
    const nodesMoved = moveBlocks(sb, tb, l.nodeBase, NODE_WORDS, l.nodes, newNode);
    if (nodesMoved && l.kernelPanicBase >= 0) moveBlocks(sb, tb, l.kernelPanicBase, KERNEL_PANIC_WORDS, l.nodes, newNode);
    moveBlocks(sb, tb, l.podBase, POD_WORDS, l.pods, newSlot);
    if (nodesMoved) {
      for (let q = 1, at = l.podBase + P_LOC; q <= l.pods; q++, at += POD_WORDS) s[at] = newNode[s[at]];
      renameQueue(s, l.queueBase[Q_NC], newNode);
    }
    renameQueue(s, l.queueBase[Q_SCH], newSlot);
    renameQueue(s, l.queueBase[Q_KBL], newSlot);
    renameQueue(s, l.queueBase[Q_TM], newSlot);
    if (this.kubeletSet) sortQueue(s, l.queueBase[Q_KBL]);
    return true;
  }
}

/**
 * Moves block i (of `width` words at base + (i − 1)·width, i in 1..count) to block to[i], through
 * the scratch bytes t: each run of consecutive blocks that move by the same offset is one copy
 * each way. Returns whether any block moved.
 */
function moveBlocks(s: Buffer, t: Buffer, base: number, width: number, count: number, to: Int32Array): boolean {
  let moved = false;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1; i <= count; ) {
      const d = to[i] - i;
      let j = i + 1;
      while (j <= count && to[j] - j === d) j++;
      if (d !== 0) {
        moved = true;
        const from = (base + (i - 1) * width) * 4;
        const end = (base + (j - 1) * width) * 4;
        if (pass === 0) s.copy(t, from, from, end);
        else t.copy(s, from + d * width * 4, from, end);
      }
      i = j;
    }
    if (!moved) return false;
  }
  return true;
}

function renameQueue(s: Int32Array, qb: number, to: Int32Array): void {
  for (let i = 1; i <= s[qb]; i++) s[qb + i] = to[s[qb + i]];
}

/** Sorts the queue at qb ascending (insertion sort: short queues); true when it was not sorted. */
function sortQueue(s: Int32Array, qb: number): boolean {
  let moved = false;
  for (let i = qb + 2; i <= qb + s[qb]; i++) {
    const x = s[i];
    let j = i - 1;
    while (j > qb && s[j] > x) {
      s[j + 1] = s[j];
      j--;
    }
    if (j !== i - 1) moved = true;
    s[j + 1] = x;
  }
  return moved;
}
