/** Label selectors (`matchLabels`, `matchExpressions`) of pods. */
import { requirementMatches } from '../../model/label-requirement.js';
import { type Reader, show } from './reader.js';

export interface SelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export function readExpressions(r: Reader, v: unknown, field: string): SelectorRequirement[] {
  return (r.list(v, field) ?? []).map((e, i) => {
    const f = `${field}[${i}]`;
    const x = r.needRec(e, f);
    const key = r.needStr(x.key, `${f}.key`);
    const operator = r.needStr(x.operator, `${f}.operator`);
    const values = (r.list(x.values, `${f}.values`) ?? []).map((val, j) => {
      if (typeof val !== 'string') r.fail(`${f}.values[${j}]`, `must be a string, got ${show(val)}`);
      return val;
    });
    return { key, operator, values };
  });
}

/**
 * A pod label selector as kivi's matchLabels: `matchLabels` plus `matchExpressions` of operator
 * `In` with exactly one value. Anything else is unsupported (kivi's selectors are equalities).
 */
export function foldedSelector(r: Reader, v: unknown, field: string): Record<string, string> {
  const sel = r.needRec(v, field);
  const out = r.labels(sel.matchLabels, `${field}.matchLabels`);
  readExpressions(r, sel.matchExpressions, `${field}.matchExpressions`).forEach((x, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    if (x.operator !== 'In' || x.values.length !== 1) {
      r.fail(f, `unsupported: kivi's label selectors are equalities (matchLabels, or matchExpressions with operator In and exactly one value), got ${x.operator} ${show(x.values)}`);
    }
    if (out[x.key] !== undefined && out[x.key] !== x.values[0]) r.fail(f, `conflicts with ${x.key}=${out[x.key]}: the selector matches no pod`);
    out[x.key] = x.values[0];
  });
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
