/**
 * Kubernetes objects (manifests and `kubectl get -o json|yaml` output) → ClusterSpec pieces
 * (`../shared/spec/cases-and-inputs.md` §4.3, README decisions 4–8).
 *
 * Unlike the reference, which read a handful of Deployment/Pod/HPA fields and crashed on the
 * rest, this reader applies Kubernetes' own defaults (replicas 1, RollingUpdate 25 %/25 %,
 * HPA minReplicas 1, CPU 80 %, requests defaulted from limits), rejects what Kubernetes
 * rejects, and warns about every field that changes scheduling but is not modelled. Every error
 * names the file, the object (`Kind/name`), the field and the document's line.
 */
import type {
  DeploymentSpec,
  DeschedulerProfileSpec,
  DeschedulerSpec,
  HpaMetricSpec,
  HpaSpec,
  NodeAffinitySpec,
  NodeAffinityTermSpec,
  NodeSpec,
  PodSpec,
  PodTemplateSpec,
  SchedulerPluginName,
  SchedulerProfileSpec,
  StrategySpec,
  TaintEffect,
  TaintSpec,
  TolerationSpec,
  TopologySpreadConstraintSpec,
  WhenUnsatisfiable,
} from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord, type SourceObject } from './documents.js';
import { parseCpuMillis, parseMemoryMiB } from './quantity.js';
import type { Warnings } from './warnings.js';

/** Where an object comes from, for messages. */
export interface ObjectWhere {
  file: string;
  /** `Kind/name`; the kind readers work it out themselves from metadata.name. */
  object?: string;
  /** 1-based line of the object's document. */
  line?: number;
  /**
   * Namespace of an object without `metadata.namespace` (what `kubectl apply -n NS` would use);
   * default `default`.
   */
  namespace?: string;
}

/** Where a pod spec sits: the object it belongs to and the path of the spec inside it. */
export interface PodSpecWhere extends ObjectWhere {
  object: string;
  /** Field path of the pod spec, for messages: `spec` (a Pod) or `spec.template.spec` (a Deployment). */
  path?: string;
}

export interface ParsedManifests {
  nodes: NodeSpec[];
  podTemplates: PodTemplateSpec[];
  /** HPAs attached (`hpa` field) by `scaleTargetRef.name` and namespace. */
  deployments: DeploymentSpec[];
  /**
   * `kind: Pod` objects. A pod owned by a ReplicaSet of one of the deployments belongs to that
   * deployment (and uses its template); every other pod is a bare pod with a template named
   * after it. Succeeded and Failed pods are left out.
   */
  pods: PodSpec[];
  descheduler?: DeschedulerSpec;
  scheduler?: SchedulerProfileSpec;
  /** Where each object came from, for messages: key `Deployment/name` → {file, line}. */
  sources: Map<string, { file: string; line: number }>;
}

// ---------------------------------------------------------------------------------------------
// Reading helpers

/** Appends the document's line to InputErrors thrown while reading one object. */
function guarded<T>(line: number | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && line !== undefined && !/\(line \d+\)/.test(e.reason)) {
      throw new InputError(`${e.reason} (line ${line})`, e.object, e.field, e.file);
    }
    throw e;
  }
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Reads fields of one object, failing with its file, object name and field. */
class Reader {
  constructor(
    readonly file: string,
    public object: string,
    readonly warnings: Warnings,
  ) {}

  fail(field: string | undefined, reason: string): never {
    throw new InputError(reason, this.object, field, this.file);
  }

  warn(field: string | undefined, message: string): void {
    this.warnings.add(message, this.file, this.object, field);
  }

  /** A mapping, or undefined when absent (null counts as absent, as in Kubernetes). */
  rec(v: unknown, field: string): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) this.fail(field, `must be a mapping, got ${show(v)}`);
    return v;
  }

  needRec(v: unknown, field: string): Record<string, unknown> {
    const r = this.rec(v, field);
    if (r === undefined) this.fail(field, 'is required');
    return r;
  }

  list(v: unknown, field: string): unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.fail(field, `must be a list, got ${show(v)}`);
    return v;
  }

  str(v: unknown, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(field, `must be a string, got ${show(v)}`);
    return v;
  }

  needStr(v: unknown, field: string): string {
    const s = this.str(v, field);
    if (s === undefined || s === '') this.fail(field, 'is required');
    return s;
  }

  int(v: unknown, field: string, min: number): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be an integer >= ${min}, got ${show(v)}`);
    return v;
  }

  needInt(v: unknown, field: string, min: number): number {
    const n = this.int(v, field, min);
    if (n === undefined) this.fail(field, 'is required');
    return n;
  }

  bool(v: unknown, field: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(field, `must be true or false, got ${show(v)}`);
    return v;
  }

  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `must be ${allowed.join(' or ')}, got ${show(v)}`);
    }
    return v as T;
  }

  /** A string-to-string map (labels, nodeSelector): Kubernetes rejects non-string values. */
  labels(v: unknown, field: string): Record<string, string> {
    const r = this.rec(v, field);
    const out: Record<string, string> = {};
    if (!r) return out;
    for (const [k, val] of Object.entries(r)) {
      if (typeof val !== 'string') {
        this.fail(`${field}.${k}`, `label values must be strings, got ${show(val)} (quote it: "${String(val)}")`);
      }
      out[k] = val;
    }
    return out;
  }
}

interface Meta {
  name: string;
  namespace: string | undefined;
}

/** metadata.name (required) and metadata.namespace; sets the reader's object to `Kind/name`. */
function readMeta(r: Reader, obj: Record<string, unknown>, kind: string): Meta {
  r.object = `${kind}/?`;
  const meta = r.rec(obj.metadata, 'metadata');
  const name = meta?.name;
  if (typeof name !== 'string' || name === '') r.fail('metadata.name', name === undefined ? 'is required' : `must be a non-empty string, got ${show(name)}`);
  r.object = `${kind}/${name}`;
  return { name, namespace: r.str(meta?.namespace, 'metadata.namespace') || undefined };
}

function asObject(r: Reader, obj: unknown, kind: string): Record<string, unknown> {
  r.object = `${kind}/?`;
  if (!isRecord(obj)) r.fail(undefined, `expected a ${kind} object (a mapping), got ${show(obj)}`);
  return obj;
}

// ---------------------------------------------------------------------------------------------
// Selectors

interface SelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

function readExpressions(r: Reader, v: unknown, field: string): SelectorRequirement[] {
  return (r.list(v, field) ?? []).map((e, i) => {
    const f = `${field}[${i}]`;
    const x = r.needRec(e, f);
    const key = r.needStr(x.key, `${f}.key`);
    const operator = r.needStr(x.operator, `${f}.operator`);
    const values = (r.list(x.values, `${f}.values`) ?? []).map((val, j) => {
      if (typeof val !== 'string') r.fail(`${f}.values[${j}]`, `must be a string, got ${show(val)}`);
      return val;
    });
    return { key, operator, values };
  });
}

/**
 * A pod label selector as kivi's matchLabels: `matchLabels` plus `matchExpressions` of operator
 * `In` with exactly one value. Anything else is unsupported (kivi's selectors are equalities).
 */
function foldedSelector(r: Reader, v: unknown, field: string): Record<string, string> {
  const sel = r.needRec(v, field);
  const out = r.labels(sel.matchLabels, `${field}.matchLabels`);
  readExpressions(r, sel.matchExpressions, `${field}.matchExpressions`).forEach((x, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    if (x.operator !== 'In' || x.values.length !== 1) {
      r.fail(f, `unsupported: kivi's label selectors are equalities (matchLabels, or matchExpressions with operator In and exactly one value), got ${x.operator} ${show(x.values)}`);
    }
    if (out[x.key] !== undefined && out[x.key] !== x.values[0]) r.fail(f, `conflicts with ${x.key}=${out[x.key]}: the selector matches no pod`);
    out[x.key] = x.values[0];
  });
  return out;
}

