/**
 * The abstract settings of a scaling template (docs/scaling.md, "Proof for every size"): node
 * classes, the saturation threshold C, and one representative cluster per combination of class
 * counts (each exact below C, or "C or more") and replica counts.
 *
 * A node class is a set of node types whose nodes are statically symmetric (the twins' static
 * classes, src/controllers/scheduler/twins.ts): same capacity, taints and every per-node fact the
 * compiled cluster holds, the same domain of every spread constraint and pod-affinity term (or
 * each alone in its own, the hostname), no process that orders nodes by index. Node types that
 * differ only in labels nothing reads form one class.
 */
import { staticClasses } from '../../controllers/scheduler/twins.js';
import type { ClusterSpec, NodeSpec } from '../../model/cluster.js';
import { compile } from '../../system/compile.js';
import { CONFIDENT_POD_SIZE_FACTOR } from '../enumerate.js';
import { instantiate } from '../instantiate.js';
import type { ScalingOptions, ScalingTemplate, Setup } from '../types.js';

export interface NodeClass {
  /** Indices of the node types in the class. */
  types: number[];
  label: string;
  /** Sum of the types' minSize: the class has at least this many nodes. */
  minSize: number;
}

/**
 * B, the pristine nodes a saturated class keeps: 3 means "3 or more". Only binding a pod makes a
 * pristine node busy, and with every tie a successor (ties: every) a scheduler burst stops before
 * each pod whose best nodes are two or more. The pristine nodes of a class share their score, so
 * while a class has 3 or more, a transition binds at most one pod to one of them (the tie's
 * choice) and at least 2 are left: the next pod that wants one stops the burst in the
 * representative exactly when it does in the concrete cluster.
 */
export const PRISTINE_BOUND = 3;

/** Per class: its exact node count, or SATURATED (C or more). */
export const SATURATED = -1;

export interface AbstractSetting {
  counts: number[];
  replicas: number[];
  /** The representative cluster (scheduler ties: every); its node slots are per class, in class order. */
  spec: ClusterSpec;
  /** Node slot ranges per class in spec.nodes (1-based node indices). */
  slots: number[][];
  /** Pristine nodes a saturated class keeps in the representative (B); "B" stands for "B or more". */
  bound: number;
  description: string;
}

/** Node types grouped into classes by static symmetry; null with the reason when types are not interchangeable inside. */
export function nodeClasses(t: ScalingTemplate): NodeClass[] | string {
  const probe: Setup = { nodes: t.nodeTypes.map(() => 2), deployments: t.deploymentTypes.map((d) => Math.max(1, d.minSize)) };
  const spec = instantiate(t, probe);
  const cfg = compile({ ...spec, scheduler: { ...spec.scheduler, ties: 'all' } });
  const classes = staticClasses(cfg);
  const byId = new Map<number, NodeClass>();
  for (let k = 0; k < t.nodeTypes.length; k++) {
    const a = classes[2 * k + 1];
    if (classes[2 * k + 2] !== a) return `two nodes of type ${t.nodeTypes[k].label} are not interchangeable (a process orders nodes by index, or something names one node)`;
    const c = byId.get(a);
    if (c) {
      c.types.push(k);
      c.label += `+${t.nodeTypes[k].label}`;
      c.minSize += t.nodeTypes[k].minSize;
    } else byId.set(a, { types: [k], label: t.nodeTypes[k].label, minSize: t.nodeTypes[k].minSize });
  }
  return [...byId.values()];
}

/** Pods per node a setup of N nodes allows per deployment type (enumerate.ts). */
function perNode(t: ScalingTemplate, opts: ScalingOptions): number {
  return Math.min(opts.podsPerNodeCap ?? CONFIDENT_POD_SIZE_FACTOR, t.maxPodPerNode);
}

/**
 * C: from this total node count on, a setup's deployments no longer depend on the count. The
 * setups cap replicas at perNode·N (enumerate.ts), spec.replicas and the HPA maximum at
 * maxPodPerNode·N (instantiate.ts); every cap is inactive once N reaches each bound it caps.
 */
export function saturationThreshold(t: ScalingTemplate, opts: ScalingOptions): number {
  let c = 1;
  const ceil = (a: number, b: number): number => Math.ceil(a / Math.max(1, b));
  for (const d of t.deploymentTypes) {
    const hpaMax = d.template.hpa ? (d.keepHpaBounds ? d.template.hpa.maxReplicas : d.maxSize * d.hpaFactor) : 0;
    c = Math.max(c, ceil(d.maxSize, perNode(t, opts)), ceil(d.maxSize, t.maxPodPerNode), ceil(hpaMax, t.maxPodPerNode));
  }
  return c;
}

