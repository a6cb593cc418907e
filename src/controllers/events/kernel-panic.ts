/**
 * kernelPanic(i) (docs/model.md §9.5): one watcher per node. A Ready node whose free CPU is
 * at most 2 % of its capacity panics (Unhealthy: its kubelet stops reporting, Ready=Unknown; the
 * node controller taints it unreachable) and recovers once more than 2 % is free (the node
 * controller is told, and removes the taints). Guard and body are separate steps, as in the reference:
 * an armed body runs later even if its guard no longer holds. The third panic of one node
 * violates no_kernel_panic.
 */
import { idiv } from '../arith.js';
import type { ModelContext } from '../../model/context.js';
import { KERNEL_PANIC } from '../../model/violations.js';
import {
  KP_PHASE, KP_TIMES, N_CPU_LEFT, N_STATUS, NODE_READY, NODE_UNHEALTHY, Q_NC, kernelPanicAt, nodeAt,
} from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import { nodeBecameReady } from '../node-controller.js';
import type { Log } from '../../checker/log.js';
import { enqueue } from '../../model/queues.js';

export const KP_IDLE = 0;
export const KP_ARMED_PANIC = 1;
export const KP_ARMED_RECOVER = 2;
/** LOOP_TIMES (docs/model.md §2.3). */
export const PANIC_LIMIT = 3;

/** cpuLeft·100/cpu ≤ 2, in C integer arithmetic. */
export function lowOnCpu(ctx: ModelContext, s: Int32Array, n: number): boolean {
  return idiv(s[nodeAt(ctx.l, n) + N_CPU_LEFT] * 100, ctx.cfg.nodeCpu[n]) <= 2;
}

export function kernelPanicChoices(ctx: ModelContext, s: Int32Array, n: number): number {
  const phase = s[kernelPanicAt(ctx.l, n) + KP_PHASE];
  if (phase !== KP_IDLE) return 1;
  const status = s[nodeAt(ctx.l, n) + N_STATUS];
  if (status === NODE_READY && lowOnCpu(ctx, s, n)) return 1;
  if (status === NODE_UNHEALTHY && !lowOnCpu(ctx, s, n)) return 1;
  return 0;
}

export function kernelPanicStep(ctx: ModelContext, s: Int32Array, n: number, log: Log | null): number {
  const at = kernelPanicAt(ctx.l, n);
  const nat = nodeAt(ctx.l, n);
  const phase = s[at + KP_PHASE];
  if (phase === KP_IDLE) {
    s[at + KP_PHASE] = s[nat + N_STATUS] === NODE_READY ? KP_ARMED_PANIC : KP_ARMED_RECOVER;
    return 0;
  }
  s[at + KP_PHASE] = KP_IDLE;
  const name = ctx.cfg.nodeNames[n];
  if (phase === KP_ARMED_RECOVER) {
    if (log) log.emit(1, '', `node ${name} kernel panic recovered`, [nodeRef(ctx.cfg, n)]);
    s[nat + N_STATUS] = NODE_READY;
    nodeBecameReady(ctx, s, n, log);
    return 0;
  }
  const times = ++s[at + KP_TIMES];
  if (log) log.emit(1, '', `node ${name} kernel panic, times ${times}`, [nodeRef(ctx.cfg, n)]);
  s[nat + N_STATUS] = NODE_UNHEALTHY;
  enqueue(s, ctx.l, Q_NC, n);
  if (times >= PANIC_LIMIT && ctx.kernelPanicIntent) {
    if (log) log.emit(1, 'kernel_panic', `Kernel panic happened multiple times at node ${name}.`, [nodeRef(ctx.cfg, n)]);
    return KERNEL_PANIC;
  }
  return 0;
}
