/**
 * The scheduler controller (docs/model.md §8.2): one transition drains sQ, running one scheduling
 * cycle per pending pod, then assumes and binds it. There is no retry queue: an unschedulable
 * pod violates `pod_always_schedulable` on the spot (docs/model.md §8.2.4, docs/model.md §10.1).
 */
import type { CompiledCluster } from '../../model/config.js';
import { podName } from '../../model/config.js';
import {
  G_TIME, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, P_CPU, P_LOC, P_MEM, P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_RUNNING,
  POD_TERMINATING, Q_HPA, Q_KBL, Q_SCH, type Layout, nodeAt, podAt,
} from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { dequeue, enqueue, queueHead, queueLength } from '../../model/queues.js';
import { NO_FEASIBLE_NODE } from '../../model/violations.js';
import { CycleState, explainUnschedulable, type FilterPlugin, type Profile, runSchedulingCycle, type ScorePlugin, type WeightedScorePlugin } from './framework.js';
import { schedulerPlugin } from './registry.js';

/**
 * The profile of a compiled cluster: its plugins in the registry's order, each instance
 * filtering if its Filter is on and scoring with its weight if that is above 0.
 */
export function defaultProfile(cfg: CompiledCluster): Profile {
  const filters: FilterPlugin[] = [];
  const scores: WeightedScorePlugin[] = [];
  for (const p of cfg.scheduler.plugins) {
    const plugin = schedulerPlugin(p.name)!.create(cfg);
    if (plugin === null) continue;
    if (p.filter) filters.push(plugin as FilterPlugin);
    if (p.weight > 0) scores.push({ plugin: plugin as ScorePlugin, weight: p.weight });
  }
  return { filters, scores };
}

export class Scheduler {
  readonly cycle: CycleState;
  readonly profile: Profile;
  private readonly l: Layout;

  constructor(private readonly cfg: CompiledCluster) {
    this.l = cfg.layout;
    this.cycle = new CycleState(cfg, cfg.layout);
    this.profile = defaultProfile(cfg);
  }

  enabled(s: Int32Array): boolean {
    return queueLength(s, this.l, Q_SCH) > 0;
  }

  /** Returns a violation code (NO_FEASIBLE_NODE) or 0. */
  burst(s: Int32Array, log: Log | null): number {
    const l = this.l;
    const cfg = this.cfg;
    this.cycle.beginBurst();
    while (queueLength(s, l, Q_SCH) > 0) {
      const pod = queueHead(s, l, Q_SCH);
      const at = podAt(l, pod);
      const status = s[at + P_STATUS];
      const owner = s[at + P_OWNER];
      if (status === POD_RUNNING) {
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} has been scheduled!`, [podRef(cfg, s, pod)]);
      } else if (status === POD_FREE) {
        // Deleted while it waited (a rollout removes old pending pods): nothing to schedule.
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} was deleted, skip it!`, [podRef(cfg, s, pod)]);
      } else if (status === POD_TERMINATING) {
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} is pending for deletion, skip it!`, [podRef(cfg, s, pod)]);
      } else {
        if (log) log.emit(2, 'Scheduler', `Attempting to schedule Pod ${podName(cfg, s, pod)}`, [podRef(cfg, s, pod)]);
        const node = this.schedule(s, pod);
        if (node === 0) {
          if (log) {
            const why = explainUnschedulable(this.profile, this.cycle);
            log.emit(1, 'Scheduler - no_feasible_node', `No feasible node for pod ${podName(cfg, s, pod)}: ${why}`, [podRef(cfg, s, pod)], 'FailedScheduling');
          }
          // pod_always_schedulable is always checked (docs/model.md §10.3): the burst ends here.
          return NO_FEASIBLE_NODE;
        }
        if (log) log.emit(1, 'Scheduler', `Pod ${podName(cfg, s, pod)} is scheduled on node ${cfg.nodeNames[node]}`, [podRef(cfg, s, pod), nodeRef(cfg, node)], 'Scheduled');
        // Assume: the node's free resources drop by the pod's current usage (docs/model.md §8.2.4).
        const nat = nodeAt(l, node);
        s[nat + N_NUM_POD] += 1;
        s[nat + N_CPU_LEFT] -= s[at + P_CPU];
        s[nat + N_MEM_LEFT] -= s[at + P_MEM];
        // Bind. (Pods enter sQ unbound: only pods created without a node are enqueued there.)
        s[at + P_LOC] = node;
        this.cycle.placed(node, s[at + P_TEMPLATE]);
        enqueue(s, l, Q_KBL, pod);
        if (owner > 0 && cfg.hpaOn) enqueue(s, l, Q_HPA, owner);
      }
      dequeue(s, l, Q_SCH);
      s[G_TIME] += 1; // SCHEDULER_RUN_TIME (docs/model.md §6.1)
    }
    return 0;
  }

  /** One scheduling cycle for `pod`: the chosen node, or 0 if none is feasible. */
  schedule(s: Int32Array, pod: number): number {
    const cs = this.cycle;
    cs.s = s;
    cs.pod = pod;
    cs.templateIndex = s[podAt(this.l, pod) + P_TEMPLATE];
    cs.template = this.cfg.templates[cs.templateIndex];
    return runSchedulingCycle(this.profile, cs);
  }
}
