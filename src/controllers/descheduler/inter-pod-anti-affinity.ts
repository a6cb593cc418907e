/**
 * RemovePodsViolatingInterPodAntiAffinity (docs/model.md §8.7.5, descheduler v0.32
 * pod_antiaffinity.go `Deschedule`, utils `CheckPodsWithAntiAffinityExist`), a Deschedule plugin.
 * The listed pods are every pod bound to a Ready node that the plugin's own filter admits
 * (terminating ones too, as the informer lists them). Ready node by Ready node, in
 * `SortPodsBasedOnPriorityLowToHigh` order, a pod one of whose required anti-affinity terms
 * selects another listed pod (in the term's `namespaces`, or the pod's own; the
 * namespaceSelector is not looked at) on a node of the same topology domain (the same node, or
 * both carrying the term's key with one value: `hasSameLabelValue`) is evicted if it passes both
 * evictor filters; an evicted pod no longer counts for the pods after it. Nodes, and a node's
 * pods among equals of the sort, are visited in the order of controllers/visit-order.ts
 * (canonical where the symmetry reduction applies, docs/model.md §8.11.3).
 */
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, type CompiledPodAffinityTerm, PLUGIN_INTERPOD_ANTI_AFFINITY } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, C, EVICTED, evict, evictable, NODE_LIMIT, TOTAL_LIMIT } from './evictor.js';
import { sortPodsLowToHigh } from './pod-order.js';
import type { PassSnapshot } from './snapshot.js';
import { VISIT_NODES, VISIT_PODS } from '../visit-order.js';

/** Buffers allocated once per cluster. */
export class AntiAffinityScratch {
  /** present[q] = 1: pod q is listed and not evicted yet. */
  readonly present: Uint8Array;
  constructor(pods: number) {
    this.present = new Uint8Array(pods + 1);
  }
}

/** `hasSameLabelValue(node n, node m, term's key)`. */
function sameDomain(term: CompiledPodAffinityTerm, n: number, m: number): boolean {
  return n === m || (term.domainOf[n] !== 0 && term.domainOf[n] === term.domainOf[m]);
}

/** Pod q (template t, on node n) has a required anti-affinity term selecting another listed pod in its domain. */
function violates(ctx: ModelContext, s: Int32Array, w: AntiAffinityScratch, q: number, t: number, n: number): boolean {
  const ip = ctx.cfg.templates[t].interPod;
  if (!ip) return false;
  const terms = ip.requiredAntiAffinity;
  const l = ctx.l;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    for (let u = 1, at = l.podBase; u <= l.pods; u++, at += POD_WORDS) {
      if (u === q || w.present[u] === 0 || term.deschedulerMatchesTemplate[s[at + P_TEMPLATE]] === 0) continue;
      if (sameDomain(term, n, s[at + P_LOC])) return true;
    }
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
  // ListPodsOnNodes over the Ready nodes, with the plugin's namespaces and labelSelector.
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const loc = s[at + P_LOC];
    w.present[q] = loc !== 0 && x.ready[loc] === 1 && s[at + P_STATUS] !== POD_FREE && admitted(profile, PLUGIN_INTERPOD_ANTI_AFFINITY, s[at + P_TEMPLATE]) ? 1 : 0;
  }
  x.visit.start(ctx, s, x.asStored, VISIT_NODES | VISIT_PODS);
  for (let m = 1; m <= l.nodes; m++) {
    const n = x.visit.node(m);
    if (x.ready[n] === 0) continue;
    let count = 0;
    for (let j = 0; j < l.pods; j++) {
      const q = x.visit.pod(j);
      if (w.present[q] === 1 && s[podAt(l, q) + P_LOC] === n) x.podList[count++] = q;
    }
    // Stable: pods of equal priority and QoS keep the visiting order.
    sortPodsLowToHigh(ctx, s, x.podList, count);
    for (let i = 0; i < count; i++) {
      const q = x.podList[i];
      const t = s[podAt(l, q) + P_TEMPLATE];
      if (!violates(ctx, s, w, q, t, n) || !evictable(ctx, s, x, profile, q)) continue;
      if (log) {
        log.emit(1, C, `Pod ${podName(ctx.cfg, s, q)} on node ${ctx.cfg.nodeNames[n]} violates its inter-pod anti-affinity`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
      }
      const code = evict(ctx, s, x, profile, q, log);
      if (code === EVICTED) w.present[q] = 0; // removePodFromNamespaceMap
      else if (code === NODE_LIMIT) break; // on to the next node
      else if (code === TOTAL_LIMIT) return;
    }
  }
  if (log) log.emit(3, 'DeScheduler', 'RemovePodsViolatingInterPodAntiAffinity plugin finished!');
}
