/**
 * A capacity proof of `pod_always_schedulable` without a search (docs/model.md §8.2.8): where
 * nothing ever changes the nodes for the scheduler and no filter but NodeResourcesFit depends on
 * the pods, a pigeonhole count over the pod slots shows that every pod the scheduler takes has a
 * feasible node in every reachable state. The conditions are read from the compiled cluster and
 * are deliberately narrow: anything not listed as allowed makes the proof not apply, and the
 * search runs as before.
 *
 * The count. NodeResourcesFit's Filter (`fitsRequest`, pkg/scheduler/framework/plugins/
 * noderesources/fit.go; controllers/scheduler/node-resources-fit.ts) rejects node n for a pod of
 * template t only when, for some resource x the pod requests (the pod count always), the requests
 * of the pods bound to n exceed A_x(n) − r_x(t), A_x(n) being allocatable minus what runs outside
 * the pod slots. Each bound pod requests at most R_x (the largest request of x over every
 * template), so that takes at least b_x(n) = ⌈(A_x(n) − r_x(t) + 1) / R_x⌉ pods (0 when
 * A_x(n) < r_x(t); none with R_x = 0). Every pod lives in a pod slot and the pod being scheduled
 * is bound to no node, so at most `layout.pods − 1` pods are bound anywhere: when that is below
 * Σ_{n ∈ N_t} min_x b_x(n) over the nodes N_t the other filters keep for t, some node of N_t has
 * room in every state.
 */
import type { CompiledCluster, CompiledTemplate } from '../model/config.js';
import { EV_APPLY, EV_CREATE, EV_CREATE_TARGET, EV_SCALE } from '../model/config.js';
import {
  N_STATUS, N_TAINTS, N_UNSCHEDULABLE, NODE_READY, P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, Q_NC, nodeAt, podAt,
} from '../model/layout.js';
import { queueLength } from '../model/queues.js';
import { NO_FEASIBLE_NODE } from '../model/violations.js';

/** One template's count: its feasible nodes, and how many bound pods it takes to fill them all. */
export interface TemplateCapacity {
  template: string;
  /** |N_t|: the nodes that pass every filter but NodeResourcesFit, in every state. */
  nodes: number;
  /** Σ_{n ∈ N_t} b(n): finite, as the pod count bounds every b(n). */
  needed: number;
}

/** The proof: every template's count beats the pods that can be bound. */
export interface CapacityProof {
  intent: 'pod_always_schedulable';
  /** The most pods bound to nodes while one is scheduled: the pod slots minus that one. */
  otherPods: number;
  /** Every template that can reach the scheduler, in template order. */
  templates: TemplateCapacity[];
  /** The template with the least room to spare (smallest needed − otherPods). */
  tightest: TemplateCapacity;
}

export type CapacityVerdict = { applies: true; proof: CapacityProof } | { applies: false; why: string };

/** Events and user commands that change no node: the deployment commands and `scale`. */
const NODE_NEUTRAL_EVENTS: ReadonlySet<number> = new Set([EV_CREATE_TARGET, EV_APPLY, EV_CREATE, EV_SCALE]);

/**
 * Why the proof cannot apply to this cluster (the first condition that fails), or null when
 * the dynamic conditions hold: the only intent is the default one, no process can report an
 * invalid end state, and nothing can change a node's readiness, taints or schedulability.
 */
