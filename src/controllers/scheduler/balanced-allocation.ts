/**
 * NodeResourcesBalancedAllocation (docs/model.md §8.2.3;
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go): favours the node whose
 * cpu and memory fractions, requests (the pod's included) over allocatable, are closest to each
 * other. It scores on plain requests (`useRequested: true`), not the non-zero ones. PreScore
 * skips a pod that requests nothing of its resources (`isBestEffortPod`).
 */
import type { CompiledCluster, CompiledResourceScoring } from '../../model/config.js';
import { type CycleState, type PreResult, type ScorePlugin, SKIP } from './framework.js';
import { balancedScore, DEFAULT_FIT_SCORING } from './resource-scoring.js';
import { ScoreCache } from './score-cache.js';

export class BalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  /** n's requested sums against its allocatable. */
  readonly localScore = true;
  private readonly resources: CompiledResourceScoring;
  private readonly cache: ScoreCache;

  constructor(private readonly cfg: CompiledCluster) {
    this.resources = cfg.scheduler.balanced ?? DEFAULT_FIT_SCORING;
    this.cache = new ScoreCache(cfg.layout.nodes);
  }

  preScore(cs: CycleState): PreResult {
    const t = cs.template;
    const useCpu = this.resources.cpuWeight > 0;
    const useMem = this.resources.memWeight > 0;
    if ((!useCpu || t.cpuRequest === 0) && (!useMem || t.memRequest === 0)) return SKIP;
    cs.requests.update(cs);
  }

  score(cs: CycleState, n: number): number {
    const t = cs.template;
    const r = cs.requests;
    return balancedScore(r.cpu[n] + t.cpuRequest, this.cfg.nodeAllocCpu[n], r.mem[n] + t.memRequest, this.cfg.nodeAllocMem[n], this.resources.cpuWeight > 0, this.resources.memWeight > 0);
  }

  scoreNodes(cs: CycleState): void {
    this.scoreInto(cs, cs.scores, 1, false);
  }

  addScores(cs: CycleState, weight: number): void {
    this.scoreInto(cs, cs.total, weight, true);
  }

  /** Each feasible node's score, times weight, into out[n] (added to it with add). */
  private scoreInto(cs: CycleState, out: Int32Array, weight: number, add: boolean): void {
    const feasible = cs.feasible;
    const t = cs.template;
    const r = cs.requests;
    const cfg = this.cfg;
    const useCpu = this.resources.cpuWeight > 0;
    const useMem = this.resources.memWeight > 0;
    const cache = this.cache;
    cache.use(r, cs.templateIndex);
    const kept = cache.score;
    const { key1, key2 } = cache;
    // The numbers the score is computed from.
    const from1 = r.cpu;
    const from2 = r.mem;
    for (let n = 1; n < feasible.length; n++) {
      if (feasible[n] === 0) continue;
      let score: number;
      if (key1[n] === from1[n] && key2[n] === from2[n]) score = kept[n];
      else {
        score = balancedScore(r.cpu[n] + t.cpuRequest, cfg.nodeAllocCpu[n], r.mem[n] + t.memRequest, cfg.nodeAllocMem[n], useCpu, useMem);
        kept[n] = score;
        key1[n] = from1[n];
        key2[n] = from2[n];
      }
      out[n] = add ? out[n] + weight * score : score;
    }
  }
}
