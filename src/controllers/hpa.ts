/**
 * Horizontal pod autoscaler (docs/model.md §8.3). One item is a deployment from hpaQ; the HPA runs
 * when its 150-tick period has elapsed or the cluster is Q4-idle (docs/model.md §6.1), and each item moves the
 * clock to at least hpaLast + 151. The proposal uses integer percentages and a 10 % tolerance.
 */
import { ceilDiv, idiv } from './arith.js';
import type { ModelContext } from '../model/context.js';
import type { CompiledMetric } from '../model/config.js';
import {
  D_HPA, D_REPLICAS, D_SPEC, G_HPA_LAST, G_TIME, P_CPU, P_IN_RS, P_MEM, P_OWNER, P_TEMPLATE, POD_WORDS, Q_DC, Q_HPA,
  depAt,
} from '../model/layout.js';
import { deploymentRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, enqueue, q4Idle, queueHead, queueLength } from '../model/queues.js';

export const HPA_WAIT_TIME = 150;
/** Tolerance in percent (Kubernetes' default 0.1). */
export const HPA_TOLERANCE = 10;

const C = 'HPA';

export function hpaEnabled(ctx: ModelContext, s: Int32Array): boolean {
  return queueLength(s, ctx.l, Q_HPA) > 0 && (s[G_TIME] - s[G_HPA_LAST] >= HPA_WAIT_TIME || q4Idle(s, ctx.l));
}

export function hpaBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  while (hpaEnabled(ctx, s)) {
    reconcile(ctx, s, queueHead(s, ctx.l, Q_HPA), log);
    dequeue(s, ctx.l, Q_HPA);
    // time = max(time + 1, hpaLast + 151); hpaLast = time (docs/model.md §8.3).
    s[G_TIME] = Math.max(s[G_TIME] + 1, s[G_HPA_LAST] + HPA_WAIT_TIME + 1);
    s[G_HPA_LAST] = s[G_TIME];
  }
  return 0;
}

/**
 * The replica count one metric asks for (docs/model.md §8.3). `usage` and
 * `request` are summed over the first `replicas` started members of the replica set.
 */
export function metricProposal(m: CompiledMetric, current: number, replicas: number, usage: number, request: number): number {
  const utilization = m.type === 1;
  const value = utilization ? idiv(usage * 100, request) : idiv(usage, replicas);
  const tolerance = idiv(HPA_TOLERANCE * m.target, 100);
  if (Math.abs(m.target - value) <= tolerance) return current;
  // The utilization branch uses the exact ratio, not the truncated percentage.
  return utilization ? ceilDiv(usage * 100 * replicas, request * m.target) : ceilDiv(usage, m.target);
}

/** Clamp a proposal to [minReplicas, min(maxReplicas, max(4, 2·current))] (docs/model.md §8.3). */
export function normalizeDesired(desired: number, current: number, min: number, max: number): number {
  const maxAllowed = Math.min(max, Math.max(4, 2 * current));
  if (desired < min) return min;
  if (desired > maxAllowed) return maxAllowed;
  return desired;
}

function reconcile(ctx: ModelContext, s: Int32Array, d: number, log: Log | null): void {
  const cfg = ctx.cfg;
  const at = depAt(ctx.l, d);
  const name = cfg.deploymentNames[d];
  if (log) log.emit(2, C, `HPA working on deployment ${name}`, [deploymentRef(cfg, d)]);
  const replicas = s[at + D_REPLICAS];
  const hpa = s[at + D_HPA];
  if (hpa !== 0 && replicas !== 0) {
    const { minReplicas: min, maxReplicas: max, metrics } = cfg.hpas[hpa];
    const current = s[at + D_SPEC]; // the model uses the spec, not the status (docs/model.md §8.3)
    let desired: number;
    if (current === 0) desired = 0;
    else if (current > max) {
      if (log) log.emit(2, C, 'Current number of replicas above Spec.MaxReplicas', [deploymentRef(cfg, d)]);
      desired = max;
    } else if (current < min) {
      if (log) log.emit(2, C, 'Current number of replicas below Spec.MinReplicas', [deploymentRef(cfg, d)]);
      desired = min;
    } else {
      let best = 0;
      for (let i = 0; i < metrics.length; i++) {
        const m = metrics[i];
        const p = proposalFor(ctx, s, d, m, current, replicas, log);
        if (best === 0 || p > best) best = p;
      }
      desired = best > 0 ? best : 0;
      if (log) log.emit(2, C, `Got new desiredReplicas ${desired}, was ${current}`, [deploymentRef(cfg, d)]);
      desired = normalizeDesired(desired, current, min, max);
      if (log) log.emit(3, C, `After normalizing, got new desiredReplicas ${desired}, was ${current}`, [deploymentRef(cfg, d)]);
    }
    if (desired !== current) {
      if (log) log.emit(1, C, `Need to rescale, pod number change from ${current} to ${desired}`, [deploymentRef(cfg, d)], 'SuccessfulRescale');
      s[at + D_SPEC] = desired;
      enqueue(s, ctx.l, Q_DC, d);
    }
  }
  if (log) log.emit(2, C, `HPA finished on deployment ${name}`, [deploymentRef(cfg, d)]);
}

function proposalFor(ctx: ModelContext, s: Int32Array, d: number, m: CompiledMetric, current: number, replicas: number, log: Log | null): number {
  const l = ctx.l;
  const templates = ctx.cfg.templates;
  let usage = 0;
  let request = 0;
  let counted = 0;
  // The replica set's started members in ascending slot order; terminating pods included.
  for (let q = 1, at = l.podBase; q <= l.pods && counted < replicas; q++, at += POD_WORDS) {
    if (s[at + P_IN_RS] !== 1 || s[at + P_OWNER] !== d) continue;
    counted++;
    const t = templates[s[at + P_TEMPLATE]];
    if (m.resource === 0) {
      usage += s[at + P_CPU];
      request += t.cpuRequest;
    } else {
      usage += s[at + P_MEM];
      request += t.memRequest;
    }
  }
  const p = metricProposal(m, current, counted, usage, request);
  if (p !== current && log) log.emit(2, C, 'Exceed the HPA tolerence');
  return p;
}
