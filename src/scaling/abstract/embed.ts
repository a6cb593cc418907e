/**
 * A concrete setup's state as a state of its abstract setting's representative cluster
 * (docs/scaling.md, "Checked against concrete searches"): the abstraction function α of the
 * simulation relation. Nodes go to their class's slots (the pristine ones of a saturated class
 * up to the bound), pods and queued nodes are renamed, everything else is copied; then
 * canonicalForms orders the nodes.
 */
import type { CompiledCluster } from '../../model/config.js';
import { N_STATUS, NODE_ABSENT, NODE_WORDS, P_LOC, POD_WORDS, Q_NC, QUEUE_COUNT, nodeAt } from '../../model/layout.js';
import { canonicalForms, type ClassFrame } from './canonical.js';

/**
 * `classOf[n]`: the class of concrete node n (1-based). The concrete and the representative
 * cluster share pods, deployments, events and monitors; only their nodes differ.
 */
export function embedState(concrete: CompiledCluster, classOf: Int32Array, big: CompiledCluster, f: ClassFrame, s: Int32Array): Int32Array {
  const cl = concrete.layout;
  const bl = big.layout;
  if (cl.pods !== bl.pods || cl.words - cl.eventBase !== bl.words - bl.eventBase) throw new Error('internal error: the setting does not match the setup');
  const out = new Int32Array(bl.words);
  out.set(s.subarray(0, cl.nodeBase), 0);
  const bound = new Set<number>();
  for (let q = 1, at = cl.podBase + P_LOC; q <= cl.pods; q++, at += POD_WORDS) if (s[at] > 0) bound.add(s[at]);
  const qb = cl.queueBase[Q_NC];
  for (let i = 1; i <= s[qb]; i++) bound.add(s[qb + i]);
  const rename = new Int32Array(cl.nodes + 1);
  const next = new Int32Array(f.slots.length);
  const pristine = new Int32Array(f.slots.length);
  const same = (n: number, w: Int32Array): boolean => {
    for (let i = 0; i < NODE_WORDS; i++) if (s[nodeAt(cl, n) + i] !== w[i]) return false;
    return true;
  };
  for (let n = 1; n <= cl.nodes; n++) {
    const k = classOf[n];
    if (s[nodeAt(cl, n) + N_STATUS] === NODE_ABSENT) continue;
    if (!bound.has(n) && same(n, f.pristine[k])) {
      pristine[k]++;
      continue;
    }
    const slot = f.slots[k][next[k]++];
    if (slot === undefined) throw new Error('internal error: more busy nodes than slots');
    rename[n] = slot;
    out.set(s.subarray(nodeAt(cl, n), nodeAt(cl, n) + NODE_WORDS), nodeAt(bl, slot));
  }
  f.slots.forEach((sl, k) => {
    const keep = f.saturated[k] === 1 ? Math.min(pristine[k], f.bound) : pristine[k];
    for (let i = next[k]; i < sl.length; i++) {
      out.set(f.pristine[k], nodeAt(bl, sl[i]));
      if (i >= next[k] + keep) out[nodeAt(bl, sl[i]) + N_STATUS] = NODE_ABSENT;
    }
  });
  out.set(s.subarray(cl.podBase, cl.depBase), bl.podBase);
  for (let q = 1, at = bl.podBase + P_LOC; q <= bl.pods; q++, at += POD_WORDS) if (out[at] > 0) out[at] = rename[out[at]];
  out.set(s.subarray(cl.depBase, cl.queueBase[0]), bl.depBase);
  for (let q = 0; q < QUEUE_COUNT; q++) {
    const len = s[cl.queueBase[q]];
    for (let i = 0; i <= len; i++) out[bl.queueBase[q] + i] = q === Q_NC && i > 0 ? rename[s[cl.queueBase[q] + i]] : s[cl.queueBase[q] + i];
  }
  out.set(s.subarray(cl.eventBase), bl.eventBase);
  const forms = canonicalForms(big, f, out, null, true);
  return forms[0];
}
