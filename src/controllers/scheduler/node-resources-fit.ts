/**
 * NodeResourcesFit (docs/model.md §8.2.2, §8.2.3), on requests and allocatable as kube-scheduler
 * does, never on usage. Filter (`fitsRequest`, pkg/scheduler/framework/plugins/noderesources/fit.go):
 * the node's pod count + 1 must not exceed allocatable pods, and for cpu, memory and every
 * extended resource the pod requests, the requests already on the node + the pod's request must
 * not exceed allocatable (a node that does not advertise an extended resource has 0 of it). Score: the profile's
 * scoring strategy (resource-scoring.ts, default LeastAllocated) on the node's non-zero requests
 * plus the pod's against allocatable (`resourceAllocationScorer.score`, resource_allocation.go).
 */
import type { CompiledCluster, CompiledResourceScoring } from '../../model/config.js';
import type { CycleState, FilterPlugin, ScorePlugin } from './framework.js';
import { N_NUM_POD, NODE_WORDS, nodeAt } from '../../model/layout.js';
import type { NodeRequests } from './requested.js';
import { DEFAULT_FIT_SCORING, strategyScore } from './resource-scoring.js';
import { ScoreCache } from './score-cache.js';

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  /** n's pod count and requested sums against its allocatable, and LeastAllocated (or the profile's strategy) on them. */
  readonly localFilter = true;
  readonly localScore = true;
  private readonly scoring: CompiledResourceScoring;
  private readonly cache: ScoreCache;

  constructor(private readonly cfg: CompiledCluster) {
    this.scoring = cfg.scheduler.fit ?? DEFAULT_FIT_SCORING;
    this.cache = new ScoreCache(cfg.layout.nodes);
  }

  /** PreFilter: the requests on every node, for this cycle's state. */
  preFilter(cs: CycleState): void {
    cs.requests.update(cs);
  }

  /** Every resource that does not fit, in `fitsRequest`'s order and words. */
  reasons(cs: CycleState, n: number): string[] {
    const out: string[] = [];
    const cfg = this.cfg;
    const t = cs.template;
    if (cs.s[nodeAt(cs.l, n) + N_NUM_POD] + cfg.nodeReservedPods[n] + 1 > cfg.nodeAllocPods[n]) out.push('Too many pods');
    if (t.cpuRequest > 0 && t.cpuRequest > cfg.nodeAllocCpu[n] - cs.requests.cpu[n]) out.push('Insufficient cpu');
    if (t.memRequest > 0 && t.memRequest > cfg.nodeAllocMem[n] - cs.requests.mem[n]) out.push('Insufficient memory');
    const ext = t.extendedRequest;
    if (ext !== null) {
      const R = ext.length;
      for (let r = 0; r < R; r++) {
        if (ext[r] > 0 && ext[r] > cfg.nodeAllocExtended[n * R + r] - cs.requests.extended[n * R + r]) out.push(`Insufficient ${cfg.extendedResources[r]}`);
      }
    }
    return out;
  }

  filter(cs: CycleState, n: number): boolean {
    return this.fits(cs.requests, cs.s, nodeAt(cs.l, n), n, cs.template.cpuRequest, cs.template.memRequest) && this.fitsExtended(cs.requests, cs.template.extendedRequest, n);
  }

  /** `fitsRequest` for the extended resources the pod requests: a node without one has 0 of it. */
  private fitsExtended(requests: NodeRequests, ext: Int32Array | null, n: number): boolean {
    if (ext === null) return true;
    const R = ext.length;
    const alloc = this.cfg.nodeAllocExtended;
    const req = requests.extended;
    for (let r = 0; r < R; r++) if (ext[r] > 0 && ext[r] > alloc[n * R + r] - req[n * R + r]) return false;
    return true;
  }

  /**
   * `fitsRequest`: a pod requesting nothing of a resource fits whatever the node has of it
   * (`podRequest.MilliCPU == 0` skips the check); the pod count always counts.
   */
  private fits(r: NodeRequests, s: Int32Array, at: number, n: number, cpu: number, mem: number): boolean {
    const cfg = this.cfg;
    return s[at + N_NUM_POD] + cfg.nodeReservedPods[n] + 1 <= cfg.nodeAllocPods[n]
      && (cpu === 0 || cpu <= cfg.nodeAllocCpu[n] - r.cpu[n])
      && (mem === 0 || mem <= cfg.nodeAllocMem[n] - r.mem[n]);
  }

  filterNodes(cs: CycleState): boolean {
    const { s, feasible } = cs;
    const cpu = cs.template.cpuRequest;
    const mem = cs.template.memRequest;
    const ext = cs.template.extendedRequest;
    const r = cs.requests;
    const { cpu: reqCpu, mem: reqMem } = r;
    const { nodeReservedPods, nodeAllocPods, nodeAllocCpu, nodeAllocMem } = this.cfg;
    let any = false;
    // `fits` and `fitsExtended` per node, written out: no call per node.
    for (let n = 1, at = cs.l.nodeBase + N_NUM_POD; n < feasible.length; n++, at += NODE_WORDS) {
      if (feasible[n] === 0) continue;
      if (s[at] + nodeReservedPods[n] + 1 <= nodeAllocPods[n]
        && (cpu === 0 || cpu <= nodeAllocCpu[n] - reqCpu[n])
        && (mem === 0 || mem <= nodeAllocMem[n] - reqMem[n])
        && (ext === null || this.fitsExtended(r, ext, n))) any = true;
      else feasible[n] = 0;
    }
    return any;
  }

  /** PreScore: the requests again, in case the Filter is disabled in the profile. */
  preScore(cs: CycleState): void {
    cs.requests.update(cs);
  }

  score(cs: CycleState, n: number): number {
    const r = cs.requests;
    const t = cs.template;
    const cfg = this.cfg;
    return strategyScore(this.scoring, r.cpuNonZero[n] + t.cpuNonZero, cfg.nodeAllocCpu[n], r.memNonZero[n] + t.memNonZero, cfg.nodeAllocMem[n], t.extendedRequest, r.extended, cfg.nodeAllocExtended, n);
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
    const r = cs.requests;
    const cfg = this.cfg;
    const cpu = cs.template.cpuNonZero;
    const mem = cs.template.memNonZero;
    const ext = cs.template.extendedRequest;
    const cache = this.cache;
    cache.use(r, cs.templateIndex);
    const kept = cache.score;
    const { key1, key2 } = cache;
    // The numbers the score is computed from (with extended resources, the node's sums' version).
    const from1 = ext === null ? r.cpuNonZero : r.version;
    const from2 = ext === null ? r.memNonZero : r.version;
    for (let n = 1; n < feasible.length; n++) {
      if (feasible[n] === 0) continue;
      let score: number;
      if (key1[n] === from1[n] && key2[n] === from2[n]) score = kept[n];
      else {
        score = strategyScore(this.scoring, r.cpuNonZero[n] + cpu, cfg.nodeAllocCpu[n], r.memNonZero[n] + mem, cfg.nodeAllocMem[n], ext, r.extended, cfg.nodeAllocExtended, n);
        kept[n] = score;
        key1[n] = from1[n];
        key2[n] = from2[n];
      }
      out[n] = add ? out[n] + weight * score : score;
    }
  }
}
