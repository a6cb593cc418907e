/**
 * Scale-up planning (cluster-autoscaler core/scaleup/orchestrator `ScaleUp`, docs/model.md
 * §8.10.2). Of the unschedulable pods, those kube-scheduler could now place on an existing node
 * are handed back to the scheduler (the `FilterOutSchedulable` pod-list processor, and the
 * scheduler's own retry); those an upcoming node (one being provisioned) would take wait for it.
 * For the rest, each node group below its maximum is tried with one new node made from its
 * template: the pods kube-scheduler's Filters and Scores would put on it are the option's pods
 * (the `estimator` binpacking, one node per run). The expander chooses among the options; a pod
 * that no option helps did not trigger a scale-up (`NotTriggerScaleUp`).
 */
import type { CompiledCluster } from '../../model/config.js';
import {
  CA_NODE_PROVISIONING, CN_PHASE, type Layout, N_STATUS, NODE_ABSENT, P_TEMPLATE, caNodeAt, nodeAt, podAt,
} from '../../model/layout.js';
import { filterReasons } from '../scheduler/framework.js';
import { ScaleUpOptions } from './expander.js';
import { type ClusterSimulator, freeSlot, unschedulablePods } from './simulator.js';

/** Nodes of group g that exist or are being provisioned (the group's target size). */
export function groupSize(cfg: CompiledCluster, s: Int32Array, g: number): number {
  const l = cfg.layout;
  const grp = cfg.autoscaler!.groups[g];
  let size = 0;
  for (let n = grp.first; n < grp.first + grp.maxSize; n++) {
    if (s[nodeAt(l, n) + N_STATUS] !== NODE_ABSENT || s[caNodeAt(l, n) + CN_PHASE] === CA_NODE_PROVISIONING) size++;
  }
  return size;
}

/** The lowest slot of group g with no node and no request for one; 0 when there is none. */
export function nextSlot(cfg: CompiledCluster, s: Int32Array, g: number): number {
  const grp = cfg.autoscaler!.groups[g];
  for (let n = grp.first; n < grp.first + grp.maxSize; n++) if (freeSlot(cfg.layout, s, n)) return n;
  return 0;
}

export class ScaleUpPlan {
  private readonly l: Layout;
  private readonly base: Int32Array;
  private readonly trial: Int32Array;
  private readonly pending: Int32Array;
  pendingCount = 0;
  /** Pods kube-scheduler can place on an existing node now: back to the scheduler's queue. */
  readonly retry: Int32Array;
  retryCount = 0;
  /** Pods that neither an existing nor an upcoming node takes. */
  private readonly remaining: Int32Array;
  private remainingCount = 0;
  /** Pods of `remaining` that no node group's new node would take. */
  readonly unhelped: Int32Array;
  unhelpedCount = 0;
  private readonly helped: Uint8Array;
  readonly options: ScaleUpOptions;

  constructor(
    private readonly cfg: CompiledCluster,
    private readonly sim: ClusterSimulator,
  ) {
    const l = cfg.layout;
    this.l = l;
    this.base = new Int32Array(l.words);
    this.trial = new Int32Array(l.words);
    this.pending = new Int32Array(l.pods);
    this.retry = new Int32Array(l.pods);
    this.remaining = new Int32Array(l.pods);
    this.unhelped = new Int32Array(l.pods);
    this.helped = new Uint8Array(l.pods + 1);
    this.options = new ScaleUpOptions(cfg.autoscaler!.groups.length);
  }

  /** Plans the scale-up of state s (Q4-idle: every pending pod with no node is unschedulable). */
  plan(s: Int32Array): void {
    const { l, sim, base } = this;
    this.retryCount = 0;
    this.remainingCount = 0;
    this.unhelpedCount = 0;
    this.options.clear();
    this.pendingCount = unschedulablePods(l, s, this.pending);
    if (this.pendingCount === 0) return;
    // FilterOutSchedulable: first the existing nodes alone, then with the upcoming ones.
    base.set(s);
    sim.reset(base);
    let waiting = 0;
    for (let i = 0; i < this.pendingCount; i++) {
      const q = this.pending[i];
      const node = sim.place(base, q);
      if (node === 0) {
        this.pending[waiting++] = q;
        continue;
      }
      sim.assume(base, q, node);
      this.retry[this.retryCount++] = q; // the scheduler's next attempt places it
    }
    sim.addUpcomingNodes(base);
    sim.reset(base);
    for (let i = 0; i < waiting; i++) {
      const q = this.pending[i];
      const node = sim.place(base, q);
      if (node === 0) this.remaining[this.remainingCount++] = q;
      else sim.assume(base, q, node); // it waits for an upcoming node
    }
    if (this.remainingCount === 0) return;
    for (let i = 0; i < this.remainingCount; i++) this.helped[this.remaining[i]] = 0;
    const groups = this.cfg.autoscaler!.groups;
    for (let g = 0; g < groups.length; g++) this.tryGroup(g);
    for (let i = 0; i < this.remainingCount; i++) {
      const q = this.remaining[i];
      if (this.helped[q] === 0) this.unhelped[this.unhelpedCount++] = q;
    }
    this.options.expand(this.cfg);
  }

  /**
   * The binpacking estimate for group g (estimator `BinpackingNodeEstimator.Estimate`): each
   * remaining pod goes to a new node of the group already added if kube-scheduler would put it
   * there, else to one more new node while the group stays within its maximum, else it is not
   * helped. The nodes added and the pods they take make the option.
   */
  private tryGroup(g: number): void {
    const { cfg, sim, trial, l } = this;
    const grp = cfg.autoscaler!.groups[g];
    const room = grp.maxSize - groupSize(cfg, this.base, g);
    if (room <= 0) return; // "max node group size reached"
    trial.set(this.base);
    sim.reset(trial);
    let cpu = 0;
    let mem = 0;
    let added = 0;
    for (let i = 0; i < this.remainingCount; i++) {
      const q = this.remaining[i];
      let node = added > 0 ? sim.place(trial, q) : 0;
      if (node === 0 && added < room) {
        const n = nextSlot(cfg, trial, g);
        sim.addNode(trial, n);
        sim.reset(trial);
        node = sim.place(trial, q);
        if (node === 0) {
          trial[nodeAt(l, n) + N_STATUS] = NODE_ABSENT; // the template node does not take it
          sim.reset(trial);
          continue;
        }
        added++;
      }
      if (node === 0) continue;
      sim.assume(trial, q, node);
      const t = cfg.templates[trial[podAt(l, q) + P_TEMPLATE]];
      cpu += t.cpuRequest;
      mem += t.memRequest;
      this.helped[q] = 1;
    }
    if (added > 0) this.options.add(g, added, cpu, mem);
  }

  /**
   * Why group g adds no node for pod q in state s (messages only): its size is at the maximum,
   * or a new node of its template would take the pod but the estimate ran into the maximum
   * with the other pods, or the first Filter that rejects the template node for it.
   */
  whyNot(s: Int32Array, g: number, q: number): string {
    const { cfg, sim, trial } = this;
    const MAX_REACHED = 'max node group size reached';
    if (groupSize(cfg, s, g) >= cfg.autoscaler!.groups[g].maxSize) return MAX_REACHED;
    trial.set(s);
    sim.addUpcomingNodes(trial);
    const n = nextSlot(cfg, trial, g);
    if (n === 0) return MAX_REACHED;
    sim.addNode(trial, n);
    sim.reset(trial);
    if (sim.place(trial, q) === n) return MAX_REACHED;
    return filterReasons(sim.profile, sim.cs, n)[0] ?? 'the new node would not take it';
  }
}
