/**
 * Kubernetes objects (manifests and `kubectl get -o json|yaml` output) → ClusterSpec pieces
 * (docs/inputs.md, "Manifests"; docs/model.md §12, decisions 4–8). Each kind has its reader in
 * `kinds/`; this file dispatches the documents by kind and ties the objects together.
 *
 * Unlike the reference, which read a handful of Deployment/Pod/HPA fields and crashed on the
 * rest, the readers apply Kubernetes' own defaults (replicas 1, RollingUpdate 25 %/25 %,
 * HPA minReplicas 1, CPU 80 %, requests defaulted from limits), reject what Kubernetes
 * rejects, and warn about every field that changes scheduling but is not modelled. Every error
 * names the file, the object (`Kind/name`), the field and the document's line.
 */
import type {
  DaemonSetSpec, DeploymentSpec, DeschedulerSpec, NodeSpec, PodDisruptionBudgetSpec, PodSpec, PodTemplateSpec, PriorityClassSpec,
  SchedulerProfileSpec,
} from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { dns1123LabelProblem } from './names.js';
import { isRecord, type SourceObject } from './documents.js';
import { daemonSetFromObject } from './kinds/daemon-set.js';
import { deploymentFromObject } from './kinds/deployment.js';
import { deschedulerFromObject } from './kinds/descheduler-policy.js';
import { hpaFromObject } from './kinds/horizontal-pod-autoscaler.js';
import { schedulerProfileFromObject } from './kinds/kube-scheduler-configuration.js';
import { nodeFromObject } from './kinds/node.js';
import { podFromObject } from './kinds/pod.js';
import { priorityClassFromObject } from './kinds/priority-class.js';
import { podDisruptionBudgetFromObject } from './kinds/pod-disruption-budget.js';
import { guarded, type ObjectWhere, Reader, show } from './kinds/reader.js';
import type { InputWarning, Warnings } from './warnings.js';
import { didYouMean } from './kinds/known-fields.js';

export { deploymentFromObject, deschedulerFromObject, hpaFromObject, nodeFromObject, schedulerProfileFromObject };
export { podTemplateFromPodSpec } from './kinds/pod-spec.js';
export { replicaSetDeployment } from './kinds/replica-set.js';
export type { ObjectWhere, PodSpecWhere } from './kinds/reader.js';

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
  /** `kind: Namespace` objects' labels, by name (for inter-pod affinity's namespaceSelector). */
  namespaceLabels?: Record<string, Record<string, string>>;
  /** `kind: DaemonSet` objects: their pods take capacity (docs/model.md §8.2.2). */
  daemonSets?: DaemonSetSpec[];
  /** `kind: PriorityClass` objects (docs/model.md §8.2.5). */
  priorityClasses?: PriorityClassSpec[];
  /** `kind: PodDisruptionBudget` objects (docs/model.md §8.9). */
  podDisruptionBudgets?: PodDisruptionBudgetSpec[];
  /** Where each object came from, for messages: key `Deployment/name` → {file, line}. */
  sources: Map<string, { file: string; line: number }>;
}

/** Kinds kivi reads. */
const MODELLED_KINDS = new Set(['Deployment', 'Node', 'Pod', 'HorizontalPodAutoscaler', 'DeschedulerPolicy', 'KubeSchedulerConfiguration', 'PodDisruptionBudget', 'PriorityClass']);

/**
 * Kinds kivi does not model that cannot change where pods run, whether they are evicted or how
 * many there are: listed, but they never make a hold inconclusive. Every other kind (a
 * LimitRange, ResourceQuota, PersistentVolumeClaim,
 * StatefulSet, DaemonSet, …) is taken to matter.
 */
const INERT_KINDS = new Set([
  'Service', 'Endpoints', 'EndpointSlice', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ConfigMap', 'Secret',
  'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Event', 'Lease',
]);

/**
 * Kinds kivi does not model that act on their own namespace's pods only: a quota, defaults, a
 * claim. Any other kind may run pods (a StatefulSet, Job or CronJob, an operator's custom
 * resource), and pods of every namespace share the nodes' capacity, so it touches the checked
 * cluster wherever it is.
 */
const NAMESPACE_LOCAL_KINDS = new Set(['ResourceQuota', 'LimitRange', 'PersistentVolumeClaim', 'VerticalPodAutoscaler', 'PodTemplate', 'ControllerRevision']);

