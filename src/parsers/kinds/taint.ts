/** Node taints (`spec.taints`). */
import type { TaintEffect, TaintSpec } from '../../model/cluster.js';
import type { Reader } from './reader.js';

export const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function readTaints(r: Reader, v: unknown, path: string): TaintSpec[] {
  return (r.list(v, path) ?? []).map((t, i) => {
    const f = `${path}[${i}]`;
    const x = r.needRec(t, f);
    const effect = r.oneOf(x.effect, `${f}.effect`, TAINT_EFFECTS);
    if (!effect) r.fail(`${f}.effect`, 'is required (NoSchedule, PreferNoSchedule or NoExecute)');
    const taint: TaintSpec = { key: r.needStr(x.key, `${f}.key`), effect };
    const value = r.str(x.value, `${f}.value`);
    if (value) taint.value = value;
    return taint;
  });
}
