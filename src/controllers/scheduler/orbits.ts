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
  /** Open-addressing table from signature hash to the first node of its class: hashes, nodes, and the call that wrote each entry. */
  private readonly hashes: Int32Array;
  private readonly firsts: Int32Array;
  private readonly stamps: Int32Array;
  private readonly mask: number;
  private stamp = 0;

  constructor(
    private readonly order: CanonicalOrder,
    nodes: number,
  ) {
    let size = 16;
    while (size < 2 * (nodes + 1)) size *= 2;
    this.hashes = new Int32Array(size);
    this.firsts = new Int32Array(size);
    this.stamps = new Int32Array(size);
    this.mask = size - 1;
  }

  /**
   * Groups the slots of s by node: call before `distinct` on a state whose pod keys `distinct`
   * should read. s is canonical (the state a transition starts from, docs/model.md §8.11.6), so
   * each node's pods are in key order already (CanonicalOrder.groupSlots).
   */
  group(s: Int32Array): void {
    this.order.groupSlots(s);
  }

  /**
   * The nodes from `from` on that are feasible with score `bestScore`, one per class of equal
   * signatures, each its class's lowest node, into `best` in node order; returns how many.
   * Reads the grouping of the last `group` call.
   */
  distinct(s: Int32Array, feasible: Uint8Array, total: Int32Array, bestScore: number, from: number, best: Int32Array): number {
    const order = this.order;
    const mask = this.mask;
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let k = 0;
    for (let n = from; n < feasible.length; n++) {
      if (feasible[n] === 0 || total[n] !== bestScore) continue;
      const h = order.signatureHash(s, n);
      for (let i = h & mask; ; i = (i + 1) & mask) {
        if (this.stamps[i] !== stamp) {
          this.stamps[i] = stamp;
          this.hashes[i] = h;
          this.firsts[i] = n;
          best[k++] = n;
          break;
        }
        if (this.hashes[i] === h && order.sameSignature(s, this.firsts[i], n)) break;
      }
    }
    return k;
  }
}
