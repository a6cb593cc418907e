/** Nodes of the cluster profile: capacity units, allocatable, taints and well-known labels (docs/inputs.md, "The cluster profile"). */
import type { NodeSpec, TaintSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { labelKeyProblem, labelValueProblem } from './names.js';
import { LABEL_ARCH, LABEL_INSTANCE_TYPE, LABEL_OS, LABEL_TOPOLOGY_REGION, LABEL_TOPOLOGY_ZONE } from '../model/well-known-labels.js';
import { isRecord } from './documents.js';
import { show } from './kinds/reader.js';
import { didYouMean } from './kinds/known-fields.js';
import { parseCpuMillis, parseMemoryMiB } from './quantity.js';

/**
 * Node capacity in the cluster profile: a number is cores (CPU) or GiB (memory), as in the
 * reference's cluster_configs.json; a string is a Kubernetes quantity.
 */
function profileCpu(v: unknown, file: string, object: string, field: string): number {
  return parseCpuMillis(v, { file, object, field });
}

function profileMemory(v: unknown, file: string, object: string, field: string): number {
  return typeof v === 'number' ? parseMemoryMiB(v * 2 ** 30, { file, object, field }) : parseMemoryMiB(v, { file, object, field });
}

/**
 * A node type's `allocatable` (cpu, memory as above; pods a whole number): what the scheduler
 * may hand out, where it differs from the capacity (system-reserved, kube-reserved, maxPods).
 */
function profileAllocatable(v: unknown, file: string, object: string): NodeSpec['allocatable'] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw new InputError('must be a map with cpu, memory and pods', object, 'template.allocatable', file);
  const out: NonNullable<NodeSpec['allocatable']> = {};
  for (const [k, x] of Object.entries(v)) {
    const field = `template.allocatable.${k}`;
    if (k === 'cpu') out.cpu = profileCpu(x, file, object, field);
    else if (k === 'memory') out.memory = profileMemory(x, file, object, field);
    else if (k === 'pods') {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw new InputError(`must be a whole number of pods, got ${JSON.stringify(x)}`, object, field, file);
      out.pods = x;
    } else throw new InputError('is not one of cpu, memory, pods', object, field, file);
  }
  return out;
}

/**
 * The profile is kivi's own format: a key it does not read is a mistake (`nmu`, `lables`), an
 * error naming the key and the nearest known one, as `nodeGroups` and `nodeLifecycle` do.
 */
export function rejectUnknownKeys(v: Record<string, unknown>, known: readonly string[], object: string, file: string, prefix = ''): void {
  for (const k of Object.keys(v)) {
    if (known.includes(k)) continue;
    throw new InputError(`unknown key${didYouMean(k, known)}; expected ${known.join(', ')}`, object, `${prefix}${k}`, file);
  }
}

/** The keys of a node type's or node group's `template`. */
const TEMPLATE_KEYS = ['name', 'cpu', 'memory', 'labels', 'taint', 'taints', 'allocatable', 'instanceType', 'zone', 'region', 'annotations'];

/** `template.taint`: a list of taints, or one taint (a string or an object) on its own. */
function profileTaints(v: unknown, file: string, object: string): TaintSpec[] | undefined {
  if (v === undefined || v === null) return undefined;
  const field = 'template.taint';
  if (Array.isArray(v)) return v.map((x, j) => parseTaint(x, file, object, `${field}[${j}]`));
  return [parseTaint(v, file, object, field)];
}

