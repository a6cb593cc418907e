/** A pod's `spec.affinity`: node affinity, every operator and `matchFields` on `metadata.name`; inter-pod affinity is in pod-affinity.ts. */
import type { NodeAffinitySpec, NodeAffinityTermSpec, NodeSelectorOperator, NodeSelectorRequirementSpec } from '../../model/cluster.js';
import { readExpressions, type SelectorRequirement } from './label-selector.js';
import { type Reader, show } from './reader.js';
import { unknownFieldMessage, warnUnknownFields } from './known-fields.js';

const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

const OPERATORS: readonly NodeSelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/**
 * One node selector requirement, checked as the API server's validation and
 * `labels.NewRequirement` (k8s.io/apimachinery) check it: In/NotIn need values,
 * Exists/DoesNotExist take none, Gt/Lt exactly one integer. For `matchFields`
 * (`nodeSelectorRequirementsAsFieldSelector`) the key must be `metadata.name`, the operator
 * In or NotIn, with exactly one value.
 */
function requirement(r: Reader, x: SelectorRequirement, f: string, isField: boolean): NodeSelectorRequirementSpec {
  const operator = x.operator as NodeSelectorOperator;
  if (!OPERATORS.includes(operator)) r.fail(`${f}.operator`, `must be one of ${OPERATORS.join(', ')}, got ${show(x.operator)}`);
  if (isField) {
    if (x.key !== 'metadata.name') r.fail(`${f}.key`, `unsupported field ${show(x.key)}: Kubernetes supports metadata.name only`);
    if (operator !== 'In' && operator !== 'NotIn') r.fail(`${f}.operator`, `a field selector takes In or NotIn, got ${show(x.operator)}`);
    if (x.values.length !== 1) r.fail(`${f}.values`, `a field selector requirement takes exactly one value, got ${x.values.length}`);
  }
  if ((operator === 'In' || operator === 'NotIn') && x.values.length === 0) r.fail(`${f}.values`, `operator ${operator} needs at least one value`);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && x.values.length !== 0) r.fail(`${f}.values`, `operator ${operator} takes no values`);
  if (operator === 'Gt' || operator === 'Lt') {
    if (x.values.length !== 1) r.fail(`${f}.values`, `operator ${operator} takes exactly one value, got ${x.values.length}`);
    if (!/^[+-]?[0-9]+$/.test(x.values[0])) r.fail(`${f}.values[0]`, `operator ${operator} needs an integer, got ${show(x.values[0])}`);
  }
  return { key: x.key, operator, values: [...x.values] };
}

/**
 * A node selector term: its `matchExpressions` and `matchFields`, ANDed. `null` for an empty
 * term, which selects no node (`nodeaffinity.NewLazyErrorNodeSelector` and
 * `NewPreferredSchedulingTerms` skip it).
 */
function nodeTerm(r: Reader, v: unknown, field: string): NodeAffinityTermSpec | null {
  const term = r.needRec(v, field);
  warnUnknownFields(r, term, field, ['matchExpressions', 'matchFields']);
  const exprs = readExpressions(r, term.matchExpressions, `${field}.matchExpressions`);
  const fields = readExpressions(r, term.matchFields, `${field}.matchFields`);
  if (exprs.length === 0 && fields.length === 0) return null;
  const out: NodeAffinityTermSpec = { matchLabels: {} };
  if (exprs.length > 0) out.matchExpressions = exprs.map((x, i) => requirement(r, x, `${field}.matchExpressions[${i}]`, false));
  if (fields.length > 0) out.matchFields = fields.map((x, i) => requirement(r, x, `${field}.matchFields[${i}]`, true));
  return out;
}

function readNodeAffinity(r: Reader, v: unknown, path: string): NodeAffinitySpec | undefined {
  const na = r.rec(v, path);
  if (!na) return undefined;
  const out: NodeAffinitySpec = {};
  warnUnknownFields(r, na, path, [REQUIRED, PREFERRED]);
  const reqField = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const req = r.rec(na.requiredDuringSchedulingIgnoredDuringExecution, reqField);
  if (req) {
    warnUnknownFields(r, req, reqField, ['nodeSelectorTerms']);
    const terms = r.list(req.nodeSelectorTerms, `${reqField}.nodeSelectorTerms`) ?? [];
    if (terms.length === 0) r.fail(`${reqField}.nodeSelectorTerms`, 'needs at least one term');
    const required: NodeAffinityTermSpec[] = [];
    terms.forEach((t, i) => {
      const f = `${reqField}.nodeSelectorTerms[${i}]`;
      const term = nodeTerm(r, t, f);
      if (term === null) r.fail(f, 'an empty node selector term matches no node (Kubernetes); give matchExpressions or matchFields');
      required.push(term);
    });
    out.required = required;
  }
  const prefField = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  const pref = r.list(na.preferredDuringSchedulingIgnoredDuringExecution, prefField);
  if (pref && pref.length > 0) {
    const preferred: NonNullable<NodeAffinitySpec['preferred']> = [];
    pref.forEach((p, i) => {
      const f = `${prefField}[${i}]`;
      const x = r.needRec(p, f);
      warnUnknownFields(r, x, f, ['weight', 'preference']);
      const weight = r.needInt(x.weight, `${f}.weight`, 1);
      if (weight > 100) r.fail(`${f}.weight`, `must be in 1..100, got ${weight}`);
      // An empty preference is skipped, as NewPreferredSchedulingTerms skips it.
      const term = nodeTerm(r, x.preference, `${f}.preference`);
      if (term) preferred.push({ weight, term });
    });
    if (preferred.length > 0) out.preferred = preferred;
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
      r.warn(`${path}.${k}`, unknownFieldMessage(k, ['nodeAffinity', 'podAffinity', 'podAntiAffinity']));
    }
  }
  return out;
}
