/**
 * Rolling out a new pod template (the deployment controller's rollout, docs/model.md §12, decision 7: the
 * reference's rolling update never terminated). A replica set is identified by its pod
 * template, so the pods of a deployment whose template differs from the deployment's are the
 * old replica sets. Each reconcile takes one step and the kubelet wakes the controller again
 * when a pod of a deployment in rollout starts or is deleted, until no old pod is left.
 *
 * - Recreate: delete every old pod; create new ones only once all old pods are gone.
 * - RollingUpdate (Kubernetes' `rolloutRolling`): at most spec + maxSurge pods exist, and at
 *   least spec − maxUnavailable are running. maxSurge rounds up and maxUnavailable down; if
 *   both come to 0, maxUnavailable is 1.
 */
import { ceilDiv, idiv } from './arith.js';
import type { ModelContext } from '../model/context.js';
import { deletePodsToScaleDown } from './pods-to-delete.js';
import {
  D_IN_CREATION, D_MAX_SURGE, D_MAX_UNAVAILABLE, D_SPEC, D_STRATEGY, D_TEMPLATE, P_OWNER, P_STATUS, P_TEMPLATE,
  POD_FREE, POD_RUNNING, POD_TERMINATING, POD_WORDS, STRATEGY_RECREATE, depAt,
} from '../model/layout.js';
import { deploymentRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';

/** Does deployment d still have pods of an old template (any status but free)? */
export function inRollout(ctx: ModelContext, s: Int32Array, d: number): boolean {
  if (!ctx.cfg.templateMayChange[d]) return false; // no manifest changes its template
  const l = ctx.l;
  const current = s[depAt(l, d) + D_TEMPLATE];
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_OWNER] === d && s[at + P_STATUS] !== POD_FREE && s[at + P_TEMPLATE] !== current) return true;
  }
  return false;
}

export type CreatePods = (ctx: ModelContext, s: Int32Array, d: number, count: number, log: Log | null) => void;

export function rolloutStep(ctx: ModelContext, s: Int32Array, d: number, create: CreatePods, log: Log | null): void {
  const l = ctx.l;
  const at = depAt(l, d);
  const current = s[at + D_TEMPLATE];
  const spec = s[at + D_SPEC];
  let newActive = 0;
  let newRunning = 0;
  let oldActive = 0;
  let oldRunning = 0;
  let oldAny = 0;
  for (let q = 1, pat = l.podBase; q <= l.pods; q++, pat += POD_WORDS) {
    if (s[pat + P_OWNER] !== d) continue;
    const st = s[pat + P_STATUS];
    if (st === POD_FREE) continue;
    const isNew = s[pat + P_TEMPLATE] === current;
    if (!isNew) oldAny++;
    if (st === POD_TERMINATING) continue;
    if (isNew) {
      newActive++;
      if (st === POD_RUNNING) newRunning++;
    } else {
      oldActive++;
      if (st === POD_RUNNING) oldRunning++;
    }
  }
  const name = ctx.cfg.deploymentNames[d];
  if (s[at + D_STRATEGY] === STRATEGY_RECREATE) {
    if (oldActive > 0) {
      if (log) log.emit(2, 'Deployment', `Recreate: deleting the ${oldActive} old pods of deployment ${name}`, [deploymentRef(ctx.cfg, d)]);
      deletePodsToScaleDown(ctx, s, d, oldActive, log, current);
    } else if (oldAny === 0 && newActive < spec) {
      createNew(ctx, s, d, spec - newActive, create, log);
    }
    return;
  }
  let surge = ceilDiv(spec * s[at + D_MAX_SURGE], 100);
  let unavailable = idiv(spec * s[at + D_MAX_UNAVAILABLE], 100);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  if (spec === 0) surge = 0;
  // Scale up the new replica set within the surge.
  const room = spec + surge - (newActive + oldActive);
  const add = Math.min(room, spec - newActive);
  if (add > 0) createNew(ctx, s, d, add, create, log);
  // Scale down old pods: pending ones are unavailable anyway; running ones while enough stay.
  const minAvailable = spec - unavailable;
  const canRemove = Math.max(0, newRunning + oldRunning - minAvailable);
  const oldPending = oldActive - oldRunning;
  const remove = oldPending + Math.min(canRemove, oldRunning);
  if (remove > 0) {
    if (log) log.emit(2, 'Deployment', `RollingUpdate: scaling down old pods of deployment ${name} by ${remove}`, [deploymentRef(ctx.cfg, d)]);
    // The old ReplicaSets' controller picks its victims as on any scale-down (getPodsToDelete,
    // docs/model.md §8.1.1): pending ones first, then not Ready ones, then the most co-located.
    deletePodsToScaleDown(ctx, s, d, remove, log, current);
  }
}

function createNew(ctx: ModelContext, s: Int32Array, d: number, count: number, create: CreatePods, log: Log | null): void {
  if (log) log.emit(1, 'Deployment', `Rolling out: need to create ${count}`, [deploymentRef(ctx.cfg, d)], 'ScalingReplicaSet');
  s[depAt(ctx.l, d) + D_IN_CREATION] += count;
  create(ctx, s, d, count, log);
}
