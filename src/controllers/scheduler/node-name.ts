/** NodeName filter: a pod with `spec.nodeName` fits only that node (model.md §7.2.2). */
import type { CycleState, FilterPlugin } from './framework.js';

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';
  filter(cs: CycleState, n: number): boolean {
    const want = cs.template.nodeName;
    return want === 0 || want === n;
  }
}
