/**
 * A small mirror of the kube-scheduler framework: plugins by extension point (PreFilter,
 * Filter, PreScore, Score, NormalizeScore) run by a profile with score weights. Everything a
 * plugin needs for one scheduling cycle is in `CycleState`; its buffers are allocated once.
 */
import type { CompiledCluster, CompiledTemplate } from '../../model/config.js';
import { type Layout, N_STATUS, NODE_READY, nodeAt } from '../../model/layout.js';

/** Highest score a plugin gives after NormalizeScore (`MAX_NODE_SCORE`, model.md §11.2). */
export const MAX_NODE_SCORE = 100;

export class CycleState {
  s: Int32Array = new Int32Array(0);
  /** The pod being scheduled (slot index) and its template. */
  pod = 0;
  templateIndex = 0;
  template!: CompiledTemplate;
  /** feasible[n] = 1 while node n is in the feasible set F. */
  readonly feasible: Uint8Array;
  /** Weighted total per node. */
  readonly total: Int32Array;
  /** One plugin's raw, then normalized, score per node. */
  readonly scores: Int32Array;

  constructor(
    readonly cfg: CompiledCluster,
    readonly l: Layout,
  ) {
    this.feasible = new Uint8Array(l.nodes + 1);
    this.total = new Int32Array(l.nodes + 1);
    this.scores = new Int32Array(l.nodes + 1);
  }

  nodeReady(n: number): boolean {
    return this.s[nodeAt(this.l, n) + N_STATUS] === NODE_READY;
  }

  /**
   * The pod's required node affinity holds on n. Non-Ready nodes count as not matching, as in
   * the reference (their `curAffinity` is 0, model.md §7.2.1).
   */
  affinityMatches(n: number): boolean {
    const req = this.template.requiredNodes;
    return this.nodeReady(n) && (req === null || req[n] === 1);
  }

  /** The pod tolerates node n's NoSchedule and NoExecute taints. */
  taintsTolerated(n: number): boolean {
    const untolerated = this.template.untoleratedSchedule;
    return untolerated === null || untolerated[n] === 0;
  }
}

export interface FilterPlugin {
  readonly name: string;
  preFilter?(cs: CycleState): void;
  /** Keep node n in the feasible set? */
  filter(cs: CycleState, n: number): boolean;
}

export interface ScorePlugin {
  readonly name: string;
  preScore?(cs: CycleState): void;
  score(cs: CycleState, n: number): number;
  /** Rewrite cs.scores (feasible nodes only) to 0..MAX_NODE_SCORE. */
  normalizeScore?(cs: CycleState): void;
}

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

export interface Profile {
  filters: FilterPlugin[];
  scores: WeightedScorePlugin[];
}

/**
 * Runs the filters and scores of `profile` for the pod in `cs` and returns the selected node,
 * or 0 when no node is feasible. Ties go to the lowest node index (model.md §7.2.8; Kubernetes
 * picks randomly among ties, the model deliberately does not).
 */
export function runSchedulingCycle(profile: Profile, cs: CycleState): number {
  const N = cs.l.nodes;
  const feasible = cs.feasible;
  let any = false;
  for (let n = 1; n <= N; n++) {
    const ready = cs.nodeReady(n);
    feasible[n] = ready ? 1 : 0;
    cs.total[n] = 0;
    if (ready) any = true;
  }
  for (const f of profile.filters) {
    if (!any) break;
    if (f.preFilter) f.preFilter(cs);
    any = false;
    for (let n = 1; n <= N; n++) {
      if (feasible[n] === 0) continue;
      if (f.filter(cs, n)) any = true;
      else feasible[n] = 0;
    }
  }
  if (!any) return 0;
  const scores = cs.scores;
  for (const { plugin, weight } of profile.scores) {
    if (plugin.preScore) plugin.preScore(cs);
    for (let n = 1; n <= N; n++) scores[n] = feasible[n] === 1 ? plugin.score(cs, n) : 0;
    if (plugin.normalizeScore) plugin.normalizeScore(cs);
    for (let n = 1; n <= N; n++) if (feasible[n] === 1) cs.total[n] += weight * scores[n];
  }
  let best = 0;
  let bestScore = 0;
  for (let n = 1; n <= N; n++) {
    if (feasible[n] === 1 && (best === 0 || cs.total[n] > bestScore)) {
      best = n;
      bestScore = cs.total[n];
    }
  }
  return best;
}
