/**
 * Interchangeable nodes (docs/model.md §8.2.4). When several nodes share the best score, the
 * model makes each a successor, but two *twins* would only give mirror images of one another:
 * nodes that differ in nothing but their name. Twins are one choice, taken at the lower index,
 * as every other choice among identical objects in the model (docs/model.md §14.3).
 *
 * Nodes a and b are twins in a state when
 * - statically: same capacity; for every template the same required-affinity match, preferred
 *   weight; for every spread constraint the same domain, or each alone
 *   in its own domain (the hostname); neither is the target of a nodeFailure event;
 * - in the state: the same node words (free CPU and memory, status, assumed pods, maintained,
 *   taints),
 *   the same maintenance and kernel-panic words, and the same pods on them by owner, template,
 *   CPU and memory usage and whether they are terminating, compared as a multiset by two 32-bit commutative hashes
 *   and a count (as states themselves are compared by 64-bit fingerprints).
 *
 * This is an approximation, not a symmetry: whether a bound pod has started yet, the pods' start
 * times and their CPU-pattern positions are not compared (two nodes whose pods cool down at
 * different times count as twins), and neither
 * is the node order the model's lowest-index rules use elsewhere (maintenance order, the
 * descheduler). Comparing them makes case c1 at scale 10 (start times) and
 * scale 50 (started or not) too large to explore.
 */
import type { CompiledCluster } from '../../model/config.js';
import {
  CA_NODE_WORDS, caNodeAt, KERNEL_PANIC_WORDS, kernelPanicAt, type Layout, MAINT_NODE_WORDS, maintNodeAt, NODE_WORDS, nodeAt, nominatedAt, P_CPU, P_LOC, P_MEM,
  P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_RUNNING, POD_TERMINATING, POD_WORDS,
} from '../../model/layout.js';

/** Per node, a static class: equal classes are statically interchangeable. */
export function staticClasses(cfg: CompiledCluster): Int32Array {
  const N = cfg.layout.nodes;
  const classes = new Int32Array(N + 1);
  const ids = new Map<string, number>();
  const failing = new Set<number>();
  for (const e of cfg.events) if (e.node) failing.add(e.node); // nodeFailure and taint commands
  for (let n = 1; n <= N; n++) {
    const parts: Array<number | string> = [cfg.nodeCpu[n], cfg.nodeMemory[n]];
    if (failing.has(n)) parts.push(`failing ${n}`);
    if (cfg.autoscaler) parts.push(`group ${cfg.autoscaler.groupOf[n]}`, cfg.autoscaler.scaleDownDisabled[n]);
    for (let t = 0; t < cfg.templates.length; t++) {
      const tp = cfg.templates[t];
      if (!tp) continue;
      parts.push(tp.requiredNodes ? tp.requiredNodes[n] : 1, tp.preferredWeight ? tp.preferredWeight[n] : 0);
      for (const c of [...tp.hard, ...tp.soft]) {
        const d = c.domainOf[n];
        let alone = d !== 0;
        for (let m = 1; m <= N && alone; m++) if (m !== n && c.domainOf[m] === d) alone = false;
        parts.push(alone ? 'own' : d);
      }
    }
    const key = parts.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(key, id);
    }
    classes[n] = id;
  }
  return classes;
}

/** The pod words twins compare besides the status: what the pod is and uses, not when it started. */
const POD_KEY = [P_OWNER, P_TEMPLATE, P_CPU, P_MEM];

/**
 * A 32-bit mix of one pod's status and POD_KEY words, seeded. A bound pending pod counts as
 * running: the kubelet only has not started it yet.
 */
function podHash(s: Int32Array, at: number, seed: number): number {
  const status = s[at + P_STATUS] === POD_TERMINATING ? POD_TERMINATING : POD_RUNNING;
  let h = Math.imul(seed ^ status, 0x9e3779b1);
  h ^= h >>> 15;
  for (let i = 0; i < POD_KEY.length; i++) {
    h = Math.imul(h ^ s[at + POD_KEY[i]], 0x9e3779b1);
    h ^= h >>> 15;
  }
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

export class Twins {
  private readonly classes: Int32Array;
  private readonly hashA: Int32Array;
  private readonly hashB: Int32Array;
  private readonly count: Int32Array;
  /** nominated[n] = 1: some pending pod is nominated to node n (after prepare). */
  private readonly nominated: Uint8Array;
  /** true when no two nodes share a static class: there are never twins. */
  private readonly none: boolean;

  constructor(
    cfg: CompiledCluster,
    private readonly l: Layout,
  ) {
    this.classes = staticClasses(cfg);
    this.hashA = new Int32Array(l.nodes + 1);
    this.hashB = new Int32Array(l.nodes + 1);
    this.count = new Int32Array(l.nodes + 1);
    this.nominated = new Uint8Array(l.nodes + 1);
    let none = true;
    for (let a = 1; a <= l.nodes && none; a++) for (let b = a + 1; b <= l.nodes && none; b++) if (this.classes[a] === this.classes[b]) none = false;
    this.none = none;
  }

  /** Hashes the pods on every node of s; call before `twins` on that state. */
  prepare(s: Int32Array): void {
    if (this.none) return;
    const l = this.l;
    this.hashA.fill(0);
    this.hashB.fill(0);
    this.count.fill(0);
    this.nominated.fill(0);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      // A node some pod is nominated to (docs/model.md §8.2.5) is nobody's twin.
      if (l.nominatedBase >= 0 && s[nominatedAt(l, q)] !== 0) this.nominated[s[nominatedAt(l, q)]] = 1;
      const n = s[at + P_LOC];
      if (n === 0 || s[at + P_STATUS] === POD_FREE) continue;
      this.hashA[n] = (this.hashA[n] + podHash(s, at, 0x243f6a88)) | 0;
      this.hashB[n] = (this.hashB[n] + podHash(s, at, 0x13198a2e)) | 0;
      this.count[n]++;
    }
  }

  /** Nodes a and b are interchangeable in s (after prepare(s)). */
  twins(s: Int32Array, a: number, b: number): boolean {
    if (this.none || this.classes[a] !== this.classes[b]) return false;
    if (this.nominated[a] === 1 || this.nominated[b] === 1) return false;
    if (this.count[a] !== this.count[b] || this.hashA[a] !== this.hashA[b] || this.hashB[a] !== this.hashB[b]) return false;
    const l = this.l;
    if (!sameWords(s, nodeAt(l, a), nodeAt(l, b), NODE_WORDS)) return false;
    if (l.maintNodeBase >= 0 && !sameWords(s, maintNodeAt(l, a), maintNodeAt(l, b), MAINT_NODE_WORDS)) return false;
    if (l.kernelPanicBase >= 0 && !sameWords(s, kernelPanicAt(l, a), kernelPanicAt(l, b), KERNEL_PANIC_WORDS)) return false;
    if (l.caNodeBase >= 0 && !sameWords(s, caNodeAt(l, a), caNodeAt(l, b), CA_NODE_WORDS)) return false;
    return true;
  }
}

function sameWords(s: Int32Array, a: number, b: number, k: number): boolean {
  for (let i = 0; i < k; i++) if (s[a + i] !== s[b + i]) return false;
  return true;
}