/** Whether a full Kubernetes label selector (all four set-based operators) matches labels. */
function selectorMatches(r: Reader, sel: Record<string, unknown>, field: string, labels: Record<string, string>): boolean {
  const ml = r.labels(sel.matchLabels, `${field}.matchLabels`);
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  return readExpressions(r, sel.matchExpressions, `${field}.matchExpressions`).every((x, i) => {
    const has = Object.prototype.hasOwnProperty.call(labels, x.key);
    switch (x.operator) {
      case 'In': return has && x.values.includes(labels[x.key]);
      case 'NotIn': return !has || !x.values.includes(labels[x.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return r.fail(`${field}.matchExpressions[${i}].operator`, `must be In, NotIn, Exists or DoesNotExist, got ${show(x.operator)}`);
    }
  });
}

/** Most alternatives one node selector term may expand into. */
const MAX_TERM_ALTERNATIVES = 64;

/**
 * A node selector term as a list of ORed matchLabels alternatives: `In` with one value is a
 * label pair; `In` with several values expands into one alternative per value (exact, since a
 * node has one value per key); `matchFields` `metadata.name In [...]` becomes the
 * `kubernetes.io/hostname` label (kivi gives every node that label, equal to its name).
 * Other operators are unsupported. An empty list means the term matches no node.
 */
function nodeTermAlternatives(r: Reader, v: unknown, field: string): Record<string, string>[] {
  const term = r.needRec(v, field);
  const reqs = readExpressions(r, term.matchExpressions, `${field}.matchExpressions`).map((x, i) => ({ ...x, f: `${field}.matchExpressions[${i}]` }));
  readExpressions(r, term.matchFields, `${field}.matchFields`).forEach((x, i) => {
    const f = `${field}.matchFields[${i}]`;
    if (x.key !== 'metadata.name') r.fail(`${f}.key`, `unsupported field ${show(x.key)} (kivi supports metadata.name)`);
    reqs.push({ key: 'kubernetes.io/hostname', operator: x.operator, values: x.values, f });
  });
  if (reqs.length === 0) r.fail(field, 'an empty node selector term matches no node (Kubernetes); give matchExpressions');
  let alts: Record<string, string>[] = [{}];
  for (const x of reqs) {
    if (x.operator !== 'In') {
      r.fail(`${x.f}.operator`, `unsupported operator ${show(x.operator)}: kivi supports node affinity with operator In only`);
    }
    if (x.values.length === 0) r.fail(`${x.f}.values`, 'operator In needs at least one value');
    const next: Record<string, string>[] = [];
    for (const alt of alts) {
      for (const value of x.values) {
        if (alt[x.key] !== undefined && alt[x.key] !== value) continue; // both must hold: impossible
        next.push({ ...alt, [x.key]: value });
      }
    }
    alts = [...new Map(next.map((a) => [JSON.stringify(Object.entries(a).sort()), a])).values()];
    if (alts.length > MAX_TERM_ALTERNATIVES) r.fail(field, `too many value combinations (more than ${MAX_TERM_ALTERNATIVES})`);
  }
  return alts;
}

// ---------------------------------------------------------------------------------------------
// Pod spec

const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const SYSTEM_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

/** Pod-spec fields with no effect on what kivi models, read silently. */
const SILENT_POD_FIELDS = new Set([
  'activeDeadlineSeconds', 'automountServiceAccountToken', 'dnsConfig', 'dnsPolicy', 'enableServiceLinks',
  'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostPID', 'hostUsers', 'hostname', 'imagePullSecrets',
  'os', 'preemptionPolicy', 'readinessGates', 'restartPolicy', 'securityContext', 'serviceAccount',
  'serviceAccountName', 'setHostnameAsFQDN', 'shareProcessNamespace', 'subdomain',
  'terminationGracePeriodSeconds',
]);

/** Scheduling-relevant pod-spec fields kivi does not model, with what the warning says. */
const UNMODELLED_POD_FIELDS: Record<string, string> = {
  overhead: 'pod overhead is not modelled: only container requests count',
  runtimeClassName: 'RuntimeClass overhead and node selection are not modelled',
  schedulingGates: 'scheduling gates are not modelled: the pod is scheduled at once',
  resourceClaims: 'dynamic resource allocation is not modelled',
  resources: 'pod-level resources are not modelled: only container requests count',
};

/** The tolerations Kubernetes adds to every pod (DefaultTolerationSeconds); not worth a warning. */
function isDefaultToleration(t: Record<string, unknown>): boolean {
  return (t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable')
    && t.operator === 'Exists' && t.effect === 'NoExecute' && t.tolerationSeconds === 300;
}

function readRequests(r: Reader, containers: unknown[], path: string): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  containers.forEach((c, i) => {
    const f = `${path}[${i}]`;
    const container = r.needRec(c, f);
    const resources = r.rec(container.resources, `${f}.resources`);
    const requests = r.rec(resources?.requests, `${f}.resources.requests`) ?? {};
    const limits = r.rec(resources?.limits, `${f}.resources.limits`) ?? {};
    // Kubernetes defaults a missing request to the limit.
    const pick = (res: string): { value: unknown; field: string } | undefined =>
      requests[res] !== undefined && requests[res] !== null
        ? { value: requests[res], field: `${f}.resources.requests.${res}` }
        : limits[res] !== undefined && limits[res] !== null
          ? { value: limits[res], field: `${f}.resources.limits.${res}` }
          : undefined;
    const c1 = pick('cpu');
    if (c1) cpu += parseCpuMillis(c1.value, { file: r.file, object: r.object, field: c1.field });
    const m1 = pick('memory');
    if (m1) memory += parseMemoryMiB(m1.value, { file: r.file, object: r.object, field: m1.field });
    for (const res of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
      if (res === 'cpu' || res === 'memory') continue;
      const where = requests[res] !== undefined ? 'requests' : 'limits';
      r.warn(`${f}.resources.${where}.${res}`, `resource ${res} is not modelled (only cpu and memory)`);
    }
    if (resources?.claims !== undefined) r.warn(`${f}.resources.claims`, 'resource claims are not modelled');
    (r.list(container.ports, `${f}.ports`) ?? []).forEach((p, j) => {
      if (isRecord(p) && p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) {
        r.warn(`${f}.ports[${j}].hostPort`, 'host ports (the NodePorts filter) are not modelled');
      }
    });
  });
  return { cpu, memory };
}

function readConstraints(r: Reader, v: unknown, path: string): TopologySpreadConstraintSpec[] | undefined {
  const list = r.list(v, path);
  // An empty list is "no constraints": Kubernetes applies the system defaults then.
  if (!list || list.length === 0) return undefined;
  return list.map((c, i) => {
    const f = `${path}[${i}]`;
    const x = r.needRec(c, f);
    const whenUnsatisfiable = r.oneOf<WhenUnsatisfiable>(x.whenUnsatisfiable, `${f}.whenUnsatisfiable`, ['DoNotSchedule', 'ScheduleAnyway']);
    if (whenUnsatisfiable === undefined) r.fail(`${f}.whenUnsatisfiable`, 'is required (DoNotSchedule or ScheduleAnyway)');
    const out: TopologySpreadConstraintSpec = {
      maxSkew: r.needInt(x.maxSkew, `${f}.maxSkew`, 1),
      topologyKey: r.needStr(x.topologyKey, `${f}.topologyKey`),
      whenUnsatisfiable,
    };
    if (x.labelSelector !== undefined && x.labelSelector !== null) {
      out.labelSelector = foldedSelector(r, x.labelSelector, `${f}.labelSelector`);
    } else {
      r.warn(`${f}.labelSelector`, "absent: Kubernetes then counts no pods for this constraint; kivi uses the template's own labels");
    }
    const minDomains = r.int(x.minDomains, `${f}.minDomains`, 1);
    if (minDomains !== undefined) {
      if (whenUnsatisfiable !== 'DoNotSchedule') r.fail(`${f}.minDomains`, 'can only be used with whenUnsatisfiable DoNotSchedule (Kubernetes rejects it otherwise)');
      out.minDomains = minDomains;
    }
    const nap = r.oneOf(x.nodeAffinityPolicy, `${f}.nodeAffinityPolicy`, ['Honor', 'Ignore'] as const);
    if (nap !== undefined) out.nodeAffinityPolicy = nap;
    const ntp = r.oneOf(x.nodeTaintsPolicy, `${f}.nodeTaintsPolicy`, ['Honor', 'Ignore'] as const);
    if (ntp !== undefined) out.nodeTaintsPolicy = ntp;
    if (x.matchLabelKeys !== undefined && x.matchLabelKeys !== null) {
      r.warn(`${f}.matchLabelKeys`, 'matchLabelKeys is not modelled: the selector is used as given');
    }
    for (const k of Object.keys(x)) {
      if (!['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys'].includes(k)) {
        r.warn(`${f}.${k}`, 'unknown field, ignored');
      }
    }
    return out;
  });
}

function readNodeAffinity(r: Reader, v: unknown, path: string): NodeAffinitySpec | undefined {
  const na = r.rec(v, path);
  if (!na) return undefined;
  const out: NodeAffinitySpec = {};
  const reqField = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const req = r.rec(na.requiredDuringSchedulingIgnoredDuringExecution, reqField);
  if (req) {
    const terms = r.list(req.nodeSelectorTerms, `${reqField}.nodeSelectorTerms`) ?? [];
    if (terms.length === 0) r.fail(`${reqField}.nodeSelectorTerms`, 'needs at least one term');
    const required: NodeAffinityTermSpec[] = [];
    terms.forEach((t, i) => {
      for (const alt of nodeTermAlternatives(r, t, `${reqField}.nodeSelectorTerms[${i}]`)) required.push({ matchLabels: alt });
    });
    if (required.length === 0) r.fail(`${reqField}.nodeSelectorTerms`, 'no term can match any node (each asks for two values of one label)');
    out.required = required;
  }
  const prefField = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  const pref = r.list(na.preferredDuringSchedulingIgnoredDuringExecution, prefField);
  if (pref && pref.length > 0) {
    const preferred: NonNullable<NodeAffinitySpec['preferred']> = [];
    pref.forEach((p, i) => {
      const f = `${prefField}[${i}]`;
      const x = r.needRec(p, f);
      const weight = r.needInt(x.weight, `${f}.weight`, 1);
      if (weight > 100) r.fail(`${f}.weight`, `must be in 1..100, got ${weight}`);
      const preference = r.needRec(x.preference, `${f}.preference`);
      // An empty preference matches every node: the same weight everywhere, no effect on ranking.
      const empty = (r.list(preference.matchExpressions, `${f}.preference.matchExpressions`) ?? []).length === 0
        && (r.list(preference.matchFields, `${f}.preference.matchFields`) ?? []).length === 0;
      const alts = empty ? [{}] : nodeTermAlternatives(r, preference, `${f}.preference`);
      // The alternatives exclude each other (one value per key), so each carries the weight.
      for (const alt of alts) preferred.push({ weight, term: { matchLabels: alt } });
    });
    out.preferred = preferred;
  }
  return out.required || out.preferred ? out : undefined;
}

function readTolerations(r: Reader, v: unknown, path: string): TolerationSpec[] | undefined {
  const list = r.list(v, path);
  if (!list || list.length === 0) return undefined;
  return list.map((t, i) => {
    const f = `${path}[${i}]`;
    const x = r.needRec(t, f);
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
    if (x.tolerationSeconds !== undefined && x.tolerationSeconds !== null && !isDefaultToleration(x)) {
      r.warn(`${f}.tolerationSeconds`, 'tolerationSeconds is not modelled: the toleration lasts forever');
    }
    return out;
  });
}

/**
 * A pod spec as a kivi pod template: requests summed over the containers, topology spread,
 * node selection, tolerations, nodeName and criticality.
 */
export function podTemplateFromPodSpec(
  name: string,
  labels: Record<string, string>,
  podSpec: unknown,
  where: PodSpecWhere,
  warnings: Warnings,
): PodTemplateSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, where.object, warnings);
    const path = where.path ?? 'spec';
    const spec = r.needRec(podSpec, path);
    const containers = r.list(spec.containers, `${path}.containers`) ?? [];
    if (containers.length === 0) r.fail(`${path}.containers`, 'needs at least one container');
    const requests = readRequests(r, containers, `${path}.containers`);
    const t: PodTemplateSpec = {
      name,
      labels: { ...labels },
      cpuRequest: requests.cpu,
      memoryRequest: requests.memory,
      namespace: where.namespace ?? 'default',
    };
    for (const [k, v] of Object.entries(spec)) {
      const f = `${path}.${k}`;
      if (v === undefined || v === null) continue;
      switch (k) {
        case 'containers':
          break;
        case 'initContainers':
          if (Array.isArray(v) && v.length > 0) r.warn(f, "init containers are ignored: their requests do not count towards the pod's");
          break;
        case 'topologySpreadConstraints':
          t.topologySpreadConstraints = readConstraints(r, v, f);
          break;
        case 'nodeSelector': {
          const sel = r.labels(v, f);
          if (Object.keys(sel).length > 0) t.nodeSelector = sel;
          break;
        }
        case 'affinity': {
          const a = r.rec(v, f) ?? {};
          for (const [ak, av] of Object.entries(a)) {
            if (av === undefined || av === null) continue;
            if (ak === 'nodeAffinity') {
              const na = readNodeAffinity(r, av, `${f}.nodeAffinity`);
              if (na) t.nodeAffinity = na;
            } else if (ak === 'podAffinity' || ak === 'podAntiAffinity') {
              r.warn(`${f}.${ak}`, `${ak} is not modelled (inter-pod affinity), ignored`);
            } else {
              r.warn(`${f}.${ak}`, 'unknown field, ignored');
            }
          }
          break;
        }
        case 'tolerations': {
          const tol = readTolerations(r, v, f);
          if (tol) t.tolerations = tol;
          break;
        }
        case 'nodeName': {
          const n = r.str(v, f);
          if (n) t.nodeName = n;
          break;
        }
        case 'priorityClassName': {
          const pc = r.str(v, f);
          if (pc && SYSTEM_PRIORITY_CLASSES.includes(pc)) t.critical = true;
          else if (pc) r.warn(f, 'priority and preemption are not modelled');
          break;
        }
        case 'priority':
          // Every pod read back from a cluster has one; only a non-default, non-system one matters.
          if (v !== 0 && !(typeof spec.priorityClassName === 'string' && SYSTEM_PRIORITY_CLASSES.includes(spec.priorityClassName))) {
            r.warn(f, 'priority and preemption are not modelled');
          }
          break;
        case 'schedulerName': {
          const s = r.str(v, f);
          if (s && s !== 'default-scheduler') r.warn(f, `the pod asks for scheduler ${show(s)}; kivi schedules it with its default scheduler`);
          break;
        }
        case 'hostNetwork':
          if (v === true && containers.some((c) => isRecord(c) && Array.isArray(c.ports) && c.ports.length > 0)) {
            r.warn(f, 'host ports (the NodePorts filter) are not modelled');
          }
          break;
        case 'volumes':
          (r.list(v, f) ?? []).forEach((vol, i) => {
            if (isRecord(vol) && (vol.persistentVolumeClaim !== undefined || vol.ephemeral !== undefined)) {
              r.warn(`${f}[${i}]`, 'volume binding and volume node affinity are not modelled');
            }
          });
          break;
        default:
          if (SILENT_POD_FIELDS.has(k)) break;
          r.warn(f, UNMODELLED_POD_FIELDS[k] ?? 'unknown pod-spec field, ignored');
      }
    }
    return t;
  });
}

