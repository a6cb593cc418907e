/** The state vector's layout and the initial state: nodes, deployments, pods placed, queues filled, events ready. */
import { countZones } from '../../controllers/zone-counts.js';
import type { ClusterSpec, DeploymentSpec, PodSpec } from '../../model/cluster.js';
import { type CompiledEvent, type CompiledNodeLifecycle, type CompiledTaint, type CompiledTemplate, EV_MAINTENANCE } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import {
  D_HPA, D_IN_CREATION, D_MAX_SURGE, D_MAX_UNAVAILABLE, D_REPLICAS, D_SPEC, D_STATUS, D_STRATEGY, D_TEMPLATE, E_A,
  E_PHASE, G_INIT, INIT_ENQUEUE, type Layout, METRICS_TRUSTED, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, N_STATUS, N_TAINTS,
  N_UNSCHEDULABLE, NODE_ABSENT, NODE_DOWN, NODE_READY, NODE_UNHEALTHY, P_CPU, P_CPU_IDX, P_IN_RS, P_LOC, P_MEM, P_METRICS,
  P_OWNER, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, Q_KBL, Q_NC, Z_LAST_TAINT, depAt, eventAt, makeLayout, nodeAt,
  podAt, zoneAt,
} from '../../model/layout.js';
import { EVENT_READY, EVENT_UNSPAWNED } from '../../model/phases.js';
import { enqueue } from '../../model/queues.js';
import { addToSchedulingQueue } from '../../controllers/scheduler/queue-sort.js';
import { requireInt } from './input.js';
import { compileStrategy } from './workloads.js';
import { initialNodeTaints } from './taints.js';

/** Largest number of nodes or pod slots in one state. */
const MAX_OBJECTS = 200_000;

/** What the initial state is built from: the compiled objects and the indices of named ones. */
export interface StateInputs {
  nodeIdx: Map<string, number>;
  templateIdx: Map<string, number>;
  depIdx: Map<string, number>;
  templates: CompiledTemplate[];
  deployments: DeploymentSpec[];
  /** The HPA index of each deployment (0: none), by deployment index. */
  depHpa: number[];
  events: CompiledEvent[];
  monitorCount: number;
  kernelPanicOn: boolean;
  taints: CompiledTaint[];
  nodeLifecycle: CompiledNodeLifecycle | null;
  /** DefaultPreemption can act: pods get a nominated-node word (docs/model.md §8.2.5). */
  preemptionOn?: boolean;
  /** Node groups exist (the autoscaler's words). */
  autoscaler?: boolean;
  /** Names of the node-group slots that start without a node. */
  absent?: Set<string>;
  /** Some deployment can have an HPA, and the sizes of its history (docs/model.md §8.3.3). */
  hpaOn: boolean;
  hpaRecSlots: number;
  hpaEventSlots: number;
  /** Some deployment has a load model (docs/model.md §9.9). */
  loadOn: boolean;
}

export interface InitialState {
  layout: Layout;
  initial: Int32Array;
  /** Pod names by slot; null for a spare slot. */
  podNames: (string | null)[];
}

/** Lay the state out and fill it: nodes, deployments, pods, node overrides, events. */
export function buildInitialState(spec: ClusterSpec, inp: StateInputs): InitialState {
  const layout = layOut(spec, inp);
  inp.absent = new Set(spec.nodes.filter((n) => n.status === 'Absent').map((n) => n.name));
  const s = new Int32Array(layout.words);
  s[G_INIT] = INIT_ENQUEUE;
  writeNodes(s, layout, spec, inp);
  writeDeployments(s, layout, inp);
  const podNames = placePods(s, layout, spec, inp);
  overrideFreeCapacity(s, layout, spec);
  writeEvents(s, layout, inp.events);
  return { layout, initial: s, podNames };
}

