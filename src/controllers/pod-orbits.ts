/**
 * Which pods of a state a renaming that maps it to itself exchanges (docs/model.md §8.1.1), for a
 * choice among pods where the symmetry reduction applies: the scale-down's victims. Read from the
 * canonical order's keys and signatures, as the scheduler's tie classes are (orbits.ts).
 */
import type { CanonicalOrder } from './canonical-order.js';
import { POD_QUEUES, sameWords } from './canonical-keys.js';
import type { PodOrbits } from '../model/context.js';
import {
  KERNEL_PANIC_WORDS, kernelPanicAt, MAINT_NODE_WORDS, maintNodeAt, NODE_WORDS, nodeAt, P_LOC, P_STATUS, podAt, POD_FREE, POD_WORDS, Q_NC,
  type Layout,
} from '../model/layout.js';

export class CanonicalPodOrbits implements PodOrbits {
  /** interchangeable: per node, the pods on it; per slot, its node (-1 free, -2 queued). */
  private readonly podsOnNode: Int32Array;
  private readonly slotNode: Int32Array;

  constructor(
    private readonly order: CanonicalOrder,
    private readonly l: Layout,
  ) {
    this.podsOnNode = new Int32Array(l.nodes + 1);
    this.slotNode = new Int32Array(l.pods + 1);
  }

  group(s: Int32Array): void {
    this.order.groupSlots(s);
  }

  /**
   * After group(s), s canonical: a renaming that maps s to itself takes pod q to a lower slot
   * (a sufficient test). Either the slot before q holds a pod on the same node with q's key (a
   * node's pods are in key order, so equal keys are adjacent), or q's node has an equal
   * signature with the node before it in its static class (exchanged, each with its pods, as
   * for the scheduler's tie classes, orbits.ts).
   */
  earlierInOrbit(s: Int32Array, q: number): boolean {
    const l = this.l;
    const n = s[podAt(l, q) + P_LOC];
    if (q > 1 && s[podAt(l, q - 1) + P_LOC] === n && this.order.samePodKey(s, q - 1, q)) return true;
    if (n === 0) return false;
    const m = this.order.classPrev[n];
    return m !== 0 && this.order.sameSignature(s, m, n);
  }

  /**
   * Any state s: pods[0..count) are each the only pod (of any status) on its own node, with equal
   * words but their node, none in a pod queue, on nodes of one static class with equal words
   * (kernel-panic and maintenance words included) and none in the node controller's queue. Then
   * every permutation of those nodes, each with its pod, maps s to itself: the pods are
   * interchangeable whatever is done to some of them.
   */
  interchangeable(s: Int32Array, pods: Int32Array, count: number): boolean {
    const l = this.l;
    if (count < 2) return true;
    const on = this.podsOnNode;
    const loc = this.slotNode;
    on.fill(0);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      loc[q] = s[at + P_STATUS] === POD_FREE ? -1 : s[at + P_LOC];
      if (loc[q] > 0) on[loc[q]]++;
    }
    for (let j = 0; j < POD_QUEUES.length; j++) {
      const qb = l.queueBase[POD_QUEUES[j]];
      for (let i = 1; i <= s[qb]; i++) loc[s[qb + i]] = -2;
    }
    const ncb = l.queueBase[Q_NC];
    const first = pods[0];
    const n0 = loc[first];
    const cls = this.order.nodeClass;
    for (let k = 0; k < count; k++) {
      const q = pods[k];
      const n = loc[q];
      if (n <= 0 || on[n] !== 1) return false;
      for (let i = 1; i <= s[ncb]; i++) if (s[ncb + i] === n) return false;
      if (k === 0) continue;
      if (cls[n] !== cls[n0] || !sameWords(s, nodeAt(l, n), nodeAt(l, n0), NODE_WORDS)) return false;
      if (l.kernelPanicBase >= 0 && !sameWords(s, kernelPanicAt(l, n), kernelPanicAt(l, n0), KERNEL_PANIC_WORDS)) return false;
      if (l.maintNodeBase >= 0 && !sameWords(s, maintNodeAt(l, n), maintNodeAt(l, n0), MAINT_NODE_WORDS)) return false;
      for (let w = 0, a = podAt(l, q), b = podAt(l, first); w < POD_WORDS; w++) if (w !== P_LOC && s[a + w] !== s[b + w]) return false;
    }
    return true;
  }
}
