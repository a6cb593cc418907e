/**
 * The order in which a controller visits nodes and pods where Kubernetes leaves it open
 * (docs/model.md §8.11.3): index and slot order, or, where the symmetry reduction applies
 * (`ModelContext.canonical`), the canonical order of the state (§8.11.1), so that the choice
 * reads no name. Used by the descheduler's RemoveDuplicates, RemovePodsViolatingTopologySpread
 * and node-by-node plugins, a drain's evictions and the rolling maintenance's next node. The
 * order is fixed once per call (`start`) from the state the caller starts from.
 *
 * When the order need not be computed (`asStored`). The reduced search only steps the states it
 * stores, which are canonical (KiviModel.step), and a canonical state lists each class's nodes in
 * canonical order and, after the unbound slots, each node's pods in key order, node by node
 * (§8.11.1; both sorts are stable, so the labelling of a canonical state moves nothing). There
 * the canonical order is index and slot order, and computing it would return exactly that (from
 * scratch or re-placing the touched nodes and pods, of which there are none). So a caller passes
 * `asStored = true` when every order it reads is, for s, what it is for the state the transition
 * started from (or, for a process's choices, the state they are asked of):
 * - s is that state: a maintenance step or a descheduler pass before any eviction of its
 *   transition (the descheduler's dequeue and last-pass time are words the labelling does not
 *   read); or
 * - s differs from it only where the orders read do not look: a drain's first step cordons its
 *   node before it evicts, which changes the node's signature and may move the node among its
 *   class, but the drain reads only the order of that node's pods among themselves, their keys'
 *   order, and a pod's key reads no node word.
 * It is false once the transition has changed what the labelling reads: after a descheduler
 * plugin evicted a pod (marked terminating, appended to the kubelet's queue), a later plugin of
 * the same transition, or the next pass of a burst, starts from a state that is no longer the
 * canonical parent, and its order is computed. The unreduced model (`reduce: false`, the
 * replay's), whose states are not canonical (`ModelContext.canonicalStates` false), always
 * computes it.
 */
import type { ModelContext } from '../model/context.js';
import type { Layout } from '../model/layout.js';

/** What `start` fixes, as bits: the pods' order, the nodes' order, or each node's rank. */
export const VISIT_PODS = 1;
export const VISIT_NODES = 2;
export const VISIT_RANKS = 4;

export class VisitOrder {
  /** The pod slots in visiting order; null: slot order. */
  private pods: Int32Array | null = null;
  /** Per visiting position m (1-based), the node visited m-th; null: index order. */
  private nodes: Int32Array | null = null;
  /** Per node, its visiting position; null: its index. */
  private ranks: Int32Array | null = null;
  /** Own copies of the node arrays: CanonicalOrder's results are valid until its next call only. */
  private readonly nodeBuf: Int32Array;
  private readonly rankBuf: Int32Array;
  /** The order is the canonical one (the reduction applies), computed or read off a canonical state. */
  canonical = false;

  constructor(l: Layout) {
    this.nodeBuf = new Int32Array(l.nodes + 1);
    this.rankBuf = new Int32Array(l.nodes + 1);
  }

  /**
   * Fixes the order for one call from s as the caller finds it: `what` (VISIT_* bits) says which
   * parts the caller reads; `asStored`, that s is, in those parts, a state the search stores
   * (see above: then a canonical state's order is index and slot order).
   */
  start(ctx: ModelContext, s: Int32Array, asStored: boolean, what: number): void {
    const order = ctx.canonical ?? null;
    this.canonical = order !== null;
    this.pods = null;
    this.nodes = null;
    this.ranks = null;
    if (order === null || (asStored && ctx.canonicalStates === true)) return;
    if ((what & (VISIT_NODES | VISIT_RANKS)) !== 0) {
      const rank = order.nodeRank(s);
      for (let n = 1; n <= ctx.l.nodes; n++) {
        this.rankBuf[n] = rank[n];
        this.nodeBuf[rank[n]] = n;
      }
      if ((what & VISIT_NODES) !== 0) this.nodes = this.nodeBuf;
      if ((what & VISIT_RANKS) !== 0) this.ranks = this.rankBuf;
    }
    // Last: the pod order is read in CanonicalOrder's own buffer, which no later call overwrites.
    if ((what & VISIT_PODS) !== 0) this.pods = order.podOrder(s);
  }

  /** The node visited m-th (1-based). */
  node(m: number): number {
    return this.nodes === null ? m : this.nodes[m];
  }

  /** The pod slot visited i-th (0-based). */
  pod(i: number): number {
    return this.pods === null ? i + 1 : this.pods[i];
  }

  /** Node n's visiting position (1-based). */
  rank(n: number): number {
    return this.ranks === null ? n : this.ranks[n];
  }
}
