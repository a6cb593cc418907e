/**
 * `kind: PodDisruptionBudget` (policy/v1, and the removed policy/v1beta1): `minAvailable` or
 * `maxUnavailable` (an integer or a percentage), its selector, namespace and
 * `unhealthyPodEvictionPolicy` (docs/model.md §8.9, docs/inputs.md "Manifests").
 */
import type { PodDisruptionBudgetSpec, PodLabelSelectorSpec } from '../../model/cluster.js';
import type { Warnings } from '../warnings.js';
import { readExpressions } from './label-selector.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta, show } from './reader.js';
import { LABEL_SELECTOR_FIELDS, PDB_SPEC_FIELDS, warnUnknownFields } from './known-fields.js';

/** An IntOrString field: a non-negative integer or a string `N%` with N ≤ 100. */
function intOrPercent(r: Reader, v: unknown, field: string): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return r.needInt(v, field, 0);
  if (typeof v !== 'string') r.fail(field, `must be an integer or a percentage, got ${show(v)}`);
  const m = /^([0-9]+)%$/.exec(v);
  // intstr.GetScaledValueFromIntOrPercent: a string that is not a percentage is an error.
  if (!m) r.fail(field, `must be an integer or a percentage ("50%"), got ${show(v)}`);
  if (Number(m[1]) > 100) r.fail(field, `must not be greater than 100%, got ${v}`);
  return v;
}

function readSelector(r: Reader, v: unknown, beta: boolean): PodLabelSelectorSpec | undefined {
  const sel = r.rec(v, 'spec.selector');
  if (!sel) return undefined;
  warnUnknownFields(r, sel, 'spec.selector', LABEL_SELECTOR_FIELDS);
  const matchLabels = r.labels(sel.matchLabels, 'spec.selector.matchLabels');
  const matchExpressions = readExpressions(r, sel.matchExpressions, 'spec.selector.matchExpressions').map((x, i) => {
    const f = `spec.selector.matchExpressions[${i}]`;
    if (x.operator !== 'In' && x.operator !== 'NotIn' && x.operator !== 'Exists' && x.operator !== 'DoesNotExist') {
      r.fail(`${f}.operator`, `must be In, NotIn, Exists or DoesNotExist, got ${show(x.operator)}`);
    }
    if ((x.operator === 'In' || x.operator === 'NotIn') && x.values.length === 0) r.fail(`${f}.values`, `must be non-empty for ${x.operator}`);
    if ((x.operator === 'Exists' || x.operator === 'DoesNotExist') && x.values.length > 0) r.fail(`${f}.values`, `must be empty for ${x.operator}`);
    return { key: x.key, operator: x.operator as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: x.values };
  });
  // policy/v1beta1 read an empty selector as selecting nothing; policy/v1 selects every pod.
  if (beta && Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) return undefined;
  return { matchLabels, ...(matchExpressions.length > 0 ? { matchExpressions } : {}) };
}

export function podDisruptionBudgetFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): PodDisruptionBudgetSpec {
  return guarded(where.line, () => {
    const r = new Reader(where.file, 'PodDisruptionBudget/?', warnings);
    const o = asObject(r, obj, 'PodDisruptionBudget');
    const meta = readMeta(r, o, 'PodDisruptionBudget');
    const apiVersion = r.str(o.apiVersion, 'apiVersion') ?? 'policy/v1';
    if (apiVersion !== 'policy/v1' && apiVersion !== 'policy/v1beta1') r.fail('apiVersion', `must be policy/v1 or policy/v1beta1, got ${show(apiVersion)}`);
    const spec = r.needRec(o.spec, 'spec');
    warnUnknownFields(r, spec, 'spec', PDB_SPEC_FIELDS);
    let minAvailable = intOrPercent(r, spec.minAvailable, 'spec.minAvailable');
    const maxUnavailable = intOrPercent(r, spec.maxUnavailable, 'spec.maxUnavailable');
    if (minAvailable !== undefined && maxUnavailable !== undefined) r.fail('spec', 'minAvailable and maxUnavailable cannot be both set');
    // policy/v1beta1 SetDefaults_PodDisruptionBudgetSpec: neither given means minAvailable 1.
    if (apiVersion === 'policy/v1beta1' && minAvailable === undefined && maxUnavailable === undefined) minAvailable = 1;
    const policy = r.oneOf(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', ['IfHealthyBudget', 'AlwaysAllow'] as const);
    const selector = readSelector(r, spec.selector, apiVersion === 'policy/v1beta1');
    return {
      name: meta.name,
      namespace: meta.namespace ?? where.namespace ?? 'default',
      ...(minAvailable !== undefined ? { minAvailable } : {}),
      ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
      ...(selector ? { selector } : {}),
      ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}),
    };
  });
}
