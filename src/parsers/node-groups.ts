/**
 * The cluster profile's `nodeGroups` and `autoscaler` (docs/inputs.md, "Node groups and the
 * cluster autoscaler"): the cluster autoscaler's node groups, each a node template with a
 * minimum, a maximum and an initial size, and the autoscaler's flags (docs/model.md §8.10).
 */
import type { AutoscalerSpec, NodeGroupSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord } from './documents.js';
import { profileNodeTemplate } from './profile-nodes.js';

/** The node annotation that keeps the cluster autoscaler from removing a node. */
const SCALE_DOWN_DISABLED_KEY = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';

const GROUP_KEYS = ['name', 'minSize', 'maxSize', 'initialSize', 'template'];
const AUTOSCALER_KEYS: (keyof AutoscalerSpec)[] = [
  'expander', 'priorities', 'scaleDownUtilizationThreshold', 'scaleDownUnneededTime', 'scaleDownDelayAfterAdd', 'scaleDownEnabled', 'provisioningTime',
];

function size(t: Record<string, unknown>, key: string, object: string, file: string): number | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`must be an integer >= 0, got ${JSON.stringify(v)}`, object, key, file);
  return v;
}

/** `nodeGroups`: a list of groups; the compile step checks the sizes against each other. */
export function parseNodeGroups(v: unknown, file: string): NodeGroupSpec[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new InputError('must be a list of node groups', undefined, 'nodeGroups', file);
  return v.map((g, i) => {
    const object = `nodeGroups[${i}]`;
    if (!isRecord(g)) throw new InputError('must be an object with name, minSize, maxSize and template', object, undefined, file);
    for (const k of Object.keys(g)) if (!GROUP_KEYS.includes(k)) throw new InputError(`unknown key "${k}" (expected ${GROUP_KEYS.join(', ')})`, object, k, file);
    if (typeof g.name !== 'string') throw new InputError('needs the group "name"', object, 'name', file);
    if (!isRecord(g.template)) throw new InputError('needs a "template" object', object, 'template', file);
    const minSize = size(g, 'minSize', object, file) ?? 0;
    const maxSize = size(g, 'maxSize', object, file);
    if (maxSize === undefined) throw new InputError('is required', object, 'maxSize', file);
    const initialSize = size(g, 'initialSize', object, file);
    const template = profileNodeTemplate(g.template, file, object);
    const annotations = g.template.annotations;
    if (annotations !== undefined && !isRecord(annotations)) throw new InputError('must be a map of annotation values', object, 'template.annotations', file);
    const disabled = annotations?.[SCALE_DOWN_DISABLED_KEY] === 'true';
    return {
      name: g.name, minSize, maxSize, ...(initialSize !== undefined ? { initialSize } : {}),
      template: { ...template, ...(disabled ? { scaleDownDisabled: true } : {}) },
    };
  });
}

/** `autoscaler`: the flags, checked for their types here and for their ranges when compiled. */
export function parseAutoscaler(v: unknown, file: string): AutoscalerSpec | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v)) throw new InputError('must be an object', undefined, 'autoscaler', file);
  for (const k of Object.keys(v)) {
    if (!(AUTOSCALER_KEYS as string[]).includes(k)) throw new InputError(`unknown key "${k}" (expected ${AUTOSCALER_KEYS.join(', ')})`, 'autoscaler', k, file);
  }
  return v as AutoscalerSpec;
}
