/**
 * NodeAffinity (docs/model.md §8.2.2, §8.2.3). Filter: the required terms (ORed, each an AND of
 * label equalities). Score: the summed weights of the preferred terms a node matches,
 * normalized to 0..100 by the maximum over feasible nodes (Kubernetes' DefaultNormalizeScore).
 */
import { idiv } from '../arith.js';
import { type CycleState, type FilterPlugin, keepWhere, MAX_NODE_SCORE, type PreResult, type ScorePlugin, scoreFrom, SKIP } from './framework.js';

export class NodeAffinity implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  /** The template's required terms against n's (static) labels; its score is normalized, so not node-local. */
  readonly localFilter = true;

  /** Skip: no required terms, every node passes. */
  preFilter(cs: CycleState): PreResult {
    return cs.template.requiredNodes === null ? SKIP : undefined;
  }

  /** Skip: no preferred terms, every node scores 0. */
  preScore(cs: CycleState): PreResult {
    return cs.template.preferredWeight === null ? SKIP : undefined;
  }

  /** nodeaffinity.ErrReasonPod. */
  reasons(): string[] {
    return ["node(s) didn't match Pod's node affinity/selector"];
  }

  filter(cs: CycleState, n: number): boolean {
    const req = cs.template.requiredNodes;
    return req === null || req[n] === 1;
  }

  filterNodes(cs: CycleState): boolean {
    return keepWhere(cs, cs.template.requiredNodes, 1);
  }

  score(cs: CycleState, n: number): number {
    const pref = cs.template.preferredWeight;
    return pref === null ? 0 : pref[n];
  }

  scoreNodes(cs: CycleState): void {
    scoreFrom(cs, cs.template.preferredWeight);
  }

  normalizeScore(cs: CycleState): void {
    const { feasible, scores } = cs;
    let max = 0;
    for (let n = 1; n < scores.length; n++) if (feasible[n] === 1 && scores[n] > max) max = scores[n];
    if (max === 0) return; // nothing preferred anywhere: every node keeps 0
    for (let n = 1; n < scores.length; n++) if (feasible[n] === 1) scores[n] = idiv(scores[n] * MAX_NODE_SCORE, max);
  }
}
