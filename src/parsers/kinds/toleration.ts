/** Pod tolerations (`spec.tolerations`). */
import type { TolerationSpec } from '../../model/cluster.js';
import type { Reader } from './reader.js';
import { TAINT_EFFECTS } from './taint.js';
import { warnUnknownFields } from './known-fields.js';

/** `corev1.Toleration`. */
const TOLERATION_FIELDS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];

export function readTolerations(r: Reader, v: unknown, path: string): TolerationSpec[] | undefined {
  const list = r.list(v, path);
  if (!list || list.length === 0) return undefined;
  return list.map((t, i) => {
    const f = `${path}[${i}]`;
    const x = r.needRec(t, f);
    warnUnknownFields(r, x, f, TOLERATION_FIELDS);
    const out: TolerationSpec = {};
    const key = r.str(x.key, `${f}.key`);
    const operator = r.oneOf(x.operator, `${f}.operator`, ['Equal', 'Exists'] as const) ?? 'Equal';
    const value = r.str(x.value, `${f}.value`);
    const effect = r.oneOf(x.effect === '' ? undefined : x.effect, `${f}.effect`, TAINT_EFFECTS);
    if (operator === 'Exists' && value) r.fail(`${f}.value`, 'must be empty when operator is Exists');
    if (operator === 'Equal' && !key) r.fail(`${f}.key`, 'is required when operator is Equal (an empty key needs operator Exists)');
    if (key) out.key = key;
    out.operator = operator;
    if (operator === 'Equal') out.value = value ?? '';
    if (effect) out.effect = effect;
    if (x.tolerationSeconds !== undefined && x.tolerationSeconds !== null) {
      const secs = x.tolerationSeconds;
      if (typeof secs !== 'number' || !Number.isInteger(secs)) r.fail(`${f}.tolerationSeconds`, `must be a whole number of seconds, got ${JSON.stringify(secs)}`);
      // ValidateTolerations (pkg/apis/core/validation/validation.go).
      if (effect !== 'NoExecute') r.fail(`${f}.effect`, "must be 'NoExecute' when tolerationSeconds is set");
      out.tolerationSeconds = secs as number;
    }
    return out;
  });
}
