/**
 * The order in which the node-by-node Deschedule plugins (RemovePodsViolatingNodeAffinity,
 * RemovePodsViolatingNodeTaints, RemovePodsViolatingInterPodAntiAffinity) visit nodes and each
 * node's pods. Upstream leaves it open: the plugins range over the nodes the framework hands them
 * and over `podutil.ListPodsOnANode`, both as the informer caches list them. kivi visits nodes in
 * index order and pods in slot order, or, where the symmetry reduction applies
 * (`ModelContext.canonical`, docs/model.md §8.11.3), both in canonical order, computed once per
 * plugin call from the state the plugin starts from, so that the choice reads no name.
 */
import type { ModelContext } from '../../model/context.js';

export class VisitOrder {
  /** Per visiting position m (1-based), the node visited m-th; null: index order. */
  private nodes: Int32Array | null = null;
  /** The pod slots in visiting order; null: slot order. */
  private pods: Int32Array | null = null;

  /** Fixes the order for one plugin call from s as the plugin finds it. */
  start(ctx: ModelContext, s: Int32Array): void {
    this.pods = ctx.canonical ? ctx.canonical.podOrder(s) : null;
    this.nodes = ctx.canonical ? ctx.canonical.nodeOrder(s) : null;
  }

  /** The node visited m-th (1-based). */
  node(m: number): number {
    return this.nodes === null ? m : this.nodes[m];
  }

  /** The pod slot visited i-th (0-based). */
  pod(i: number): number {
    return this.pods === null ? i + 1 : this.pods[i];
  }
}
