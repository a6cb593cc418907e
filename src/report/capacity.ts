/** The capacity proof of pod_always_schedulable in words (docs/model.md §8.2.8), for every report format. */
import type { CapacityProof } from '../check.js';

/** The Summary's sentence: the tightest template's count. */
export function capacityProofSentence(p: CapacityProof): string {
  const c = p.tightest;
  return `Proved without a search: pod_always_schedulable — every pod fits on one of ${c.nodes} node(s): at most ${p.otherPods} other pods, ${c.needed} needed to fill them (docs/model.md §8.2.8)`;
}
