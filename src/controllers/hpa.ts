/**
 * Horizontal pod autoscaler (docs/model.md §8.3), as upstream
 * pkg/controller/podautoscaler/horizontal.go `reconcileAutoscaler` runs it. One item is a
 * deployment from hpaQ; the HPA runs when its 150-tick period has elapsed or the cluster is
 * Q4-idle (docs/model.md §6.1), and each item first moves the clock to at least hpaLast + 151:
 * the run happens then. The pods are grouped (`groupPods`) into a proposal per metric
 * (./hpa/replica-calculator.ts), the largest wins (`computeReplicasForMetrics`), and the
 * proposal is normalized against the recommendations and scale events kept in the state
 * (./hpa/normalize.ts). Upstream resyncs every 15 s; here a run sets a wake-up for the first time
 * the same cluster could give another answer: a pod's sample arrives or becomes trusted, or an
 * entry of a stabilization window or rate limit holding the proposal back expires (§8.3.4).
 */
import type { ModelContext } from '../model/context.js';
import { type CompiledHpa, type CompiledMetric, SELECT_DISABLED } from '../model/config.js';
import {
  D_HPA, D_SPEC, G_HPA_LAST, G_TIME, METRICS_TRUSTED, N_STATUS, NODE_READY, P_CPU, P_LOC, P_MEM,
  P_METRICS, P_OWNER, P_START, P_STATUS, P_TEMPLATE, POD_FREE, POD_PENDING, POD_RUNNING, POD_WORDS, Q_DC, Q_HPA, depAt,
  hpaHistAt, nodeAt,
} from '../model/layout.js';
import { deploymentRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import { dequeue, enqueue, q4Idle, queueHead, queueLength } from '../model/queues.js';
import { missingPodFallback, NO_PROPOSAL, PodGroups, plainMetricReplicas, resourceReplicas } from './hpa/replica-calculator.js';
import { legacyDownWindow, normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors } from './hpa/normalize.js';
import { cpuPatternDueBefore } from './events/cpu-pattern.js';
import { nextExpiry, recordInitialRecommendation, setWake, storeScaleEvent, wakePending, wakeTime } from './hpa/history.js';

export const HPA_WAIT_TIME = 150;

const C = 'HPA';

/** Scratch for one metric's pod groups; reused, so a reconcile allocates nothing. */
const groups = new PodGroups();

function periodOrIdle(ctx: ModelContext, s: Int32Array): boolean {
  return s[G_TIME] - s[G_HPA_LAST] >= HPA_WAIT_TIME || q4Idle(s, ctx.l);
}

/**
 * The lowest deployment whose wake-up may run now (due and the period elapsed, or Q4-idle); 0 if
 * none. A wake-up does not jump the clock past a CPU-pattern step due before then: that step
 * happens first (docs/model.md §8.3.4).
 */
function runnableWake(ctx: ModelContext, s: Int32Array): number {
  const l = ctx.l;
  if (l.hpaHistBase < 0) return 0;
  const period = s[G_TIME] - s[G_HPA_LAST] >= HPA_WAIT_TIME;
  const idle = q4Idle(s, l);
  for (let d = 1; d <= l.deployments; d++) {
    const h = hpaHistAt(l, d);
    if (!wakePending(s, h)) continue;
    if (!idle && !(period && wakeTime(s, h) <= s[G_TIME])) continue;
    const runAt = Math.max(s[G_TIME] + 1, s[G_HPA_LAST] + HPA_WAIT_TIME + 1, wakeTime(s, h));
    if (!cpuPatternDueBefore(ctx, s, runAt)) return d;
  }
  return 0;
}

export function hpaEnabled(ctx: ModelContext, s: Int32Array): boolean {
  if (queueLength(s, ctx.l, Q_HPA) > 0) return periodOrIdle(ctx, s);
  return runnableWake(ctx, s) !== 0;
}

export function hpaBurst(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  for (;;) {
    let d: number;
    let from = 0;
    if (queueLength(s, ctx.l, Q_HPA) > 0) {
      if (!periodOrIdle(ctx, s)) break;
      d = queueHead(s, ctx.l, Q_HPA);
      dequeue(s, ctx.l, Q_HPA);
    } else {
      d = runnableWake(ctx, s);
      if (d === 0) break;
      from = wakeTime(s, hpaHistAt(ctx.l, d));
    }
    // time = max(time + 1, hpaLast + 151[, wake-up]); hpaLast = time (docs/model.md §8.3): the run happens then.
    s[G_TIME] = Math.max(s[G_TIME] + 1, s[G_HPA_LAST] + HPA_WAIT_TIME + 1, from);
    s[G_HPA_LAST] = s[G_TIME];
    reconcile(ctx, s, d, log);
    if (ctx.fine) break; // one item per transition (docs/model.md §7.5)
  }
  return 0;
}

/** metrics-server's default `--metric-resolution`, in ticks: a new pod's first sample comes this long after its start. */
export const METRIC_WINDOW = 150;

/** The earliest time after the run at which a pod's sample arrives or becomes trusted (0: none); set by groupPods. */
let nextSample = 0;

function sampleAt(t: number, now: number): void {
  if (t > now && (nextSample === 0 || t < nextSample)) nextSample = t;
}

/**
 * `groupPods` for one metric of deployment d: every pod the deployment's selector lists (its
 * pods in any slot that is not free). Deleting pods are ignored; pending ones are unready;
 * a running pod without a sample yet (one metric window after its start), or on a node that is
 * not Ready (its kubelet is not scraped), is missing; a CPU sample is unready until
 * `hpaCpuSampleAfter` ticks after the start (readiness and the CPU initialization period,
 * docs/model.md §8.3.1). Pods that ran before the check count at once. Only the ready pods'
 * samples are summed: `removeMetricsForPods` drops the ignored and unready ones.
 */
export function groupPods(ctx: ModelContext, s: Int32Array, d: number, m: CompiledMetric, g: PodGroups): void {
  const l = ctx.l;
  const templates = ctx.cfg.templates;
  const now = s[G_TIME];
  g.clear();
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const status = s[at + P_STATUS];
    if (status === POD_FREE || s[at + P_OWNER] !== d) continue;
    g.pods++;
    if (status !== POD_RUNNING && status !== POD_PENDING) continue; // DeletionTimestamp set: ignored
    const tm = s[at + P_TEMPLATE];
    const t = templates[tm];
    const request = m.resource === 0 ? t.cpuRequest : t.memRequest;
    if (status === POD_PENDING) {
      g.unreadyCount++;
      g.unreadyRequest += request;
      if (s[at + P_LOC] !== 0) sampleAt(now + 1, now); // the kubelet starts it: look again next period
      continue;
    }
    const before = s[at + P_METRICS] === METRICS_TRUSTED;
    const start = s[at + P_START];
    const trusted = ctx.cfg.hpaCpuSampleAfter[tm];
    const first = Math.min(METRIC_WINDOW, trusted);
    if ((!before && now - start < first) || s[nodeAt(l, s[at + P_LOC]) + N_STATUS] !== NODE_READY) {
      g.missingCount++;
      g.missingRequest += request;
      g.missingFallback += missingPodFallback(request, m.target);
      if (!before) sampleAt(start + first, now);
    } else if (m.resource === 0 && !before && now - start < trusted) {
      g.unreadyCount++;
      g.unreadyRequest += request;
      sampleAt(start + trusted, now);
    } else {
      g.readyCount++;
      g.readyUsage += m.resource === 0 ? s[at + P_CPU] : s[at + P_MEM];
      g.readyRequest += request;
    }
  }
}

