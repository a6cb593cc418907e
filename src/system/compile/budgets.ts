/**
 * PodDisruptionBudgets (docs/model.md §8.9) compiled against the pod templates: which templates'
 * pods each budget selects (pod labels are the template's, so this is decided once), and, per
 * template, the one budget the Eviction API consults.
 */
import type { ClusterSpec, PodDisruptionBudgetSpec } from '../../model/cluster.js';
import {
  BUDGET_MAX_UNAVAILABLE, BUDGET_MIN_AVAILABLE, BUDGET_NONE, BUDGETS_SEVERAL, type CompiledBudget,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { indexByName, requireInt } from './input.js';
import { podSelectorMatches } from './labels.js';

export interface CompiledBudgets {
  budgets: CompiledBudget[];
  budgetOfTemplate: Int32Array;
}

/**
 * An IntOrString of a budget: a non-negative integer, or a percentage `N%` with 0 ≤ N ≤ 100
 * (pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec: ValidatePositiveIntOrPercent and
 * IsNotMoreThan100Percent).
 */
function intOrPercent(v: number | string, object: string, field: string): { percent: boolean; value: number } {
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m) throw new InputError(`must be an integer or a percentage ("50%"), got ${JSON.stringify(v)}`, object, field);
    const value = Number(m[1]);
    if (value > 100) throw new InputError(`must not be greater than 100%, got ${v}`, object, field);
    return { percent: true, value };
  }
  return { percent: false, value: requireInt(v, object, field) };
}

function compileBudget(b: PodDisruptionBudgetSpec, spec: ClusterSpec): CompiledBudget {
  const object = `PodDisruptionBudget/${b.name}`;
  if (b.minAvailable !== undefined && b.maxUnavailable !== undefined) {
    throw new InputError('minAvailable and maxUnavailable cannot be both set', object, 'spec');
  }
  const policy = b.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
  if (policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    throw new InputError(`must be IfHealthyBudget or AlwaysAllow, got ${JSON.stringify(policy)}`, object, 'unhealthyPodEvictionPolicy');
  }
  const given = b.minAvailable ?? b.maxUnavailable;
  const mode = b.minAvailable !== undefined ? BUDGET_MIN_AVAILABLE : b.maxUnavailable !== undefined ? BUDGET_MAX_UNAVAILABLE : BUDGET_NONE;
  const { percent, value } = given === undefined ? { percent: false, value: 0 } : intOrPercent(given, object, mode === BUDGET_MIN_AVAILABLE ? 'minAvailable' : 'maxUnavailable');
  const ns = b.namespace ?? 'default';
  const matchesTemplate = new Uint8Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((t, i) => {
    // A nil selector selects no pod; policy/v1 lets `{}` select every pod of the namespace
    // (pkg/registry/core/pod/storage/eviction.go getPodDisruptionBudgets).
    const selected = b.selector !== undefined && podSelectorMatches(b.selector, t.labels ?? {});
    matchesTemplate[i + 1] = selected && (t.namespace ?? 'default') === ns ? 1 : 0;
  });
  return { name: b.name, mode, percent, value, alwaysAllow: policy === 'AlwaysAllow', matchesTemplate };
}

export function compileBudgets(spec: ClusterSpec): CompiledBudgets {
  const list = spec.podDisruptionBudgets ?? [];
  // Names are unique per namespace.
  indexByName(list.map((b) => ({ name: b.namespace && b.namespace !== 'default' ? `${b.namespace}/${b.name}` : b.name })), 'PodDisruptionBudget');
  const budgets = list.map((b) => compileBudget(b, spec));
  const budgetOfTemplate = new Int32Array(spec.podTemplates.length + 1);
  for (let t = 1; t <= spec.podTemplates.length; t++) {
    budgets.forEach((b, i) => {
      if (b.matchesTemplate[t] === 1) budgetOfTemplate[t] = budgetOfTemplate[t] === 0 ? i + 1 : BUDGETS_SEVERAL;
    });
  }
  return { budgets, budgetOfTemplate };
}
