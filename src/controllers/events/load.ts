/**
 * A deployment's load (docs/model.md §9.9): one process per deployment with a load model. Its
 * state word is the index of the current level; its pods use `level` percent of their CPU
 * request. While the deployment is live the load may move, at any time, to any other level
 * (`any`: levels − 1 successors) or to a neighbouring one (`step`: 1 or 2). A move sets the CPU
 * usage of every pod of the deployment (the node's free CPU follows, §8.8.3) and queues the
 * deployment for the HPA; pods created later start at the level.
 */
import type { ModelContext } from '../../model/context.js';
import { D_STATUS, N_CPU_LEFT, P_CPU, P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS, Q_HPA, depAt, loadAt, nodeAt } from '../../model/layout.js';
import { deploymentRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { enqueue } from '../../model/queues.js';

/** The CPU usage of a pod with CPU request `request` at `level` percent (rounded down). */
export function loadUsage(request: number, level: number): number {
  return Math.floor((request * level) / 100);
}

/** The CPU usage a new pod of deployment d with template t starts at: its load level, or the template's usage. */
export function newPodCpu(ctx: ModelContext, s: Int32Array, d: number, t: number): number {
  const load = ctx.cfg.loads[d];
  const tmpl = ctx.cfg.templates[t];
  if (load === null) return tmpl.cpuUsage;
  return loadUsage(tmpl.cpuRequest, load.levels[s[loadAt(ctx.l, d)]]);
}

export function loadChoices(ctx: ModelContext, s: Int32Array, d: number): number {
  const load = ctx.cfg.loads[d]!;
  if (s[depAt(ctx.l, d) + D_STATUS] !== 1) return 0;
  const n = load.levels.length;
  if (!load.step) return n - 1;
  const k = s[loadAt(ctx.l, d)];
  return (k > 0 ? 1 : 0) + (k < n - 1 ? 1 : 0);
}

/** The level index choice `choice` moves to from k: the other levels in order, or down then up. */
function target(step: boolean, k: number, choice: number): number {
  if (!step) return choice < k ? choice : choice + 1;
  return k > 0 && choice === 0 ? k - 1 : k + 1;
}

export function loadStep(ctx: ModelContext, s: Int32Array, d: number, choice: number, log: Log | null): number {
  const l = ctx.l;
  const cfg = ctx.cfg;
  const load = cfg.loads[d]!;
  const k = target(load.step, s[loadAt(l, d)], choice);
  s[loadAt(l, d)] = k;
  const level = load.levels[k];
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] === POD_FREE || s[at + P_OWNER] !== d) continue;
    const usage = loadUsage(cfg.templates[s[at + P_TEMPLATE]].cpuRequest, level);
    const loc = s[at + P_LOC];
    // A bound pod's usage counts on its node (docs/model.md §8.8.3).
    if (loc !== 0) s[nodeAt(l, loc) + N_CPU_LEFT] += s[at + P_CPU] - usage;
    s[at + P_CPU] = usage;
  }
  if (cfg.hpaOn) enqueue(s, l, Q_HPA, d);
  if (log) log.emit(1, 'Load', `The load of deployment ${cfg.deploymentNames[d]} is now ${level} % of the CPU request`, [deploymentRef(cfg, d)]);
  return 0;
}
