/**
 * Deployment controller (docs/model.md §8.1): reconciles each deployment's replica count. One
 * transition is one burst: it keeps taking deployments from dcQ while dcQ is non-empty and
 * kblQ is empty (docs/model.md §7.2). A deployment whose pod template changed is rolled out
 * (rollout.ts); otherwise replicas are reconciled as the reference does.
 */
import { newPodCpu } from './events/load.js';
import type { ModelContext } from '../model/context.js';
import { markForDeletion } from './helpers.js';
import { inRollout, rolloutStep } from './rollout.js';
import { podName } from '../model/config.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, D_STATUS, D_TEMPLATE, G_TIME, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD,
  P_CPU, P_CPU_IDX, P_GENERATED, P_IN_RS, P_LOC, P_MEM, P_OWNER, P_START, P_STATUS, P_TEMPLATE, POD_FREE, POD_PENDING,
  POD_RUNNING, POD_WORDS, Q_DC, Q_KBL, Q_SCH, Q_TM, depAt, nodeAt, podAt, type Layout,
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

export function deploymentControllerBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  while (deploymentControllerEnabled(ctx, s)) {
    const d = queueHead(s, ctx.l, Q_DC);
    if (s[depAt(ctx.l, d) + D_STATUS] === 1) reconcile(ctx, s, d, log);
    dequeue(s, ctx.l, Q_DC);
    s[G_TIME] += 1; // DEP_RUN_TIME (docs/model.md §6.1)
    if (ctx.fine) break; // one item per transition (docs/model.md §7.5)
  }
  return 0;
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
  if (spec < replicas - inDeletion) {
    const k = replicas - spec - inDeletion;
    if (log) log.emit(2, C, `Starting the deployment controller to delete ${k} pods`, [deploymentRef(cfg, d)]);
    for (let i = 0; i < k; i++) {
      const victim = scaleDownVictim(ctx, s, d, i === 0);
      if (victim === 0) break; // no running pod left (cannot happen with consistent counters)
      if (log) log.emit(2, C, `Deleting pod ${podName(cfg, s, victim)}`, [podRef(cfg, s, victim)]);
      markForDeletion(ctx, s, victim);
    }
  } else if (spec > replicas + inCreation) {
    const remaining = spec - replicas - inCreation;
    if (log) log.emit(1, C, `Too few replicas, need to create ${remaining}`, [deploymentRef(cfg, d)], 'ScalingReplicaSet');
    // The slow-start batches (1, 2, 4, ...) run inside one indivisible step, so the net effect
    // is "create them all now" (docs/model.md §8.1).
    s[at + D_IN_CREATION] += remaining;
    createPods(ctx, s, d, remaining, log);
  }
  // Otherwise (pending pods already cover the difference) nothing happens, as in the reference.
}

/**
 * Where a scale-down stands between two calls of scaleDownVictim: the largest count of running
 * pods of d on a node, how many nodes have it, and the slot to resume the search at. Set by each
 * recount and only used by the calls of the same (synchronous) scale-down.
 */
const victims = { most: 0, nodesAtMost: 0, resume: 0, order: null as Int32Array | null };

/**
 * docs/model.md §8.1.1: the first running pod of d, in slot order, on a node that hosts the most
 * running pods of d (Kubernetes deletes pods co-located with more siblings first:
 * pkg/controller/replicaset/replica_set.go getPodsToDelete ranks by related pods on the node).
 * Upstream's order among equally ranked pods is left open (sort.Sort over the informer's list);
 * when the symmetry reduction applies it is the canonical order (§8.11), else slot order. The
 * counts per node and the order are taken when `recount` is set; later calls (the caller marked
 * the previous victim for deletion) go on from them, less the victims already chosen. Until the
 * largest count drops, no pod before the previous victim can be the next one (counts only drop),
 * so the search resumes after it.
 */
function scaleDownVictim(ctx: ModelContext, s: Int32Array, d: number, recount: boolean): number {
  const l = ctx.l;
  const perNode = ctx.perNode;
  if (recount) {
    perNode.fill(0);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      if (s[at + P_STATUS] === POD_RUNNING && s[at + P_OWNER] === d) perNode[s[at + P_LOC]] += 1;
    }
    victims.most = 0;
    for (let n = 0; n <= l.nodes; n++) if (perNode[n] > victims.most) victims.most = perNode[n];
    victims.nodesAtMost = nodesWith(perNode, victims.most);
    victims.resume = 0;
    victims.order = ctx.canonical ? ctx.canonical.podOrder(s) : null;
  }
  const most = victims.most;
  if (most === 0) return 0;
  const order = victims.order;
  for (let i = victims.resume; i < l.pods; i++) {
    const q = order === null ? i + 1 : order[i];
    const at = podAt(l, q);
    if (s[at + P_STATUS] !== POD_RUNNING || s[at + P_OWNER] !== d || perNode[s[at + P_LOC]] !== most) continue;
    perNode[s[at + P_LOC]] -= 1;
    if (--victims.nodesAtMost > 0) {
      victims.resume = i + 1;
    } else {
      // No node has `most` any more; this one now has most − 1.
      victims.most = most - 1;
      victims.nodesAtMost = nodesWith(perNode, most - 1);
      victims.resume = 0;
    }
    return q;
  }
  return 0;
}

/** How many nodes (and the unbound slot 0) have exactly `count`. */
function nodesWith(perNode: Int32Array, count: number): number {
  let k = 0;
  for (let n = 0; n < perNode.length; n++) if (perNode[n] === count) k++;
  return k;
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
