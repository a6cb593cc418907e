/**
 * A pod's `spec.affinity.podAffinity` and `podAntiAffinity` as kivi's inter-pod affinity terms
 * (docs/inputs.md). Selectors keep Kubernetes' four set-based operators; they are matched
 * against the templates' labels when the cluster is compiled.
 */
import type { PodAffinitySpec, PodAffinityTermSpec, PodLabelSelectorSpec } from '../../model/cluster.js';
import { readExpressions } from './label-selector.js';
import { type Reader, show } from './reader.js';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
type Operator = (typeof OPERATORS)[number];

/** A label selector (`matchLabels`, `matchExpressions` with any of the four operators). */
export function readPodSelector(r: Reader, v: unknown, field: string): PodLabelSelectorSpec {
  const sel = r.needRec(v, field);
  const out: PodLabelSelectorSpec = {};
  const ml = r.labels(sel.matchLabels, `${field}.matchLabels`);
  if (Object.keys(ml).length > 0) out.matchLabels = ml;
  const exprs = readExpressions(r, sel.matchExpressions, `${field}.matchExpressions`).map((x, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    if (!(OPERATORS as readonly string[]).includes(x.operator)) {
      r.fail(`${f}.operator`, `must be In, NotIn, Exists or DoesNotExist, got ${show(x.operator)}`);
    }
    const exists = x.operator === 'Exists' || x.operator === 'DoesNotExist';
    if (exists && x.values.length > 0) r.fail(`${f}.values`, `must be empty for operator ${x.operator}`);
    if (!exists && x.values.length === 0) r.fail(`${f}.values`, `operator ${x.operator} needs at least one value`);
    return { key: x.key, operator: x.operator as Operator, values: x.values };
  });
  if (exprs.length > 0) out.matchExpressions = exprs;
  return out;
}

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
      // They read the incoming pod's own label values (pod-template-hash in practice); kivi's
      // pods of one template share their labels, so the keys would only narrow the selector.
      if (Array.isArray(fv) && fv.length > 0) r.warn(f, `${k} is not modelled, ignored`);
    } else r.warn(f, 'unknown field, ignored');
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
      const weight = r.needInt(x.weight, `${f}.weight`, 1);
      if (weight > 100) r.fail(`${f}.weight`, `must be in 1..100, got ${weight}`);
      return { weight, term: readTerm(r, x.podAffinityTerm, `${f}.podAffinityTerm`) };
    });
  }
  for (const k of Object.keys(pa)) {
    if (k !== 'requiredDuringSchedulingIgnoredDuringExecution' && k !== 'preferredDuringSchedulingIgnoredDuringExecution') r.warn(`${path}.${k}`, 'unknown field, ignored');
  }
  return out.required || out.preferred ? out : undefined;
}
