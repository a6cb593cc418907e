/**
 * Tie classes up to the symmetry reduction (docs/model.md §8.11.7). Where the reduction applies,
 * two best nodes with equal signatures (their static class, node words, kernel-panic words, place
 * in the node controller's queue and the keys of their pods, §8.11.1) are exchanged, each with its
 * pods, by a renaming that maps the state to itself and fixes the pod being scheduled (it is
 * unbound). Placing the pod on one or on the other then gives successors that are renamings of
 * each other, with one canonical form: the scheduler offers one node per class, the lowest.
 * This extends twins (twins.ts), which must hold no pod, to nodes that hold equivalent pods.
 */
import type { CanonicalOrder } from '../canonical-order.js';

export class TieOrbits {
  constructor(private readonly order: CanonicalOrder) {}

  /**
   * Groups the slots of s by node: call before `distinct` on a state whose pod keys `distinct`
   * should read. s is canonical (the state a transition starts from, docs/model.md §8.11.6), so
   * each node's pods are in key order already (CanonicalOrder.groupSlots).
   */
  group(s: Int32Array): void {
    this.order.groupSlots(s);
  }

  /**
   * Groups the slots of s (as `group`) and writes, for each node n that starts a run of equal
   * signatures among consecutive nodes of its static class, the run's last node into runEnd[n]
   * (n itself for a run of one); the next run starts after it. s is canonical. False, with
   * runEnd partly written, once there are more than `most` runs: nodes alike enough to share a
   * cycle's judgement are then too few to repay this.
   */
  runs(s: Int32Array, nodes: number, runEnd: Int32Array, most: number): boolean {
    const order = this.order;
    order.groupSlots(s);
    let k = 0;
    for (let n = 1; n <= nodes; n = runEnd[n] + 1) {
      if (++k > most) return false;
      runEnd[n] = order.sameSignatureRunEnd(s, n);
    }
    return true;
  }

  /**
   * The nodes from `from` on that are feasible with score `bestScore`, one per class of equal
   * signatures, each its class's lowest node, into `best` in node order; returns how many.
   * Reads the grouping of the last `group` call. s is canonical: within a static class its nodes
   * are numbered in signature order (docs/model.md §8.11.1), so the nodes of one signature are
   * consecutive in the class, and a node is the first of its class of equal signatures unless
   * the node before it in its static class has its signature (and then is best too, since
   * nodes with equal signatures are exchanged by a renaming that fixes the state and the pod).
   */
  distinct(s: Int32Array, feasible: Uint8Array, total: Int32Array, bestScore: number, from: number, best: Int32Array): number {
    const order = this.order;
    const prev = order.classPrev;
    let k = 0;
    for (let n = from; n < feasible.length; n++) {
      if (feasible[n] === 0 || total[n] !== bestScore) continue;
      const m = prev[n];
      if (m !== 0 && feasible[m] === 1 && total[m] === bestScore && order.sameSignature(s, m, n)) continue;
      best[k++] = n;
      // The nodes after n with its signature are best too and start no class: skipped at once.
      n = order.sameSignatureRunEnd(s, n);
    }
    return k;
  }
}