// ---------------------------------------------------------------------------------------------
// Deployment

function readPercentOrInt(r: Reader, v: unknown, field: string): { percent: number } | { absolute: number } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { absolute: v };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) return { percent: Number(m[1]) };
  }
  return r.fail(field, `must be an integer >= 0 or a percentage such as "25%", got ${show(v)}`);
}

function readStrategy(r: Reader, v: unknown, replicas: number): StrategySpec {
  const st = r.rec(v, 'spec.strategy');
  const type = r.oneOf(st?.type, 'spec.strategy.type', ['Recreate', 'RollingUpdate'] as const) ?? 'RollingUpdate';
  const ru = r.rec(st?.rollingUpdate, 'spec.strategy.rollingUpdate');
  if (type === 'Recreate') {
    if (ru) r.fail('spec.strategy.rollingUpdate', 'may not be given when the strategy type is Recreate (Kubernetes rejects it)');
    return { type };
  }
  const toPercent = (key: 'maxSurge' | 'maxUnavailable'): number => {
    const field = `spec.strategy.rollingUpdate.${key}`;
    const val = readPercentOrInt(r, ru?.[key], field);
    if (val === undefined) return 25;
    if ('percent' in val) return val.percent;
    const n = val.absolute;
    if (n === 0) return 0;
    let p: number;
    if (replicas === 0) {
      p = 100;
    } else {
      // Kubernetes rounds maxSurge up and maxUnavailable down from the percentage; these
      // roundings give back exactly n at spec.replicas (for up to 100 replicas).
      p = key === 'maxSurge' ? Math.max(1, Math.floor((100 * n) / replicas)) : Math.ceil((100 * n) / replicas);
    }
    r.warn(field, replicas === 0
      ? `the absolute value ${n} cannot be a percentage of 0 replicas; kivi uses ${p}%`
      : `the absolute value ${n} is converted to ${p}% of ${replicas} replicas (kivi keeps percentages; it differs from ${n} when the replica count changes)`);
    return p;
  };
  const maxSurge = toPercent('maxSurge');
  const maxUnavailable = toPercent('maxUnavailable');
  if (maxUnavailable > 100) r.fail('spec.strategy.rollingUpdate.maxUnavailable', `must not be more than 100%, got ${maxUnavailable}%`);
  if (maxSurge === 0 && maxUnavailable === 0) {
    r.fail('spec.strategy.rollingUpdate', 'maxSurge and maxUnavailable may not both be 0 (Kubernetes rejects it)');
  }
  return { type, maxSurge, maxUnavailable };
}

