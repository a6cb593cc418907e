/**
 * RemoveDuplicates (docs/model.md §8.7.3, descheduler v0.27): on each Ready node, the second and
 * later pods of one deployment are duplicates. When a deployment has at least two nodes it
 * could land on, pods above ceil(pods / target nodes) per node are evicted, lowest index first.
 */
import { toleratesNode } from '../../model/taints.js';
import { ceilDiv } from '../arith.js';
import type { ModelContext } from '../../model/context.js';
import type { CompiledDeschedulerProfile } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { D_STATUS, D_TEMPLATE, N_STATUS, NODE_READY, P_LOC, P_OWNER, P_STATUS, POD_RUNNING, POD_WORDS, depAt, nodeAt } from '../../model/layout.js';
import { deploymentRef, nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { C, evict, evictable, type EvictionLimits } from './evictor.js';

function nodeReady(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return s[nodeAt(ctx.l, n) + N_STATUS] === NODE_READY;
}

/**
 * Ready nodes a pod of deployment d could land on: its nodeName, required affinity and
 * NoSchedule/NoExecute taints allow it (the reference's taint check compared the wrong
 * variables, docs/model.md §14.2 bug 19). Fewer than two count as none.
 */
function targetNodes(ctx: ModelContext, s: Int32Array, d: number): number {
  const t = ctx.cfg.templates[s[depAt(ctx.l, d) + D_TEMPLATE]];
  let count = 0;
  for (let m = 1; m <= ctx.l.nodes; m++) {
    if (!nodeReady(ctx, s, m)) continue;
    if (t.nodeName !== 0 && t.nodeName !== m) continue;
    if (t.requiredNodes !== null && t.requiredNodes[m] === 0) continue;
    if (!toleratesNode(ctx.l, s, t, m)) continue;
    count++;
  }
  return count <= 1 ? 0 : count;
}

export function removeDuplicates(
  ctx: ModelContext,
  s: Int32Array,
  profile: CompiledDeschedulerProfile,
  limits: EvictionLimits,
  log: Log | null,
): void {
  const l = ctx.l;
  const perNode = ctx.perNode;
  for (let d = 1; d <= l.deployments; d++) {
    if (s[depAt(l, d) + D_STATUS] !== 1) continue;
    // Evictable pods of d per Ready node; the first on a node is the original.
    perNode.fill(0);
    let occ = 0;
    let hasDuplicates = false;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      if (s[at + P_OWNER] !== d) continue;
      const loc = s[at + P_LOC];
      if (loc === 0 || !nodeReady(ctx, s, loc) || !evictable(ctx, s, profile, q)) continue;
      occ++;
      if (++perNode[loc] > 1) hasDuplicates = true;
    }
    if (!hasDuplicates) continue;
    const targets = targetNodes(ctx, s, d);
    if (log) log.emit(4, C, `Number of target nodes for deployment ${ctx.cfg.deploymentNames[d]}: ${targets}`, [deploymentRef(ctx.cfg, d)]);
    if (targets < 2) {
      if (log) log.emit(2, 'DeScheduler', 'Less than two feasible nodes for duplicates to land, skipping eviction', [deploymentRef(ctx.cfg, d)]);
      continue;
    }
    const upperAvg = ceilDiv(occ, targets);
    for (let n = 1; n <= l.nodes; n++) {
      const k = perNode[n] - 1; // duplicates on n
      if (k <= 0 || k + 1 <= upperAvg) continue;
      let toEvict = k - (upperAvg - 1);
      let seen = 0;
      for (let q = 1, at = l.podBase; q <= l.pods && toEvict > 0; q++, at += POD_WORDS) {
        if (s[at + P_OWNER] !== d || s[at + P_LOC] !== n || !evictable(ctx, s, profile, q)) continue;
        if (++seen === 1) continue; // the original stays
        if (log) {
          const status = s[at + P_STATUS] === POD_RUNNING ? 'Running' : 'Pending';
          log.emit(1, C, `Duplicated Pod ${podName(ctx.cfg, s, q)} (status ${status}) on node ${ctx.cfg.nodeNames[n]} pending for deletion!`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'Descheduled');
        }
        if (!evict(ctx, s, profile, limits, q, log)) break;
        toEvict--;
      }
    }
  }
  if (log) log.emit(3, 'DeScheduler', 'removeDuplicates plugins finished!');
}