/** Every class-count vector: each class exact from its minimum to C − 1, or saturated; some node. */
function classCounts(classes: NodeClass[], C: number): number[][] {
  let out: number[][] = [[]];
  for (const c of classes) {
    const vals: number[] = [];
    for (let n = c.minSize; n < C; n++) vals.push(n);
    vals.push(SATURATED);
    out = out.flatMap((v) => vals.map((x) => [...v, x]));
  }
  return out.filter((v) => v.some((x) => x !== 0));
}

/** Every replica vector the setups allow with N nodes (enumerate.ts depCountsFor), not all zero. */
function replicaVectors(t: ScalingTemplate, opts: ScalingOptions, N: number): number[][] {
  let out: number[][] = [[]];
  for (const d of t.deploymentTypes) {
    const vals: number[] = [];
    for (let r = d.minSize; r <= d.maxSize && r <= perNode(t, opts) * N; r++) vals.push(r);
    out = out.flatMap((v) => vals.map((x) => [...v, x]));
  }
  return out.filter((v) => v.some((x) => x !== 0));
}

function describe(t: ScalingTemplate, classes: NodeClass[], counts: number[], replicas: number[], C: number): string {
  const parts = classes.map((c, k) => `${c.label} nodes: ${counts[k] === SATURATED ? `${C} or more` : counts[k]}`);
  t.deploymentTypes.forEach((d, k) => parts.push(`${d.label} replicas: ${replicas[k]}`));
  return `{${parts.join(', ')}}`;
}

/** The representative cluster of one setting: a saturated class gets B Ready nodes and one absent slot more per pod slot. */
function representative(t: ScalingTemplate, classes: NodeClass[], counts: number[], replicas: number[], C: number): Omit<AbstractSetting, 'description'> {
  const setupNodes = t.nodeTypes.map(() => 0);
  classes.forEach((c, k) => (setupNodes[c.types[0]] = counts[k] === SATURATED ? C : counts[k]));
  const concrete = instantiate(t, { nodes: setupNodes, deployments: replicas });
  const pods = concrete.spareSlots ?? 0;
  const bound = PRISTINE_BOUND;
  const nodes: NodeSpec[] = [];
  const slots: number[][] = [];
  classes.forEach((c, k) => {
    const template = t.nodeTypes[c.types[0]].template;
    const present = counts[k] === SATURATED ? bound : counts[k];
    const total = counts[k] === SATURATED ? bound + pods : counts[k];
    const mine: number[] = [];
    for (let i = 0; i < total; i++) {
      nodes.push({ ...template, name: `${c.label}-${i + 1}`, ...(i >= present ? { status: 'Absent' as const } : {}) });
      mine.push(nodes.length);
    }
    slots.push(mine);
  });
  // Every best node a successor, no twins merged (docs/model.md §8.2.4): the burst stops at a tie
  // exactly when two or more nodes share the best score, as it does in any concrete cluster whose
  // scheduler stops there (ties all, with or without twins found, or every); ties to the lowest
  // node is one of these executions.
  // Where PodTopologySpread's score weighs ScheduleAnyway constraints by log(domains + 2)
  // (scoring.go), which grows with the node count, the representative ignores every score: each
  // feasible node is a successor (ties: feasible), as kube-scheduler only ever picks a feasible one.
  const soft = concrete.podTemplates.some((tp) => tp.topologySpreadConstraints === undefined || tp.topologySpreadConstraints.some((c) => c.whenUnsatisfiable === 'ScheduleAnyway'));
  const spec: ClusterSpec = { ...concrete, nodes, scheduler: { ...concrete.scheduler, ties: soft ? 'feasible' : 'every' } };
  return { counts, replicas, spec, slots, bound };
}

/** Every abstract setting of the template, smallest first. */
export function abstractSettings(t: ScalingTemplate, opts: ScalingOptions, classes: NodeClass[], C: number): AbstractSetting[] {
  const out: AbstractSetting[] = [];
  for (const counts of classCounts(classes, C)) {
    const N = counts.reduce((a, x) => a + (x === SATURATED ? C : x), 0);
    for (const replicas of replicaVectors(t, opts, N)) {
      out.push({ ...representative(t, classes, counts, replicas, C), description: describe(t, classes, counts, replicas, C) });
    }
  }
  return out;
}