/** A `kind: Deployment` (apps/v1) object. */
export function deploymentFromObject(
  obj: unknown,
  where: ObjectWhere,
  warnings: Warnings,
): { deployment: DeploymentSpec; template: PodTemplateSpec; namespace: string; selector: Record<string, string> } {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'Deployment/?', warnings);
    const o = asObject(r, obj, 'Deployment');
    const meta = readMeta(r, o, 'Deployment');
    const namespace = meta.namespace ?? where.namespace ?? 'default';
    if (typeof o.apiVersion === 'string' && o.apiVersion !== 'apps/v1') {
      r.warn('apiVersion', `${o.apiVersion} is read as apps/v1 (its defaults may differ)`);
    }
    const spec = r.needRec(o.spec, 'spec');
    const replicas = r.int(spec.replicas, 'spec.replicas', 0) ?? 1;
    const template = r.needRec(spec.template, 'spec.template');
    const tmeta = r.rec(template.metadata, 'spec.template.metadata');
    const labels = r.labels(tmeta?.labels, 'spec.template.metadata.labels');
    if (Object.keys(labels).length === 0) r.fail('spec.template.metadata.labels', 'is required (the selector must match them)');
    const sel = r.rec(spec.selector, 'spec.selector');
    if (!sel) r.fail('spec.selector', 'is required (apps/v1)');
    const hasMatch = Object.keys(r.rec(sel.matchLabels, 'spec.selector.matchLabels') ?? {}).length > 0
      || (r.list(sel.matchExpressions, 'spec.selector.matchExpressions') ?? []).length > 0;
    if (!hasMatch) r.fail('spec.selector', 'an empty selector is invalid for a Deployment (Kubernetes rejects it)');
    if (!selectorMatches(r, sel, 'spec.selector', labels)) {
      r.fail('spec.selector', "does not match the template's labels (spec.template.metadata.labels); Kubernetes rejects such a Deployment");
    }
    const selector = r.labels(sel.matchLabels, 'spec.selector.matchLabels');
    for (const x of readExpressions(r, sel.matchExpressions, 'spec.selector.matchExpressions')) {
      if (x.operator === 'In' && x.values.length === 1) selector[x.key] = x.values[0];
    }
    const strategy = readStrategy(r, spec.strategy, replicas);
    if (spec.paused === true) r.warn('spec.paused', 'paused rollouts are not modelled');
    if (typeof spec.minReadySeconds === 'number' && spec.minReadySeconds > 0) {
      r.warn('spec.minReadySeconds', 'minReadySeconds is not modelled: a running pod is available at once');
    }
    const tpl = podTemplateFromPodSpec(meta.name, labels, template.spec, {
      file: where.file, object: r.object, line: where.line, namespace, path: 'spec.template.spec',
    }, warnings);
    return {
      deployment: { name: meta.name, replicas, template: meta.name, strategy },
      template: tpl,
      namespace,
      selector,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscaler

/** Kubernetes' target when an HPA names no metric. */
const DEFAULT_CPU_UTILIZATION = 80;

function readResourceName(r: Reader, v: unknown, field: string): 'cpu' | 'memory' {
  const name = r.needStr(v, field);
  if (name !== 'cpu' && name !== 'memory') r.fail(field, `unsupported resource ${show(name)} (kivi models cpu and memory)`);
  return name;
}

function averageValue(r: Reader, resource: 'cpu' | 'memory', v: unknown, field: string): number {
  if (v === undefined || v === null) r.fail(field, 'is required');
  const where = { file: r.file, object: r.object, field };
  const n = resource === 'cpu' ? parseCpuMillis(v, where) : parseMemoryMiB(v, where);
  if (n <= 0) r.fail(field, `must be positive, got ${show(v)}`);
  return n;
}

function readV2Metric(r: Reader, m: unknown, f: string, beta1: boolean): HpaMetricSpec {
  const x = r.needRec(m, f);
  const type = r.needStr(x.type, `${f}.type`);
  if (type !== 'Resource') {
    r.fail(`${f}.type`, `unsupported metric type ${show(type)}: kivi models Resource metrics (cpu, memory) only`);
  }
  const res = r.needRec(x.resource, `${f}.resource`);
  const resource = readResourceName(r, res.name, `${f}.resource.name`);
  if (beta1) {
    if (res.targetAverageUtilization !== undefined && res.targetAverageUtilization !== null) {
      return { resource, type: 'Utilization', target: r.needInt(res.targetAverageUtilization, `${f}.resource.targetAverageUtilization`, 1) };
    }
    return { resource, type: 'AverageValue', target: averageValue(r, resource, res.targetAverageValue, `${f}.resource.targetAverageValue`) };
  }
  const target = r.needRec(res.target, `${f}.resource.target`);
  const ttype = r.needStr(target.type, `${f}.resource.target.type`);
  switch (ttype) {
    case 'Utilization':
      return { resource, type: 'Utilization', target: r.needInt(target.averageUtilization, `${f}.resource.target.averageUtilization`, 1) };
    case 'AverageValue':
      return { resource, type: 'AverageValue', target: averageValue(r, resource, target.averageValue, `${f}.resource.target.averageValue`) };
    case 'Value':
      return r.fail(`${f}.resource.target.type`, 'target type Value is not valid for a Resource metric (Kubernetes accepts Utilization or AverageValue)');
    default:
      return r.fail(`${f}.resource.target.type`, `must be Utilization or AverageValue, got ${show(ttype)}`);
  }
}

/** A `kind: HorizontalPodAutoscaler` (autoscaling/v1, v2, v2beta2, v2beta1) targeting a Deployment. */
export function hpaFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): { target: string; namespace: string; hpa: HpaSpec } {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'HorizontalPodAutoscaler/?', warnings);
    const o = asObject(r, obj, 'HorizontalPodAutoscaler');
    const meta = readMeta(r, o, 'HorizontalPodAutoscaler');
    const namespace = meta.namespace ?? where.namespace ?? 'default';
    const spec = r.needRec(o.spec, 'spec');
    const ref = r.needRec(spec.scaleTargetRef, 'spec.scaleTargetRef');
    const kind = r.needStr(ref.kind, 'spec.scaleTargetRef.kind');
    if (kind !== 'Deployment') r.fail('spec.scaleTargetRef.kind', `must be Deployment (kivi scales Deployments only), got ${show(kind)}`);
    const target = r.needStr(ref.name, 'spec.scaleTargetRef.name');
    const minReplicas = r.int(spec.minReplicas, 'spec.minReplicas', 1) ?? 1;
    const maxReplicas = r.needInt(spec.maxReplicas, 'spec.maxReplicas', 1);
    if (maxReplicas < minReplicas) r.fail('spec.maxReplicas', `must be >= minReplicas (${minReplicas}), got ${maxReplicas}`);
    const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    let metrics: HpaMetricSpec[];
    const v1 = api === 'autoscaling/v1' || (api === '' && spec.metrics === undefined && spec.targetCPUUtilizationPercentage !== undefined);
    if (v1) {
      if (spec.metrics !== undefined) r.warn('spec.metrics', 'autoscaling/v1 has no metrics list, ignored (use autoscaling/v2)');
      const pct = r.int(spec.targetCPUUtilizationPercentage, 'spec.targetCPUUtilizationPercentage', 1) ?? DEFAULT_CPU_UTILIZATION;
      metrics = [{ resource: 'cpu', type: 'Utilization', target: pct }];
    } else {
      if (api !== '' && !['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1'].includes(api)) {
        r.fail('apiVersion', `unsupported ${show(api)} (autoscaling/v1, v2, v2beta2 or v2beta1)`);
      }
      if (spec.targetCPUUtilizationPercentage !== undefined) {
        r.fail('spec.targetCPUUtilizationPercentage', `is an autoscaling/v1 field; ${api || 'this version'} uses spec.metrics`);
      }
      const list = r.list(spec.metrics, 'spec.metrics') ?? [];
      metrics = list.map((m, i) => readV2Metric(r, m, `spec.metrics[${i}]`, api === 'autoscaling/v2beta1'));
      if (metrics.length === 0) metrics = [{ resource: 'cpu', type: 'Utilization', target: DEFAULT_CPU_UTILIZATION }];
      if (spec.behavior !== undefined && spec.behavior !== null) {
        r.warn('spec.behavior', 'scaling behavior (stabilization windows and policies) is not modelled');
      }
    }
    return { target, namespace, hpa: { minReplicas, maxReplicas, metrics } };
  });
}

