/**
 * `SortPodsBasedOnPriorityLowToHigh` (descheduler v0.32 pkg/descheduler/pod/pods.go): lower
 * priority first; at equal priority BestEffort pods (no requests) first. kivi knows no limits,
 * so Burstable and Guaranteed pods keep the order they are listed in (slot order, or canonical
 * order where the symmetry reduction applies, controllers/visit-order.ts), which also breaks
 * the remaining ties.
 */
import type { ModelContext } from '../../model/context.js';
import { P_TEMPLATE, podAt } from '../../model/layout.js';

function before(ctx: ModelContext, s: Int32Array, a: number, b: number): boolean {
  const ta = ctx.cfg.templates[s[podAt(ctx.l, a) + P_TEMPLATE]];
  const tb = ctx.cfg.templates[s[podAt(ctx.l, b) + P_TEMPLATE]];
  if (ta.priority !== tb.priority) return ta.priority < tb.priority;
  const ea = ta.cpuRequest === 0 && ta.memRequest === 0 ? 0 : 1;
  const eb = tb.cpuRequest === 0 && tb.memRequest === 0 ? 0 : 1;
  return ea < eb;
}

/**
 * Sorts list[0..count) of pod slots in place (insertion sort, stable, no allocation): pods that
 * tie keep the list's order (slot order, or the visiting order of controllers/visit-order.ts).
 */
export function sortPodsLowToHigh(ctx: ModelContext, s: Int32Array, list: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const q = list[i];
    let j = i - 1;
    while (j >= 0 && before(ctx, s, q, list[j])) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = q;
  }
}
