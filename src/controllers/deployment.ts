/**
 * Deployment controller (docs/model.md §8.1): reconciles each deployment's replica count. One
 * transition is one burst: it keeps taking deployments from dcQ while dcQ is non-empty and
 * kblQ is empty (docs/model.md §7.2). A deployment whose pod template changed is rolled out
 * (rollout.ts); otherwise replicas are reconciled as the reference does.
 */
import { newPodCpu } from './events/load.js';
import type { ModelContext } from '../model/context.js';
import { activePods, continueScaleDown, deletePodsToScaleDown } from './pods-to-delete.js';
import { inRollout, rolloutStep } from './rollout.js';
import { podName } from '../model/config.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, D_STATUS, D_TEMPLATE, G_RS_TIE, G_TIME, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD,
  P_CPU, P_CPU_IDX, P_GENERATED, P_IN_RS, P_LOC, P_MEM, P_OWNER, P_START, P_STATUS, P_TEMPLATE, POD_FREE, POD_PENDING,
  POD_WORDS, Q_DC, Q_KBL, Q_SCH, Q_TM, depAt, nodeAt, podAt, type Layout,
} from '../model/layout.js';

const POD_QUEUES = [Q_SCH, Q_KBL, Q_TM];
import { deploymentRef, nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, enqueue, queueHead, queueLength } from '../model/queues.js';
import { addToSchedulingQueue } from './scheduler/queue-sort.js';

const C = 'Deployment';

export function deploymentControllerEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_DC) > 0 && queueLength(s, ctx.l, Q_KBL) === 0;
}

/**
 * One transition: a burst over dcQ, or, while a scale-down waits at a choice of victims
 * (G_RS_TIE, docs/model.md §8.1.1), its choice-th candidate and then the rest of the burst.
 */
export function deploymentControllerBurst(ctx: ModelContext, s: Int32Array, choice: number, log: Log | null): number {
  if (s[G_RS_TIE] !== 0) {
    if (!continueScaleDown(ctx, s, queueHead(s, ctx.l, Q_DC), choice, log)) return 0;
    if (endReconcile(ctx, s)) return 0;
  }
  while (deploymentControllerEnabled(ctx, s)) {
    const d = queueHead(s, ctx.l, Q_DC);
    if (s[depAt(ctx.l, d) + D_STATUS] === 1) reconcile(ctx, s, d, log);
    if (s[G_RS_TIE] !== 0) return 0; // the scale-down waits for its victims to be chosen
    if (endReconcile(ctx, s)) break;
  }
  return 0;
}

/** The head of dcQ is done; true when the transition ends here (fine interleaving). */
function endReconcile(ctx: ModelContext, s: Int32Array): boolean {
  dequeue(s, ctx.l, Q_DC);
  s[G_TIME] += 1; // DEP_RUN_TIME (docs/model.md §6.1)
  return ctx.fine; // one item per transition (docs/model.md §7.5)
}

/** docs/model.md §8.1 for deployment d. */
function reconcile(ctx: ModelContext, s: Int32Array, d: number, log: Log | null): void {
  const cfg = ctx.cfg;
  if (log) log.emit(2, C, `Start to work on deployment ${cfg.deploymentNames[d]}`, [deploymentRef(cfg, d)]);
  if (inRollout(ctx, s, d)) {
    rolloutStep(ctx, s, d, createPods, log);
    return;
  }
  const at = depAt(ctx.l, d);
  const spec = s[at + D_SPEC];
  const replicas = s[at + D_REPLICAS];
  const inCreation = s[at + D_IN_CREATION];
  const inDeletion = s[at + D_IN_DELETION];
  if (spec === replicas + inCreation - inDeletion) {
    if (log) log.emit(2, C, `Deployment ${cfg.deploymentNames[d]} specReplicas is the same as replicas`, [deploymentRef(cfg, d)]);
    return;
  }
  if (log) log.emit(3, C, `replicas spec: ${spec}, cur: ${replicas}, in creation: ${inCreation}, in deletion: ${inDeletion}`, [deploymentRef(cfg, d)]);
  // pkg/controller/replicaset/replica_set.go manageReplicas: diff := len(filteredPods) − spec over
  // the active pods (FilterActivePods: pending or running, not terminating), so pending pods
  // count and may be deleted (docs/model.md §8.1).
  const active = activePods(ctx, s, d);
  if (spec < active) {
    const k = active - spec;
    if (log) log.emit(2, C, `Starting the deployment controller to delete ${k} pods`, [deploymentRef(cfg, d)]);
    deletePodsToScaleDown(ctx, s, d, k, log);
  } else if (spec > replicas + inCreation) {
    const remaining = spec - replicas - inCreation;
    if (log) log.emit(1, C, `Too few replicas, need to create ${remaining}`, [deploymentRef(cfg, d)], 'ScalingReplicaSet');
    // The slow-start batches (1, 2, 4, ...) run inside one indivisible step, so the net effect
    // is "create them all now" (docs/model.md §8.1).
    s[at + D_IN_CREATION] += remaining;
    createPods(ctx, s, d, remaining, log);
  }
}

