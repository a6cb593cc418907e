/**
 * Kubelet (docs/model.md §8.4): drains kblQ, starting bound pending pods and deleting terminating
 * ones. Starts and deletions are instant; resources were already assumed by the scheduler, and
 * a deletion gives them back.
 */
import type { ModelContext } from '../model/context.js';
import { inRollout } from './rollout.js';
import { podName } from '../model/config.js';
import {
  D_FLAGS, D_IN_CREATION, D_IN_DELETION, D_REPLICAS, FLAG_ADDED, FLAG_ADDED_EVER, FLAG_EVICTED, G_TIME, N_CPU_LEFT,
  N_MEM_LEFT, N_NUM_POD, N_TAINTS, P_CPU, P_IN_RS, P_LOC, P_MEM, P_OWNER, P_START, P_STATUS, POD_FREE, POD_PENDING,
  POD_RUNNING, POD_TERMINATING, POD_WORDS, Q_DC, Q_DS, Q_HPA, Q_KBL, Q_SCH, Q_TM, depAt, nodeAt, podAt,
} from '../model/layout.js';
import { deploymentRef, nodeRef, podRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, enqueue, queueHead, queueLength, removeFromQueue } from '../model/queues.js';
import { requeueNominated } from './scheduler/default-preemption.js';

const C = 'Kubelet';

export function kubeletEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_KBL) > 0;
}

export function kubeletBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  // The kubelets of all nodes work in parallel: every pod the burst starts starts at the burst's
  // first tick, whatever its place in kblQ (docs/model.md §8.4), though the clock still counts
  // one tick per item.
  const started = s[G_TIME];
  if (ctx.canonical && toTaintManager.length <= l.pods) toTaintManager = new Uint8Array(l.pods + 1); // once per layout
  while (queueLength(s, l, Q_KBL) > 0) {
    handle(ctx, s, queueHead(s, l, Q_KBL), started, log);
    dequeue(s, l, Q_KBL);
    s[G_TIME] += 1; // KUBELET_RUN_TIME (docs/model.md §6.1)
    if (ctx.fine) break; // one item per transition (docs/model.md §7.5)
  }
  if (ctx.canonical) queueForTaintManager(ctx, s);
  return 0;
}

/**
 * With the symmetry reduction, the pods the burst started on a node with a NoExecute taint join
 * the taint manager's queue after the burst, in canonical order (docs/model.md §8.11.2), not in
 * kblQ's order: the taint manager takes one per transition, so their order matters.
 */
let toTaintManager = new Uint8Array(0);
/** How many pods toTaintManager marks, and the last one marked. */
let marked = 0;
let lastMarked = 0;

function queueForTaintManager(ctx: ModelContext, s: Int32Array): void {
  // None or one: no order to take (and no canonical order to compute).
  if (marked <= 1) {
    if (marked === 1) {
      toTaintManager[lastMarked] = 0;
      enqueue(s, ctx.l, Q_TM, lastMarked);
    }
    marked = 0;
    return;
  }
  marked = 0;
  const order = ctx.canonical!.podOrder(s);
  for (let i = 0; i < ctx.l.pods; i++) {
    const q = order[i];
    if (toTaintManager[q] === 0) continue;
    toTaintManager[q] = 0;
    enqueue(s, ctx.l, Q_TM, q);
  }
}