export function staticBlocker(cfg: CompiledCluster): string | null {
  // docs/model.md §10: pod_always_schedulable alone; no monitor, no controller-checked intent
  // (no_kernel_panic, disruption_budget_respected, priority classes, evicted_pod_rescheduled).
  if (cfg.intents.length !== 1 || cfg.intents[0] !== NO_FEASIBLE_NODE) return 'an intent other than pod_always_schedulable is checked';
  if (cfg.monitors.length > 0) return 'an intent monitor runs';
  if (cfg.watchPending !== null || cfg.watchPreempted !== null) return 'a priority-class intent is checked';
  // The node-changing processes (kivi-model.ts): the cluster autoscaler and its provisioner,
  // the NoExecute tainter, the kernel-panic watchers, maintenance, cordon and drain.
  if (cfg.autoscaler) return 'node groups: the cluster autoscaler adds and removes nodes';
  if (cfg.kernelPanicOn) return 'a kernel-panic watcher can take a node down';
  if (cfg.layout.maintNodeBase >= 0) return 'a maintenance event takes nodes down';
  // DefaultPreemption nominates pods (NominatedPods filter) and returns priority_class_never_preempted.
  if (cfg.preemptionOn) return 'preemption can act';
  for (const e of cfg.events) {
    // Node failures, maintenance, cordon, uncordon, drain and taint change nodes; an armed CPU
    // change can be an invalid end state (KiviModel.endState).
    if (!NODE_NEUTRAL_EVENTS.has(e.kind)) return `the event ${e.kindName} can change a node or end in an invalid state`;
  }
  // A drain, a cordon or maintenance cordon nodes (named above); a node cordoned at the start.
  if (cfg.cordonOn) return 'a node is or can become cordoned';
  const l = cfg.layout;
  const s = cfg.initial;
  for (let n = 1; n <= l.nodes; n++) {
    const at = nodeAt(l, n);
    if (s[at + N_STATUS] !== NODE_READY) return `node ${cfg.nodeNames[n]} is not Ready at the start`;
    if (s[at + N_UNSCHEDULABLE] !== 0) return `node ${cfg.nodeNames[n]} is cordoned at the start`;
  }
  if (queueLength(s, l, Q_NC) > 0) return 'the node controller has work at the start';
  // Node failures, maintenance and kernel panics are named above; this is what remains of them.
  if (cfg.nodeLifecycle !== null) return 'a node can become NotReady (the node lifecycle controller taints it)';
  return null;
}

/**
 * Why a filter other than NodeResourcesFit may depend on the pods for some template: a
 * DoNotSchedule spread constraint (PodTopologySpread's Filter) or a required inter-pod
 * (anti-)affinity term (InterPodAffinity's Filter reads every template's terms); null if none.
 */
export function podDependentFilter(cfg: CompiledCluster): string | null {
  for (let t = 1; t < cfg.templates.length; t++) {
    const tmpl = cfg.templates[t];
    if (tmpl.hard.length > 0) return `pod template ${tmpl.name} has a DoNotSchedule topology spread constraint`;
    const ip = tmpl.interPod;
    if (ip && (ip.requiredAffinity.length > 0 || ip.requiredAntiAffinity.length > 0)) return `pod template ${tmpl.name} has a required inter-pod affinity or anti-affinity`;
  }
  return null;
}

/**
 * The templates whose pods can be in the scheduler's queue: every template without `nodeName`
 * (the deployment controller queues them), and a template with one only where an initial pod of
 * it waits unbound (a deployment's pod with `nodeName` goes straight to its node,
 * controllers/deployment.ts; no other process queues a pod without node groups or preemption).
 */
function scheduledTemplates(cfg: CompiledCluster): number[] {
  const l = cfg.layout;
  const s = cfg.initial;
  const queued = new Uint8Array(cfg.templates.length);
  for (let q = 1; q <= l.pods; q++) {
    const at = podAt(l, q);
    if (s[at + P_STATUS] === POD_PENDING && s[at + P_LOC] === 0) queued[s[at + P_TEMPLATE]] = 1;
  }
  const out: number[] = [];
  for (let t = 1; t < cfg.templates.length; t++) if (cfg.templates[t].nodeName === 0 || queued[t] === 1) out.push(t);
  return out;
}

/** The largest request of each resource over every template: cpu, memory, then each extended resource. */
function largestRequests(cfg: CompiledCluster): number[] {
  const R = cfg.extendedResources.length;
  const out = new Array<number>(2 + R).fill(0);
  for (let t = 1; t < cfg.templates.length; t++) {
    const tmpl = cfg.templates[t];
    out[0] = Math.max(out[0], tmpl.cpuRequest);
    out[1] = Math.max(out[1], tmpl.memRequest);
    for (let r = 0; r < R; r++) out[2 + r] = Math.max(out[2 + r], tmpl.extendedRequest?.[r] ?? 0);
  }
  return out;
}

/**
 * b_x: the fewest bound pods, each requesting at most `largest`, whose requests exceed
 * `room` − `request` (room: allocatable minus what runs outside the slots); Infinity when no
 * number of them can (no template requests the resource).
 */
