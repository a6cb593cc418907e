/**
 * The cluster autoscaler's loop (cluster-autoscaler core/static_autoscaler `RunOnce`, docs/model.md
 * §8.10): one transition is one run, taken when the cluster is Q4-idle (every unbound pending pod
 * has then failed a scheduling attempt). A run either
 * - hands pods that fit an existing node back to kube-scheduler and scales one node group up by
 *   one node, the expander's choice (one successor per option it may pick);
 * - or reports that a pod triggers no scale-up (pod_eventually_scheduled, §10.1);
 * - or, with nothing to scale up, updates which nodes are unneeded, drains the one unneeded
 *   longest enough (`scale-down-unneeded-time`, and `scale-down-delay-after-add` after a scale-up)
 *   through the Eviction API under the `ToBeDeletedByClusterAutoscaler` taint, and deletes a
 *   drained node.
 * A run that would change nothing is not enabled.
 */
import { setNodeStatus } from '../zone-counts.js';
import type { ModelContext } from '../../model/context.js';
import { podName } from '../../model/config.js';
import {
  CA_LAST_SCALE_UP, CA_NODE_DELETING, CA_NODE_NONE, CA_NODE_PROVISIONING, CA_NODE_UNNEEDED, CN_PHASE, CN_SINCE, G_TIME,
  N_CPU_LEFT, N_MAINTAINED, N_MEM_LEFT, N_NUM_POD, N_UNSCHEDULABLE, NODE_ABSENT, P_LOC, P_STATUS, POD_FREE, POD_TERMINATING,
  POD_WORDS, caNodeAt, nodeAt,
} from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { q4Idle } from '../../model/queues.js';
import { POD_NOT_AUTOSCALABLE } from '../../model/violations.js';
import { evictPod } from '../eviction.js';
import { BLOCKING_REASONS, BLOCKED_BY_POD, REMOVABLE, ScaleDownPlan, scaleDownCandidate } from './scale-down.js';
import { groupSize, nextSlot, ScaleUpPlan } from './scale-up.js';
import { ClusterSimulator } from './simulator.js';
import { addToSchedulingQueue } from '../scheduler/queue-sort.js';

const ACT_NONE = 0;
const ACT_NOT_TRIGGERED = 1;
const ACT_SCALE_UP = 2;
const ACT_SCALE_DOWN = 3;

const UNREMOVABLE = ['', 'NotUnderutilized', 'ScaleDownDisabledAnnotation', 'NodeGroupMinSizeReached', 'BlockedByPod', 'NoPlaceToMovePods'];

export class ClusterAutoscaler {
  private readonly sim: ClusterSimulator;
  private readonly up: ScaleUpPlan;
  private readonly down: ScaleDownPlan;
  private action = ACT_NONE;
  /** Per node, this run's verdict: 0 unneeded (REMOVABLE) or an unremovable reason. */
  private readonly verdict: Int32Array;
  private marks = 0;
  /** A node being deleted whose pods are all gone, and an unneeded node to drain; 0 for none. */
  private toDelete = 0;
  private toDrain = 0;

  constructor(private readonly ctx: ModelContext) {
    this.sim = new ClusterSimulator(ctx.cfg);
    this.up = new ScaleUpPlan(ctx.cfg, this.sim);
    this.down = new ScaleDownPlan(ctx, this.sim);
    this.verdict = new Int32Array(ctx.l.nodes + 1);
  }

  /** 0 when a run would change nothing; else the number of scale-up options the expander may pick, or 1. */
  choices(s: Int32Array): number {
    this.plan(s);
    if (this.action === ACT_NONE) return 0;
    return this.action === ACT_SCALE_UP && this.up.options.bestCount > 1 ? this.up.options.bestCount : 1;
  }

  private plan(s: Int32Array): void {
    this.action = ACT_NONE;
    if (!q4Idle(s, this.ctx.l)) return;
    const up = this.up;
    up.plan(s);
    if (up.unhelpedCount > 0) this.action = ACT_NOT_TRIGGERED;
    else if (up.retryCount > 0 || up.options.bestCount > 0) this.action = ACT_SCALE_UP;
    else if (this.ctx.cfg.autoscaler!.scaleDownEnabled && this.planScaleDown(s)) this.action = ACT_SCALE_DOWN;
  }

