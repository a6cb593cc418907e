/**
 * RemovePodsViolatingInterPodAntiAffinity (docs/model.md §8.7.5, descheduler v0.27, a
 * Deschedule plugin: `Deschedule` in pod_antiaffinity.go). Node by node, a pod whose required
 * anti-affinity selects another pod on the *same node* is evicted; the descheduler of v0.27 does
 * not look at the term's topology key nor at its namespaceSelector
 * (CompiledPodAffinityTerm.deschedulerMatchesTemplate). An evicted pod no longer counts against
 * the pods after it.
 */
import type { ModelContext } from '../../model/context.js';
import type { CompiledDeschedulerProfile } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { N_STATUS, NODE_READY, P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, POD_WORDS, nodeAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { C, evict, evictable, type EvictionLimits } from './evictor.js';

/** Buffers allocated once per cluster. */
export class AntiAffinityScratch {
  /** present[q] = 1: pod q is on the node being processed and not evicted yet. */
  readonly present: Uint8Array;
  /** onNode[t]: such pods of template t. */
  readonly onNode: Int32Array;
  constructor(pods: number, templates: number) {
    this.present = new Uint8Array(pods + 1);
    this.onNode = new Int32Array(templates + 1);
  }
}

/**
 * Where pod q comes in the node's list, sorted as `SortPodsBasedOnPriorityLowToHigh`: lower
 * priority first (system-critical pods last), then BestEffort pods (no requests) before the
 * others; kivi knows no limits, so Burstable and Guaranteed stay in slot order.
 */
function rank(ctx: ModelContext, t: number): number {
  const tpl = ctx.cfg.templates[t];
  const bestEffort = tpl.cpuRequest === 0 && tpl.memRequest === 0;
  return (tpl.critical ? 2 : 0) + (bestEffort ? 0 : 1);
}

/** Pod q (of template t) has a required anti-affinity term that selects another pod on its node. */
function violates(ctx: ModelContext, x: AntiAffinityScratch, t: number): boolean {
  const ip = ctx.cfg.templates[t].interPod;
  if (!ip) return false;
  const terms = ip.requiredAntiAffinity;
  for (let i = 0; i < terms.length; i++) {
    const sel = terms[i].deschedulerMatchesTemplate;
    // Other pods only (checkPodsWithAntiAffinityExist skips the pod itself).
    let others = sel[t] === 1 ? -1 : 0;
    for (let u = 1; u < sel.length; u++) if (sel[u] === 1) others += x.onNode[u];
    if (others > 0) return true;
  }
  return false;
}

export function removePodsViolatingInterPodAntiAffinity(
  ctx: ModelContext,
  s: Int32Array,
  profile: CompiledDeschedulerProfile,
  limits: EvictionLimits,
  x: AntiAffinityScratch,
  log: Log | null,
): void {
  const l = ctx.l;
  nodes: for (let n = 1; n <= l.nodes; n++) {
    if (s[nodeAt(l, n) + N_STATUS] !== NODE_READY) continue;
    // The node's pods: running, or pending and bound to it.
    x.onNode.fill(0);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      const st = s[at + P_STATUS];
      const on = (st === POD_RUNNING || st === POD_PENDING) && s[at + P_LOC] === n;
      x.present[q] = on ? 1 : 0;
      if (on) x.onNode[s[at + P_TEMPLATE]] += 1;
    }
    for (let r = 0; r < 4; r++) {
      for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
        if (x.present[q] === 0) continue;
        const t = s[at + P_TEMPLATE];
        if (rank(ctx, t) !== r) continue;
        if (violates(ctx, x, t) && evictable(ctx, s, profile, q)) {
          if (log) {
            log.emit(1, C, `Pod ${podName(ctx.cfg, s, q)} on node ${ctx.cfg.nodeNames[n]} violates its inter-pod anti-affinity`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
          }
          if (evict(ctx, s, profile, limits, q, log)) {
            x.present[q] = 0;
            x.onNode[t] -= 1;
          }
        }
        // NodeLimitExceeded: on to the next node.
        if (limits.onNode[n] >= profile.maxPerNode) continue nodes;
      }
    }
  }
  if (log) log.emit(3, 'DeScheduler', 'RemovePodsViolatingInterPodAntiAffinity plugin finished!');
}
