/**
 * RemoveDuplicates (docs/model.md §8.7.3, descheduler v0.32 removeduplicates.go `Balance`): on
 * each Ready node, the second and later evictable pods of one ReplicaSet (one owner and the same
 * container images: in kivi a deployment's pods with one template) are duplicates. When the
 * ReplicaSet's pods could land on at least two nodes (`getTargetNodes`), pods above
 * ceil(pods / target nodes) per node are evicted, lowest slot first.
 */
import { ceilDiv } from '../arith.js';
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, PLUGIN_REMOVE_DUPLICATES } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { D_STATUS, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_RUNNING, POD_WORDS, depAt } from '../../model/layout.js';
import { deploymentRef, nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, C, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import type { PassSnapshot } from './snapshot.js';

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

/** One ReplicaSet; returns false when the total limit stops the plugin. */
function balanceReplicaSet(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, d: number, t: number, log: Log | null): boolean {
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
  for (let n = 1; n <= l.nodes; n++) {
    const k = perNode[n] - 1; // duplicates on n
    if (k <= 0 || k + 1 <= upperAvg) continue;
    let toEvict = k - (upperAvg - 1); // pods[upperAvg-1:]
    let seen = 0;
    for (let q = 1, at = l.podBase; q <= l.pods && toEvict > 0; q++, at += POD_WORDS) {
      if (s[at + P_LOC] !== n || !listed(ctx, s, x, profile, q, at, d, t)) continue;
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

export function removeDuplicates(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, log: Log | null): void {
  const l = ctx.l;
  const T = ctx.cfg.templates.length;
  // hasExcludedOwnerRefKind: a deployment's pods are owned by a ReplicaSet.
  if (profile.duplicatesExcludeReplicaSets) return;
  for (let d = 1; d <= l.deployments; d++) {
    if (s[depAt(l, d) + D_STATUS] !== 1) continue;
    for (let t = 1; t < T; t++) if (!balanceReplicaSet(ctx, s, x, profile, d, t, log)) return;
  }
  if (log) log.emit(3, 'DeScheduler', 'removeDuplicates plugins finished!');
}
