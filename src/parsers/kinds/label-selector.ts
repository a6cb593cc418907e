/** Label selectors (`matchLabels`, `matchExpressions`) of pods. */
import { requirementMatches } from '../../model/label-requirement.js';
import type { PodLabelSelectorSpec } from '../../model/cluster.js';
import { type Reader, show } from './reader.js';
import { LABEL_SELECTOR_FIELDS, warnUnknownFields } from './known-fields.js';

export interface SelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export function readExpressions(r: Reader, v: unknown, field: string): SelectorRequirement[] {
  return (r.list(v, field) ?? []).map((e, i) => {
    const f = `${field}[${i}]`;
    const x = r.needRec(e, f);
    warnUnknownFields(r, x, f, ['key', 'operator', 'values']);
    const key = r.needStr(x.key, `${f}.key`);
    const operator = r.needStr(x.operator, `${f}.operator`);
    const values = (r.list(x.values, `${f}.values`) ?? []).map((val, j) => {
      if (typeof val !== 'string') r.fail(`${f}.values[${j}]`, `must be a string, got ${show(val)}`);
      return val;
    });
    return { key, operator, values };
  });
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
type Operator = (typeof OPERATORS)[number];

/** A label selector (`matchLabels`, `matchExpressions` with any of the four operators). */
export function readPodSelector(r: Reader, v: unknown, field: string): PodLabelSelectorSpec {
  const sel = r.needRec(v, field);
  warnUnknownFields(r, sel, field, LABEL_SELECTOR_FIELDS);
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

/** Whether a full Kubernetes label selector (all four set-based operators) matches labels. */
export function selectorMatches(r: Reader, sel: Record<string, unknown>, field: string, labels: Record<string, string>): boolean {
  const ml = r.labels(sel.matchLabels, `${field}.matchLabels`);
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  return readExpressions(r, sel.matchExpressions, `${field}.matchExpressions`).every((x, i) => {
    if (x.operator !== 'In' && x.operator !== 'NotIn' && x.operator !== 'Exists' && x.operator !== 'DoesNotExist') {
      return r.fail(`${field}.matchExpressions[${i}].operator`, `must be In, NotIn, Exists or DoesNotExist, got ${show(x.operator)}`);
    }
    return requirementMatches({ key: x.key, operator: x.operator, values: x.values }, labels);
  });
}
