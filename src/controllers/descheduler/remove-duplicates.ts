/**
 * RemoveDuplicates (docs/model.md §8.7.3, descheduler v0.32 removeduplicates.go `Balance`): on
 * each Ready node, the second and later evictable pods of one ReplicaSet (one owner and the same
 * container images: in kivi a deployment's pods with one template) are duplicates. When the
 * ReplicaSet's pods could land on at least two nodes (`getTargetNodes`), pods above
 * ceil(pods / target nodes) per node are evicted. Upstream leaves the order open (`Balance`
 * ranges over Go maps of owners and of nodes, and takes each node's pods as the informer lists
 * them): kivi visits nodes in index order and takes their pods in slot order, or, where the
 * symmetry reduction applies (docs/model.md §8.11.3), nodes in canonical order and pods in
 * canonical order, so that the choice reads no name.
 */
import { ceilDiv } from '../arith.js';
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, PLUGIN_REMOVE_DUPLICATES } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { D_STATUS, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_RUNNING, POD_WORDS, depAt, podAt } from '../../model/layout.js';
import { deploymentRef, nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, C, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import type { PassSnapshot } from './snapshot.js';
import { VISIT_PODS, VISIT_RANKS } from '../visit-order.js';

/**
 * `getTargetNodes`: the Ready nodes whose NoSchedule/NoExecute taints the pods tolerate and whose
 * labels their node selector and required affinity admit; fewer than two count as none. (The
 * reference's taint check compared the wrong variables, docs/model.md §14.2 bug 19.)
 */
function targetNodes(ctx: ModelContext, x: PassSnapshot, t: number): number {
  const tpl = ctx.cfg.templates[t];
  let count = 0;
  for (let m = 1; m <= ctx.l.nodes; m++) {
    if (x.ready[m] === 0) continue;
    if (tpl.requiredNodes !== null && tpl.requiredNodes[m] === 0) continue;
    if ((x.taints[m] & tpl.untoleratedScheduleMask) !== 0) continue;
    if (x.unschedulable[m] === 1 && !tpl.toleratesUnschedulable) continue; // the cordon's NoSchedule taint
    count++;
  }
  return count <= 1 ? 0 : count;
}

/** Is pod q one of ReplicaSet (d, t)'s pods that the plugin lists: on a Ready node and evictable. */
function listed(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, q: number, at: number, d: number, t: number): boolean {
  if (s[at + P_OWNER] !== d || s[at + P_TEMPLATE] !== t || !admitted(profile, PLUGIN_REMOVE_DUPLICATES, t)) return false;
  const loc = s[at + P_LOC];
  return loc !== 0 && x.ready[loc] === 1 && evictable(ctx, s, x, profile, q);
}

/**
 * Scratch allocated once per model: the pods of one ReplicaSet on the nodes that have pods to
 * give, grouped by node in visiting order (counting sort over the nodes' visiting positions,
 * `VisitOrder.rank`), each group in the pod order (`VisitOrder.pod`).
 */
export class DuplicatesScratch {
  /** Group of the node visited v-th: pods[start[v]..start[v + 1]). */
  readonly start: Int32Array;
  readonly pods: Int32Array;
  constructor(nodes: number, pods: number) {
    this.start = new Int32Array(nodes + 2);
    this.pods = new Int32Array(pods);
  }
}

/**
 * Groups the pods of ReplicaSet (d, t) bound to nodes with more than `upperAvg` listed pods by
 * node, nodes in visiting order and each node's pods in pod order.
 */
function groupByNode(ctx: ModelContext, s: Int32Array, x: PassSnapshot, w: DuplicatesScratch, d: number, t: number, upperAvg: number): void {
  const l = ctx.l;
  const perNode = ctx.perNode;
  const start = w.start;
  start.fill(0);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < l.pods; i++) {
      const q = x.visit.pod(i);
      const at = podAt(l, q);
      const n = s[at + P_LOC];
      if (n === 0 || s[at + P_OWNER] !== d || s[at + P_TEMPLATE] !== t || perNode[n] <= upperAvg) continue;
      const k = x.visit.rank(n);
      if (pass === 0) start[k + 1]++;
      else w.pods[start[k]++] = q;
    }
    // After the count: start[k] = where group k begins. After the placing: where it ends, so shift back.
    if (pass === 0) for (let k = 1; k <= l.nodes + 1; k++) start[k] += start[k - 1];
    else for (let k = l.nodes + 1; k > 0; k--) start[k] = start[k - 1];
  }
  start[0] = 0;
}

