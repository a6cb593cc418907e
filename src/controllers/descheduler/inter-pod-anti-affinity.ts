/**
 * RemovePodsViolatingInterPodAntiAffinity (docs/model.md §8.7.5, descheduler v0.27, a
 * Deschedule plugin: `Deschedule` in pod_antiaffinity.go). Node by node, in
 * `SortPodsBasedOnPriorityLowToHigh` order, a pod whose required
 * anti-affinity selects another pod on the *same node* is evicted; the descheduler of v0.27 does
 * not look at the term's topology key nor at its namespaceSelector
 * (CompiledPodAffinityTerm.deschedulerMatchesTemplate). An evicted pod no longer counts against
 * the pods after it.
 */
import type { ModelContext } from '../../model/context.js';
import type { CompiledDeschedulerProfile } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, POD_WORDS, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { C, EVICTED, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import { sortPodsLowToHigh } from './pod-order.js';
import type { PassSnapshot } from './snapshot.js';

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
  x: PassSnapshot,
  profile: CompiledDeschedulerProfile,
  w: AntiAffinityScratch,
  log: Log | null,
): void {
  const l = ctx.l;
  for (let n = 1; n <= l.nodes; n++) {
    if (x.ready[n] === 0) continue;
    // The node's pods: running, or pending and bound to it, sorted low to high priority.
    w.onNode.fill(0);
    let count = 0;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      const st = s[at + P_STATUS];
      const on = (st === POD_RUNNING || st === POD_PENDING) && s[at + P_LOC] === n;
      w.present[q] = on ? 1 : 0;
      if (!on) continue;
      w.onNode[s[at + P_TEMPLATE]] += 1;
      x.podList[count++] = q;
    }
    sortPodsLowToHigh(ctx, s, x.podList, count);
    for (let i = 0; i < count; i++) {
      const q = x.podList[i];
      const t = s[podAt(l, q) + P_TEMPLATE];
      if (!violates(ctx, w, t) || !evictable(ctx, s, x, profile, q)) continue;
      if (log) {
        log.emit(1, C, `Pod ${podName(ctx.cfg, s, q)} on node ${ctx.cfg.nodeNames[n]} violates its inter-pod anti-affinity`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
      }
      const code = evict(ctx, s, x, profile, q, log);
      if (code === EVICTED) {
        w.present[q] = 0;
        w.onNode[t] -= 1;
      } else if (code === NODE_LIMIT) break; // on to the next node
      else if (code === TOTAL_LIMIT) return;
    }
  }
  if (log) log.emit(3, 'DeScheduler', 'RemovePodsViolatingInterPodAntiAffinity plugin finished!');
}
