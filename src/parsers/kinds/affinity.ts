/** A pod's `spec.affinity`: node affinity as kivi's ORed matchLabels terms; inter-pod affinity is in pod-affinity.ts. */
import type { NodeAffinitySpec, NodeAffinityTermSpec } from '../../model/cluster.js';
import { readExpressions } from './label-selector.js';
import { type Reader, show } from './reader.js';

/** Most alternatives one node selector term may expand into. */
const MAX_TERM_ALTERNATIVES = 64;

/**
 * A node selector term as a list of ORed matchLabels alternatives: `In` with one value is a
 * label pair; `In` with several values expands into one alternative per value (exact, since a
 * node has one value per key); `matchFields` `metadata.name In [...]` becomes the
 * `kubernetes.io/hostname` label (kivi gives every node that label, equal to its name).
 * Other operators are unsupported. An empty list means the term matches no node.
 */
function nodeTermAlternatives(r: Reader, v: unknown, field: string): Record<string, string>[] {
  const term = r.needRec(v, field);
  const reqs = readExpressions(r, term.matchExpressions, `${field}.matchExpressions`).map((x, i) => ({ ...x, f: `${field}.matchExpressions[${i}]` }));
  readExpressions(r, term.matchFields, `${field}.matchFields`).forEach((x, i) => {
    const f = `${field}.matchFields[${i}]`;
    if (x.key !== 'metadata.name') r.fail(`${f}.key`, `unsupported field ${show(x.key)} (kivi supports metadata.name)`);
    reqs.push({ key: 'kubernetes.io/hostname', operator: x.operator, values: x.values, f });
  });
  if (reqs.length === 0) r.fail(field, 'an empty node selector term matches no node (Kubernetes); give matchExpressions');
  let alts: Record<string, string>[] = [{}];
  for (const x of reqs) {
    if (x.operator !== 'In') {
      r.fail(`${x.f}.operator`, `unsupported operator ${show(x.operator)}: kivi supports node affinity with operator In only`);
    }
    if (x.values.length === 0) r.fail(`${x.f}.values`, 'operator In needs at least one value');
    const next: Record<string, string>[] = [];
    for (const alt of alts) {
      for (const value of x.values) {
        if (alt[x.key] !== undefined && alt[x.key] !== value) continue; // both must hold: impossible
        next.push({ ...alt, [x.key]: value });
      }
    }
    alts = [...new Map(next.map((a) => [JSON.stringify(Object.entries(a).sort()), a])).values()];
    if (alts.length > MAX_TERM_ALTERNATIVES) r.fail(field, `too many value combinations (more than ${MAX_TERM_ALTERNATIVES})`);
  }
  return alts;
}

function readNodeAffinity(r: Reader, v: unknown, path: string): NodeAffinitySpec | undefined {
  const na = r.rec(v, path);
  if (!na) return undefined;
  const out: NodeAffinitySpec = {};
  const reqField = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const req = r.rec(na.requiredDuringSchedulingIgnoredDuringExecution, reqField);
  if (req) {
    const terms = r.list(req.nodeSelectorTerms, `${reqField}.nodeSelectorTerms`) ?? [];
    if (terms.length === 0) r.fail(`${reqField}.nodeSelectorTerms`, 'needs at least one term');
    const required: NodeAffinityTermSpec[] = [];
    terms.forEach((t, i) => {
      for (const alt of nodeTermAlternatives(r, t, `${reqField}.nodeSelectorTerms[${i}]`)) required.push({ matchLabels: alt });
    });
    if (required.length === 0) r.fail(`${reqField}.nodeSelectorTerms`, 'no term can match any node (each asks for two values of one label)');
    out.required = required;
  }
  const prefField = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  const pref = r.list(na.preferredDuringSchedulingIgnoredDuringExecution, prefField);
  if (pref && pref.length > 0) {
    const preferred: NonNullable<NodeAffinitySpec['preferred']> = [];
    pref.forEach((p, i) => {
      const f = `${prefField}[${i}]`;
      const x = r.needRec(p, f);
      const weight = r.needInt(x.weight, `${f}.weight`, 1);
      if (weight > 100) r.fail(`${f}.weight`, `must be in 1..100, got ${weight}`);
      const preference = r.needRec(x.preference, `${f}.preference`);
      // An empty preference matches every node: the same weight everywhere, no effect on ranking.
      const empty = (r.list(preference.matchExpressions, `${f}.preference.matchExpressions`) ?? []).length === 0
        && (r.list(preference.matchFields, `${f}.preference.matchFields`) ?? []).length === 0;
      const alts = empty ? [{}] : nodeTermAlternatives(r, preference, `${f}.preference`);
      // The alternatives exclude each other (one value per key), so each carries the weight.
      for (const alt of alts) preferred.push({ weight, term: { matchLabels: alt } });
    });
    out.preferred = preferred;
  }
  return out.required || out.preferred ? out : undefined;
}

/** `spec.affinity`: its node affinity; podAffinity and podAntiAffinity are left to readPodAffinity, the rest is warned about. */
export function readAffinity(r: Reader, v: unknown, path: string): NodeAffinitySpec | undefined {
  let out: NodeAffinitySpec | undefined;
  for (const [k, av] of Object.entries(r.rec(v, path) ?? {})) {
    if (av === undefined || av === null) continue;
    if (k === 'nodeAffinity') {
      out = readNodeAffinity(r, av, `${path}.nodeAffinity`);
    } else if (k === 'podAffinity' || k === 'podAntiAffinity') {
      // Read by readPodAffinity (pod-affinity.ts) into the template's inter-pod affinity.
    } else {
      r.warn(`${path}.${k}`, 'unknown field, ignored');
    }
  }
  return out;
}
