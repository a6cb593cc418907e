/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable, docs/model.md §8.2.2): a
 * cordoned node (`spec.unschedulable`) takes only pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import { N_UNSCHEDULABLE, NODE_WORDS } from '../../model/layout.js';
import type { CycleState, FilterPlugin } from './framework.js';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  /** The node's own `spec.unschedulable` word. */
  readonly localFilter = true;

  /** nodeunschedulable.ErrReasonUnschedulable. */
  reasons(): string[] {
    return ['node(s) were unschedulable'];
  }

  filter(cs: CycleState, n: number): boolean {
    return !cs.unschedulable(n) || cs.template.toleratesUnschedulable;
  }

  filterNodes(cs: CycleState): boolean {
    const feasible = cs.feasible;
    const s = cs.s;
    const tolerated = cs.template.toleratesUnschedulable;
    let any = false;
    for (let n = 1, at = cs.l.nodeBase; n < feasible.length; n++, at += NODE_WORDS) {
      if (feasible[n] === 0) continue;
      if (tolerated || s[at + N_UNSCHEDULABLE] === 0) any = true;
      else feasible[n] = 0;
    }
    return any;
  }
}
