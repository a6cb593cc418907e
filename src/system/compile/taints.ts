/**
 * Taints: the cluster's taint universe (every taint a node can ever have, one bit each), each
 * node's initial taints, the `taint` commands' changes, and per pod template the taints it does
 * not tolerate, with the tolerations the DefaultTolerationSeconds admission plugin adds
 * (docs/model.md §8.6).
 */
import type { ClusterSpec, EventSpec, PodTemplateSpec, TaintSpec, TolerationSpec } from '../../model/cluster.js';
import type { CompiledTaint, CompiledTemplate } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { BIT_NOT_READY_NO_SCHEDULE, BIT_UNREACHABLE_NO_SCHEDULE, LIFECYCLE_NO_SCHEDULE, MAX_TAINTS, TAINT_KEY_NOT_READY, TAINT_KEY_UNREACHABLE } from '../../model/taints.js';
import { tolerates } from '../../controllers/scheduler/taint-toleration.js';

/** One tick is 0.1 s (docs/model.md §6.1). */
export const TICKS_PER_SECOND = 10;
/** `tolerationSeconds` above this (about three years) is read as this, to keep ticks in 32 bits. */
const MAX_TOLERATION_SECONDS = 100_000_000;

/**
 * `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go): 300.
 */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** The node lifecycle controller's taints, at bits 0..3 (model/taints.ts). */
const LIFECYCLE_TAINTS: TaintSpec[] = [
  { key: TAINT_KEY_NOT_READY, effect: 'NoSchedule' },
  { key: TAINT_KEY_NOT_READY, effect: 'NoExecute' },
  { key: TAINT_KEY_UNREACHABLE, effect: 'NoSchedule' },
  { key: TAINT_KEY_UNREACHABLE, effect: 'NoExecute' },
];

/** Some event can take a node out of Ready, or a node starts so: the node lifecycle controller acts. */
export function nodesCanFail(spec: ClusterSpec): boolean {
  return spec.events.some((e) => e.kind === 'nodeFailure' || e.kind === 'maintenance' || e.kind === 'kernelPanic')
    || spec.nodes.some((n) => n.status === 'NotReady' || n.status === 'Unhealthy');
}

/** Some node can get a NoExecute taint: from the node lifecycle controller, its own, or a taint command. */
export function noExecutePossible(spec: ClusterSpec): boolean {
  return nodesCanFail(spec)
    || spec.nodes.some((n) => (n.taints ?? []).some((t) => t.effect === 'NoExecute'))
    || spec.events.some((e) => e.kind === 'taint' && !e.remove && e.taint.effect === 'NoExecute');
}

export interface TaintUniverse {
  taints: CompiledTaint[];
  /** TaintToleration and the taint manager run: some node can have a taint. */
  taintsOn: boolean;
  noExecuteMask: number;
}

function sameTaint(a: TaintSpec, b: CompiledTaint): boolean {
  return a.key === b.key && (a.value ?? '') === b.value && a.effect === b.effect;
}

/** Every taint a node can have: the lifecycle taints, the nodes' taints, the taints commands add. */
export function compileTaintUniverse(spec: ClusterSpec): TaintUniverse {
  const taints: CompiledTaint[] = [];
  const add = (t: TaintSpec, object: string): void => {
    if (taints.some((u) => sameTaint(t, u))) return;
    if (taints.length === MAX_TAINTS) throw new InputError(`has more than ${MAX_TAINTS} distinct taints over all nodes and taint commands, more than kivi holds`, object, 'taints');
    taints.push({ key: t.key, value: t.value ?? '', effect: t.effect, name: `{${t.key}: ${t.value ?? ''}}` });
  };
  for (const t of LIFECYCLE_TAINTS) add(t, 'cluster');
  spec.nodes.forEach((n) => (n.taints ?? []).forEach((t) => add(t, `Node/${n.name}`)));
  spec.events.forEach((e, i) => {
    if (e.kind === 'taint' && !e.remove && e.taint.effect !== undefined) add({ ...e.taint, effect: e.taint.effect }, `event #${i + 1} (taint)`);
  });
  let noExecuteMask = 0;
  taints.forEach((t, b) => {
    if (t.effect === 'NoExecute') noExecuteMask |= 1 << b;
  });
  const taintsOn = nodesCanFail(spec) || spec.events.some((e) => e.kind === 'taint') || spec.nodes.some((n) => (n.taints ?? []).length > 0);
  return { taints, taintsOn, noExecuteMask };
}

