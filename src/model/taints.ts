/**
 * Node taints as state (docs/model.md §8.6): each node's taints are one word of bits over the
 * cluster's taint universe (CompiledCluster.taints). The node lifecycle controller's four taints
 * have fixed bits; the input's taints and those `taint` commands name follow.
 */
import type { CompiledCluster, CompiledTemplate } from './config.js';
import { type Layout, N_TAINTS, nodeAt } from './layout.js';

/** `node.kubernetes.io/not-ready` and `unreachable` (k8s.io/api core/v1 well_known_taints.go). */
export const TAINT_KEY_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_KEY_UNREACHABLE = 'node.kubernetes.io/unreachable';

export const BIT_NOT_READY_NO_SCHEDULE = 1 << 0;
export const BIT_NOT_READY_NO_EXECUTE = 1 << 1;
export const BIT_UNREACHABLE_NO_SCHEDULE = 1 << 2;
export const BIT_UNREACHABLE_NO_EXECUTE = 1 << 3;
/** The NoSchedule taints `TaintNodesByCondition` puts on a node whose Ready condition is not True. */
export const LIFECYCLE_NO_SCHEDULE = BIT_NOT_READY_NO_SCHEDULE | BIT_UNREACHABLE_NO_SCHEDULE;
/** The NoExecute taints the node lifecycle controller's tainter adds (`doNoExecuteTaintingPass`). */
export const LIFECYCLE_NO_EXECUTE = BIT_NOT_READY_NO_EXECUTE | BIT_UNREACHABLE_NO_EXECUTE;
/** Bits the universe starts with. */
export const LIFECYCLE_TAINT_COUNT = 4;
/** One word of bits per node. */
export const MAX_TAINTS = 31;

export function nodeTaints(l: Layout, s: Int32Array, n: number): number {
  return s[nodeAt(l, n) + N_TAINTS];
}

/** The pod of template t tolerates node n's NoSchedule and NoExecute taints (TaintToleration's Filter). */
export function toleratesNode(l: Layout, s: Int32Array, t: CompiledTemplate, n: number): boolean {
  return (s[nodeAt(l, n) + N_TAINTS] & t.untoleratedScheduleMask) === 0;
}

/** Number of set bits of a 32-bit word. */
export function popCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** The lowest set bit's index (x ≠ 0). */
export function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * The first taint of `bits` as kube-scheduler names it (`{key: value}`), for messages: the
 * universe's order, which lists a node's input taints in their order.
 */
export function firstTaintName(cfg: CompiledCluster, bits: number): string {
  return bits === 0 ? '' : cfg.taints[lowestBit(bits)].name;
}

/**
 * `getMinTolerationTime` over the NoExecute taints `noExecute` the pod of template t tolerates
 * (pkg/controller/tainteviction/taint_eviction.go): 0 when one toleration's seconds are ≤ 0, else
 * the smallest in ticks, or -1 when none of them sets `tolerationSeconds` (tolerated forever).
 */
export function minTolerationTicks(t: CompiledTemplate, noExecute: number): number {
  let min = -1;
  let bits = noExecute;
  while (bits !== 0) {
    const b = lowestBit(bits);
    bits &= bits - 1;
    const ticks = t.tolerationTicks[b];
    if (ticks === 0) return 0;
    if (ticks > 0 && (min < 0 || ticks < min)) min = ticks;
  }
  return min;
}