/**
 * `computeReplicasForMetrics`: the largest valid proposal; NO_PROPOSAL when every metric is
 * invalid, or some is and the others would scale down.
 */
function computeReplicasForMetrics(ctx: ModelContext, s: Int32Array, d: number, hpa: CompiledHpa, current: number): number {
  const tolerance = ctx.cfg.hpaController.tolerance;
  let replicas = 0;
  let invalid = 0;
  for (let i = 0; i < hpa.metrics.length; i++) {
    const m = hpa.metrics[i];
    groupPods(ctx, s, d, m, groups);
    const p = m.type === 1 ? resourceReplicas(groups, current, m.target, tolerance) : plainMetricReplicas(groups, current, m.target, tolerance);
    if (p === NO_PROPOSAL) {
      invalid++;
      continue;
    }
    if (replicas === 0 || p > replicas) replicas = p;
  }
  if (invalid >= hpa.metrics.length || (invalid > 0 && replicas < current)) return NO_PROPOSAL;
  return replicas;
}

/** One reconcile of deployment d's HPA (`reconcileAutoscaler`). */
function reconcile(ctx: ModelContext, s: Int32Array, d: number, log: Log | null): void {
  const cfg = ctx.cfg;
  const l = ctx.l;
  const at = depAt(l, d);
  const hpaIdx = s[at + D_HPA];
  if (hpaIdx === 0) return;
  if (log) log.emit(2, C, `HPA working on deployment ${cfg.deploymentNames[d]}`, [deploymentRef(cfg, d)]);
  const hpa = cfg.hpas[hpaIdx];
  const { minReplicas: min, maxReplicas: max } = hpa;
  const now = s[G_TIME];
  const h = hpaHistAt(l, d);
  const current = s[at + D_SPEC]; // scale.Spec.Replicas
  recordInitialRecommendation(s, h, l, now, current);
  setWake(s, h, 0, false);
  let desired: number;
  if (current === 0) return; // autoscaling is disabled for this resource
  if (current > max) {
    if (log) log.emit(2, C, 'Current number of replicas above Spec.MaxReplicas', [deploymentRef(cfg, d)]);
    desired = max;
  } else if (current < min) {
    if (log) log.emit(2, C, 'Current number of replicas below Spec.MinReplicas', [deploymentRef(cfg, d)]);
    desired = min;
  } else {
    nextSample = 0;
    const proposal = computeReplicasForMetrics(ctx, s, d, hpa, current);
    // A sample that arrives or becomes trusted later may change the answer: look again then.
    if (nextSample > 0) setWake(s, h, nextSample, true);
    if (proposal === NO_PROPOSAL) {
      if (log) log.emit(2, C, 'failed to compute desired number of replicas based on listed metrics', [deploymentRef(cfg, d)]);
      return;
    }
    if (log) log.emit(2, C, `Got new desiredReplicas ${proposal}, was ${current}`, [deploymentRef(cfg, d)]);
    desired = hpa.behavior === null
      ? normalizeDesiredReplicas(s, h, l, now, cfg.hpaController, current, proposal, min, max)
      : normalizeDesiredReplicasWithBehaviors(s, h, l, now, hpa.behavior, current, proposal, min, max);
    if (log) log.emit(3, C, `After normalizing, got new desiredReplicas ${desired}, was ${current}`, [deploymentRef(cfg, d)]);
    const bounded = proposal < min ? min : proposal > max ? max : proposal;
    if (desired === current && bounded !== current) holdUntilExpiry(ctx, s, h, hpa, now, bounded > current);
  }
  if (desired !== current) {
    if (log) log.emit(1, C, `Need to rescale, pod number change from ${current} to ${desired}`, [deploymentRef(cfg, d)], 'SuccessfulRescale');
    s[at + D_SPEC] = desired;
    enqueue(s, l, Q_DC, d);
    if (hpa.behavior !== null) {
      // storeScaleEvent: only an HPA with a behavior keeps scale events.
      const up = desired > current;
      const rules = up ? hpa.behavior.scaleUp : hpa.behavior.scaleDown;
      storeScaleEvent(s, h, l, now, up, up ? desired - current : current - desired, rules.longestPeriod);
    }
  }
  if (log) log.emit(2, C, `HPA finished on deployment ${cfg.deploymentNames[d]}`, [deploymentRef(cfg, d)]);
}

/**
 * A window or a rate limit holds the metrics' proposal back: with the same metrics the answer can
 * only change when a stored entry expires, so the HPA looks again then (upstream's next resyncs
 * would see nothing new before). Scaling disabled in that direction never changes.
 */
function holdUntilExpiry(ctx: ModelContext, s: Int32Array, h: number, hpa: CompiledHpa, now: number, up: boolean): void {
  const l = ctx.l;
  const b = hpa.behavior;
  let wake: number;
  if (b === null) wake = nextExpiry(s, h, l, now, 0, legacyDownWindow(ctx.cfg.hpaController), null, null);
  else {
    if ((up ? b.scaleUp : b.scaleDown).select === SELECT_DISABLED) return;
    wake = nextExpiry(s, h, l, now, b.scaleUp.window, b.scaleDown.window, b.scaleUp.policyPeriod, b.scaleDown.policyPeriod);
  }
  if (wake > 0 && (!wakePending(s, h) || wake < wakeTime(s, h))) setWake(s, h, wake, true);
}
