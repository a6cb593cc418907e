/**
 * Events and user commands in the reference's shape (docs/inputs.md, "The cluster profile"):
 * `{ "name": "eventCpuChange", "para": {"targetDeployment": "php-apache"}, "after_stable": true }`.
 * Targets are names. `maintenance` takes `{"p": k}` (the reference crashed on it).
 */
import type { EventSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord } from './documents.js';

function scalar(para: unknown, key: string): unknown {
  return isRecord(para) ? para[key] : para;
}

export function parseEvents(value: unknown, file: string, field: string): EventSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError('must be a list of events', undefined, field, file);
  return value.map((raw, i) => {
    const object = `${field}[${i}]`;
    if (!isRecord(raw) || typeof raw.name !== 'string') throw new InputError('needs a "name"', object, 'name', file);
    const timing = { afterStable: raw.after_stable === true || raw.afterStable === true, first: raw.first !== undefined && raw.first !== false && raw.first !== 0 };
    const para = raw.para ?? raw.params;
    const str = (key: string, what: string): string => {
      const v = scalar(para, key);
      if (typeof v !== 'string' || v === '') throw new InputError(`needs the ${what} by name`, `${object} (${raw.name})`, `para.${key}`, file);
      return v;
    };
    switch (raw.name) {
      case 'eventCpuChange':
        return { kind: 'eventCpuChange', deployment: str('targetDeployment', 'target deployment'), ...timing };
      case 'maintenance': {
        const p = scalar(para, 'p') ?? 1;
        if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) throw new InputError(`must be an integer >= 1, got ${JSON.stringify(p)}`, `${object} (maintenance)`, 'para.p', file);
        return { kind: 'maintenance', parallel: p, ...timing };
      }
      case 'kernelPanic':
        return { kind: 'kernelPanic' };
      case 'nodeFailure':
      case 'cordon':
      case 'uncordon':
      case 'drain':
        return { kind: raw.name, node: str('node', 'node'), ...timing };
      case 'createTargetDeployment':
        return { kind: 'createTargetDeployment', deployment: str('deployment', 'deployment'), ...timing };
      case 'applyDeployment':
      case 'createDeployment':
        return { kind: raw.name, manifest: str('manifest', 'manifest'), ...timing };
      case 'scaleDeployment':
        return { kind: 'scaleDeployment', ...timing };
      default:
        throw new InputError(`unknown event "${raw.name}"`, object, 'name', file);
    }
  });
}