/** The layout: one pod slot per given pod plus the spare slots, within kivi's size limit. */
function layOut(spec: ClusterSpec, inp: StateInputs): Layout {
  requireInt(spec.spareSlots, `cluster ${spec.name}`, 'spareSlots');
  const P = spec.pods.length + spec.spareSlots;
  if (P > MAX_OBJECTS || spec.nodes.length > MAX_OBJECTS) {
    throw new InputError(`is too large: ${spec.nodes.length} nodes and ${P} pod slots (kivi holds at most ${MAX_OBJECTS} of each)`, `cluster ${spec.name}`, undefined);
  }
  return makeLayout({
    nodes: spec.nodes.length,
    pods: P,
    deployments: inp.deployments.length,
    events: inp.events.length,
    monitors: inp.monitorCount,
    maintenance: inp.events.some((e) => e.kind === EV_MAINTENANCE),
    kernelPanic: inp.kernelPanicOn,
    zones: inp.nodeLifecycle ? inp.nodeLifecycle.zoneNames.length : 0,
    nominated: inp.preemptionOn ?? false,
    hpaHistory: inp.hpaOn,
    hpaRecSlots: inp.hpaRecSlots,
    hpaEventSlots: inp.hpaEventSlots,
    load: inp.loadOn,
    ...(inp.autoscaler ? { autoscaler: true } : {}),
  });
}

/**
 * Each node's status, taints and full capacity (pods placed later take theirs off). A node that
 * starts NotReady or Unhealthy is work for the node controller, which adds its NoExecute taint
 * (docs/model.md §8.5); every zone's tainter last acted long ago.
 */
function writeNodes(s: Int32Array, layout: Layout, spec: ClusterSpec, inp: StateInputs): void {
  spec.nodes.forEach((n, i) => {
    const at = nodeAt(layout, i + 1);
    s[at + N_STATUS] = n.status === 'NotReady' ? NODE_DOWN : n.status === 'Unhealthy' ? NODE_UNHEALTHY : n.status === 'Absent' ? NODE_ABSENT : NODE_READY;
    s[at + N_CPU_LEFT] = n.cpu;
    s[at + N_MEM_LEFT] = n.memory;
    s[at + N_TAINTS] = initialNodeTaints(spec, inp.taints, i + 1);
    if (s[at + N_STATUS] === NODE_DOWN || s[at + N_STATUS] === NODE_UNHEALTHY) enqueue(s, layout, Q_NC, i + 1);
    s[at + N_UNSCHEDULABLE] = n.unschedulable === true ? 1 : 0;
  });
  const nl = inp.nodeLifecycle;
  if (nl) for (let z = 0; z < nl.zoneNames.length; z++) s[zoneAt(layout, z) + Z_LAST_TAINT] = -nl.maxPeriod;
  countZones(layout, nl ?? null, s);
}

/** Each deployment's existence, spec replicas, template, HPA and update strategy. */
function writeDeployments(s: Int32Array, layout: Layout, inp: StateInputs): void {
  inp.deployments.forEach((d, i) => {
    const at = depAt(layout, i + 1);
    const st = compileStrategy(d.strategy, `Deployment/${d.name}`);
    s[at + D_STATUS] = d.created === false ? 0 : 1;
    s[at + D_SPEC] = d.replicas;
    s[at + D_TEMPLATE] = inp.templateIdx.get(d.template)!;
    s[at + D_HPA] = inp.depHpa[i + 1];
    s[at + D_STRATEGY] = st.type;
    s[at + D_MAX_SURGE] = st.surge;
    s[at + D_MAX_UNAVAILABLE] = st.unavailable;
  });
}

/** A given pod, checked and resolved to indices. */
interface ResolvedPod {
  owner: number;
  template: number;
  loc: number;
  running: boolean;
  cpu: number;
  mem: number;
}

/** Checks pod `slot` and resolves its owner, template and node (0: none) and its usage. */
function resolvePod(p: PodSpec, slot: number, inp: StateInputs): ResolvedPod {
  const object = `Pod/${p.name ?? `#${slot}`}`;
  const owner = p.deployment === undefined ? 0 : inp.depIdx.get(p.deployment) ?? -1;
  if (owner < 0) throw new InputError(`deployment "${p.deployment}" does not exist`, object, 'deployment');
  const tname = p.template ?? (owner > 0 ? inp.deployments[owner - 1].template : undefined);
  if (tname === undefined) throw new InputError('a bare pod needs a template', object, 'template');
  const t = inp.templateIdx.get(tname);
  if (!t) throw new InputError(`pod template "${tname}" does not exist`, object, 'template');
  const loc = p.node === undefined ? 0 : inp.nodeIdx.get(p.node) ?? -1;
  if (loc < 0) throw new InputError(`node "${p.node}" does not exist`, object, 'node');
  if (loc > 0 && inp.absent?.has(p.node!)) throw new InputError(`node "${p.node}" is a node-group slot with no node at the start`, object, 'node');
  if (p.phase !== 'Running' && p.phase !== 'Pending') throw new InputError(`unsupported phase ${JSON.stringify(p.phase)}`, object, 'phase');
  if (p.phase === 'Running' && loc === 0) throw new InputError('a running pod must be bound to a node', object, 'node');
  const cpu = p.cpu ?? inp.templates[t].cpuUsage;
  const mem = p.memory ?? inp.templates[t].memUsage;
  requireInt(cpu, object, 'cpu');
  requireInt(mem, object, 'memory');
  return { owner, template: t, loc, running: p.phase === 'Running', cpu, mem };
}