  /** Which nodes are unneeded now; whether that, a drain or a deletion changes anything. */
  private planScaleDown(s: Int32Array): boolean {
    const { ctx, down, verdict } = this;
    const l = ctx.l;
    const groupOf = ctx.cfg.autoscaler!.groupOf;
    down.prepare(s);
    this.marks = 0;
    this.toDelete = 0;
    this.toDrain = 0;
    let deleting = false;
    for (let n = 1; n <= l.nodes; n++) {
      verdict[n] = -1;
      if (groupOf[n] === 0) continue;
      const phase = s[caNodeAt(l, n) + CN_PHASE];
      if (phase === CA_NODE_DELETING) {
        deleting = true;
        if (this.toDelete === 0 && s[nodeAt(l, n) + N_NUM_POD] === 0) this.toDelete = n;
        continue;
      }
      if (!scaleDownCandidate(ctx, s, n)) continue;
      verdict[n] = down.reason(s, n);
      const unneeded = verdict[n] === REMOVABLE;
      if (unneeded !== (phase === CA_NODE_UNNEEDED)) this.marks++;
      else if (unneeded && this.toDrain === 0) this.toDrain = n;
    }
    if (deleting) this.toDrain = 0; // one drain at a time
    return this.marks > 0 || this.toDelete !== 0 || this.toDrain !== 0;
  }

  /** One run; returns POD_NOT_AUTOSCALABLE or 0. */
  step(s: Int32Array, choice: number, log: Log | null): number {
    this.plan(s);
    switch (this.action) {
      case ACT_NOT_TRIGGERED:
        if (log) this.logNotTriggered(s, log);
        return POD_NOT_AUTOSCALABLE;
      case ACT_SCALE_UP:
        this.scaleUp(s, choice, log);
        return 0;
      case ACT_SCALE_DOWN:
        this.scaleDown(s, log);
        return 0;
      default:
        return 0;
    }
  }

  private scaleUp(s: Int32Array, choice: number, log: Log | null): void {
    const { ctx, up } = this;
    const l = ctx.l;
    for (let i = 0; i < up.retryCount; i++) {
      const q = up.retry[i];
      if (log) log.emit(2, 'clusterAutoscaler', `Pod ${podName(ctx.cfg, s, q)} fits an existing node: kube-scheduler retries it`, [podRef(ctx.cfg, s, q)]);
      addToSchedulingQueue(s, l, ctx.cfg.templates, q); // PrioritySort (docs/model.md §8.2.5)
    }
    const options = up.options;
    if (options.bestCount === 0) return;
    const opt = options.best[choice < options.bestCount ? choice : 0];
    const g = options.group[opt];
    const grp = ctx.cfg.autoscaler!.groups[g];
    const count = options.nodes[opt];
    if (log) {
      const size = groupSize(ctx.cfg, s, g);
      const others = options.bestCount > 1 ? ` (the expander's choice among ${options.bestCount} groups)` : '';
      log.emit(1, 'clusterAutoscaler', `Scale-up: setting group ${grp.name} size to ${size + count} (max: ${grp.maxSize})${others}`, [], 'TriggeredScaleUp');
    }
    for (let k = 0; k < count; k++) {
      const n = nextSlot(ctx.cfg, s, g);
      if (log) log.emit(2, 'clusterAutoscaler', `Node ${ctx.cfg.nodeNames[n]} is being provisioned`, [nodeRef(ctx.cfg, n)]);
      const at = caNodeAt(l, n);
      s[at + CN_PHASE] = CA_NODE_PROVISIONING;
      s[at + CN_SINCE] = s[G_TIME];
    }
    s[l.caBase + CA_LAST_SCALE_UP] = s[G_TIME];
  }

  private scaleDown(s: Int32Array, log: Log | null): void {
    const { ctx, verdict } = this;
    const l = ctx.l;
    const cfg = ctx.cfg;
    for (let n = 1; n <= l.nodes; n++) {
      const v = verdict[n];
      if (v < 0) continue;
      const at = caNodeAt(l, n);
      const was = s[at + CN_PHASE] === CA_NODE_UNNEEDED;
      if (v === REMOVABLE && !was) {
        s[at + CN_PHASE] = CA_NODE_UNNEEDED;
        s[at + CN_SINCE] = s[G_TIME];
        if (log) log.emit(2, 'clusterAutoscaler', `Node ${cfg.nodeNames[n]} is unneeded`, [nodeRef(cfg, n)]);
      } else if (v !== REMOVABLE && was) {
        s[at + CN_PHASE] = CA_NODE_NONE;
        s[at + CN_SINCE] = 0;
        if (log) log.emit(2, 'clusterAutoscaler', `Node ${cfg.nodeNames[n]} is needed again: ${this.why(s, v)}`, [nodeRef(cfg, n)]);
      }
    }
    if (this.toDelete !== 0) this.deleteNode(s, this.toDelete, log);
    if (this.toDrain !== 0) this.drain(s, this.toDrain, log);
  }

  private why(s: Int32Array, v: number): string {
    if (v !== BLOCKED_BY_POD) return UNREMOVABLE[v];
    return `${UNREMOVABLE[v]} (pod ${podName(this.ctx.cfg, s, this.down.blockingPod)}: ${BLOCKING_REASONS[this.down.blockingReason]})`;
  }