function handle(ctx: ModelContext, s: Int32Array, q: number, started: number, log: Log | null): void {
  const l = ctx.l;
  const cfg = ctx.cfg;
  const at = podAt(l, q);
  const status = s[at + P_STATUS];
  const loc = s[at + P_LOC];
  const owner = s[at + P_OWNER];
  if (status === POD_FREE) {
    if (log) log.emit(2, C, `Pod ${podName(cfg, s, q)} has already been deleted`, [podRef(cfg, s, q)]);
  } else if (status === POD_PENDING && loc !== 0) {
    s[at + P_STATUS] = POD_RUNNING;
    s[at + P_START] = started;
    if (ctx.started && started !== 0) ctx.started[0] = 1; // a start time of 0 is what the time abstraction leaves (system/time.ts)
    if (owner > 0) {
      const dat = depAt(l, owner);
      // Intent bookkeeping, only where a monitor reads it (docs/model.md §10.2).
      const mask = ctx.flagMask[owner] & (FLAG_ADDED | FLAG_ADDED_EVER);
      if (mask !== 0) s[dat + D_FLAGS] |= mask;
      s[at + P_IN_RS] = 1; // joins the replica set's member list (docs/model.md §8.8.2)
      s[dat + D_REPLICAS] += 1;
      s[dat + D_IN_CREATION] -= 1;
      if (cfg.descheduler) enqueue(s, l, Q_DS, owner);
      // A rollout moves on when its new pods become available.
      if (inRollout(ctx, s, owner)) enqueue(s, l, Q_DC, owner);
    }
    // The taint manager's pod update matters only on a node with a NoExecute taint (handlePodUpdate).
    if ((s[nodeAt(l, loc) + N_TAINTS] & cfg.noExecuteMask) !== 0) {
      if (ctx.canonical) {
        if (toTaintManager[q] === 0) marked++;
        toTaintManager[q] = 1;
        lastMarked = q;
      }
      else enqueue(s, l, Q_TM, q);
    }
    if (log) {
      const tail = owner > 0 ? `, deployment ${cfg.deploymentNames[owner]} now have ${s[depAt(l, owner) + D_REPLICAS]} replicas` : '';
      log.emit(1, C, `Created pod ${podName(cfg, s, q)} on node ${cfg.nodeNames[loc]}${tail}`, owner > 0 ? [podRef(cfg, s, q), nodeRef(cfg, loc), deploymentRef(cfg, owner)] : [podRef(cfg, s, q), nodeRef(cfg, loc)], 'Started');
    }
  } else if (status === POD_TERMINATING) {
    const pod = log ? podRef(cfg, s, q) : null; // before the slot is cleared
    if (owner > 0) {
      const dat = depAt(l, owner);
      if (s[at + P_IN_RS] === 1) {
        s[dat + D_REPLICAS] -= 1;
      } else if (s[dat + D_IN_CREATION] > 0) {
        s[dat + D_IN_CREATION] -= 1; // deleted before it started
      }
      s[dat + D_IN_DELETION] -= 1;
      const mask = ctx.flagMask[owner] & FLAG_EVICTED;
      if (mask !== 0) s[dat + D_FLAGS] |= mask;
    }
    if (loc !== 0) {
      const nat = nodeAt(l, loc);
      s[nat + N_NUM_POD] -= 1;
      s[nat + N_CPU_LEFT] += s[at + P_CPU];
      s[nat + N_MEM_LEFT] += s[at + P_MEM];
    }
    // The scheduler's informer drops a deleted pod from its queue (pkg/scheduler/eventhandlers.go
    // deletePodFromSchedulingQueue): a pending pod deleted before it was scheduled (a scale-down
    // or rollout victim, docs/model.md §8.1.1) leaves sQ, so a new pod in its slot queues afresh.
    if (loc === 0) removeFromQueue(s, l, Q_SCH, q);
    // A free slot keeps no stale fields, so equal clusters are equal states (docs/model.md §4.2).
    s.fill(0, at, at + POD_WORDS);
    if (log) {
      const tail = owner > 0 ? `, deployment ${cfg.deploymentNames[owner]} now have ${s[depAt(l, owner) + D_REPLICAS]} replicas` : '';
      const refs = [pod!];
      if (loc !== 0) refs.push(nodeRef(cfg, loc));
      if (owner > 0) refs.push(deploymentRef(cfg, owner));
      log.emit(1, C, `Deleted pod ${pod!.name} on node ${loc === 0 ? '(none)' : cfg.nodeNames[loc]}${tail}`, refs, 'Killing');
    }
    if (owner > 0) {
      enqueue(s, l, Q_DC, owner);
      if (cfg.hpaOn) enqueue(s, l, Q_HPA, owner);
      if (cfg.descheduler) enqueue(s, l, Q_DS, owner);
    }
    // Pods waiting on a preemption try again (docs/model.md §8.2.5).
    requeueNominated(ctx, s, q);
  } else if (status !== POD_RUNNING) {
    // A pending pod with no node: nothing to start (docs/model.md §8.4).
    if (log) log.emit(2, C, `Unknown pod status ${status} with pod Id ${podName(cfg, s, q)} and location ${loc}`, [podRef(cfg, s, q)]);
  }
}
