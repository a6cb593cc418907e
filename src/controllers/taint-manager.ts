/**
 * The taint manager (docs/model.md §8.6; pkg/controller/tainteviction/taint_eviction.go): a pod
 * on a node with a NoExecute taint it does not tolerate is deleted at once; one whose tolerations
 * of all the node's NoExecute taints carry `tolerationSeconds` is deleted when the shortest runs
 * out, counted from when the taint manager saw the pod with those taints; without
 * `tolerationSeconds` the pod stays. A node losing its NoExecute taints cancels its pods'
 * deletions. Deletions are involuntary: no Eviction API, no PodDisruptionBudget.
 *
 * Node updates (`handleNodeUpdate`) run in the transition that changed the node's taints; pod
 * updates come through tmQ (the kubelet queues a pod that starts on a node with a NoExecute
 * taint), one per transition as in the reference; timed deletions fire when due or, as every
 * timer of the model, sooner when the cluster is Q5-idle, moving the clock to the due time
 * (docs/model.md §6.1).
 */
import { setTmDue } from './tm-due.js';
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';
import { podName } from '../model/config.js';
import {
  D_FLAGS, depAt, FLAG_TM_EVICTED, G_TIME, G_TM_SCHEDULED, N_NUM_POD, nodeAt, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, P_TM_DUE, POD_FREE, POD_TERMINATING, POD_WORDS,
  Q_TM, podAt,
} from '../model/layout.js';
import { nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, queueHead, queueLength, q5Idle } from '../model/queues.js';
import { minTolerationTicks, nodeTaints } from '../model/taints.js';

/** Pod q is bound and not yet being deleted. */
function assigned(s: Int32Array, at: number): boolean {
  const st = s[at + P_STATUS];
  return s[at + P_LOC] !== 0 && st !== POD_FREE && st !== POD_TERMINATING;
}

/**
 * The taint manager deletes pod q (involuntary: no Eviction API). Its deployment records it for
 * evicted_pod_rescheduled (docs/model.md §10.1).
 */
function taintEviction(ctx: ModelContext, s: Int32Array, q: number): void {
  const owner = s[podAt(ctx.l, q) + P_OWNER];
  if (owner > 0) s[depAt(ctx.l, owner) + D_FLAGS] |= ctx.flagMask[owner] & FLAG_TM_EVICTED;
  markForDeletion(ctx, s, q);
}

/**
 * `processPodOnNode` for pod q on its node, as the node's taints are now. A deletion already
 * scheduled is kept as it is (upstream keeps the earlier work: its start is before now).
 */
export function processPodOnNode(ctx: ModelContext, s: Int32Array, q: number, log: Log | null): void {
  const at = podAt(ctx.l, q);
  if (!assigned(s, at)) return;
  const n = s[at + P_LOC];
  const noExecute = nodeTaints(ctx.l, s, n) & ctx.cfg.noExecuteMask;
  if (noExecute === 0) {
    setTmDue(s, at, 0); // cancelWorkWithEvent
    return;
  }
  const t = ctx.cfg.templates[s[at + P_TEMPLATE]];
  if ((noExecute & t.untoleratedExecuteMask) !== 0) {
    // Not all taints are tolerated: AddWork at now, the pod is deleted right away.
    if (log) {
      // The reference's tag is spelled "taintManger"; kept so reports read the same.
      log.emit(1, 'taintManger', `The pod ${podName(ctx.cfg, s, q)} is pending for eviction as it cannot tolerate the taint on node ${ctx.cfg.nodeNames[n]}`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'TaintManagerEviction');
    }
    taintEviction(ctx, s, q);
    return;
  }
  const ticks = minTolerationTicks(t, noExecute);
  if (ticks < 0) {
    setTmDue(s, at, 0); // tolerated forever: cancel any scheduled deletion
    return;
  }
  if (s[at + P_TM_DUE] !== 0) return;
  if (ticks === 0) {
    if (log) log.emit(1, 'taintManger', `The pod ${podName(ctx.cfg, s, q)} tolerates the taint on node ${ctx.cfg.nodeNames[n]} for 0 seconds: deleted`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'TaintManagerEviction');
    taintEviction(ctx, s, q);
    return;
  }
  setTmDue(s, at, s[G_TIME] + ticks + 1);
  if (log) log.emit(2, 'taintManger', `The pod ${podName(ctx.cfg, s, q)} tolerates the taint on node ${ctx.cfg.nodeNames[n]} for ${ticks / 10} seconds`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)]);
}