// ---------------------------------------------------------------------------------------------
// Node

/** A `kind: Node` object, as `kubectl get nodes -o json|yaml` prints it. */
export function nodeFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): NodeSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'Node/?', warnings);
    const o = asObject(r, obj, 'Node');
    const meta = readMeta(r, o, 'Node');
    const metadata = r.rec(o.metadata, 'metadata')!;
    const spec = r.rec(o.spec, 'spec') ?? {};
    const status = r.rec(o.status, 'status') ?? {};
    let resField = 'status.allocatable';
    let res = r.rec(status.allocatable, resField);
    if (!res || res.cpu === undefined || res.memory === undefined) {
      const cap = r.rec(status.capacity, 'status.capacity');
      if (cap && cap.cpu !== undefined && cap.memory !== undefined) {
        res = cap;
        resField = 'status.capacity';
      }
    }
    if (!res || res.cpu === undefined || res.cpu === null) r.fail(`${resField}.cpu`, 'is required (status.allocatable or status.capacity)');
    if (res.memory === undefined || res.memory === null) r.fail(`${resField}.memory`, 'is required (status.allocatable or status.capacity)');
    const node: NodeSpec = {
      name: meta.name,
      cpu: parseCpuMillis(res.cpu, { file: r.file, object: r.object, field: `${resField}.cpu` }),
      memory: parseMemoryMiB(res.memory, { file: r.file, object: r.object, field: `${resField}.memory` }),
    };
    const labels = r.labels(metadata.labels, 'metadata.labels');
    if (Object.keys(labels).length > 0) node.labels = labels;
    const taints: TaintSpec[] = (r.list(spec.taints, 'spec.taints') ?? []).map((t, i) => {
      const f = `spec.taints[${i}]`;
      const x = r.needRec(t, f);
      const effect = r.oneOf(x.effect, `${f}.effect`, TAINT_EFFECTS);
      if (!effect) r.fail(`${f}.effect`, 'is required (NoSchedule, PreferNoSchedule or NoExecute)');
      const taint: TaintSpec = { key: r.needStr(x.key, `${f}.key`), effect };
      const value = r.str(x.value, `${f}.value`);
      if (value) taint.value = value;
      return taint;
    });
    if (r.bool(spec.unschedulable, 'spec.unschedulable') === true
      && !taints.some((t) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule')) {
      // What the node lifecycle controller does for a cordoned node.
      taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
    }
    if (taints.length > 0) node.taints = taints;
    const conditions = r.list(status.conditions, 'status.conditions') ?? [];
    const ready = conditions.find((c) => isRecord(c) && c.type === 'Ready');
    // No Ready condition at all (a hand-written Node): taken as Ready.
    node.status = ready === undefined || (isRecord(ready) && ready.status === 'True') ? 'Ready' : 'NotReady';
    return node;
  });
}

// ---------------------------------------------------------------------------------------------
// DeschedulerPolicy

type BalancePlugin = DeschedulerProfileSpec['plugins'][number];
const BALANCE_PLUGINS: readonly BalancePlugin[] = ['RemoveDuplicates', 'RemovePodsViolatingTopologySpreadConstraint'];

function pluginNames(r: Reader, v: unknown, field: string): string[] {
  return (r.list(v, field) ?? []).map((n, i) => {
    if (isRecord(n)) return r.needStr(n.name, `${field}[${i}].name`);
    return r.needStr(n, `${field}[${i}]`);
  });
}

/** Eviction limits at the top of the policy (they apply to every profile). */
function evictionLimits(r: Reader, policy: Record<string, unknown>, profiles: DeschedulerProfileSpec[]): void {
  const perNode = r.int(policy.maxNoOfPodsToEvictPerNode, 'maxNoOfPodsToEvictPerNode', 0);
  const perNs = r.int(policy.maxNoOfPodsToEvictPerNamespace, 'maxNoOfPodsToEvictPerNamespace', 0);
  for (const p of profiles) {
    if (perNode === 0 || perNs === 0) {
      // A limit of 0 evicts nothing: the same as no plugin at all.
      p.plugins = [];
      continue;
    }
    if (perNode !== undefined) p.maxNoOfPodsToEvictPerNode = perNode;
    if (perNs !== undefined) p.maxNoOfPodsToEvictPerNamespace = perNs;
  }
  if (perNode === 0 || perNs === 0) {
    r.warn(perNode === 0 ? 'maxNoOfPodsToEvictPerNode' : 'maxNoOfPodsToEvictPerNamespace', 'a limit of 0 evicts nothing: the descheduler does nothing');
  }
}

function constraintsArg(r: Reader, args: Record<string, unknown>, f: string): WhenUnsatisfiable[] | undefined {
  const list = r.list(args.constraints, `${f}.constraints`);
  if (list) {
    return [...new Set(list.map((c, i) => {
      const v = r.oneOf<WhenUnsatisfiable>(c, `${f}.constraints[${i}]`, ['DoNotSchedule', 'ScheduleAnyway']);
      return v!;
    }))];
  }
  if (r.bool(args.includeSoftConstraints, `${f}.includeSoftConstraints`) === true) return ['DoNotSchedule', 'ScheduleAnyway'];
  return undefined;
}

