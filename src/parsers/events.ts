/**
 * Events and user commands in the reference's shape (docs/inputs.md, "The cluster profile"):
 * `{ "name": "eventCpuChange", "para": {"targetDeployment": "php-apache"}, "after_stable": true }`.
 * Targets are names. `maintenance` takes `{"p": k}` (the reference crashed on it).
 */
import type { EventSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord } from './documents.js';
import { rejectUnknownKeys } from './profile-nodes.js';

/** The keys of an event, and the `para` keys of each event that takes some. */
const EVENT_KEYS = ['name', 'para', 'params', 'after_stable', 'afterStable', 'first'];
const PARA_KEYS: Record<string, string[]> = {
  eventCpuChange: ['targetDeployment'], maintenance: ['p'], nodeFailure: ['node'], cordon: ['node'], uncordon: ['node'],
  drain: ['node'], createTargetDeployment: ['deployment'], applyDeployment: ['manifest'], createDeployment: ['manifest'],
  taint: ['node', 'taint'],
};

function scalar(para: unknown, key: string): unknown {
  return isRecord(para) ? para[key] : para;
}

/**
 * A `kubectl taint` argument: `key=value:Effect` or `key:Effect` adds, `key[=value]:Effect-` or
 * `key-` removes (kubectl's parseTaints; a removal ignores the value).
 */
type TaintCommand = Extract<EventSpec, { kind: 'taint' }>;

export function parseTaintCommand(v: string, file: string, object: string): Pick<TaintCommand, 'taint' | 'remove'> {
  const remove = v.endsWith('-');
  const body = remove ? v.slice(0, -1) : v;
  const m = /^([A-Za-z0-9][-A-Za-z0-9_./]*)(?:=([-A-Za-z0-9_.]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?$/.exec(body);
  if (!m || (!remove && m[3] === undefined)) {
    throw new InputError(`must be "key=value:Effect" (Effect NoSchedule, PreferNoSchedule or NoExecute), "key:Effect-" or "key-", got ${JSON.stringify(v)}`, object, 'para.taint', file);
  }
  const taint: TaintCommand['taint'] = { key: m[1] };
  if (m[2] !== undefined && m[2] !== '') taint.value = m[2];
  if (m[3] !== undefined) taint.effect = m[3] as TaintCommand['taint']['effect'];
  return { taint, remove };
}

export function parseEvents(value: unknown, file: string, field: string): EventSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError('must be a list of events', undefined, field, file);
  return value.map((raw, i) => {
    const object = `${field}[${i}]`;
    if (!isRecord(raw) || typeof raw.name !== 'string') throw new InputError('needs a "name"', object, 'name', file);
    // A misspelled key (`after_stabel`) would change when the event happens, silently.
    rejectUnknownKeys(raw, EVENT_KEYS, `${object} (${raw.name})`, file);
    const paraObj = raw.para ?? raw.params;
    if (isRecord(paraObj) && PARA_KEYS[raw.name]) rejectUnknownKeys(paraObj, PARA_KEYS[raw.name], `${object} (${raw.name})`, file, 'para.');
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
      case 'taint':
        return { kind: 'taint', node: str('node', 'node'), ...parseTaintCommand(str('taint', 'taint (key=value:Effect, or key:Effect- to remove)'), file, `${object} (taint)`), ...timing };
      default:
        throw new InputError(`unknown event "${raw.name}"`, object, 'name', file);
    }
  });
}
