/**
 * eventCpuChange(d) (docs/model.md §9.3): one upward CPU bump of 1..6 units on one started
 * member of d's replica set, at most once. Spawned processes poll: while the cluster is busy and
 * fewer than 600 ticks have passed since the spawn, a poll gives up for good; otherwise it arms.
 * An armed event waits for the deployment to have a started pod, then chooses the pod and the
 * amount (rsReplicas × 6 successors).
 */
import type { ModelContext } from '../../model/context.js';
import { podName } from '../../model/config.js';
import {
  D_REPLICAS, E_A, E_PHASE, G_TIME, N_CPU_LEFT, P_CPU, P_IN_RS, P_LOC, P_OWNER, POD_WORDS, Q_HPA, depAt,
  eventAt, nodeAt, podAt,
} from '../../model/layout.js';
import { deploymentRef, nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { enqueue, q5Idle } from '../../model/queues.js';
import { EVENT_ARMED, EVENT_DONE, EVENT_READY } from '../../model/phases.js';

export const EVENT_CPU_TIME = 600;
/** The amount is chosen from 1..CPU_CHANGE_MAX (upward only, as in the reference). */
export const CPU_CHANGE_MAX = 6;

/** Number of successors of event e now (0 = blocked or finished). */
export function cpuChangeChoices(ctx: ModelContext, s: Int32Array, e: number): number {
  const phase = s[eventAt(ctx.l, e) + E_PHASE];
  if (phase === EVENT_READY) return 1;
  if (phase === EVENT_ARMED) return s[depAt(ctx.l, ctx.cfg.events[e].deployment) + D_REPLICAS] * CPU_CHANGE_MAX;
  return 0;
}

export function cpuChangeStep(ctx: ModelContext, s: Int32Array, e: number, choice: number, log: Log | null): number {
  const at = eventAt(ctx.l, e);
  if (s[at + E_PHASE] === EVENT_READY) {
    // Guard: 600 ticks since the spawn, or Q5-idle. Otherwise the `else` branch: give up.
    const armed = s[G_TIME] - s[at + E_A] >= EVENT_CPU_TIME || q5Idle(s, ctx.l);
    s[at + E_PHASE] = armed ? EVENT_ARMED : EVENT_DONE;
    if (log && !armed) log.emit(2, 'eventCpuChange', 'The cluster is busy: the CPU change event gives up');
    return 0;
  }
  const d = ctx.cfg.events[e].deployment;
  const index = Math.trunc(choice / CPU_CHANGE_MAX);
  const delta = (choice % CPU_CHANGE_MAX) + 1;
  const q = replicaSetMember(ctx, s, d, index);
  if (log) log.emit(2, 'eventCpuChange', `Index ${index} is selected`, [deploymentRef(ctx.cfg, d)]);
  changePodCpu(ctx, s, q, delta, log);
  if (ctx.cfg.hpaOn) enqueue(s, ctx.l, Q_HPA, d);
  s[at + E_PHASE] = EVENT_DONE;
  return 0;
}

/** The index-th started member of d's replica set, in ascending slot order (terminating included). */
function replicaSetMember(ctx: ModelContext, s: Int32Array, d: number, index: number): number {
  const l = ctx.l;
  let seen = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_IN_RS] !== 1 || s[at + P_OWNER] !== d) continue;
    if (seen === index) return q;
    seen++;
  }
  throw new Error(`internal error: replica set of deployment ${d} has no member ${index}`);
}

/**
 * docs/model.md §8.8.3: move pod q's usage by delta and its node's free CPU with it. Usage never drops below
 * 0; the reference's clamp at 64 is dropped (docs/model.md §12, decision 5).
 */
export function changePodCpu(ctx: ModelContext, s: Int32Array, q: number, delta: number, log: Log | null): void {
  const at = podAt(ctx.l, q);
  const loc = s[at + P_LOC];
  const nat = nodeAt(ctx.l, loc);
  s[nat + N_CPU_LEFT] += s[at + P_CPU];
  s[at + P_CPU] = Math.max(0, s[at + P_CPU] + delta);
  s[nat + N_CPU_LEFT] -= s[at + P_CPU];
  if (log) {
    const cfg = ctx.cfg;
    log.emit(1, 'CPU Change', `CPU change ${delta} on pod ${podName(cfg, s, q)}, now ${s[at + P_CPU]}, and node ${cfg.nodeNames[loc]}, now ${s[nat + N_CPU_LEFT]}`, [podRef(cfg, s, q), nodeRef(cfg, loc)]);
  }
}