function deschedulerV1alpha2(r: Reader, o: Record<string, unknown>): DeschedulerSpec {
  const profiles = (r.list(o.profiles, 'profiles') ?? []).map((p, i) => {
    const f = `profiles[${i}]`;
    const x = r.needRec(p, f);
    const profile: DeschedulerProfileSpec = { plugins: [] };
    const name = r.str(x.name, `${f}.name`);
    if (name) profile.name = name;
    const plugins = r.rec(x.plugins, `${f}.plugins`) ?? {};
    for (const [point, set] of Object.entries(plugins)) {
      const pf = `${f}.plugins.${point}`;
      const s = r.rec(set, pf) ?? {};
      const enabled = pluginNames(r, s.enabled, `${pf}.enabled`);
      if (point === 'balance') {
        enabled.forEach((n, j) => {
          if ((BALANCE_PLUGINS as readonly string[]).includes(n)) {
            if (!profile.plugins.includes(n as BalancePlugin)) profile.plugins.push(n as BalancePlugin);
          } else {
            r.warn(`${pf}.enabled[${j}]`, `balance plugin ${n} is not modelled, ignored`);
          }
        });
      } else if (point === 'deschedule') {
        enabled.forEach((n, j) => r.warn(`${pf}.enabled[${j}]`, `deschedule plugin ${n} is not modelled, ignored`));
      } else if (['filter', 'preEvictionFilter', 'evict', 'sort'].includes(point)) {
        enabled.forEach((n, j) => {
          if (n !== 'DefaultEvictor') r.warn(`${pf}.enabled[${j}]`, `${point} plugin ${n} is not modelled (kivi uses DefaultEvictor), ignored`);
        });
      } else {
        r.warn(pf, 'unknown extension point, ignored');
      }
      if (s.disabled !== undefined && s.disabled !== null) r.warn(`${pf}.disabled`, 'disabling plugins is not modelled, ignored');
    }
    (r.list(x.pluginConfig, `${f}.pluginConfig`) ?? []).forEach((pc, j) => {
      const cf = `${f}.pluginConfig[${j}]`;
      const c = r.needRec(pc, cf);
      const pname = r.needStr(c.name, `${cf}.name`);
      const args = r.rec(c.args, `${cf}.args`) ?? {};
      if (pname === 'DefaultEvictor') {
        for (const [k, v] of Object.entries(args)) {
          if (k === 'evictSystemCriticalPods') {
            const b = r.bool(v, `${cf}.args.${k}`);
            if (b !== undefined) profile.evictSystemCriticalPods = b;
          } else if (v !== undefined && v !== null && v !== false) {
            r.warn(`${cf}.args.${k}`, 'DefaultEvictor option not modelled, ignored');
          }
        }
      } else if (pname === 'RemovePodsViolatingTopologySpreadConstraint') {
        const cs = constraintsArg(r, args, `${cf}.args`);
        if (cs) profile.constraints = cs;
        for (const k of Object.keys(args)) {
          if (k !== 'constraints' && k !== 'includeSoftConstraints') r.warn(`${cf}.args.${k}`, 'option not modelled, ignored');
        }
      } else if (pname === 'RemoveDuplicates') {
        for (const k of Object.keys(args)) r.warn(`${cf}.args.${k}`, 'option not modelled, ignored');
      }
      // Configuration of plugins that are not enabled (or not modelled, warned above) is moot.
    });
    return profile;
  });
  if (profiles.length === 0) r.warn('profiles', 'no profiles: the descheduler does nothing');
  evictionLimits(r, o, profiles);
  for (const k of Object.keys(o)) {
    if (!['apiVersion', 'kind', 'metadata', 'profiles', 'maxNoOfPodsToEvictPerNode', 'maxNoOfPodsToEvictPerNamespace'].includes(k)) {
      r.warn(k, 'not modelled, ignored');
    }
  }
  return { profiles };
}

function deschedulerV1alpha1(r: Reader, o: Record<string, unknown>): DeschedulerSpec {
  r.warn('apiVersion', 'descheduler/v1alpha1 is deprecated (use descheduler/v1alpha2 profiles)');
  const profile: DeschedulerProfileSpec = { plugins: [] };
  const strategies = r.rec(o.strategies, 'strategies') ?? {};
  for (const [name, s] of Object.entries(strategies)) {
    const f = `strategies.${name}`;
    const x = r.rec(s, f) ?? {};
    if (r.bool(x.enabled, `${f}.enabled`) !== true) continue;
    if (!(BALANCE_PLUGINS as readonly string[]).includes(name)) {
      r.warn(f, `strategy ${name} is not modelled, ignored`);
      continue;
    }
    if (!profile.plugins.includes(name as BalancePlugin)) profile.plugins.push(name as BalancePlugin);
    const params = r.rec(x.params, `${f}.params`) ?? {};
    for (const [k, v] of Object.entries(params)) {
      if (name === 'RemovePodsViolatingTopologySpreadConstraint' && k === 'includeSoftConstraints') {
        if (r.bool(v, `${f}.params.${k}`) === true) profile.constraints = ['DoNotSchedule', 'ScheduleAnyway'];
      } else {
        r.warn(`${f}.params.${k}`, 'not modelled, ignored');
      }
    }
  }
  const critical = r.bool(o.evictSystemCriticalPods, 'evictSystemCriticalPods');
  if (critical !== undefined) profile.evictSystemCriticalPods = critical;
  const profiles = [profile];
  evictionLimits(r, o, profiles);
  for (const k of Object.keys(o)) {
    if (!['apiVersion', 'kind', 'metadata', 'strategies', 'evictSystemCriticalPods', 'maxNoOfPodsToEvictPerNode', 'maxNoOfPodsToEvictPerNamespace'].includes(k)) {
      r.warn(k, 'not modelled, ignored');
    }
  }
  return { profiles };
}

/** A `kind: DeschedulerPolicy` (descheduler/v1alpha2 profiles, or deprecated v1alpha1 strategies). */
export function deschedulerFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): DeschedulerSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'DeschedulerPolicy', warnings);
    const o = asObject(r, obj, 'DeschedulerPolicy');
    r.object = 'DeschedulerPolicy';
    const api = o.apiVersion;
    if (api === 'descheduler/v1alpha2') return deschedulerV1alpha2(r, o);
    if (api === 'descheduler/v1alpha1') return deschedulerV1alpha1(r, o);
    if (api === undefined && o.profiles !== undefined) return deschedulerV1alpha2(r, o);
    return r.fail('apiVersion', `unsupported ${show(api)} (descheduler/v1alpha2 or descheduler/v1alpha1)`);
  });
}

// ---------------------------------------------------------------------------------------------
// KubeSchedulerConfiguration

const MODELLED_PLUGINS: readonly SchedulerPluginName[] = ['NodeName', 'NodeAffinity', 'TaintToleration', 'NodeResourcesFit', 'PodTopologySpread'];
type ScoredPlugin = Exclude<SchedulerPluginName, 'NodeName'>;
const SCORED_PLUGINS: readonly ScoredPlugin[] = ['NodeAffinity', 'TaintToleration', 'NodeResourcesFit', 'PodTopologySpread'];

