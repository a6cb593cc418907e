/**
 * podCpuChangeWithPattern (docs/model.md §9.2): one process for the whole cluster. A running
 * pod whose template has a CPU pattern moves to its next usage value when that value is due
 * (startTime + at[k] ≤ time) or, earlier, whenever the cluster is Q5-idle. One transition
 * applies every change that is eligible at that moment, in slot order; a change that fired
 * early moves the clock forward to its due time.
 */
import type { ModelContext } from '../../model/context.js';
import { changePodCpu } from './cpu-change.js';
import { G_TIME, P_CPU, P_CPU_IDX, P_OWNER, P_START, P_STATUS, P_TEMPLATE, POD_RUNNING, POD_WORDS, Q_HPA, podAt } from '../../model/layout.js';
import { podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { enqueue, q5Idle } from '../../model/queues.js';
import { podName } from '../../model/config.js';

function eligible(ctx: ModelContext, s: Int32Array, at: number, idle: boolean): boolean {
  if (s[at + P_STATUS] !== POD_RUNNING) return false;
  const pattern = ctx.cfg.templates[s[at + P_TEMPLATE]].cpuPattern;
  if (pattern === null) return false;
  const k = s[at + P_CPU_IDX];
  if (k >= pattern.usage.length) return false;
  return idle || pattern.at[k] + s[at + P_START] <= s[G_TIME];
}

export function cpuPatternEnabled(ctx: ModelContext, s: Int32Array): boolean {
  const l = ctx.l;
  const idle = q5Idle(s, l);
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) if (eligible(ctx, s, at, idle)) return true;
  return false;
}

export function cpuPatternStep(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const l = ctx.l;
  const idle = q5Idle(s, l); // computed once; later pods see the clock earlier ones moved
  // The set of changes does not depend on the order (docs/model.md §8.11); the order in which
  // their owners join the HPA's queue does, when several deployments have an HPA: then it is
  // the canonical order where the symmetry reduction applies.
  const order = ctx.canonical && ctx.cfg.hpaOn && l.deployments > 1 ? ctx.canonical.podOrder(s) : null;
  for (let i = 0; i < l.pods; i++) {
    const q = order === null ? i + 1 : order[i];
    const at = podAt(l, q);
    if (!eligible(ctx, s, at, idle)) continue;
    const pattern = ctx.cfg.templates[s[at + P_TEMPLATE]].cpuPattern!;
    const k = s[at + P_CPU_IDX];
    changePodCpu(ctx, s, q, pattern.usage[k] - s[at + P_CPU], log);
    const owner = s[at + P_OWNER];
    if (owner > 0 && ctx.cfg.hpaOn) enqueue(s, l, Q_HPA, owner);
    const due = pattern.at[k] + s[at + P_START];
    if (due >= s[G_TIME]) s[G_TIME] = due;
    if (log) log.emit(2, 'CPU Change', `Finished pod CPU change on pod ${podName(ctx.cfg, s, q)} for its # ${k} (of ${pattern.usage.length})`, [podRef(ctx.cfg, s, q)]);
    s[at + P_CPU_IDX] = k + 1;
  }
  return 0;
}

/**
 * Some running pod's next CPU-pattern step is due before `time`: a timer that jumps the clock to
 * `time` waits for it (the HPA's wake-ups, docs/model.md §8.3.4). A step due at `time` itself
 * may go either way.
 */
export function cpuPatternDueBefore(ctx: ModelContext, s: Int32Array, time: number): boolean {
  if (!ctx.cfg.cpuPatternOn) return false;
  const l = ctx.l;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] !== POD_RUNNING) continue;
    const pattern = ctx.cfg.templates[s[at + P_TEMPLATE]].cpuPattern;
    if (pattern === null) continue;
    const k = s[at + P_CPU_IDX];
    if (k < pattern.usage.length && pattern.at[k] + s[at + P_START] < time) return true;
  }
  return false;
}
