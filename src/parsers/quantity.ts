/**
 * Kubernetes resource quantities (docs/model.md §12, decision 5): `100m`, `0.5`, `2`, `1e3`, `512Mi`, `1Gi`,
 * `1G`, `64k`... CPU becomes millicores and memory MiB, both integers rounded up, so a request
 * never looks smaller than it is.
 */
import { InputError } from '../model/errors.js';

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export interface Where {
  file?: string;
  object?: string;
  field?: string;
}

/** The value of a quantity in base units (cores, bytes). */
export function parseQuantity(value: unknown, where: Where): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value < 0) throw new InputError(`must not be negative, got ${value}`, where.object, where.field, where.file);
    return value;
  }
  if (typeof value !== 'string') {
    throw new InputError(`must be a quantity such as "100m", "0.5", "512Mi" or "1Gi", got ${JSON.stringify(value)}`, where.object, where.field, where.file);
  }
  const m = QUANTITY.exec(value.trim());
  if (!m) throw new InputError(`is not a Kubernetes quantity: ${JSON.stringify(value)}`, where.object, where.field, where.file);
  const v = Number(m[1]) * SUFFIX[m[2] ?? ''];
  if (!Number.isFinite(v) || v < 0) throw new InputError(`is out of range: ${JSON.stringify(value)}`, where.object, where.field, where.file);
  return v;
}

/** Rounds up, ignoring floating-point noise below one part in 10^9. */
function ceilClean(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

function checkRange(v: number, where: Where, unit: string): number {
  if (v > 2 ** 31 - 1) throw new InputError(`is too large (more than 2^31 ${unit})`, where.object, where.field, where.file);
  return v;
}

/** CPU in millicores: `100m` → 100, `0.5` → 500, `2` → 2000. */
export function parseCpuMillis(value: unknown, where: Where): number {
  return checkRange(ceilClean(parseQuantity(value, where) * 1000), where, 'millicores');
}

/** Memory in MiB: `512Mi` → 512, `1Gi` → 1024, `1G` → 954, `65910332Ki` → 64366. */
export function parseMemoryMiB(value: unknown, where: Where): number {
  return checkRange(ceilClean(parseQuantity(value, where) / 2 ** 20), where, 'MiB');
}
