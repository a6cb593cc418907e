/**
 * The pods nominated to a node take part in every Filter, as kube-scheduler's
 * `RunFilterPluginsWithNominatedPods` (pkg/scheduler/framework/runtime/framework.go) runs them
 * in every scheduling cycle (docs/model.md §8.2.5): a node passes only if the pod also fits with
 * the pending pods nominated to it, of the same or higher priority, placed there. Not a plugin of
 * kube-scheduler's registry but part of its framework; kivi runs it as the last Filter of the
 * profile, only when preemption can happen, so the room a preemption made stays promised.
 */
import { nominatedAt, P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, podAt } from '../../model/layout.js';
import type { DefaultPreemption } from './default-preemption.js';
import { type CycleState, type FilterPlugin, type PreResult, SKIP } from './framework.js';

export class NominatedPods implements FilterPlugin {
  readonly name = 'NominatedPods';
  /** marked[n] = 1: some pod of at least the cycle's pod's priority is nominated to n. */
  private readonly marked: Uint8Array;

  constructor(
    private readonly preemption: DefaultPreemption,
    nodes: number,
  ) {
    this.marked = new Uint8Array(nodes + 1);
  }

  /** Marks the nodes pods are nominated to; Skip (nothing to check) when there are none. */
  preFilter(cs: CycleState): PreResult {
    const l = cs.l;
    const templates = cs.cfg.templates;
    const p = cs.template.priority;
    this.marked.fill(0);
    let any = false;
    for (let q = 1; q <= l.pods; q++) {
      const n = cs.s[nominatedAt(l, q)];
      if (n === 0 || q === cs.pod) continue;
      const at = podAt(l, q);
      if (cs.s[at + P_STATUS] !== POD_PENDING || cs.s[at + P_LOC] !== 0 || templates[cs.s[at + P_TEMPLATE]].priority < p) continue;
      this.marked[n] = 1;
      any = true;
    }
    return any ? undefined : SKIP;
  }

  filter(cs: CycleState, n: number): boolean {
    return this.marked[n] === 0 || this.preemption.nominatedFit(cs.s, cs.pod, n);
  }

  reasons(cs: CycleState, n: number): string[] {
    return this.preemption.nominatedReasons(cs.s, cs.pod, n);
  }
}
