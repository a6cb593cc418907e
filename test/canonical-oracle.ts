/**
 * The touched-only canonical order as it was computed before it was made incremental
 * (docs/model.md §8.11.6), kept as the oracle of test/canonical-after.test.ts: every slot grouped
 * by its node (a counting sort), every pod and node compared with the parent word by word, each
 * touched group and each class with a touched node re-sorted (its untouched members in index
 * order, the touched ones sorted apart and each put after the untouched ones not above it), and
 * the slots laid out unbound first, then node by node in the new order. Written for clarity,
 * not speed.
 */
import type { CompiledCluster } from '../src/model/config.js';
import { staticClasses } from '../src/controllers/scheduler/twins.js';
import { markQueueChanges } from '../src/controllers/queue-changes.js';
import {
  KERNEL_PANIC_WORDS, MAINT_NODE_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, Q_SCH, Q_TM, kernelPanicAt, maintNodeAt, nodeAt, podAt,
} from '../src/model/layout.js';

const POD_QUEUES = [Q_SCH, Q_KBL, Q_TM];

/** The static classes the oracle takes (as CanonicalOrder does). */
export const oracleClasses = (cfg: CompiledCluster): Int32Array => staticClasses(cfg, true);

/** newNode (per node its canonical index) and order (the slots in canonical order) for a successor s of the canonical `parent`. */
export function oracleOrder(cfg: CompiledCluster, nodeClass: Int32Array, kubeletSet: boolean, s: Int32Array, parent: Int32Array): { newNode: number[]; order: number[] } {
  const l = cfg.layout;
  const N = l.nodes;
  const P = l.pods;
  // Queue places of s: a pod's per pod queue, a node's in the node controller's queue (first).
  const places = (q: number): number[] =>
    POD_QUEUES.map((queue) => {
      const qb = l.queueBase[queue];
      for (let i = 1; i <= s[qb]; i++) if (s[qb + i] === q) return kubeletSet && queue === Q_KBL ? 1 : i;
      return 0;
    });
  const ncPlace = (n: number): number => {
    const qb = l.queueBase[Q_NC];
    for (let i = 1; i <= s[qb]; i++) if (s[qb + i] === n) return i;
    return 0;
  };
  const words = (at: number, k: number): number[] => Array.from(s.subarray(at, at + k));
  const podKey = (q: number): number[] => [...words(podAt(l, q), POD_WORDS).filter((_, w) => w !== P_LOC), ...places(q)];
  const cmpLists = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  };
  const cmpPods = (a: number, b: number): number => cmpLists(podKey(a), podKey(b));
  // Touched: queue changes, then any pod or per-node block that differs, and the nodes of touched pods.
  const tp = new Uint8Array(P + 1);
  const tn = new Uint8Array(N + 1);
  const count = new Int32Array(Math.max(N, P) + 1);
  for (const q of POD_QUEUES) markQueueChanges(s, parent, l.queueBase[q], tp, kubeletSet && q === Q_KBL, count);
  markQueueChanges(s, parent, l.queueBase[Q_NC], tn, false, count);
  const differs = (at: number, k: number): boolean => words(at, k).some((w, i) => w !== parent[at + i]);
  for (let q = 1; q <= P; q++) if (differs(podAt(l, q), POD_WORDS)) tp[q] = 1;
  for (let q = 1; q <= P; q++) {
    if (tp[q] === 1) tn[s[podAt(l, q) + P_LOC]] = tn[parent[podAt(l, q) + P_LOC]] = 1;
  }
  for (let n = 1; n <= N; n++) {
    if (differs(nodeAt(l, n), NODE_WORDS)) tn[n] = 1;
    if (l.kernelPanicBase >= 0 && differs(kernelPanicAt(l, n), KERNEL_PANIC_WORDS)) tn[n] = 1;
    if (l.maintNodeBase >= 0 && differs(maintNodeAt(l, n), MAINT_NODE_WORDS)) tn[n] = 1;
  }
  // Untouched members stay in their order, touched ones are sorted and put after the untouched ones not above them.
  const resort = (items: number[], touched: Uint8Array, cmp: (a: number, b: number) => number): number[] => {
    const clean = items.filter((x) => touched[x] === 0);
    const dirty = items.filter((x) => touched[x] === 1).sort(cmp); // Array.prototype.sort is stable
    const out: number[] = [];
    let c = 0;
    for (const x of dirty) {
      while (c < clean.length && cmp(clean[c], x) <= 0) out.push(clean[c++]);
      out.push(x);
    }
    return [...out, ...clean.slice(c)];
  };
  const groups: number[][] = [];
  for (let n = 0; n <= N; n++) groups.push([]);
  for (let q = 1; q <= P; q++) groups[s[podAt(l, q) + P_LOC]].push(q);
  for (let n = 0; n <= N; n++) if (n === 0 || tn[n] === 1) groups[n] = resort(groups[n], tp, cmpPods);
  const sig = (n: number): number[] => [
    nodeClass[n],
    ...words(nodeAt(l, n), NODE_WORDS),
    ...(l.kernelPanicBase >= 0 ? words(kernelPanicAt(l, n), KERNEL_PANIC_WORDS) : []),
    ...(l.maintNodeBase >= 0 ? words(maintNodeAt(l, n), MAINT_NODE_WORDS) : []),
    ncPlace(n),
    groups[n].length,
  ];
  const cmpNodes = (a: number, b: number): number => {
    const d = cmpLists(sig(a), sig(b));
    if (d !== 0) return d;
    for (let i = 0; i < groups[a].length; i++) {
      const e = cmpPods(groups[a][i], groups[b][i]);
      if (e !== 0) return e;
    }
    return 0;
  };
  const newNode = [0];
  for (let n = 1; n <= N; n++) newNode.push(n);
  const classes = [...new Set(Array.from(nodeClass).slice(1))];
  for (const c of classes) {
    const members: number[] = [];
    for (let n = 1; n <= N; n++) if (nodeClass[n] === c) members.push(n);
    if (!members.some((n) => tn[n] === 1)) continue;
    resort(members, tn, cmpNodes).forEach((n, i) => (newNode[n] = members[i]));
  }
  const byRank = new Array<number>(N + 1).fill(0);
  for (let n = 1; n <= N; n++) byRank[newNode[n]] = n;
  const order = [...groups[0]];
  for (let m = 1; m <= N; m++) order.push(...groups[byRank[m]]);
  return { newNode, order };
}
