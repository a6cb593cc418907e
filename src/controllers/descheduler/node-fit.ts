/**
 * `NodeFit` (descheduler v0.32 pkg/descheduler/node/node.go, docs/model.md §8.7.10): could pod q
 * be scheduled onto node n? Its node selector and required node affinity, NoSchedule and
 * NoExecute taints, its requests against what is left of the node's allocatable (not on its own
 * node), the node is not cordoned (`IsNodeUnschedulable`), and the required anti-affinity of
 * the pod against the pods on the node.
 */
import type { ModelContext } from '../../model/context.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS, podAt } from '../../model/layout.js';
import type { PassSnapshot } from './snapshot.js';

/** `fitsRequest`: each resource the pod requests fits what is left, and one more pod fits. */
function fitsRequest(ctx: ModelContext, x: PassSnapshot, t: number, n: number): boolean {
  const cfg = ctx.cfg;
  const tpl = cfg.templates[t];
  const req = x.requests;
  if (tpl.cpuRequest > 0 && tpl.cpuRequest > cfg.nodeAllocCpu[n] - req.cpu[n]) return false;
  if (tpl.memRequest > 0 && tpl.memRequest > cfg.nodeAllocMem[n] - req.mem[n]) return false;
  const ext = tpl.extendedRequest;
  if (ext !== null) {
    const R = ext.length;
    for (let r = 0; r < R; r++) if (ext[r] > 0 && ext[r] > cfg.nodeAllocExtended[n * R + r] - req.extended[n * R + r]) return false;
  }
  // "check pod num, at least one pod number is available"
  return cfg.nodeAllocPods[n] - x.podCount[n] > 0;
}

/** `podMatchesInterPodAntiAffinity`: a required anti-affinity term of q selects another pod on n, and n has the term's key. */
function antiAffinityMatches(ctx: ModelContext, s: Int32Array, q: number, t: number, n: number): boolean {
  const ip = ctx.cfg.templates[t].interPod;
  if (!ip || ip.requiredAntiAffinity.length === 0) return false;
  const l = ctx.l;
  const terms = ip.requiredAntiAffinity;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (term.domainOf[n] === 0) continue;
    for (let u = 1, at = l.podBase; u <= l.pods; u++, at += POD_WORDS) {
      if (u === q || s[at + P_LOC] !== n || s[at + P_STATUS] === POD_FREE) continue;
      if (term.deschedulerMatchesTemplate[s[at + P_TEMPLATE]] === 1) return true;
    }
  }
  return false;
}

/** `NodeFit(pod, node)`. */
export function nodeFit(ctx: ModelContext, s: Int32Array, x: PassSnapshot, q: number, n: number): boolean {
  const at = podAt(ctx.l, q);
  const t = s[at + P_TEMPLATE];
  const tpl = ctx.cfg.templates[t];
  if (tpl.requiredNodes !== null && tpl.requiredNodes[n] === 0) return false;
  if ((x.taints[n] & tpl.untoleratedScheduleMask) !== 0) return false;
  if (s[at + P_LOC] !== n && !fitsRequest(ctx, x, t, n)) return false;
  if (x.unschedulable[n] === 1) return false; // "node is not schedulable"
  return !antiAffinityMatches(ctx, s, q, t, n);
}

/**
 * `PodFitsAnyOtherNode` over the Ready nodes (or, with `only` given, over the nodes it marks):
 * some node other than the pod's own fits it.
 */
export function podFitsAnyOtherNode(ctx: ModelContext, s: Int32Array, x: PassSnapshot, q: number, only: Uint8Array | null): boolean {
  const loc = s[podAt(ctx.l, q) + P_LOC];
  for (let n = 1; n <= ctx.l.nodes; n++) {
    if (n === loc || x.ready[n] === 0 || (only !== null && only[n] === 0)) continue;
    if (nodeFit(ctx, s, x, q, n)) return true;
  }
  return false;
}

/** `PodFitsAnyNode` over the Ready nodes, the pod's own included. */
export function podFitsAnyNode(ctx: ModelContext, s: Int32Array, x: PassSnapshot, q: number): boolean {
  for (let n = 1; n <= ctx.l.nodes; n++) if (x.ready[n] === 1 && nodeFit(ctx, s, x, q, n)) return true;
  return false;
}