/** The bits of a node's own taints; a node that starts NotReady or Unhealthy has its NoSchedule lifecycle taint too. */
export function initialNodeTaints(spec: ClusterSpec, universe: CompiledTaint[], n: number): number {
  const node = spec.nodes[n - 1];
  let bits = 0;
  for (const t of node.taints ?? []) bits |= 1 << universe.findIndex((u) => sameTaint(t, u));
  // TaintNodesByCondition: Ready=False → not-ready, Unknown → unreachable (docs/model.md §8.5).
  if (node.status === 'NotReady') bits |= BIT_NOT_READY_NO_SCHEDULE;
  if (node.status === 'Unhealthy') bits |= BIT_UNREACHABLE_NO_SCHEDULE;
  return bits;
}

/** A `taint` command's bits: those it removes and the one it adds (`kubectl taint --overwrite`). */
export function taintCommandBits(e: EventSpec, universe: CompiledTaint[]): { remove: number; add: number } {
  if (e.kind !== 'taint') return { remove: 0, add: 0 };
  let remove = 0;
  let add = 0;
  universe.forEach((u, b) => {
    // kubectl's deleteTaint matches key and effect (the value is not compared); `key-` any effect.
    if (u.key === e.taint.key && (e.taint.effect === undefined || u.effect === e.taint.effect)) remove |= 1 << b;
    if (!e.remove && e.taint.effect !== undefined && sameTaint({ ...e.taint, effect: e.taint.effect }, u)) add |= 1 << b;
  });
  return { remove, add };
}

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go): a pod
 * with no toleration of `not-ready` (or `unreachable`) NoExecute, by that key or an empty one and
 * effect NoExecute or none, gets `{key, operator: Exists, effect: NoExecute, tolerationSeconds: 300}`.
 */
export function withDefaultTolerations(tolerations: TolerationSpec[]): TolerationSpec[] {
  const covers = (key: string): boolean =>
    tolerations.some((t) => (t.key === key || t.key === undefined || t.key === '') && (t.effect === 'NoExecute' || t.effect === undefined));
  const out = [...tolerations];
  for (const key of [TAINT_KEY_NOT_READY, TAINT_KEY_UNREACHABLE]) {
    if (!covers(key)) out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return out;
}

type TaintTables = Pick<CompiledTemplate, 'untoleratedScheduleMask' | 'untoleratedExecuteMask' | 'untoleratedPreferMask' | 'tolerationTicks'>;

/** `tolerationSeconds` in ticks: -1 for none (forever), 0 for ≤ 0 (`getMinTolerationTime`). */
function ticksOf(t: TolerationSpec): number {
  if (t.tolerationSeconds === undefined) return -1;
  if (t.tolerationSeconds <= 0) return 0;
  return Math.min(t.tolerationSeconds, MAX_TOLERATION_SECONDS) * TICKS_PER_SECOND;
}

/**
 * The template's untolerated taints by effect (TaintToleration's Filter and Score, the taint
 * manager), and the seconds each tolerated NoExecute taint is tolerated, with the default
 * tolerations added.
 */
export function templateTaintTables(t: PodTemplateSpec, universe: CompiledTaint[], object: string): TaintTables {
  const tolerations = withDefaultTolerations(t.tolerations ?? []);
  tolerations.forEach((tol, i) => {
    if (tol.tolerationSeconds === undefined) return;
    if (!Number.isInteger(tol.tolerationSeconds)) throw new InputError(`must be a whole number of seconds, got ${tol.tolerationSeconds}`, object, `tolerations[${i}].tolerationSeconds`);
    // ValidateTolerations (pkg/apis/core/validation): only a NoExecute toleration may set it.
    if (tol.effect !== 'NoExecute') throw new InputError("effect must be 'NoExecute' when tolerationSeconds is set", object, `tolerations[${i}].effect`);
  });
  const out: TaintTables = { untoleratedScheduleMask: 0, untoleratedExecuteMask: 0, untoleratedPreferMask: 0, tolerationTicks: new Int32Array(MAX_TAINTS) };
  universe.forEach((taint, b) => {
    const bit = 1 << b;
    // GetMatchingTolerations: the first toleration that tolerates the taint is the one used.
    const first = tolerations.find((tol) => tolerates(tol, taint));
    if (first === undefined) {
      if (taint.effect === 'PreferNoSchedule') out.untoleratedPreferMask |= bit;
      else out.untoleratedScheduleMask |= bit;
      if (taint.effect === 'NoExecute') out.untoleratedExecuteMask |= bit;
    } else if (taint.effect === 'NoExecute') out.tolerationTicks[b] = ticksOf(first);
  });
  // The scheduler reads a node's Ready status for its lifecycle NoSchedule taints, which
  // TaintNodesByCondition sets as soon as the status changes (docs/model.md §8.2.2, §8.5).
  out.untoleratedScheduleMask &= ~LIFECYCLE_NO_SCHEDULE;
  return out;
}
