/**
 * The abstraction function (docs/scaling.md, "Proof for every size"): a state of a representative
 * cluster up to the order of the nodes inside each class, with a saturated class's pristine nodes
 * counted up to the bound B ("B" = "B or more").
 *
 * A node is *pristine* when it is present, its words are its class's initial words and nothing
 * refers to it (no pod slot is bound to it, it is not in the node controller's queue). Within a
 * class, the canonical order is: the other present nodes, sorted by their words and then by the
 * pod slots bound to them; then the pristine nodes; then the absent slots. Reordering nodes of
 * one class is a symmetry of the model (the static classes of twins.ts; the representative's
 * scheduler explores every tie), so a state and its canonical form have the same futures up to
 * that reordering.
 */
import type { CompiledCluster } from '../../model/config.js';
import { N_STATUS, NODE_ABSENT, NODE_WORDS, P_LOC, POD_WORDS, Q_NC, nodeAt } from '../../model/layout.js';

export interface ClassFrame {
  /** Node indices of each class's slots, in slot order. */
  slots: Int32Array[];
  /** Per class: 1 when the class is saturated (its node count is C or more). */
  saturated: Uint8Array;
  /** Per class: the words of a pristine node. */
  pristine: Int32Array[];
  /** B: a saturated class's pristine count B means B or more. */
  bound: number;
  /** C: a saturated class has at least this many nodes. */
  threshold: number;
}

export function classFrame(cfg: CompiledCluster, slots: number[][], saturated: boolean[], bound: number, threshold: number): ClassFrame {
  const l = cfg.layout;
  const pristine = slots.map((sl) => {
    const w = new Int32Array(NODE_WORDS);
    if (sl.length > 0) {
      const at = nodeAt(l, sl[0]);
      for (let i = 0; i < NODE_WORDS; i++) w[i] = cfg.initial[at + i];
    }
    return w;
  });
  return { slots: slots.map((s) => Int32Array.from(s)), saturated: Uint8Array.from(saturated.map((x) => (x ? 1 : 0))), pristine, bound, threshold };
}

/** Pod slots bound to each node, and nodes waiting in the node controller's queue. */
function references(cfg: CompiledCluster, s: Int32Array): { pods: number[][]; queued: Uint8Array } {
  const l = cfg.layout;
  const pods: number[][] = Array.from({ length: l.nodes + 1 }, () => []);
  for (let q = 1, at = l.podBase + P_LOC; q <= l.pods; q++, at += POD_WORDS) if (s[at] > 0) pods[s[at]].push(q);
  const queued = new Uint8Array(l.nodes + 1);
  const qb = l.queueBase[Q_NC];
  for (let i = 1; i <= s[qb]; i++) queued[s[qb + i]] = 1;
  return { pods, queued };
}

function isPristine(cfg: CompiledCluster, s: Int32Array, n: number, words: Int32Array, pods: number[][], queued: Uint8Array): boolean {
  if (pods[n].length > 0 || queued[n] === 1) return false;
  const at = nodeAt(cfg.layout, n);
  for (let i = 0; i < NODE_WORDS; i++) if (s[at + i] !== words[i]) return false;
  return true;
}

/** Pristine nodes per class in s. */
export function pristineCounts(cfg: CompiledCluster, f: ClassFrame, s: Int32Array): Int32Array {
  const { pods, queued } = references(cfg, s);
  const out = new Int32Array(f.slots.length);
  f.slots.forEach((sl, k) => {
    for (const n of sl) if (isPristine(cfg, s, n, f.pristine[k], pods, queued)) out[k]++;
  });
  return out;
}