/** Places every given pod in its slot; returns the pod names by slot. */
function placePods(s: Int32Array, layout: Layout, spec: ClusterSpec, inp: StateInputs): (string | null)[] {
  const podNames: (string | null)[] = new Array(layout.pods + 1).fill(null);
  spec.pods.forEach((p, i) => {
    const slot = i + 1;
    const pod = resolvePod(p, slot, inp);
    writePod(s, layout, slot, pod, inp.templates);
    podNames[slot] = p.name ?? (pod.owner > 0 ? `${inp.deployments[pod.owner - 1].name}-${slot}` : `pod-${slot}`);
  });
  return podNames;
}

/** Writes pod `slot`, charges its node and counts it for its deployment. */
function writePod(s: Int32Array, layout: Layout, slot: number, pod: ResolvedPod, templates: CompiledTemplate[]): void {
  const at = podAt(layout, slot);
  s[at + P_STATUS] = pod.running ? POD_RUNNING : POD_PENDING;
  // A pod running before the check has long had metrics the HPA trusts (docs/model.md §8.3.1).
  if (pod.running) s[at + P_METRICS] = METRICS_TRUSTED;
  s[at + P_LOC] = pod.loc;
  s[at + P_OWNER] = pod.owner;
  s[at + P_TEMPLATE] = pod.template;
  s[at + P_CPU] = pod.cpu;
  s[at + P_MEM] = pod.mem;
  s[at + P_CPU_IDX] = 1;
  if (pod.loc > 0) {
    const nat = nodeAt(layout, pod.loc);
    s[nat + N_CPU_LEFT] -= pod.cpu;
    s[nat + N_MEM_LEFT] -= pod.mem;
    s[nat + N_NUM_POD] += 1;
  }
  if (pod.owner > 0) {
    const dat = depAt(layout, pod.owner);
    if (pod.running) {
      s[at + P_IN_RS] = 1;
      s[dat + D_REPLICAS] += 1;
    } else {
      s[dat + D_IN_CREATION] += 1;
    }
  }
  // A pending pod is work for the scheduler (unbound) or the kubelet (bound).
  if (pod.running) return;
  if (pod.loc === 0) addToSchedulingQueue(s, layout, templates, slot); // PrioritySort (docs/model.md §8.2.5)
  else enqueue(s, layout, Q_KBL, slot);
}

/** A node's given cpuLeft/memLeft replaces what capacity minus its pods' usage left. */
function overrideFreeCapacity(s: Int32Array, layout: Layout, spec: ClusterSpec): void {
  spec.nodes.forEach((n, i) => {
    const at = nodeAt(layout, i + 1);
    if (n.cpuLeft !== undefined) s[at + N_CPU_LEFT] = requireInt(n.cpuLeft, `Node/${n.name}`, 'cpuLeft', -(2 ** 30));
    if (n.memLeft !== undefined) s[at + N_MEM_LEFT] = requireInt(n.memLeft, `Node/${n.name}`, 'memLeft', -(2 ** 30));
  });
}

/** Each event's phase and first argument. */
function writeEvents(s: Int32Array, layout: Layout, events: CompiledEvent[]): void {
  events.forEach((e, i) => {
    const at = eventAt(layout, i);
    // Non-after-stable events are spawned with the controllers at time 0 (docs/docs/model.md §8.3).
    s[at + E_PHASE] = e.afterStable ? EVENT_UNSPAWNED : EVENT_READY;
    s[at + E_A] = e.kind === EV_MAINTENANCE ? 1 : 0; // maintenance starts at node 1; others: spawn time 0
  });
}
