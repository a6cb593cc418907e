/**
 * TaintToleration (docs/model.md §8.2.2, §8.2.3), with Kubernetes' semantics: the filter rejects a
 * node with a NoSchedule or NoExecute taint the pod does not tolerate (the reference checked
 * NoSchedule only), and the score prefers nodes with fewer untolerated PreferNoSchedule taints,
 * normalized in reverse: 100 − count·100/max, or 100 everywhere when no node has one.
 */
import type { TaintSpec, TolerationSpec } from '../../model/cluster.js';
import { idiv } from '../arith.js';
import { N_TAINTS, NODE_WORDS } from '../../model/layout.js';
import { firstTaintName, nodeTaints } from '../../model/taints.js';
import { type CycleState, type FilterPlugin, MAX_NODE_SCORE, type PreResult, type ScorePlugin, SKIP } from './framework.js';

export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = 'TaintToleration';
  /** The template's tolerations against n's taints word; its score is normalized, so not node-local. */
  readonly localFilter = true;

  /** Skip: no PreferNoSchedule taint the pod does not tolerate can be on a node, every node scores 100. */
  preScore(cs: CycleState): PreResult {
    return cs.template.untoleratedPreferMask === 0 ? SKIP : undefined;
  }

  /** The Filter's reason: `node(s) had untolerated taint {key: value}` (tainttoleration.Filter). */
  reasons(cs: CycleState, n: number): string[] {
    const bits = nodeTaints(cs.l, cs.s, n) & cs.template.untoleratedScheduleMask;
    return [`node(s) had untolerated taint ${firstTaintName(cs.cfg, bits)}`];
  }

  /** The node's taints are state (docs/model.md §8.6): compared with the template's mask. */
  filter(cs: CycleState, n: number): boolean {
    return cs.taintsTolerated(n);
  }

  filterNodes(cs: CycleState): boolean {
    const { feasible, s } = cs;
    const mask = cs.template.untoleratedScheduleMask;
    let any = false;
    // cs.taintsTolerated per node, written out.
    for (let n = 1, at = cs.l.nodeBase + N_TAINTS; n < feasible.length; n++, at += NODE_WORDS) {
      if (feasible[n] === 0) continue;
      if ((s[at] & mask) === 0) any = true;
      else feasible[n] = 0;
    }
    return any;
  }

  /** countIntolerableTaintsPreferNoSchedule. */
  score(cs: CycleState, n: number): number {
    return cs.untoleratedPrefer(n);
  }

  scoreNodes(cs: CycleState): void {
    const { feasible, scores } = cs;
    for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1) scores[n] = cs.untoleratedPrefer(n);
  }

  normalizeScore(cs: CycleState): void {
    const { feasible, scores } = cs;
    let max = 0;
    for (let n = 1; n < scores.length; n++) if (feasible[n] === 1 && scores[n] > max) max = scores[n];
    for (let n = 1; n < scores.length; n++) {
      if (feasible[n] === 1) scores[n] = max === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - idiv(scores[n] * MAX_NODE_SCORE, max);
    }
  }
}

/** Kubernetes' `Toleration.ToleratesTaint` (k8s.io/api/core/v1, toleration.go). */
export function tolerates(t: TolerationSpec, taint: TaintSpec): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  // An empty key with Equal matches nothing in Kubernetes; keep that.
  if (t.key === undefined || t.key === '') return false;
  return (t.value ?? '') === (taint.value ?? '');
}