  /**
   * Drain an unneeded node (core/scaledown/actuation): the clock moves to when the node has been
   * unneeded for scale-down-unneeded-time and the last scale-up is scale-down-delay-after-add
   * old; the node is tainted ToBeDeletedByClusterAutoscaler:NoSchedule and each of its pods
   * evicted. An eviction the API refuses (a budget) aborts the drain and lifts the taint; the pods
   * already evicted stay evicted, as upstream.
   */
  private drain(s: Int32Array, n: number, log: Log | null): void {
    const { ctx } = this;
    const l = ctx.l;
    const ca = ctx.cfg.autoscaler!;
    const at = caNodeAt(l, n);
    s[G_TIME] = Math.max(s[G_TIME], s[at + CN_SINCE] + ca.unneededTime, s[l.caBase + CA_LAST_SCALE_UP] + ca.delayAfterAdd);
    s[at + CN_PHASE] = CA_NODE_DELETING;
    s[at + CN_SINCE] = 0;
    if (log) log.emit(1, 'clusterAutoscaler', `Scale-down: removing node ${ctx.cfg.nodeNames[n]} (tainted ToBeDeletedByClusterAutoscaler:NoSchedule)`, [nodeRef(ctx.cfg, n)], 'ScaleDown');
    for (let q = 1, pat = l.podBase; q <= l.pods; q++, pat += POD_WORDS) {
      const st = s[pat + P_STATUS];
      if (s[pat + P_LOC] !== n || st === POD_FREE || st === POD_TERMINATING) continue;
      if (log) log.emit(2, 'clusterAutoscaler', `Evicting pod ${podName(ctx.cfg, s, q)}`, [podRef(ctx.cfg, s, q)]);
      if (!evictPod(ctx, s, q)) {
        if (log) log.emit(1, 'clusterAutoscaler', `Scale-down of node ${ctx.cfg.nodeNames[n]} aborted: the eviction of pod ${podName(ctx.cfg, s, q)} was refused`, [nodeRef(ctx.cfg, n)], 'ScaleDownFailed');
        s[at + CN_PHASE] = CA_NODE_NONE;
        return;
      }
    }
    if (s[nodeAt(l, n) + N_NUM_POD] === 0) this.deleteNode(s, n, log);
  }

  /** The cloud deletes the node: its slot becomes absent again, with full free capacity. */
  private deleteNode(s: Int32Array, n: number, log: Log | null): void {
    const { ctx } = this;
    const l = ctx.l;
    const nat = nodeAt(l, n);
    setNodeStatus(ctx.cfg, s, n, NODE_ABSENT); // with its zone's counts (zone-counts.ts)
    s[nat + N_CPU_LEFT] = ctx.cfg.nodeCpu[n];
    s[nat + N_MEM_LEFT] = ctx.cfg.nodeMemory[n];
    s[nat + N_NUM_POD] = 0;
    s[nat + N_MAINTAINED] = 0;
    s[nat + N_UNSCHEDULABLE] = 0;
    const at = caNodeAt(l, n);
    s[at + CN_PHASE] = CA_NODE_NONE;
    s[at + CN_SINCE] = 0;
    if (log) log.emit(1, 'clusterAutoscaler', `Node ${ctx.cfg.nodeNames[n]} deleted`, [nodeRef(ctx.cfg, n)], 'ScaleDown');
  }

  /**
   * `pod didn't trigger scale-up: 1 max node group size reached, 1 node(s) didn't match Pod's
   * node affinity/selector` (core/scaleup NotTriggerScaleUp event): each group's reason, counted.
   */
  private logNotTriggered(s: Int32Array, log: Log): void {
    const cfg = this.ctx.cfg;
    const groups = cfg.autoscaler!.groups;
    const options = this.up.options;
    for (let i = 0; i < options.count; i++) {
      const grp = groups[options.group[i]];
      log.emit(1, 'clusterAutoscaler', `Scale-up option: ${options.nodes[i]} new node(s) of group ${grp.name} (size ${groupSize(cfg, s, options.group[i])}, max ${grp.maxSize}) for the other pods`);
    }
    for (let i = 0; i < this.up.unhelpedCount; i++) {
      const q = this.up.unhelped[i];
      const counts = new Map<string, number>();
      for (let g = 0; g < groups.length; g++) {
        const why = this.up.whyNot(s, g, q);
        counts.set(why, (counts.get(why) ?? 0) + 1);
      }
      const parts = [...counts].map(([why, k]) => `${k} ${why}`).sort();
      log.emit(1, 'clusterAutoscaler - NotTriggerScaleUp', `Pod ${podName(cfg, s, q)} didn't trigger scale-up: ${parts.join(', ')}`, [podRef(cfg, s, q)], 'NotTriggerScaleUp');
    }
  }
}
