/**
 * NodeResourcesFit (docs/model.md §8.2.2, §8.2.3). Filter: the request fits the node's free CPU and
 * memory and the node has room for one more pod (80, NODE_ALLOWED_POD_NUM). Score: "least
 * allocated" computed against the free amount, as the reference does:
 * ((free - request) * 100 / free + same for memory) / 2, each division truncated.
 */
import { idiv } from '../arith.js';
import type { CycleState, FilterPlugin, ScorePlugin } from './framework.js';
import { N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, NODE_WORDS, nodeAt } from '../../model/layout.js';

export const MAX_PODS_PER_NODE = 80;

/** Fraction (0..100) of the free amount left after the request; 0 when nothing is free. */
export function leastAllocated(free: number, request: number): number {
  // The reference divides by zero when free = 0 and the request is 0 (docs/model.md §14.2 bug 14).
  return free <= 0 ? 0 : idiv((free - request) * 100, free);
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';

  /** Every resource that does not fit, as noderesources.fitsRequest names them. */
  reasons(cs: CycleState, n: number): string[] {
    const at = nodeAt(cs.l, n);
    const t = cs.template;
    const out: string[] = [];
    if (cs.s[at + N_NUM_POD] + 1 > MAX_PODS_PER_NODE) out.push('Too many pods');
    if (t.cpuRequest > cs.s[at + N_CPU_LEFT]) out.push('Insufficient cpu');
    if (t.memRequest > cs.s[at + N_MEM_LEFT]) out.push('Insufficient memory');
    return out;
  }

  filter(cs: CycleState, n: number): boolean {
    const at = nodeAt(cs.l, n);
    const t = cs.template;
    return t.cpuRequest <= cs.s[at + N_CPU_LEFT] && t.memRequest <= cs.s[at + N_MEM_LEFT] && cs.s[at + N_NUM_POD] + 1 <= MAX_PODS_PER_NODE;
  }

  filterNodes(cs: CycleState): boolean {
    const { s, feasible } = cs;
    const cpu = cs.template.cpuRequest;
    const mem = cs.template.memRequest;
    let any = false;
    for (let n = 1, at = cs.l.nodeBase; n < feasible.length; n++, at += NODE_WORDS) {
      if (feasible[n] === 0) continue;
      if (cpu <= s[at + N_CPU_LEFT] && mem <= s[at + N_MEM_LEFT] && s[at + N_NUM_POD] + 1 <= MAX_PODS_PER_NODE) any = true;
      else feasible[n] = 0;
    }
    return any;
  }

  score(cs: CycleState, n: number): number {
    const at = nodeAt(cs.l, n);
    const t = cs.template;
    return idiv(leastAllocated(cs.s[at + N_CPU_LEFT], t.cpuRequest) + leastAllocated(cs.s[at + N_MEM_LEFT], t.memRequest), 2);
  }

  scoreNodes(cs: CycleState): void {
    const { s, feasible, scores } = cs;
    const cpu = cs.template.cpuRequest;
    const mem = cs.template.memRequest;
    for (let n = 1, at = cs.l.nodeBase; n < feasible.length; n++, at += NODE_WORDS) {
      if (feasible[n] === 1) scores[n] = idiv(leastAllocated(s[at + N_CPU_LEFT], cpu) + leastAllocated(s[at + N_MEM_LEFT], mem), 2);
    }
  }
}