/** The default-scheduler profile of a `kind: KubeSchedulerConfiguration`. */
export function schedulerProfileFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): SchedulerProfileSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'KubeSchedulerConfiguration', warnings);
    const o = asObject(r, obj, 'KubeSchedulerConfiguration');
    r.object = 'KubeSchedulerConfiguration';
    const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    if (api !== '' && !api.startsWith('kubescheduler.config.k8s.io/')) r.fail('apiVersion', `unsupported ${show(api)} (kubescheduler.config.k8s.io/v1)`);
    const profiles = r.list(o.profiles, 'profiles') ?? [];
    let index = profiles.findIndex((p) => isRecord(p) && (p.schedulerName === undefined || p.schedulerName === null || p.schedulerName === 'default-scheduler'));
    if (index < 0) index = 0;
    if (profiles.length > 1) r.warn('profiles', `only profile #${index + 1} (the default-scheduler's or the first) is modelled; the others are ignored`);
    if (o.extenders !== undefined && o.extenders !== null) r.warn('extenders', 'scheduler extenders are not modelled, ignored');
    if (profiles.length === 0) return {};
    const pf = `profiles[${index}]`;
    const profile = r.needRec(profiles[index], pf);

    // Per plugin: whether its filter runs, and its score weight (0: score off; undefined: default).
    const filterOff = new Set<SchedulerPluginName>();
    const weights = new Map<ScoredPlugin, number>();
    const modelled = (n: string): n is SchedulerPluginName => (MODELLED_PLUGINS as readonly string[]).includes(n);
    const scored = (n: string): n is ScoredPlugin => (SCORED_PLUGINS as readonly string[]).includes(n);
    const plugins = r.rec(profile.plugins, `${pf}.plugins`) ?? {};
    const readSet = (point: string): { enabled: { name: string; weight?: number; f: string }[]; disabled: { name: string; f: string }[] } => {
      const f = `${pf}.plugins.${point}`;
      const s = r.rec(plugins[point], f) ?? {};
      const entry = (v: unknown, ef: string): { name: string; weight?: number; f: string } => {
        const x = r.needRec(v, ef);
        const out: { name: string; weight?: number; f: string } = { name: r.needStr(x.name, `${ef}.name`), f: ef };
        const w = r.int(x.weight, `${ef}.weight`, 0);
        if (w !== undefined && w > 0) out.weight = w;
        return out;
      };
      return {
        enabled: (r.list(s.enabled, `${f}.enabled`) ?? []).map((v, i) => entry(v, `${f}.enabled[${i}]`)),
        disabled: (r.list(s.disabled, `${f}.disabled`) ?? []).map((v, i) => entry(v, `${f}.disabled[${i}]`)),
      };
    };
    const expand = (name: string): string[] => (name === '*' ? [...MODELLED_PLUGINS] : [name]);

    // multiPoint first; the specific extension points override it (as kube-scheduler does).
    const multi = readSet('multiPoint');
    for (const d of multi.disabled) {
      for (const n of expand(d.name)) {
        if (!modelled(n)) continue;
        filterOff.add(n);
        if (scored(n)) weights.set(n, 0);
      }
    }
    for (const e of multi.enabled) {
      if (!modelled(e.name)) {
        r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
        continue;
      }
      filterOff.delete(e.name);
      // A zero or missing weight is 1 (kube-scheduler does not allow 0 for an enabled plugin).
      if (scored(e.name)) weights.set(e.name, e.weight ?? 1);
    }
    const filter = readSet('filter');
    for (const d of filter.disabled) for (const n of expand(d.name)) if (modelled(n)) filterOff.add(n);
    for (const e of filter.enabled) {
      if (modelled(e.name)) filterOff.delete(e.name);
      else r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
    }
    const score = readSet('score');
    for (const d of score.disabled) for (const n of expand(d.name)) if (scored(n)) weights.set(n, 0);
    for (const e of score.enabled) {
      if (scored(e.name)) weights.set(e.name, e.weight ?? 1);
      else if (modelled(e.name)) r.warn(`${e.f}.name`, `plugin ${e.name} has no score, ignored`);
      else r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
    }
    for (const point of Object.keys(plugins)) {
      if (point === 'multiPoint' || point === 'filter' || point === 'score') continue;
      const { enabled } = readSet(point);
      enabled.forEach((e) => {
        if (!modelled(e.name)) r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
      });
    }

    const out: SchedulerProfileSpec = {};
    const disabled: SchedulerPluginName[] = [];
    for (const n of MODELLED_PLUGINS) {
      if (!filterOff.has(n)) continue;
      disabled.push(n);
      if (scored(n) && weights.get(n) !== 0) {
        r.warn(`${pf}.plugins`, `${n}: kivi cannot turn off the filter alone; its score is disabled as well`);
      }
    }
    if (disabled.length > 0) out.disabled = disabled;
    const w: Partial<Record<SchedulerPluginName, number>> = {};
    for (const [n, v] of weights) if (!filterOff.has(n)) w[n] = v;
    if (Object.keys(w).length > 0) out.weights = w;

    (r.list(profile.pluginConfig, `${pf}.pluginConfig`) ?? []).forEach((pc, i) => {
      const f = `${pf}.pluginConfig[${i}]`;
      const c = r.needRec(pc, f);
      const name = r.needStr(c.name, `${f}.name`);
      const args = r.rec(c.args, `${f}.args`) ?? {};
      if (name === 'NodeResourcesFit') {
        const ss = r.rec(args.scoringStrategy, `${f}.args.scoringStrategy`);
        const type = ss ? r.str(ss.type, `${f}.args.scoringStrategy.type`) : undefined;
        if (type !== undefined && type !== 'LeastAllocated') {
          r.warn(`${f}.args.scoringStrategy.type`, `${type} is not modelled: kivi scores NodeResourcesFit as LeastAllocated`);
        }
      } else if (modelled(name) && Object.keys(args).length > 0) {
        r.warn(`${f}.args`, `${name} options are not modelled, ignored`);
      }
    });
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// readManifests

/** Kinds that live in a namespace (the filter applies to them). */
const NAMESPACED = new Set(['Deployment', 'Pod', 'HorizontalPodAutoscaler']);

interface DeploymentEntry {
  deployment: DeploymentSpec;
  namespace: string;
  file: string;
  line: number;
}

/**
 * Kubernetes objects → ClusterSpec pieces. Objects of unsupported kinds get one warning per
 * file and kind. With `opts.namespace`, namespaced objects of other namespaces are skipped
 * silently, and objects without a namespace belong to it (as with `kubectl apply -n`).
 */
