/**
 * A pod's `spec.affinity.podAffinity` and `podAntiAffinity` as kivi's inter-pod affinity terms
 * (docs/inputs.md). Selectors keep Kubernetes' four set-based operators; they are matched
 * against the templates' labels when the cluster is compiled.
 */
import type { PodAffinitySpec, PodAffinityTermSpec } from '../../model/cluster.js';
import { readPodSelector } from './label-selector.js';
import type { Reader } from './reader.js';
import { unknownFieldMessage, warnUnknownFields } from './known-fields.js';

/** `corev1.PodAffinityTerm`. */
const TERM_FIELDS = ['labelSelector', 'namespaces', 'topologyKey', 'namespaceSelector', 'matchLabelKeys', 'mismatchLabelKeys'];
const AFFINITY_FIELDS = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'];


/** One `PodAffinityTerm`. */
function readTerm(r: Reader, v: unknown, field: string): PodAffinityTermSpec {
  const t = r.needRec(v, field);
  const term: PodAffinityTermSpec = { topologyKey: r.needStr(t.topologyKey, `${field}.topologyKey`) };
  if (term.topologyKey === '') r.fail(`${field}.topologyKey`, 'must not be empty');
  for (const [k, fv] of Object.entries(t)) {
    const f = `${field}.${k}`;
    if (fv === undefined || fv === null || k === 'topologyKey') continue;
    if (k === 'labelSelector') term.labelSelector = readPodSelector(r, fv, f);
    else if (k === 'namespaceSelector') term.namespaceSelector = readPodSelector(r, fv, f);
    else if (k === 'namespaces') {
      term.namespaces = (r.list(fv, f) ?? []).map((ns, i) => r.needStr(ns, `${f}[${i}]`));
    } else if (k === 'matchLabelKeys' || k === 'mismatchLabelKeys') {
      const keys = (r.list(fv, f) ?? []).map((key, i) => r.needStr(key, `${f}[${i}]`));
      if (keys.length > 0) term[k] = keys;
    } else r.warn(f, unknownFieldMessage(k, TERM_FIELDS));
  }
  return term;
}

/** `podAffinity` or `podAntiAffinity`; undefined when it has no term. */
export function readPodAffinity(r: Reader, v: unknown, path: string): PodAffinitySpec | undefined {
  const pa = r.rec(v, path);
  if (!pa) return undefined;
  const out: PodAffinitySpec = {};
  const reqField = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const req = r.list(pa.requiredDuringSchedulingIgnoredDuringExecution, reqField) ?? [];
  if (req.length > 0) out.required = req.map((t, i) => readTerm(r, t, `${reqField}[${i}]`));
  const prefField = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  const pref = r.list(pa.preferredDuringSchedulingIgnoredDuringExecution, prefField) ?? [];
  if (pref.length > 0) {
    out.preferred = pref.map((p, i) => {
      const f = `${prefField}[${i}]`;
      const x = r.needRec(p, f);
      warnUnknownFields(r, x, f, ['weight', 'podAffinityTerm']);
      const weight = r.needInt(x.weight, `${f}.weight`, 1);
      if (weight > 100) r.fail(`${f}.weight`, `must be in 1..100, got ${weight}`);
      return { weight, term: readTerm(r, x.podAffinityTerm, `${f}.podAffinityTerm`) };
    });
  }
  warnUnknownFields(r, pa, path, AFFINITY_FIELDS);
  return out.required || out.preferred ? out : undefined;
}