/** ` (did you mean Deployment?)` for a misspelled kind kivi reads (`Deploymnet`), else ''. */
function kindHint(kind: string): string {
  // Kinds are short and many: a quarter of the letters (Job is not a misspelled Pod).
  return didYouMean(kind, [...MODELLED_KINDS, 'DaemonSet', 'Namespace', ...INERT_KINDS], Math.max(1, Math.floor(kind.length / 4)));
}

export function isInertKind(kind: string): boolean {
  return INERT_KINDS.has(kind);
}

/** Kinds that live in a namespace (the filter applies to them). */
const NAMESPACED = new Set(['Deployment', 'Pod', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);

interface DeploymentEntry {
  deployment: DeploymentSpec;
  namespace: string;
  file: string;
  line: number;
}

/** What reading the objects has gathered so far. */
interface Reading {
  out: ParsedManifests;
  warnings: Warnings;
  /** Namespace of objects without one. */
  defaultNs: string;
  /** By name. */
  deployments: Map<string, DeploymentEntry>;
  nodeNames: Set<string>;
  /** Kinds of which there may be one (DeschedulerPolicy, ...) → where the first is. */
  singletons: Map<string, string>;
}

/**
 * Kubernetes objects → ClusterSpec pieces. Objects of unsupported kinds get one warning per
 * file and kind. With `opts.namespace`, namespaced objects of other namespaces are skipped
 * silently, and objects without a namespace belong to it (as with `kubectl apply -n`).
 */
export function readManifests(objects: SourceObject[], warnings: Warnings, opts: { namespace?: string } = {}): ParsedManifests {
  const st: Reading = {
    out: { nodes: [], podTemplates: [], deployments: [], pods: [], sources: new Map() },
    warnings,
    defaultNs: opts.namespace ?? 'default',
    deployments: new Map(),
    nodeNames: new Set(),
    singletons: new Map(),
  };
  const later: { kind: 'Pod' | 'HorizontalPodAutoscaler'; so: SourceObject }[] = [];
  const unmodelled: Array<{ warning: InputWarning; kind: string; namespace?: string }> = [];
  for (const so of objects) warnings.at({ line: so.line }, () => {
    const kind = kindOf(so);
    // A DaemonSet of any namespace takes capacity on the nodes, so --namespace does not skip it.
    if (opts.namespace !== undefined && kind !== 'DaemonSet' && otherNamespace(so.value as Record<string, unknown>, kind, opts.namespace)) {
      if (!MODELLED_KINDS.has(kind)) warnings.note(`kind ${kind} is outside the checked namespace ${opts.namespace}, ignored`, so.file);
      return;
    }
    switch (kind) {
      case 'Deployment':
        addDeployment(st, so);
        break;
      case 'Node':
        addNode(st, so);
        break;
      case 'Pod':
      case 'HorizontalPodAutoscaler':
        later.push({ kind, so });
        break;
      case 'DaemonSet': {
        const ds = daemonSetFromObject(so.value, where(st, so), warnings);
        (st.out.daemonSets ??= []).push(ds);
        source(st, `DaemonSet/${ds.name}`, so);
        break;
      }
      case 'PodDisruptionBudget': {
        const pdb = podDisruptionBudgetFromObject(so.value, where(st, so), warnings);
        (st.out.podDisruptionBudgets ??= []).push(pdb);
        source(st, `PodDisruptionBudget/${pdb.name}`, so);
        break;
      }
      case 'DeschedulerPolicy':
        st.out.descheduler = readSingleton(st, so, kind, deschedulerFromObject);
        break;
      case 'KubeSchedulerConfiguration':
        st.out.scheduler = readSingleton(st, so, kind, schedulerProfileFromObject);
        break;
      case 'Namespace':
        addNamespace(st, so);
        break;
      case 'PriorityClass':
        addPriorityClass(st, so);
        break;
      default:
        unmodelled.push({ warning: warnings.add(`kind ${kind} is not modelled, ignored${kindHint(kind)}`, so.file), kind, namespace: namespaceOf(so.value as Record<string, unknown>) });
    }
  });

  // Pods and HPAs refer to deployments: read them once every deployment is known.
  const templateNames = new Set(st.out.podTemplates.map((t) => t.name));
  const podNames = new Map<string, { namespace: string; file: string; line: number }>();
  for (const { kind, so } of later) warnings.at({ line: so.line }, () => {
    if (kind === 'HorizontalPodAutoscaler') attachHpa(st, so);
    else addPod(st, so, templateNames, podNames);
  });
  classifyUnmodelled(st, unmodelled);
  return st.out;
}

/**
 * Whether an object of a kind kivi does not model can act on the checked cluster: not for kinds
 * that never change scheduling, eviction or scaling, nor for a namespace-local kind in a namespace
 * without a checked Deployment or Pod. One warning covers every object of a kind in a file: it
 * matters if one does.
 */
function classifyUnmodelled(st: Reading, unmodelled: Array<{ warning: InputWarning; kind: string; namespace?: string }>): void {
  const checked = new Set([...st.deployments.values()].map((d) => d.namespace));
  for (const t of st.out.podTemplates) checked.add(t.namespace ?? 'default');
  for (const u of unmodelled) u.warning.affectsCheck = false;
  for (const u of unmodelled) {
    if (isInertKind(u.kind)) continue;
    if (u.namespace === undefined || checked.has(u.namespace) || !NAMESPACE_LOCAL_KINDS.has(u.kind)) u.warning.affectsCheck = true;
  }
}

function namespaceOf(v: Record<string, unknown>): string | undefined {
  const meta = v.metadata;
  return isRecord(meta) && typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
}

function kindOf(so: SourceObject): string {
  const v = so.value;
  if (!isRecord(v) || typeof v.kind !== 'string' || v.kind === '') {
    throw new InputError(`expected a Kubernetes object with a string "kind", got ${show(v)} (line ${so.line})`, undefined, 'kind', so.file);
  }
  return v.kind;
}

/** Whether an object belongs to another namespace than the checked one. */
function otherNamespace(v: Record<string, unknown>, kind: string, namespace: string): boolean {
  const meta = v.metadata;
  const ns = isRecord(meta) && typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  if (NAMESPACED.has(kind)) return (ns ?? namespace) !== namespace;
  return isRecord(meta) && typeof meta.namespace === 'string' && meta.namespace !== namespace;
}

function where(st: Reading, so: SourceObject): ObjectWhere {
  return { file: so.file, line: so.line, namespace: st.defaultNs };
}

function source(st: Reading, key: string, so: SourceObject): void {
  if (!st.out.sources.has(key)) st.out.sources.set(key, { file: so.file, line: so.line });
}

function addDeployment(st: Reading, so: SourceObject): void {
  const d = deploymentFromObject(so.value, where(st, so), st.warnings);
  const name = d.deployment.name;
  const prev = st.deployments.get(name);
  if (prev) {
    const reason = prev.namespace === d.namespace
      ? `duplicate Deployment in namespace ${d.namespace} (also at ${prev.file} line ${prev.line}) (line ${so.line})`
      : `a Deployment of this name is in namespaces ${prev.namespace} and ${d.namespace}; choose one with --namespace (line ${so.line})`;
    throw new InputError(reason, `Deployment/${name}`, 'metadata.name', so.file);
  }
  st.deployments.set(name, { deployment: d.deployment, namespace: d.namespace, file: so.file, line: so.line });
  st.out.deployments.push(d.deployment);
  st.out.podTemplates.push(d.template);
  source(st, `Deployment/${name}`, so);
}

function addNode(st: Reading, so: SourceObject): void {
  const n = nodeFromObject(so.value, where(st, so), st.warnings);
  if (st.nodeNames.has(n.name)) {
    const prev = st.out.sources.get(`Node/${n.name}`);
    throw new InputError(`duplicate Node${prev ? ` (also at ${prev.file} line ${prev.line})` : ''} (line ${so.line})`, `Node/${n.name}`, 'metadata.name', so.file);
  }
  st.nodeNames.add(n.name);
  st.out.nodes.push(n);
  source(st, `Node/${n.name}`, so);
}

/** A Namespace: only its labels matter (a pod affinity term's namespaceSelector reads them). */
function addNamespace(st: Reading, so: SourceObject): void {
  const r = new Reader(so.file, 'Namespace', st.warnings);
  const meta = r.needRec((so.value as Record<string, unknown>).metadata, 'metadata');
  const name = r.needStr(meta.name, 'metadata.name');
  // ValidateNamespace (pkg/apis/core/validation): the name is a DNS-1123 label.
  const problem = dns1123LabelProblem(name);
  if (problem) guarded(so.line, () => r.fail('metadata.name', problem));
  r.object = `Namespace/${name}`;
  const labels = guarded(so.line, () => r.labels(meta.labels, 'metadata.labels'));
  st.out.namespaceLabels = { ...(st.out.namespaceLabels ?? {}), [name]: labels };
}

/** A PriorityClass; a second of the same name is an error, as is a second globalDefault (`validatePriorityClass`). */
function addPriorityClass(st: Reading, so: SourceObject): void {
  const pc = priorityClassFromObject(so.value, where(st, so), st.warnings);
  const list = (st.out.priorityClasses ??= []);
  const key = `PriorityClass/${pc.name}`;
  const prev = st.out.sources.get(key);
  if (list.some((c) => c.name === pc.name)) {
    throw new InputError(`duplicate PriorityClass${prev ? ` (also at ${prev.file} line ${prev.line})` : ''} (line ${so.line})`, key, 'metadata.name', so.file);
  }
  const dflt = list.find((c) => c.globalDefault);
  if (pc.globalDefault && dflt) {
    // plugin/pkg/admission/priority validatePriorityClass
    throw new InputError(`PriorityClass ${dflt.name} is already marked as default. Only one default can exist (line ${so.line})`, key, 'globalDefault', so.file);
  }
  list.push(pc);
  source(st, key, so);
}

/** A kind of which a cluster has one: a second object is an error. */
function readSingleton<T>(st: Reading, so: SourceObject, kind: string, read: (obj: unknown, where: ObjectWhere, warnings: Warnings) => T): T {
  const first = st.singletons.get(kind);
  if (first !== undefined) throw new InputError(`a second ${kind} (the first is at ${first}) (line ${so.line})`, kind, undefined, so.file);
  const value = read(so.value, where(st, so), st.warnings);
  st.singletons.set(kind, `${so.file} line ${so.line}`);
  source(st, kind, so);
  return value;
}

function attachHpa(st: Reading, so: SourceObject): void {
  const h = hpaFromObject(so.value, where(st, so), st.warnings);
  const name = (so.value as { metadata: { name: string } }).metadata.name;
  const object = `HorizontalPodAutoscaler/${name}`;
  const d = st.deployments.get(h.target);
  if (!d || d.namespace !== h.namespace) {
    throw new InputError(`Deployment ${h.target} is not among the manifests${d ? ` of namespace ${h.namespace}` : ''} (line ${so.line})`, object, 'spec.scaleTargetRef.name', so.file);
  }
  if (d.deployment.hpa) {
    throw new InputError(`Deployment ${h.target} already has a HorizontalPodAutoscaler; Kubernetes does not scale a deployment with two (line ${so.line})`, object, 'spec.scaleTargetRef.name', so.file);
  }
  // An HPA with no metric kivi models is left out (warned about by hpaFromObject).
  if (h.hpa) d.deployment.hpa = h.hpa;
  source(st, object, so);
}

function addPod(
  st: Reading,
  so: SourceObject,
  templateNames: Set<string>,
  podNames: Map<string, { namespace: string; file: string; line: number }>,
): void {
  const pod = podFromObject(so, st.defaultNs, st.warnings, st.deployments, templateNames);
  if (!pod) return;
  const prev = podNames.get(pod.spec.name!);
  if (prev) {
    const reason = prev.namespace === pod.namespace
      ? `duplicate Pod in namespace ${pod.namespace} (also at ${prev.file} line ${prev.line}) (line ${so.line})`
      : `a Pod of this name is in namespaces ${prev.namespace} and ${pod.namespace}; choose one with --namespace (line ${so.line})`;
    throw new InputError(reason, `Pod/${pod.spec.name}`, 'metadata.name', so.file);
  }
  podNames.set(pod.spec.name!, { namespace: pod.namespace, file: so.file, line: so.line });
  if (pod.template) {
    st.out.podTemplates.push(pod.template);
    templateNames.add(pod.template.name);
    // A mistake in the pod's own template (its nodeName) is the pod's manifest's.
    source(st, `PodTemplate/${pod.template.name}`, so);
  }
  st.out.pods.push(pod.spec);
  source(st, `Pod/${pod.spec.name}`, so);
}
