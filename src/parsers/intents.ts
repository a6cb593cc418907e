/**
 * `intents.json` (docs/inputs.md, "Intents"): `[{ "name": ..., "para"|"params": {...} }]`. Intents
 * name their deployment by name (`deployment`, or the reference's `did` given as a name); the
 * reference's expression `d[did].specReplicas-1` is accepted as `spec-1`.
 */
import type { IntentSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { intentByName } from '../intents/catalog.js';
import { isRecord } from './documents.js';
import { rejectUnknownKeys } from './profile-nodes.js';

/** The keys of an intent and of its params (a misspelled one would be dropped silently). */
const INTENT_KEYS = ['name', 'params', 'para'];
const PARAM_KEYS = ['deployment', 'did', 'expReplicas', 'maxSkew', 'minReady', 'priorityClass'];

export function parseIntents(value: unknown, file: string): IntentSpec[] {
  if (!Array.isArray(value)) throw new InputError('must be a list of intents such as [{"name": "pod_always_schedulable"}]', undefined, undefined, file);
  return value.map((raw, i) => {
    const object = `intent #${i + 1}`;
    if (!isRecord(raw) || typeof raw.name !== 'string') throw new InputError('needs a "name"', object, 'name', file);
    const info = intentByName(raw.name);
    if (!info) throw new InputError(`unknown intent "${raw.name}"`, object, 'name', file);
    rejectUnknownKeys(raw, INTENT_KEYS, `${object} (${raw.name})`, file);
    const para = raw.params ?? raw.para;
    if (para !== undefined && !isRecord(para)) throw new InputError('must be an object', `${object} (${raw.name})`, 'params', file);
    if (para !== undefined) rejectUnknownKeys(para, PARAM_KEYS, `${object} (${raw.name})`, file, 'params.');
    const params: NonNullable<IntentSpec['params']> = {};
    const dep = para?.deployment ?? para?.did;
    if (dep !== undefined) {
      if (typeof dep !== 'string') {
        throw new InputError(`must name the deployment (e.g. "php-apache"), got ${JSON.stringify(dep)}`, `${object} (${raw.name})`, para?.deployment !== undefined ? 'params.deployment' : 'params.did', file);
      }
      params.deployment = dep;
    }
    if (para?.expReplicas !== undefined) {
      const e = para.expReplicas;
      params.expReplicas = typeof e === 'string' ? e.replace(/d\[did\]\.specReplicas/g, 'spec') : (e as number);
    }
    if (para?.maxSkew !== undefined) params.maxSkew = para.maxSkew as number;
    if (para?.minReady !== undefined) params.minReady = para.minReady as number;
    if (para?.priorityClass !== undefined) {
      if (typeof para.priorityClass !== 'string') {
        throw new InputError(`must name the PriorityClass (e.g. "batch-low"), got ${JSON.stringify(para.priorityClass)}`, `${object} (${raw.name})`, 'params.priorityClass', file);
      }
      params.priorityClass = para.priorityClass;
    }
    return { name: raw.name, params: Object.keys(params).length > 0 ? params : undefined };
  });
}
