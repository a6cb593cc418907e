/** NodeName filter: a pod with `spec.nodeName` fits only that node (docs/model.md §8.2.2). */
import type { CycleState, FilterPlugin } from './framework.js';

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';
  /** The template's node name against n. */
  readonly localFilter = true;
  /** nodename.ErrReason. */
  reasons(): string[] {
    return ["node(s) didn't match the requested node name"];
  }

  filter(cs: CycleState, n: number): boolean {
    const want = cs.template.nodeName;
    return want === 0 || want === n;
  }

  filterNodes(cs: CycleState): boolean {
    const want = cs.template.nodeName;
    const feasible = cs.feasible;
    if (want !== 0) {
      const keep = feasible[want];
      feasible.fill(0);
      feasible[want] = keep;
      return keep === 1;
    }
    for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1) return true;
    return false;
  }
}
