/**
 * User commands (docs/model.md §9.7): each is one indivisible step that runs once.
 *
 * - createTargetDeployment(d): an absent deployment goes live.
 * - applyDeployment(m): `kubectl apply` of manifest m. A live deployment takes the manifest's
 *   replicas (1 when the manifest has none: the story of case c2), its pod template if given
 *   (which starts a rollout), strategy and HPA (all of it, targets included: the reference
 *   forgot the targets, docs/model.md §14.2 bug 23); an absent one is created from it.
 * - createDeployment(m): `kubectl create`; if the deployment exists, the command fails with an
 *   AlreadyExists message and changes nothing (the reference failed an assertion).
 * - scaleDeployment: `kubectl scale` of one live deployment by −3..+3 (7 × D successors; the
 *   reference could pick deployment 0, bug 24).
 * - taint: `kubectl taint nodes NODE key=value:Effect --overwrite` or `key:Effect-`: the node's
 *   taints change; a NoExecute change goes to the taint manager at once (docs/model.md §9.7).
 */
import { setNodeTaints } from '../zone-counts.js';
import type { ModelContext } from '../../model/context.js';
import type { CompiledManifest } from '../../model/config.js';
import { EV_APPLY, EV_CREATE, EV_CREATE_TARGET, EV_TAINT } from '../../model/config.js';
import { nodeTaintsUpdated } from '../taint-manager.js';
import {
  D_HPA, D_IN_CREATION, D_IN_DELETION, D_MAX_SURGE, D_MAX_UNAVAILABLE, D_SPEC, D_STATUS, D_STRATEGY, D_TEMPLATE,
  E_PHASE, N_TAINTS, Q_DC, depAt, eventAt, nodeAt,
} from '../../model/layout.js';
import { deploymentRef, nodeRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { enqueue } from '../../model/queues.js';
import { EVENT_DONE, EVENT_READY } from '../../model/phases.js';

/** kubectl scale deltas: −3..+3. */
const SCALE_DELTAS = 7;

export function commandChoices(ctx: ModelContext, s: Int32Array, e: number, isScale: boolean): number {
  if (s[eventAt(ctx.l, e) + E_PHASE] !== EVENT_READY) return 0;
  return isScale ? ctx.l.deployments * SCALE_DELTAS : 1;
}

export function commandStep(ctx: ModelContext, s: Int32Array, e: number, choice: number, log: Log | null): number {
  const ev = ctx.cfg.events[e];
  s[eventAt(ctx.l, e) + E_PHASE] = EVENT_DONE;
  if (ev.kind === EV_CREATE_TARGET) createTarget(ctx, s, ev.deployment, log);
  else if (ev.kind === EV_APPLY) apply(ctx, s, ctx.cfg.manifests[ev.manifest], log);
  else if (ev.kind === EV_CREATE) create(ctx, s, ctx.cfg.manifests[ev.manifest], log);
  else if (ev.kind === EV_TAINT) taint(ctx, s, e, log);
  else scale(ctx, s, 1 + Math.trunc(choice / SCALE_DELTAS), (choice % SCALE_DELTAS) - 3, log);
  return 0;
}

function createTarget(ctx: ModelContext, s: Int32Array, d: number, log: Log | null): void {
  const at = depAt(ctx.l, d);
  if (s[at + D_STATUS] !== 0) return;
  s[at + D_STATUS] = 1;
  enqueue(s, ctx.l, Q_DC, d);
  if (log) log.emit(1, 'createTargetDeployment', `Created deployment ${ctx.cfg.deploymentNames[d]}`, [deploymentRef(ctx.cfg, d)]);
}

function writeManifest(ctx: ModelContext, s: Int32Array, m: CompiledManifest, isNew: boolean): void {
  const at = depAt(ctx.l, m.deployment);
  s[at + D_SPEC] = m.replicas;
  if (m.template !== 0) s[at + D_TEMPLATE] = m.template;
  if (m.strategy >= 0) {
    s[at + D_STRATEGY] = m.strategy;
    s[at + D_MAX_SURGE] = m.maxSurge;
    s[at + D_MAX_UNAVAILABLE] = m.maxUnavailable;
  }
  if (m.hpaGiven || isNew) s[at + D_HPA] = m.hpa;
}

function apply(ctx: ModelContext, s: Int32Array, m: CompiledManifest, log: Log | null): void {
  const at = depAt(ctx.l, m.deployment);
  const name = ctx.cfg.deploymentNames[m.deployment];
  if (s[at + D_STATUS] === 1) {
    if (log) log.emit(1, 'applyDeployment', `Applying the manifest ${m.id} to existing deployment ${name}`, [deploymentRef(ctx.cfg, m.deployment)]);
    writeManifest(ctx, s, m, false);
  } else {
    if (log) log.emit(1, 'applyDeployment', `Applying the manifest ${m.id} to new deployment ${name}`, [deploymentRef(ctx.cfg, m.deployment)]);
    bringToLife(ctx, s, m);
  }
  enqueue(s, ctx.l, Q_DC, m.deployment);
}

function create(ctx: ModelContext, s: Int32Array, m: CompiledManifest, log: Log | null): void {
  const at = depAt(ctx.l, m.deployment);
  const name = ctx.cfg.deploymentNames[m.deployment];
  if (s[at + D_STATUS] === 1) {
    if (log) log.emit(1, 'createDeployment', `deployments.apps "${name}" already exists`, [deploymentRef(ctx.cfg, m.deployment)]);
    return;
  }
  if (log) log.emit(1, 'createDeployment', `Create the manifest ${m.id} to new deployment ${name}`, [deploymentRef(ctx.cfg, m.deployment)]);
  bringToLife(ctx, s, m);
  enqueue(s, ctx.l, Q_DC, m.deployment);
}

function bringToLife(ctx: ModelContext, s: Int32Array, m: CompiledManifest): void {
  const at = depAt(ctx.l, m.deployment);
  s[at + D_STATUS] = 1;
  s[at + D_IN_CREATION] = 0;
  s[at + D_IN_DELETION] = 0;
  writeManifest(ctx, s, m, true);
}

function scale(ctx: ModelContext, s: Int32Array, d: number, delta: number, log: Log | null): void {
  const at = depAt(ctx.l, d);
  if (s[at + D_STATUS] !== 1) return; // kubectl scale of a deployment that does not exist fails
  s[at + D_SPEC] = Math.max(0, s[at + D_SPEC] + delta);
  if (log) log.emit(2, 'scaleDeployment', `Scaled deployment ${ctx.cfg.deploymentNames[d]} by ${delta} to ${s[at + D_SPEC]}`, [deploymentRef(ctx.cfg, d)]);
  enqueue(s, ctx.l, Q_DC, d);
}

/** `kubectl taint`: the node's taints lose the command's removed bits and gain its added one. */
function taint(ctx: ModelContext, s: Int32Array, e: number, log: Log | null): void {
  const ev = ctx.cfg.events[e];
  const at = nodeAt(ctx.l, ev.node) + N_TAINTS;
  const before = s[at];
  setNodeTaints(ctx.cfg, s, ev.node, (before & ~ev.taintRemove) | ev.taintAdd); // with its zone's counts (zone-counts.ts)
  if (log) {
    const name = ctx.cfg.nodeNames[ev.node];
    log.emit(1, 'taint', ev.taintAdd !== 0 ? `node/${name} tainted` : `node/${name} untainted`, [nodeRef(ctx.cfg, ev.node)]);
  }
  if (((before ^ s[at]) & ctx.cfg.noExecuteMask) !== 0) nodeTaintsUpdated(ctx, s, ev.node, log);
}
