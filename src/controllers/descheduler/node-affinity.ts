/**
 * RemovePodsViolatingNodeAffinity (docs/model.md §8.7.8, descheduler v0.32 node_affinity.go
 * `Deschedule`, `processNodes`), a Deschedule plugin. For each `nodeAffinityType`, Ready node by
 * Ready node, a listed pod (evictor Filter and PreEvictionFilter) is evicted when:
 * - requiredDuringSchedulingIgnoredDuringExecution: it has required node affinity, it fits some
 *   Ready node (`PodFitsAnyNode`) and its node no longer matches its node selector and required
 *   affinity (`PodMatchNodeSelector`);
 * - preferredDuringSchedulingIgnoredDuringExecution: it has preferred terms, fits some Ready node,
 *   and some Ready node has a larger preferred weight than its own.
 * Nodes and their pods are visited in the order of controllers/visit-order.ts (canonical where
 * the symmetry reduction applies, docs/model.md §8.11.3).
 */
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, PLUGIN_NODE_AFFINITY } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_TEMPLATE, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, C, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import { podFitsAnyNode } from './node-fit.js';
import type { PassSnapshot } from './snapshot.js';
import { VISIT_NODES, VISIT_PODS } from '../visit-order.js';

/** `GetBestNodeWeightGivenPodPreferredAffinity` over the Ready nodes. */
function bestWeight(x: PassSnapshot, weights: Int32Array): number {
  let best = 0;
  for (let n = 1; n < weights.length; n++) if (x.ready[n] === 1 && weights[n] > best) best = weights[n];
  return best;
}

/** Does the pod of template t on node n violate its affinity of this kind? */
function violates(ctx: ModelContext, x: PassSnapshot, t: number, n: number, required: boolean): boolean {
  const tpl = ctx.cfg.templates[t];
  if (required) return tpl.hasRequiredAffinity && tpl.requiredNodes !== null && tpl.requiredNodes[n] === 0;
  return tpl.preferredWeight !== null && bestWeight(x, tpl.preferredWeight) > tpl.preferredWeight[n];
}

/** One nodeAffinityType; returns false when the total limit stops the plugin. */
function processNodes(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, required: boolean, log: Log | null): boolean {
  const l = ctx.l;
  for (let m = 1; m <= l.nodes; m++) {
    const n = x.visit.node(m);
    if (x.ready[n] === 0) continue;
    for (let i = 0; i < l.pods; i++) {
      const q = x.visit.pod(i);
      const at = podAt(l, q);
      if (s[at + P_LOC] !== n) continue;
      const t = s[at + P_TEMPLATE];
      if (!admitted(profile, PLUGIN_NODE_AFFINITY, t) || !violates(ctx, x, t, n, required) || !evictable(ctx, s, x, profile, q) || !podFitsAnyNode(ctx, s, x, q)) continue;
      if (log) log.emit(1, C, `Evicting pod ${podName(ctx.cfg, s, q)}: node ${ctx.cfg.nodeNames[n]} violates its node affinity`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
      const code = evict(ctx, s, x, profile, q, log);
      if (code === NODE_LIMIT) break;
      if (code === TOTAL_LIMIT) return false;
    }
  }
  return true;
}

export function removePodsViolatingNodeAffinity(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, log: Log | null): void {
  // One order for both nodeAffinityTypes, from the state the plugin starts from (visit-order.ts).
  x.visit.start(ctx, s, x.asStored, VISIT_NODES | VISIT_PODS);
  if (profile.affinityRequired && !processNodes(ctx, s, x, profile, true, log)) return;
  if (profile.affinityPreferred) processNodes(ctx, s, x, profile, false, log);
}