/** One ReplicaSet; returns false when the total limit stops the plugin. */
function balanceReplicaSet(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, w: DuplicatesScratch, d: number, t: number, log: Log | null): boolean {
  const l = ctx.l;
  const perNode = ctx.perNode;
  perNode.fill(0);
  let occ = 0;
  let hasDuplicates = false;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (!listed(ctx, s, x, profile, q, at, d, t)) continue;
    occ++;
    if (++perNode[s[at + P_LOC]] > 1) hasDuplicates = true;
  }
  if (!hasDuplicates) return true;
  const targets = targetNodes(ctx, x, t);
  if (log) log.emit(4, C, `Number of target nodes for deployment ${ctx.cfg.deploymentNames[d]}: ${targets}`, [deploymentRef(ctx.cfg, d)]);
  if (targets < 2) {
    if (log) log.emit(2, 'DeScheduler', 'Less than two feasible nodes for duplicates to land, skipping eviction', [deploymentRef(ctx.cfg, d)]);
    return true;
  }
  const upperAvg = ceilDiv(occ, targets);
  // A node with k duplicates (k + 1 listed pods) and k + 1 > upperAvg gives pods[upperAvg-1:].
  groupByNode(ctx, s, x, w, d, t, upperAvg);
  for (let k = 1; k <= l.nodes; k++) {
    const from = w.start[k];
    const to = w.start[k + 1];
    if (from === to) continue;
    const n = s[podAt(l, w.pods[from]) + P_LOC];
    let toEvict = perNode[n] - upperAvg;
    let seen = 0;
    for (let i = from; i < to && toEvict > 0; i++) {
      const q = w.pods[i];
      const at = podAt(l, q);
      if (!listed(ctx, s, x, profile, q, at, d, t)) continue;
      if (++seen === 1) continue; // the original stays
      if (log) {
        const status = s[at + P_STATUS] === POD_RUNNING ? 'Running' : 'Pending';
        log.emit(1, C, `Duplicated Pod ${podName(ctx.cfg, s, q)} (status ${status}) on node ${ctx.cfg.nodeNames[n]} pending for deletion!`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'Descheduled');
      }
      toEvict--;
      const code = evict(ctx, s, x, profile, q, log);
      if (code === TOTAL_LIMIT) return false;
      if (code === NODE_LIMIT) break; // on to the next node
    }
  }
  return true;
}

export function removeDuplicates(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, w: DuplicatesScratch, log: Log | null): void {
  const l = ctx.l;
  const T = ctx.cfg.templates.length;
  // hasExcludedOwnerRefKind: a deployment's pods are owned by a ReplicaSet.
  if (profile.duplicatesExcludeReplicaSets) return;
  // One order of the state as the plugin finds it serves every ReplicaSet: an eviction only
  // marks a pod of the ReplicaSet at hand terminating (controllers/visit-order.ts).
  x.visit.start(ctx, s, x.asStored, VISIT_PODS | VISIT_RANKS);
  for (let d = 1; d <= l.deployments; d++) {
    if (s[depAt(l, d) + D_STATUS] !== 1) continue;
    for (let t = 1; t < T; t++) if (!balanceReplicaSet(ctx, s, x, profile, w, d, t, log)) return;
  }
  if (log) log.emit(3, 'DeScheduler', 'removeDuplicates plugins finished!');
}
