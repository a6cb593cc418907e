/**
 * RemovePodsViolatingNodeTaints (docs/model.md §8.7.9, descheduler v0.32 node_taint.go
 * `Deschedule`), a Deschedule plugin: Ready node by Ready node, a listed pod (evictor Filter and
 * PreEvictionFilter) that does not tolerate one of the node's NoSchedule taints (PreferNoSchedule
 * too with `includePreferNoSchedule`; `excludedTaints` and `includedTaints` by key or key=value)
 * is evicted. The taints it looks at are compiled per profile and template over the cluster's
 * taint universe (CompiledDeschedulerProfile.taintViolation) and read against the node's
 * current taints (docs/model.md §8.6); a
 * cordoned node's `node.kubernetes.io/unschedulable:NoSchedule` taint counts too. Nodes and their
 * pods are visited in the order of controllers/visit-order.ts (canonical where the symmetry
 * reduction applies, docs/model.md §8.11.3).
 */
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, PLUGIN_NODE_TAINTS } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_TEMPLATE, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, C, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import type { PassSnapshot } from './snapshot.js';
import { VISIT_NODES, VISIT_PODS } from '../visit-order.js';

export function removePodsViolatingNodeTaints(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, log: Log | null): void {
  const l = ctx.l;
  const table = profile.taintViolation!;
  x.visit.start(ctx, s, x.asStored, VISIT_NODES | VISIT_PODS);
  for (let m = 1; m <= l.nodes; m++) {
    const n = x.visit.node(m);
    if (x.ready[n] === 0) continue;
    for (let i = 0; i < l.pods; i++) {
      const q = x.visit.pod(i);
      const at = podAt(l, q);
      if (s[at + P_LOC] !== n) continue;
      const t = s[at + P_TEMPLATE];
      // A cordoned node carries node.kubernetes.io/unschedulable:NoSchedule (docs/model.md §9.8).
      const cordonTaint = x.unschedulable[n] === 1 && profile.taintUnschedulable && !ctx.cfg.templates[t].toleratesUnschedulable;
      if (((x.taints[n] & table[t]) === 0 && !cordonTaint) || !admitted(profile, PLUGIN_NODE_TAINTS, t) || !evictable(ctx, s, x, profile, q)) continue;
      if (log) log.emit(1, C, `Not all taints with NoSchedule effect are tolerated after update for pod ${podName(ctx.cfg, s, q)} on node ${ctx.cfg.nodeNames[n]}`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
      const code = evict(ctx, s, x, profile, q, log);
      if (code === NODE_LIMIT) break;
      if (code === TOTAL_LIMIT) return;
    }
  }
}
