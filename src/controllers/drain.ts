/**
 * A node drain as `kubectl drain --ignore-daemonsets --force` does it (docs/model.md §9.8;
 * staging/src/k8s.io/kubectl/pkg/drain): cordon the node, evict each of its pods through the
 * Eviction API (§8.9.2), retry the refused ones, and wait until every pod is gone. DaemonSet pods
 * and mirror pods stay; kivi holds neither in pod slots (a DaemonSet's pods are reserved
 * capacity, §8.2.2), so every pod of a slot on the node is evicted, bare pods too (`--force`).
 *
 * kubectl retries a refused eviction every 5 seconds until its timeout (none by default). kivi
 * keeps no retry counter: the drain stays enabled while some pod of the node can be evicted now
 * and waits otherwise, so a budget that never allows the eviction leaves the drain stuck, an
 * invalid end state that names the pods that block it.
 */
import type { ModelContext } from '../model/context.js';
import { podName } from '../model/config.js';
import { N_NUM_POD, N_UNSCHEDULABLE, P_LOC, P_STATUS, POD_FREE, POD_TERMINATING, POD_WORDS, nodeAt, podAt } from '../model/layout.js';
import { nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { budgetOfPod, EVICTION_OK, evictionAnswer, evictPod } from './eviction.js';
import { VISIT_PODS, type VisitOrder } from './visit-order.js';

/** What a drain of a node can do next (drainProgress). */
export const DRAIN_DONE = 0; // no pod is left on the node
export const DRAIN_CAN_EVICT = 1; // some pod of the node would be evicted now
export const DRAIN_WAITING = 2; // only pods being deleted, or pods a budget keeps, are left

/** `kubectl cordon`: spec.unschedulable = true. */
export function cordon(ctx: ModelContext, s: Int32Array, n: number, by: string, log: Log | null): void {
  s[nodeAt(ctx.l, n) + N_UNSCHEDULABLE] = 1;
  if (log) log.emit(2, by, `Cordoned node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
}

/** `kubectl uncordon`. */
export function uncordon(ctx: ModelContext, s: Int32Array, n: number, by: string, log: Log | null): void {
  s[nodeAt(ctx.l, n) + N_UNSCHEDULABLE] = 0;
  if (log) log.emit(2, by, `Uncordoned node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
}

export function drainProgress(ctx: ModelContext, s: Int32Array, n: number): number {
  const l = ctx.l;
  if (s[nodeAt(l, n) + N_NUM_POD] === 0) return DRAIN_DONE; // no pod is bound to n (N_NUM_POD counts them)
  let any = false;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (st === POD_FREE || s[at + P_LOC] !== n) continue;
    any = true;
    if (st !== POD_TERMINATING && evictionAnswer(ctx, s, q) === EVICTION_OK) return DRAIN_CAN_EVICT;
  }
  return any ? DRAIN_WAITING : DRAIN_DONE;
}

/**
 * One round of evictions: every pod of node n that is not already terminating is asked for, in
 * slot order, or where the symmetry reduction applies in canonical order (docs/model.md §8.11.3:
 * with several deployments the order of the evicted pods in the kubelet's queue matters; kubectl
 * sends them concurrently, so no order is Kubernetes'). Each answer counts the evictions before it.
 */
export function evictNodePods(ctx: ModelContext, s: Int32Array, n: number, visit: VisitOrder, by: string, log: Log | null): void {
  const l = ctx.l;
  // Only the order of n's pods among themselves is read: their keys' order, which neither the
  // cordon before a first round nor anything before a retry changed (visit-order.ts, `asStored`).
  visit.start(ctx, s, true, VISIT_PODS);
  for (let i = 0; i < l.pods; i++) {
    const q = visit.pod(i);
    const at = podAt(l, q);
    const st = s[at + P_STATUS];
    if (st === POD_FREE || st === POD_TERMINATING || s[at + P_LOC] !== n) continue;
    if (log) {
      const answer = evictionAnswer(ctx, s, q);
      const name = podName(ctx.cfg, s, q);
      if (answer === EVICTION_OK) log.emit(2, by, `Evicting pod ${name}`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'Evicted');
      else log.emit(2, by, `error when evicting pod "${name}" (will retry after 5s): ${refusal(ctx, s, q, answer)}`, [podRef(ctx.cfg, s, q)]);
    }
    evictPod(ctx, s, q);
  }
}

function refusal(ctx: ModelContext, s: Int32Array, q: number, answer: number): string {
  if (answer === 500) return 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
  const b = budgetOfPod(ctx, s, q);
  const name = b >= 0 ? ` (PodDisruptionBudget ${ctx.cfg.budgets[b].name})` : '';
  return `Cannot evict pod as it would violate the pod's disruption budget${name}.`;
}

/**
 * The pods that keep a drain of node n waiting, for the report of a stuck drain: each with the
 * reason (`web-1 (PodDisruptionBudget web)`).
 */
export function blockingPods(ctx: ModelContext, s: Int32Array, n: number): string[] {
  const l = ctx.l;
  const out: string[] = [];
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const st = s[at + P_STATUS];
    if (st === POD_FREE || s[at + P_LOC] !== n) continue;
    if (st === POD_TERMINATING) {
      out.push(`${podName(ctx.cfg, s, q)} (terminating)`);
      continue;
    }
    const b = budgetOfPod(ctx, s, q);
    out.push(`${podName(ctx.cfg, s, q)} (${b >= 0 ? `PodDisruptionBudget ${ctx.cfg.budgets[b].name}` : 'more than one PodDisruptionBudget'})`);
  }
  return out;
}