function compareNodes(s: Int32Array, cfg: CompiledCluster, pods: number[][], a: number, b: number): number {
  const l = cfg.layout;
  const aa = nodeAt(l, a);
  const bb = nodeAt(l, b);
  for (let i = 0; i < NODE_WORDS; i++) if (s[aa + i] !== s[bb + i]) return s[aa + i] - s[bb + i];
  const pa = pods[a];
  const pb = pods[b];
  if (pa.length !== pb.length) return pa.length - pb.length;
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Thrown when a class has more non-pristine nodes than its slots: the abstraction cannot hold the state. */
export class SlotsExhausted extends Error {}

/**
 * The canonical forms of s. `before`, the pristine counts of the state s was reached from, decides
 * a saturated class's branching: when it had B (B or more) and s has p < B, the true count is
 * anything from p up, so s stands for p, p + 1, ..., B − 1 exactly (each only if the class keeps
 * C nodes or more) and "B or more". Counts above B become B. For an initial state (`before`
 * null) a saturated class has any count from C up: every exact count from C to B − 1, and B.
 * `exact` (the abstraction of one concrete state, embed.ts): no branching, counts clipped at B.
 */
export function canonicalForms(cfg: CompiledCluster, f: ClassFrame, s: Int32Array, before: Int32Array | null, exact = false): Int32Array[] {
  const l = cfg.layout;
  const { pods, queued } = references(cfg, s);
  const K = f.slots.length;
  const used: number[][] = [];
  const pristine = new Int32Array(K);
  const choices: number[][] = [];
  for (let k = 0; k < K; k++) {
    const busy: number[] = [];
    for (const n of f.slots[k]) {
      if (s[nodeAt(l, n) + N_STATUS] === NODE_ABSENT) continue;
      if (isPristine(cfg, s, n, f.pristine[k], pods, queued)) pristine[k]++;
      else busy.push(n);
    }
    busy.sort((a, b) => compareNodes(s, cfg, pods, a, b));
    used.push(busy);
    const p = pristine[k];
    const B = f.bound;
    let opts: number[];
    if (f.saturated[k] === 0) opts = [p];
    else if (exact) opts = [Math.min(p, B)];
    else if (before === null) {
      // The initial state: a class of C or more nodes has any number of them from C on.
      opts = [];
      for (let x = 0; x < B; x++) if (busy.length + x >= f.threshold) opts.push(x);
      opts.push(B);
    } else if (before[k] >= B && p < B) {
      opts = [];
      for (let x = p; x < B; x++) if (busy.length + x >= f.threshold) opts.push(x);
      opts.push(B);
    } else opts = [Math.min(p, B)];
    for (const x of opts) if (busy.length + x > f.slots[k].length) throw new SlotsExhausted(`class ${k}: ${busy.length} busy nodes and ${x} pristine ones exceed its ${f.slots[k].length} slots`);
    choices.push(opts);
  }
  // The common part: nodes reordered, pods and queued nodes renamed.
  const base = s.slice();
  const rename = new Int32Array(l.nodes + 1);
  for (let k = 0; k < K; k++) {
    const sl = f.slots[k];
    used[k].forEach((n, i) => {
      rename[n] = sl[i];
      base.set(s.subarray(nodeAt(l, n), nodeAt(l, n) + NODE_WORDS), nodeAt(l, sl[i]));
    });
  }
  for (let q = 1, at = l.podBase + P_LOC; q <= l.pods; q++, at += POD_WORDS) if (base[at] > 0) base[at] = rename[base[at]];
  const qb = l.queueBase[Q_NC];
  for (let i = 1; i <= base[qb]; i++) base[qb + i] = rename[base[qb + i]];
  // One form per combination of the classes' pristine counts.
  let forms: Int32Array[] = [base];
  for (let k = 0; k < K; k++) {
    const next: Int32Array[] = [];
    for (const form of forms) {
      for (const x of choices[k]) {
        const v = choices[k].length === 1 ? form : form.slice();
        const sl = f.slots[k];
        for (let i = used[k].length; i < sl.length; i++) {
          const at = nodeAt(l, sl[i]);
          v.set(f.pristine[k], at);
          if (i >= used[k].length + x) v[at + N_STATUS] = NODE_ABSENT;
        }
        next.push(v);
      }
    }
    forms = next;
  }
  return forms;
}