const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** The reference's taint strings `key=value:Effect` (or `key:Effect`), or taint objects. */
export function parseTaint(v: unknown, file: string, object: string, field: string): TaintSpec {
  if (isRecord(v)) {
    // As a Node's spec.taints (ValidateNodeTaints: a qualified-name key, a label value, one of three effects).
    if (typeof v.key !== 'string' || labelKeyProblem(v.key)) throw new InputError(`must be a label key, got ${show(v.key)}`, object, `${field}.key`, file);
    if (v.value !== undefined && (typeof v.value !== 'string' || labelValueProblem(v.value))) throw new InputError(`must be a label value, got ${show(v.value)}`, object, `${field}.value`, file);
    if (!TAINT_EFFECTS.includes(v.effect as string)) throw new InputError(`must be NoSchedule, PreferNoSchedule or NoExecute, got ${show(v.effect)}`, object, `${field}.effect`, file);
    return { key: v.key, value: v.value as string | undefined, effect: v.effect as TaintSpec['effect'] };
  }
  if (typeof v === 'string') {
    const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(v.trim());
    if (m) return { key: m[1], value: m[2], effect: m[3] as TaintSpec['effect'] };
  }
  throw new InputError(`must be "key=value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(v)}`, object, field, file);
}

/**
 * The labels a profile node shows: its template's, over the well-known labels a kubelet and a
 * cloud provider would set (k8s.io/api core/v1 well_known_labels.go): `kubernetes.io/os: linux` and `kubernetes.io/arch: amd64` (kivi's nodes are
 * Linux on amd64 unless the labels say otherwise), and `node.kubernetes.io/instance-type`,
 * `topology.kubernetes.io/zone` and `topology.kubernetes.io/region` from the template's
 * `instanceType`, `zone` and `region` when it names them. `kubernetes.io/hostname` (the node's
 * name) is added to every node when the cluster is compiled.
 */
function profileNodeLabels(tmpl: Record<string, unknown>, file: string, object: string): Record<string, string> {
  const labels = tmpl.labels ?? {};
  if (!isRecord(labels)) throw new InputError('must be a map of label values', object, 'template.labels', file);
  const out: Record<string, string> = { [LABEL_OS]: 'linux', [LABEL_ARCH]: 'amd64' };
  const named: [string, string][] = [['instanceType', LABEL_INSTANCE_TYPE], ['zone', LABEL_TOPOLOGY_ZONE], ['region', LABEL_TOPOLOGY_REGION]];
  for (const [field, key] of named) {
    const v = tmpl[field];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw new InputError(`must be a non-empty string, got ${JSON.stringify(v)}`, object, `template.${field}`, file);
    out[key] = v;
  }
  for (const [key, val] of Object.entries(labels)) {
    // Label keys and values as Kubernetes validates them (names.ts); the reference wrote numbers unquoted.
    if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') throw new InputError(`label values must be strings, got ${show(val)}`, object, `template.labels.${key}`, file);
    const problem = labelKeyProblem(key) ?? labelValueProblem(String(val));
    if (problem) throw new InputError(problem, object, `template.labels.${key}`, file);
    out[key] = String(val);
  }
  return out;
}

/** A node type's or node group's `template`: everything of a node but its name. */
export function profileNodeTemplate(tmpl: Record<string, unknown>, file: string, object: string): Omit<NodeSpec, 'name'> {
  rejectUnknownKeys(tmpl, TEMPLATE_KEYS, object, file, 'template.');
  const allocatable = profileAllocatable(tmpl.allocatable, file, object);
  const cpu = profileCpu(tmpl.cpu, file, object, 'template.cpu');
  const memory = profileMemory(tmpl.memory, file, object, 'template.memory');
  // The kubelet reports allocatable as capacity minus what it reserves (pkg/kubelet/cm
  // GetNodeAllocatableAbsolute), never more than the capacity.
  if (allocatable?.cpu !== undefined && allocatable.cpu > cpu) {
    throw new InputError(`is ${allocatable.cpu}m, more than the capacity template.cpu (${cpu}m): allocatable is capacity minus reserved`, object, 'template.allocatable.cpu', file);
  }
  if (allocatable?.memory !== undefined && allocatable.memory > memory) {
    throw new InputError(`is ${allocatable.memory} MiB, more than the capacity template.memory (${memory} MiB): allocatable is capacity minus reserved`, object, 'template.allocatable.memory', file);
  }
  return {
    cpu,
    memory,
    labels: profileNodeLabels(tmpl, file, object),
    taints: profileTaints(tmpl.taint ?? tmpl.taints, file, object),
    ...(allocatable ? { allocatable } : {}),
  };
}