export function readManifests(objects: SourceObject[], warnings: Warnings, opts: { namespace?: string } = {}): ParsedManifests {
  const out: ParsedManifests = { nodes: [], podTemplates: [], deployments: [], pods: [], sources: new Map() };
  const defaultNs = opts.namespace ?? 'default';
  const deployments = new Map<string, DeploymentEntry>(); // by name
  const nodeNames = new Set<string>();
  const later: { kind: 'Pod' | 'HorizontalPodAutoscaler'; so: SourceObject }[] = [];
  let deschedulerAt: string | undefined;
  let schedulerAt: string | undefined;

  const nsOf = (v: Record<string, unknown>): string => {
    const meta = v.metadata;
    return isRecord(meta) && typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : defaultNs;
  };
  const where = (so: SourceObject): ObjectWhere => ({ file: so.file, line: so.line, namespace: defaultNs });
  const source = (key: string, so: SourceObject): void => {
    if (!out.sources.has(key)) out.sources.set(key, { file: so.file, line: so.line });
  };
  const at = (so: SourceObject): string => `${so.file} line ${so.line}`;

  for (const so of objects) {
    const v = so.value;
    if (!isRecord(v) || typeof v.kind !== 'string' || v.kind === '') {
      throw new InputError(`expected a Kubernetes object with a string "kind", got ${show(v)} (line ${so.line})`, undefined, 'kind', so.file);
    }
    const kind = v.kind;
    if (opts.namespace !== undefined && NAMESPACED.has(kind) && nsOf(v) !== opts.namespace) continue;
    if (opts.namespace !== undefined && !NAMESPACED.has(kind) && isRecord(v.metadata)
      && typeof v.metadata.namespace === 'string' && v.metadata.namespace !== opts.namespace) continue;
    switch (kind) {
      case 'Deployment': {
        const d = deploymentFromObject(v, where(so), warnings);
        const name = d.deployment.name;
        const prev = deployments.get(name);
        if (prev) {
          const reason = prev.namespace === d.namespace
            ? `duplicate Deployment in namespace ${d.namespace} (also at ${prev.file} line ${prev.line}) (line ${so.line})`
            : `a Deployment of this name is in namespaces ${prev.namespace} and ${d.namespace}; choose one with --namespace (line ${so.line})`;
          throw new InputError(reason, `Deployment/${name}`, 'metadata.name', so.file);
        }
        deployments.set(name, { deployment: d.deployment, namespace: d.namespace, file: so.file, line: so.line });
        out.deployments.push(d.deployment);
        out.podTemplates.push(d.template);
        source(`Deployment/${name}`, so);
        break;
      }
      case 'Node': {
        const n = nodeFromObject(v, where(so), warnings);
        if (nodeNames.has(n.name)) {
          const prev = out.sources.get(`Node/${n.name}`);
          throw new InputError(`duplicate Node${prev ? ` (also at ${prev.file} line ${prev.line})` : ''} (line ${so.line})`, `Node/${n.name}`, 'metadata.name', so.file);
        }
        nodeNames.add(n.name);
        out.nodes.push(n);
        source(`Node/${n.name}`, so);
        break;
      }
      case 'Pod':
      case 'HorizontalPodAutoscaler':
        later.push({ kind, so });
        break;
      case 'DeschedulerPolicy':
        if (deschedulerAt !== undefined) {
          throw new InputError(`a second DeschedulerPolicy (the first is at ${deschedulerAt}) (line ${so.line})`, 'DeschedulerPolicy', undefined, so.file);
        }
        out.descheduler = deschedulerFromObject(v, where(so), warnings);
        deschedulerAt = at(so);
        source('DeschedulerPolicy', so);
        break;
      case 'KubeSchedulerConfiguration':
        if (schedulerAt !== undefined) {
          throw new InputError(`a second KubeSchedulerConfiguration (the first is at ${schedulerAt}) (line ${so.line})`, 'KubeSchedulerConfiguration', undefined, so.file);
        }
        out.scheduler = schedulerProfileFromObject(v, where(so), warnings);
        schedulerAt = at(so);
        source('KubeSchedulerConfiguration', so);
        break;
      default:
        warnings.add(`kind ${kind} is not modelled, ignored`, so.file);
    }
  }

  // Pods and HPAs refer to deployments: read them once every deployment is known.
  const templateNames = new Set(out.podTemplates.map((t) => t.name));
  const podNames = new Map<string, { namespace: string; file: string; line: number }>();
  for (const { kind, so } of later) {
    if (kind === 'HorizontalPodAutoscaler') {
      const h = hpaFromObject(so.value, where(so), warnings);
      const name = (so.value as { metadata: { name: string } }).metadata.name;
      const object = `HorizontalPodAutoscaler/${name}`;
      const d = deployments.get(h.target);
      if (!d || d.namespace !== h.namespace) {
        throw new InputError(`Deployment ${h.target} is not among the manifests${d ? ` of namespace ${h.namespace}` : ''} (line ${so.line})`, object, 'spec.scaleTargetRef.name', so.file);
      }
      if (d.deployment.hpa) {
        throw new InputError(`Deployment ${h.target} already has a HorizontalPodAutoscaler; Kubernetes does not scale a deployment with two (line ${so.line})`, object, 'spec.scaleTargetRef.name', so.file);
      }
      d.deployment.hpa = h.hpa;
      source(object, so);
      continue;
    }
    const pod = readPod(so, defaultNs, warnings, deployments, templateNames);
    if (!pod) continue;
    const prev = podNames.get(pod.spec.name!);
    if (prev) {
      const reason = prev.namespace === pod.namespace
        ? `duplicate Pod in namespace ${pod.namespace} (also at ${prev.file} line ${prev.line}) (line ${so.line})`
        : `a Pod of this name is in namespaces ${prev.namespace} and ${pod.namespace}; choose one with --namespace (line ${so.line})`;
      throw new InputError(reason, `Pod/${pod.spec.name}`, 'metadata.name', so.file);
    }
    podNames.set(pod.spec.name!, { namespace: pod.namespace, file: so.file, line: so.line });
    if (pod.template) {
      out.podTemplates.push(pod.template);
      templateNames.add(pod.template.name);
    }
    out.pods.push(pod.spec);
    source(`Pod/${pod.spec.name}`, so);
  }
  return out;
}

/**
 * The deployment a ReplicaSet belongs to: Kubernetes names it `<deployment>-<pod-template-hash>`,
 * and the pod carries the hash as a label; without the label, the name minus its last segment.
 */
export function replicaSetDeployment(rsName: string, hash: unknown): string {
  return typeof hash === 'string' && rsName.endsWith(`-${hash}`) ? rsName.slice(0, -hash.length - 1) : rsName.replace(/-[^-]+$/, '');
}

/** The deployment owning a pod through its ReplicaSet. */
function owningDeployment(
  r: Reader,
  meta: Record<string, unknown>,
  namespace: string,
  deployments: Map<string, DeploymentEntry>,
): { deployment?: string; ownerKind?: string } {
  const owners = (r.list(meta.ownerReferences, 'metadata.ownerReferences') ?? []).filter(isRecord);
  const owner = owners.find((o) => o.controller === true) ?? owners[0];
  if (!owner) return {};
  const kind = typeof owner.kind === 'string' ? owner.kind : '?';
  const name = typeof owner.name === 'string' ? owner.name : '';
  if (kind !== 'ReplicaSet') return { ownerKind: kind };
  const labels = isRecord(meta.labels) ? meta.labels : {};
  const base = replicaSetDeployment(name, labels['pod-template-hash']);
  const d = deployments.get(base);
  if (d && d.namespace === namespace) return { deployment: base };
  return { ownerKind: kind };
}

function readPod(
  so: SourceObject,
  defaultNs: string,
  warnings: Warnings,
  deployments: Map<string, DeploymentEntry>,
  templateNames: Set<string>,
): { spec: PodSpec; template?: PodTemplateSpec; namespace: string } | undefined {
  return guarded(so.line, () => {
    const r: Reader = new Reader(so.file, 'Pod/?', warnings);
    const o = asObject(r, so.value, 'Pod');
    const meta = readMeta(r, o, 'Pod');
    const namespace = meta.namespace ?? defaultNs;
    const metadata = r.rec(o.metadata, 'metadata')!;
    const labels = r.labels(metadata.labels, 'metadata.labels');
    const specObj = r.needRec(o.spec, 'spec');
    const status = r.rec(o.status, 'status') ?? {};
    const phase = r.str(status.phase, 'status.phase');
    if (phase === 'Succeeded' || phase === 'Failed') {
      r.warn('status.phase', `a ${phase} pod uses no resources, ignored`);
      return undefined;
    }
    if (metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null) {
      r.warn('metadata.deletionTimestamp', 'the pod is terminating; kivi keeps it as it is');
    }
    const owner = owningDeployment(r, metadata, namespace, deployments);
    // Parsed for bare and owned pods alike: the checks and warnings apply to both.
    const templateName = templateNames.has(meta.name) ? `Pod/${meta.name}` : meta.name;
    const template = podTemplateFromPodSpec(templateName, labels, specObj, { file: so.file, object: r.object, line: so.line, namespace, path: 'spec' }, warnings);
    const node = template.nodeName;
    const spec: PodSpec = { name: meta.name, phase: phase === 'Running' && node ? 'Running' : 'Pending' };
    if (node) spec.node = node;
    if (phase === 'Unknown') r.warn('status.phase', `phase Unknown is taken as ${spec.phase}`);
    if (owner.deployment) {
      spec.deployment = owner.deployment;
      return { spec, namespace };
    }
    if (owner.ownerKind) {
      // One warning per file and owner kind.
      warnings.add(`pods owned by a ${owner.ownerKind} (not a Deployment among the manifests) are kept as bare pods`, so.file, undefined, 'metadata.ownerReferences');
    }
    spec.template = template.name;
    return { spec, template, namespace };
  });
}