/**
 * With the symmetry reduction (docs/model.md §8.11): the lowest free slot that no queue still
 * names (all such slots are alike), else the first free slot in canonical order.
 */
function freeSlot(ctx: ModelContext, s: Int32Array): number {
  const l = ctx.l;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] === POD_FREE && !queued(s, l, q)) return q;
  }
  const order = ctx.canonical!.podOrder(s);
  for (let i = 0; i < l.pods; i++) if (s[podAt(l, order[i]) + P_STATUS] === POD_FREE) return order[i];
  return 0;
}

/** Some pod queue (scheduler, kubelet, taint manager) holds slot q. */
function queued(s: Int32Array, l: Layout, q: number): boolean {
  for (let j = 0; j < POD_QUEUES.length; j++) {
    const qb = l.queueBase[POD_QUEUES[j]];
    for (let i = 1; i <= s[qb]; i++) if (s[qb + i] === q) return true;
  }
  return false;
}

/** docs/model.md §8.1.2 `count` times: fill the lowest free slot with a pending pod of d and route it. */
function createPods(ctx: ModelContext, s: Int32Array, d: number, count: number, log: Log | null): void {
  // Slots below the last one filled are taken, so each search starts after it.
  let from = 1;
  for (let i = 0; i < count; i++) from = createPod(ctx, s, d, from, log) + 1;
}

/** Creates one pod in the lowest free slot at or after `from`; returns the slot (0 if none). */
function createPod(ctx: ModelContext, s: Int32Array, d: number, from: number, log: Log | null): number {
  const l = ctx.l;
  let slot = 0;
  if (ctx.canonical) {
    slot = freeSlot(ctx, s);
  } else {
    for (let q = Math.max(1, from), at = podAt(l, q); q <= l.pods; q++, at += POD_WORDS) {
      if (s[at + P_STATUS] === POD_FREE) {
        slot = q;
        break;
      }
    }
  }
  if (slot === 0) {
    // No free slot: the pod is not created but inCreation was already counted. The reference
    // leaks it the same way (docs/model.md §14.2 bug 7) and case c7's story depends on it.
    if (log) log.emit(2, C, `No free pod slot for deployment ${ctx.cfg.deploymentNames[d]}`, [deploymentRef(ctx.cfg, d)]);
    return l.pods;
  }
  const t = s[depAt(l, d) + D_TEMPLATE];
  const tmpl = ctx.cfg.templates[t];
  const at = podAt(l, slot);
  s[at + P_OWNER] = d;
  s[at + P_TEMPLATE] = t;
  s[at + P_LOC] = 0;
  s[at + P_CPU] = newPodCpu(ctx, s, d, t); // the template's usage, or the deployment's load (docs/model.md §9.9)
  s[at + P_MEM] = tmpl.memUsage;
  s[at + P_CPU_IDX] = 1;
  s[at + P_START] = 0;
  s[at + P_IN_RS] = 0;
  s[at + P_GENERATED] = 1;
  s[at + P_STATUS] = POD_PENDING;
  if (tmpl.nodeName !== 0) {
    // spec.nodeName: the pod bypasses the scheduler and goes to the kubelet (docs/model.md §8.1.2). The
    // reference printed a second line for this; kivi says it on the creation line.
    if (log) {
      log.emit(1, C, `Adding a new pod ${podName(ctx.cfg, s, slot)} to deployment ${ctx.cfg.deploymentNames[d]} (nodeName ${ctx.cfg.nodeNames[tmpl.nodeName]}: straight to the kubelet)`, [podRef(ctx.cfg, s, slot), deploymentRef(ctx.cfg, d), nodeRef(ctx.cfg, tmpl.nodeName)], 'SuccessfulCreate');
    }
    const n = tmpl.nodeName;
    s[at + P_LOC] = n;
    // The pod uses the node's resources like a scheduled one, so its deletion gives back what it
    // took (the reference only gave back, docs/model.md §14.2 bug 9).
    const nat = nodeAt(l, n);
    s[nat + N_NUM_POD] += 1;
    s[nat + N_CPU_LEFT] -= s[at + P_CPU];
    s[nat + N_MEM_LEFT] -= s[at + P_MEM];
    enqueue(s, l, Q_KBL, slot);
  } else {
    if (log) log.emit(1, C, `Adding a new pod ${podName(ctx.cfg, s, slot)} to deployment ${ctx.cfg.deploymentNames[d]}`, [podRef(ctx.cfg, s, slot), deploymentRef(ctx.cfg, d)], 'SuccessfulCreate');
    addToSchedulingQueue(s, l, ctx.cfg.templates, slot);
  }
  return slot;
}
