/**
 * The cluster autoscaler's scheduling simulation (cluster-autoscaler simulator/clustersnapshot
 * and `simulator/scheduling.HintingSimulator`): kube-scheduler's own Filters and Scores run on a
 * copy of the state (a snapshot), where the autoscaler adds template nodes, removes nodes and
 * places pods without touching the real state. The snapshot and the plugins' buffers are
 * allocated once; nothing is allocated per run (docs/model.md §8.10).
 */
import type { CompiledCluster } from '../../model/config.js';
import {
  CA_NODE_NONE, CA_NODE_PROVISIONING, CN_PHASE, type Layout, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, N_STATUS, NODE_ABSENT,
  NODE_READY, P_CPU, P_LOC, P_MEM, P_STATUS, P_TEMPLATE, POD_PENDING, POD_WORDS, caNodeAt, nodeAt, podAt,
} from '../../model/layout.js';
import { assumeAndBind, CycleState, type Profile, runSchedulingCycle } from '../scheduler/framework.js';
import { defaultProfile } from '../scheduler/scheduler.js';

export class ClusterSimulator {
  readonly cs: CycleState;
  readonly profile: Profile;
  private readonly l: Layout;

  constructor(readonly cfg: CompiledCluster) {
    this.l = cfg.layout;
    this.cs = new CycleState(cfg, cfg.layout);
    this.profile = defaultProfile(cfg);
  }

  /** Snapshot x changed outside `assume` (a copy, a node added or removed): plugins start afresh. */
  reset(x: Int32Array): void {
    this.cs.s = x;
    this.cs.beginBurst();
  }

  /** The node kube-scheduler would pick for `pod` in snapshot x (its lowest-index best node), or 0. */
  place(x: Int32Array, pod: number): number {
    const cs = this.cs;
    cs.s = x;
    cs.pod = pod;
    cs.templateIndex = x[podAt(this.l, pod) + P_TEMPLATE];
    cs.template = this.cfg.templates[cs.templateIndex];
    return runSchedulingCycle(this.profile, cs, 0);
  }

  /** Binds `pod` to `node` in snapshot x, as the scheduler's assume does. */
  assume(x: Int32Array, pod: number, node: number): void {
    assumeAndBind(this.cs, x, pod, node);
  }

  /** Takes pod off its node in snapshot x (call `reset` before the next `place`). */
  unbind(x: Int32Array, pod: number): void {
    const at = podAt(this.l, pod);
    const nat = nodeAt(this.l, x[at + P_LOC]);
    x[nat + N_NUM_POD] -= 1;
    x[nat + N_CPU_LEFT] += x[at + P_CPU];
    x[nat + N_MEM_LEFT] += x[at + P_MEM];
    x[at + P_LOC] = 0;
  }

  /** Node n of snapshot x becomes an empty Ready node (a template node; call `reset` after). */
  addNode(x: Int32Array, n: number): void {
    x[nodeAt(this.l, n) + N_STATUS] = NODE_READY;
  }

  /**
   * Every node being provisioned becomes a Ready node of snapshot x: the autoscaler counts
   * upcoming nodes as if they were there (core/static_autoscaler `getUpcomingNodeInfos`).
   */
  addUpcomingNodes(x: Int32Array): void {
    const l = this.l;
    for (let n = 1; n <= l.nodes; n++) if (x[caNodeAt(l, n) + CN_PHASE] === CA_NODE_PROVISIONING) this.addNode(x, n);
  }
}

/** Pending pods with no node: in a Q4-idle state, the pods kube-scheduler found unschedulable. */
export function unschedulablePods(l: Layout, s: Int32Array, out: Int32Array): number {
  let k = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] === POD_PENDING && s[at + P_LOC] === 0) out[k++] = q;
  }
  return k;
}

/** Node n is a node-group slot with no node and no request for one. */
export function freeSlot(l: Layout, s: Int32Array, n: number): boolean {
  return s[nodeAt(l, n) + N_STATUS] === NODE_ABSENT && s[caNodeAt(l, n) + CN_PHASE] === CA_NODE_NONE;
}
