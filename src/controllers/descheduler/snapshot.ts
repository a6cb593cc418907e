/**
 * What one descheduler pass sees of the nodes (docs/model.md §8.7.1), taken once at the start of
 * the pass: the Ready nodes (`nodeutil.ReadyNodes`, cordoned ones included), which are cordoned, their taints, and per node the requests and the pod count
 * of every pod bound to it, terminating ones included (`podutil.ListPodsOnANode` lists every pod
 * not Succeeded or Failed). Evictions during the pass only mark pods terminating, so the
 * snapshot stays what the descheduler's informer cache shows. Arrays allocated once.
 */
import type { ModelContext } from '../../model/context.js';
import { N_STATUS, N_TAINTS, N_UNSCHEDULABLE, NODE_READY, P_LOC, P_STATUS, POD_FREE, POD_WORDS, nodeAt } from '../../model/layout.js';
import { NodeRequests } from '../scheduler/requested.js';
import { EvictionLimits } from './evictor.js';
import { VisitOrder } from '../visit-order.js';

export class PassSnapshot {
  /** ready[n] = 1: node n is Ready. */
  readonly ready: Uint8Array;
  readyCount = 0;
  /** unschedulable[n] = 1: node n is cordoned (`IsNodeUnschedulable`); Ready nodes stay Ready either way. */
  readonly unschedulable: Uint8Array;
  /** taints[n]: node n's taints, one bit per taint of the cluster's universe (docs/model.md §8.6). */
  readonly taints: Int32Array;
  /** Σ requests per node, what runs outside the pod slots included (nodeutil.NodeUtilization). */
  readonly requests: NodeRequests;
  /** Pods per node, the node's reserved pod count included. */
  readonly podCount: Int32Array;
  /** Per-pass eviction counters. */
  readonly limits: EvictionLimits;
  /** A list of pod slots, for plugins that sort a node's pods. */
  readonly podList: Int32Array;
  /** The plugins' visiting order (controllers/visit-order.ts), fixed per plugin call. */
  readonly visit: VisitOrder;
  /**
   * No pod was evicted since the transition began (Descheduler.burst): s is, as the canonical
   * labelling reads it, the state the transition started from, whose order needs no computing
   * with the reduction (visit-order.ts). Unlike the limits, it lasts across the passes of a burst.
   */
  asStored = true;

  constructor(readonly ctx: ModelContext) {
    const l = ctx.l;
    this.ready = new Uint8Array(l.nodes + 1);
    this.unschedulable = new Uint8Array(l.nodes + 1);
    this.taints = new Int32Array(l.nodes + 1);
    this.requests = new NodeRequests(ctx.cfg);
    this.podCount = new Int32Array(l.nodes + 1);
    this.limits = new EvictionLimits(l.nodes, ctx.cfg.namespaces.length);
    this.podList = new Int32Array(l.pods + 1);
    this.visit = new VisitOrder(l);
  }

  take(s: Int32Array): void {
    const { cfg, l } = this.ctx;
    this.readyCount = 0;
    // The policy's nodeSelector is the same in every profile (ReadyNodes(nodeSelector)).
    const selected = cfg.descheduler !== null && cfg.descheduler.length > 0 ? cfg.descheduler[0].nodeSelected : null;
    for (let n = 1; n <= l.nodes; n++) {
      const r = s[nodeAt(l, n) + N_STATUS] === NODE_READY && (selected === null || selected[n] === 1) ? 1 : 0;
      this.ready[n] = r;
      this.readyCount += r;
      this.unschedulable[n] = s[nodeAt(l, n) + N_UNSCHEDULABLE] === 1 ? 1 : 0;
      this.taints[n] = s[nodeAt(l, n) + N_TAINTS];
      this.podCount[n] = cfg.nodeReservedPods[n];
    }
    this.requests.recompute(s);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      const n = s[at + P_LOC];
      if (n !== 0 && s[at + P_STATUS] !== POD_FREE) this.podCount[n]++;
    }
    this.limits.reset();
  }
}