/** `handleNodeUpdate`: node n's NoExecute taints changed; every pod assigned to it is looked at again. */
export function nodeTaintsUpdated(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): void {
  if (!ctx.cfg.taintsOn) return;
  const l = ctx.l;
  if (s[nodeAt(l, n) + N_NUM_POD] === 0) return; // no pod is bound to n (N_NUM_POD counts them)
  const k = podsOn(ctx, s, n);
  // Each deletion joins the kubelet's queue: in canonical order where the symmetry reduction
  // applies (docs/model.md §8.11), else in slot order (upstream: the informer's). With at most
  // one pod on n there is no order to take (processPodOnNode binds no pod to n).
  if (!ctx.canonical || k <= 1) {
    for (let i = 0; i < k; i++) processPodOnNode(ctx, s, onNode[i], log);
    return;
  }
  const order = ctx.canonical.podOrder(s);
  for (let i = 0; i < l.pods; i++) {
    const q = order[i];
    if (s[podAt(l, q) + P_LOC] === n) processPodOnNode(ctx, s, q, log);
  }
}

/** nodeTaintsUpdated's pods on the node, in slot order. */
let onNode = new Int32Array(0);

/** Lists the pod slots bound to node n in onNode, in slot order; returns how many. */
function podsOn(ctx: ModelContext, s: Int32Array, n: number): number {
  if (onNode.length < ctx.l.pods) onNode = new Int32Array(ctx.l.pods); // once per layout
  let k = 0;
  for (let at = ctx.l.podBase + P_LOC, q = 1; q <= ctx.l.pods; q++, at += POD_WORDS) if (s[at] === n) onNode[k++] = q;
  return k;
}

/** The scheduled deletions due by `now`. */
function dueCount(ctx: ModelContext, s: Int32Array, now: number): number {
  let k = 0;
  for (let at = ctx.l.podBase + P_TM_DUE, q = 1; q <= ctx.l.pods; q++, at += POD_WORDS) {
    const w = s[at];
    if (w !== 0 && w - 1 <= now) k++;
  }
  return k;
}

/** The earliest due time of a scheduled deletion, or -1 when none is scheduled. */
function earliestDue(ctx: ModelContext, s: Int32Array): number {
  const l = ctx.l;
  let due = -1;
  if (s[G_TM_SCHEDULED] === 0) return due; // none scheduled (tm-due.ts): no pass over the pods
  for (let at = l.podBase + P_TM_DUE, q = 1; q <= l.pods; q++, at += POD_WORDS) {
    const w = s[at];
    if (w !== 0 && (due < 0 || w - 1 < due)) due = w - 1;
  }
  return due;
}

export function taintManagerEnabled(ctx: ModelContext, s: Int32Array): boolean {
  if (queueLength(s, ctx.l, Q_TM) > 0) return true;
  const due = earliestDue(ctx, s);
  return due >= 0 && (due <= s[G_TIME] || q5Idle(s, ctx.l));
}

export function taintManagerStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  if (queueLength(s, l, Q_TM) > 0) {
    // handlePodUpdate
    processPodOnNode(ctx, s, queueHead(s, l, Q_TM), log);
    dequeue(s, l, Q_TM);
    s[G_TIME] += 1;
    return 0;
  }
  // The taint eviction queue's workers: the earliest deletion, and every other one due by then.
  const due = earliestDue(ctx, s);
  if (due > s[G_TIME]) s[G_TIME] = due;
  const now = s[G_TIME];
  // As in nodeTaintsUpdated; a single due deletion needs no order.
  const order = ctx.canonical && dueCount(ctx, s, now) > 1 ? ctx.canonical.podOrder(s) : null;
  for (let i = 0; i < l.pods; i++) {
    const q = order === null ? i + 1 : order[i];
    const at = podAt(l, q);
    const w = s[at + P_TM_DUE];
    if (w === 0 || w - 1 > now) continue;
    setTmDue(s, at, 0);
    if (!assigned(s, at)) continue;
    if (log) {
      const n = s[at + P_LOC];
      log.emit(1, 'taintManger', `The pod ${podName(ctx.cfg, s, q)} is deleted: its toleration of the NoExecute taint on node ${ctx.cfg.nodeNames[n]} ran out`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, n)], 'TaintManagerEviction');
    }
    taintEviction(ctx, s, q);
  }
  return 0;
}
