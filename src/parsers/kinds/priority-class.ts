/**
 * `kind: PriorityClass` (scheduling.k8s.io/v1, v1beta1, v1alpha1): a name and the priority its
 * pods get (docs/model.md §8.2.5). Validation as the API server's (`ValidatePriorityClass`,
 * pkg/apis/scheduling/validation/validation.go): a user-defined class has a value of at most
 * `HighestUserDefinablePriority` (1000000000) and no `system-` prefix; `preemptionPolicy`
 * defaults to PreemptLowerPriority (`SetDefaults_PriorityClass`).
 */
import type { PreemptionPolicy, PriorityClassSpec } from '../../model/cluster.js';
import { HIGHEST_USER_DEFINABLE_PRIORITY, SYSTEM_PRIORITY_CLASSES } from '../../model/priority-classes.js';
import type { Warnings } from '../warnings.js';
import { asObject, guarded, type ObjectWhere, Reader, readMeta, show } from './reader.js';
import { unknownFieldMessage } from './known-fields.js';

const POLICIES: readonly PreemptionPolicy[] = ['PreemptLowerPriority', 'Never'];

export function priorityClassFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): PriorityClassSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'PriorityClass/?', warnings);
    const o = asObject(r, obj, 'PriorityClass');
    const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    if (api !== '' && !api.startsWith('scheduling.k8s.io/')) r.fail('apiVersion', `unsupported ${show(api)} (scheduling.k8s.io/v1)`);
    const { name } = readMeta(r, o, 'PriorityClass');
    if (typeof o.value !== 'number' || !Number.isInteger(o.value) || o.value < -2147483648 || o.value > 2147483647) {
      r.fail('value', o.value === undefined ? 'is required' : `must be a 32-bit integer, got ${show(o.value)}`);
    }
    const value = o.value;
    if (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name)) {
      // The API server creates these itself; a manifest may repeat them unchanged.
      const builtin = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name)!;
      if (value !== builtin.value) r.fail('value', `the built-in class ${name} has value ${builtin.value}, got ${value}`);
    } else {
      if (name.startsWith('system-')) r.fail('metadata.name', 'priority class names with the "system-" prefix are reserved for the system');
      if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
        r.fail('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}, got ${value}`);
      }
    }
    const out: PriorityClassSpec = { name, value };
    const globalDefault = r.bool(o.globalDefault, 'globalDefault');
    if (globalDefault) out.globalDefault = true;
    const policy = r.oneOf(o.preemptionPolicy, 'preemptionPolicy', POLICIES);
    if (policy) out.preemptionPolicy = policy;
    const known = ['apiVersion', 'kind', 'metadata', 'value', 'globalDefault', 'preemptionPolicy', 'description'];
    for (const k of Object.keys(o)) if (!known.includes(k)) r.warn(k, unknownFieldMessage(k, known));
    return out;
  });
}
