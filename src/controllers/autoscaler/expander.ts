/**
 * The expander (cluster-autoscaler expander/): which scale-up option, among the node groups that
 * would help, the autoscaler takes. kivi makes every option the expander may pick a successor:
 * `random` (expander/random) keeps them all; `least-waste` (expander/waste `BestOption`) keeps
 * those with the least wasted CPU plus memory fraction, and its fallback is random; `priority`
 * (expander/priority `BestOption`) keeps those of the highest priority, falling back to all of
 * them when no group has one (docs/model.md §8.10.2).
 */
import { type CompiledCluster, EXPANDER_LEAST_WASTE, EXPANDER_PRIORITY } from '../../model/config.js';

/** The scale-up options of one autoscaler run: nodes[i] new nodes of group group[i]. */
export class ScaleUpOptions {
  /** Group indices (0-based) with at least one pod helped, in group order. */
  readonly group: Int32Array;
  /** Per option: how many new nodes (the estimate). */
  readonly nodes: Int32Array;
  /** Per option: the requests of the pods the new node would take. */
  readonly cpu: Float64Array;
  readonly mem: Float64Array;
  count = 0;
  /** After `expand`: the options the expander may pick, as indices into the above. */
  readonly best: Int32Array;
  bestCount = 0;

  constructor(groups: number) {
    this.group = new Int32Array(groups);
    this.nodes = new Int32Array(groups);
    this.cpu = new Float64Array(groups);
    this.mem = new Float64Array(groups);
    this.best = new Int32Array(groups);
  }

  clear(): void {
    this.count = 0;
    this.bestCount = 0;
  }

  add(group: number, nodes: number, cpu: number, mem: number): void {
    this.group[this.count] = group;
    this.nodes[this.count] = nodes;
    this.cpu[this.count] = cpu;
    this.mem[this.count] = mem;
    this.count++;
  }

  /** Keeps in `best` what the configured expander may choose. */
  expand(cfg: CompiledCluster): void {
    const ca = cfg.autoscaler!;
    this.bestCount = 0;
    if (ca.expander === EXPANDER_LEAST_WASTE) {
      let least = 0;
      for (let i = 0; i < this.count; i++) {
        const w = this.waste(cfg, i);
        if (this.bestCount === 0 || w < least) {
          least = w;
          this.bestCount = 0;
        }
        if (w === least) this.best[this.bestCount++] = i;
      }
      return;
    }
    if (ca.expander === EXPANDER_PRIORITY) {
      let top = -1;
      for (let i = 0; i < this.count; i++) {
        const p = ca.groups[this.group[i]].priority;
        if (p < 0 || p < top) continue;
        if (p > top) {
          top = p;
          this.bestCount = 0;
        }
        this.best[this.bestCount++] = i;
      }
      if (this.bestCount > 0) return;
      // "no priorities info found for any of the expansion options. Falling back to random choice."
    }
    for (let i = 0; i < this.count; i++) this.best[this.bestCount++] = i;
  }

  /**
   * expander/waste: (capacity − requested) / capacity for CPU plus the same for memory, over
   * the new nodes' capacity (`node.Status.Capacity` times the node count), in float64 as upstream.
   */
  waste(cfg: CompiledCluster, i: number): number {
    const n = cfg.autoscaler!.groups[this.group[i]].first;
    const cpu = cfg.nodeCpu[n] * this.nodes[i];
    const mem = cfg.nodeMemory[n] * this.nodes[i];
    return (cpu - this.cpu[i]) / cpu + (mem - this.mem[i]) / mem;
  }
}