export function podsToFill(room: number, request: number, largest: number): number {
  if (room < request) return 0; // the node never fits the pod
  if (largest <= 0) return Number.POSITIVE_INFINITY; // the bound pods request none of it
  return Math.ceil((room - request + 1) / largest);
}

/** b(n) for a pod of template t on node n: the least over the resources NodeResourcesFit checks. */
function nodeBound(cfg: CompiledCluster, t: CompiledTemplate, n: number, largest: number[]): number {
  // `fitsRequest`: the pod count always (+1 for the pod, every pod counts 1): b is finite. A
  // resource the pod does not request is not checked (`podRequest.MilliCPU == 0`).
  let b = podsToFill(cfg.nodeAllocPods[n] - cfg.nodeReservedPods[n], 1, 1);
  if (t.cpuRequest > 0) b = Math.min(b, podsToFill(cfg.nodeAllocCpu[n] - cfg.nodeReservedCpu[n], t.cpuRequest, largest[0]));
  if (t.memRequest > 0) b = Math.min(b, podsToFill(cfg.nodeAllocMem[n] - cfg.nodeReservedMem[n], t.memRequest, largest[1]));
  const ext = t.extendedRequest;
  const R = cfg.extendedResources.length;
  if (ext !== null) {
    for (let r = 0; r < ext.length; r++) {
      if (ext[r] <= 0) continue;
      b = Math.min(b, podsToFill(cfg.nodeAllocExtended[n * R + r] - cfg.nodeReservedExtended[n * R + r], ext[r], largest[2 + r]));
    }
  }
  return b;
}

/**
 * Node n passes, for template t, every filter but NodeResourcesFit in every state: it is Ready
 * (staticBlocker keeps it so), matches the pod's nodeName (NodeName), its required node affinity
 * and nodeSelector (NodeAffinity, static per node) and has no NoSchedule or NoExecute taint the
 * pod does not tolerate (TaintToleration; the taints stay the initial ones).
 */
function staticallyFeasible(cfg: CompiledCluster, t: CompiledTemplate, n: number): boolean {
  if (t.nodeName !== 0 && t.nodeName !== n) return false;
  if (t.requiredNodes !== null && t.requiredNodes[n] !== 1) return false;
  return (cfg.initial[nodeAt(cfg.layout, n) + N_TAINTS] & t.untoleratedScheduleMask) === 0;
}

/** Template t's count (`needed` against the pods that can be bound). */
function templateCapacity(cfg: CompiledCluster, t: number, largest: number[]): TemplateCapacity {
  const tmpl = cfg.templates[t];
  let nodes = 0;
  let needed = 0;
  for (let n = 1; n <= cfg.layout.nodes; n++) {
    if (!staticallyFeasible(cfg, tmpl, n)) continue;
    nodes++;
    needed += nodeBound(cfg, tmpl, n, largest);
  }
  return { template: tmpl.name, nodes, needed };
}

/**
 * The capacity proof of pod_always_schedulable for cfg, or why it does not apply. `slack`
 * shifts the inequality (tests only: 1 breaks it on purpose by one pod).
 */
export function capacityProof(cfg: CompiledCluster, slack = 0): CapacityVerdict {
  const why = staticBlocker(cfg) ?? podDependentFilter(cfg);
  if (why !== null) return { applies: false, why };
  const otherPods = cfg.layout.pods - 1;
  const largest = largestRequests(cfg);
  const templates: TemplateCapacity[] = [];
  for (const t of scheduledTemplates(cfg)) {
    const c = templateCapacity(cfg, t, largest);
    // The pigeonhole: fewer bound pods than it takes to fill every node of N_t.
    if (!(otherPods + slack < c.needed)) {
      return { applies: false, why: `pod template ${c.template}: ${otherPods} other pods can fill its ${c.nodes} feasible nodes (${c.needed} needed)` };
    }
    templates.push(c);
  }
  if (templates.length === 0) return { applies: false, why: 'no pod template reaches the scheduler' };
  let tightest = templates[0];
  for (const c of templates) if (c.needed < tightest.needed) tightest = c;
  return { applies: true, proof: { intent: 'pod_always_schedulable', otherPods, templates, tightest } };
}
