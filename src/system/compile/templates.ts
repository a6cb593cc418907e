/**
 * Pod templates: requests and usage, the nodes they may or prefer to run on (node name, node
 * affinity, taints), topology spread constraints and CPU patterns.
 */
import type { ClusterSpec, PodTemplateSpec } from '../../model/cluster.js';
import { type CompiledTemplate, OWNER_DAEMONSET, OWNER_NONE, OWNER_OTHER } from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { labelsMatch, termMatches } from './labels.js';
import { templateTaintTables, withDefaultTolerations } from './taints.js';
import { tolerates } from '../../controllers/scheduler/taint-toleration.js';
import type { CompiledNodes } from './nodes.js';
import { compileConstraint } from './spread.js';
import { compileInterPodAffinity } from './pod-affinity.js';
import { SYSTEM_DEFAULT_CONSTRAINTS } from '../../controllers/scheduler/pod-topology-spread.js';

/** The taint of a cordoned node (`v1.TaintNodeUnschedulable`, NoSchedule). */
export const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

export interface CompiledTemplates {
  /** By template index (index 0 unused). */
  templates: CompiledTemplate[];
  /** Namespaces in first-use order; a template refers to one by position. */
  namespaces: string[];
}

/** Compile every pod template, in order. */
/** kube-scheduler's non-zero defaults (pkg/scheduler/util/pod_resources.go), in millicores and MiB. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST_MIB = 200;

export function compileTemplates(spec: ClusterSpec, nodeIdx: Map<string, number>, nodes: CompiledNodes): CompiledTemplates {
  const namespaces: string[] = [];
  const templates: CompiledTemplate[] = [null as unknown as CompiledTemplate];
  for (const t of spec.podTemplates) templates.push(compileTemplate(t, spec, nodeIdx, nodes, namespaces));
  spec.podTemplates.forEach((t, i) => {
    templates[i + 1].interPod = compileInterPodAffinity(t, i + 1, spec, nodes.labels, `PodTemplate/${t.name}`);
  });
  return { templates, namespaces };
}

/** The template's extended-resource requests in the cluster's order; null when it requests none. */
export function extendedRequest(t: PodTemplateSpec, names: string[], object: string): Int32Array | null {
  const req = t.extendedRequests ?? {};
  if (!names.some((name) => (req[name] ?? 0) > 0)) return null;
  return Int32Array.from(names.map((name) => requireInt(req[name] ?? 0, object, `extendedRequests.${name}`)));
}

/** `spec.nodeName` as a node index (0: not given). */
function pinnedNode(t: PodTemplateSpec, nodeIdx: Map<string, number>, object: string): number {
  if (t.nodeName === undefined) return 0;
  const n = nodeIdx.get(t.nodeName) ?? 0;
  if (n === 0) throw new InputError(`node "${t.nodeName}" does not exist`, object, 'nodeName');
  return n;
}

/**
 * 1 for each node that the node selector and the required affinity terms admit (labels and the
 * node's name for `matchFields`); null when neither is given. As `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: the selector ANDed with
 * the terms, which are ORed.
 */
export function requiredNodes(t: PodTemplateSpec, nodeLabels: Record<string, string>[], names: string[]): Uint8Array | null {
  const terms = t.nodeAffinity?.required ?? [];
  if (!(terms.length > 0 || t.nodeSelector)) return null;
  const N = nodeLabels.length;
  const out = new Uint8Array(N + 1);
  for (let n = 1; n <= N; n++) {
    const labels = nodeLabels[n - 1];
    const selectorOk = t.nodeSelector === undefined || labelsMatch(t.nodeSelector, labels);
    const termsOk = terms.length === 0 || terms.some((term) => termMatches(labels, term, names[n]));
    out[n] = selectorOk && termsOk ? 1 : 0;
  }
  return out;
}

/**
 * The summed weight of the preferred affinity terms each node matches, as the NodeAffinity
 * plugin's Score (`nodeaffinity.PreferredSchedulingTerms.Score`); null when none is given.
 */
function preferredWeights(t: PodTemplateSpec, nodeLabels: Record<string, string>[], names: string[], object: string): Int32Array | null {
  const aff = t.nodeAffinity;
  if (!(aff?.preferred && aff.preferred.length > 0)) return null;
  const N = nodeLabels.length;
  const out = new Int32Array(N + 1);
  aff.preferred.forEach((p, i) => {
    requireInt(p.weight, object, `nodeAffinity.preferred[${i}].weight`, 1);
    for (let n = 1; n <= N; n++) if (termMatches(nodeLabels[n - 1], p.term, names[n])) out[n] += p.weight;
  });
  return out;
}

/** What the descheduler's DefaultEvictor and plugins read about the template's pods (docs/model.md §8.7.2). */
function evictorFacts(t: PodTemplateSpec): Pick<CompiledTemplate,
  'priority' | 'localStorage' | 'pvc' | 'ownerKind' | 'mirror' | 'evictAnnotation' | 'tolerationCount' | 'hasRequiredAffinity' | 'selectorOrAffinity'> {
  const kind = t.ownerKind;
  return {
    // A system-critical class without a value given: system-cluster-critical's 2000000000.
    priority: t.priority ?? (t.critical ? 2_000_000_000 : 0),
    localStorage: t.localStorage ?? false,
    pvc: t.pvc ?? false,
    // utils.IsDaemonsetPod: an owner reference of kind DaemonSet.
    ownerKind: kind === undefined ? OWNER_NONE : kind === 'DaemonSet' ? OWNER_DAEMONSET : OWNER_OTHER,
    mirror: t.mirror ?? false,
    evictAnnotation: t.evictAnnotation ?? false,
    // The pod's tolerations as the API server stores them, DefaultTolerationSeconds' included.
    tolerationCount: withDefaultTolerations(t.tolerations ?? []).length,
    hasRequiredAffinity: (t.nodeAffinity?.required ?? []).length > 0,
    // hasSelectorOrAffinity (topologyspreadconstraint.go): a nodeSelector or any node affinity.
    selectorOrAffinity: t.nodeSelector !== undefined || t.nodeAffinity !== undefined,
  };
}

/** The template's CPU pattern: one time per usage value, all integers >= 0; null when not given. */
function compileCpuPattern(t: PodTemplateSpec, object: string): CompiledTemplate['cpuPattern'] {
  if (!t.cpuPattern) return null;
  const { usage, at } = t.cpuPattern;
  if (!Array.isArray(usage) || usage.length === 0) throw new InputError('needs at least one usage value', object, 'cpuPattern.usage');
  if (!Array.isArray(at) || at.length !== usage.length) throw new InputError('must have one time per usage value', object, 'cpuPattern.at');
  usage.forEach((u, i) => requireInt(u, object, `cpuPattern.usage[${i}]`));
  at.forEach((x, i) => requireInt(x, object, `cpuPattern.at[${i}]`));
  return { usage: Int32Array.from(usage), at: Int32Array.from(at), maxAt: Math.max(...at) };
}

/** The index of the template's namespace (`default` when not given), added to `namespaces` on first use. */
function namespaceIndex(t: PodTemplateSpec, namespaces: string[]): number {
  const ns = t.namespace ?? 'default';
  if (!namespaces.includes(ns)) namespaces.push(ns);
  return namespaces.indexOf(ns);
}

/** One pod template. */
function compileTemplate(
  t: PodTemplateSpec,
  spec: ClusterSpec,
  nodeIdx: Map<string, number>,
  nodes: CompiledNodes,
  namespaces: string[],
): CompiledTemplate {
  const object = `PodTemplate/${t.name}`;
  requireInt(t.cpuRequest, object, 'cpuRequest');
  requireInt(t.memoryRequest, object, 'memoryRequest');
  const nodeName = pinnedNode(t, nodeIdx, object);
  const required = requiredNodes(t, nodes.labels, nodes.names);
  const preferredWeight = preferredWeights(t, nodes.labels, nodes.names, object);
  const taints = templateTaintTables(t, nodes.taints, object);
  const cpuPattern = compileCpuPattern(t, object);
  const constraints = (t.topologySpreadConstraints ?? SYSTEM_DEFAULT_CONSTRAINTS).map((c, i) =>
    compileConstraint(c, i, t, spec, nodes.labels, object),
  );
  const namespace = namespaceIndex(t, namespaces);
  return {
    name: t.name,
    cpuRequest: t.cpuRequest,
    memRequest: t.memoryRequest,
    // NonMissingContainerRequests (pkg/scheduler/util/pod_resources.go): DefaultMilliCPURequest
    // 100m and DefaultMemoryRequest 200 MiB per container naming none; the parsers work that
    // out per container, a description without it gets the defaults for a pod requesting 0.
    cpuNonZero: t.cpuNonZeroRequest ?? (t.cpuRequest === 0 ? DEFAULT_MILLI_CPU_REQUEST : t.cpuRequest),
    memNonZero: t.memoryNonZeroRequest ?? (t.memoryRequest === 0 ? DEFAULT_MEMORY_REQUEST_MIB : t.memoryRequest),
    extendedRequest: extendedRequest(t, nodes.extended, object),
    // A patterned pod starts at the pattern's first value (docs/model.md §8.1.2).
    cpuUsage: cpuPattern ? cpuPattern.usage[0] : (t.cpuUsage ?? t.cpuRequest),
    memUsage: t.memoryUsage ?? t.memoryRequest,
    nodeName,
    requiredNodes: required,
    preferredWeight,
    ...taints,
    hard: constraints.filter((c) => c.hard),
    soft: constraints.filter((c) => !c.hard),
    systemDefaultSpread: t.topologySpreadConstraints === undefined,
    cpuPattern,
    critical: t.critical ?? false,
    // Set by resolvePriorities (priorities.ts), as the Priority admission plugin would.
    priorityClass: '',
    preemptNever: false,
    ...(t.safeToEvict === undefined ? {} : { safeToEvict: t.safeToEvict ? 1 : -1 }),
    // nodeunschedulable.Filter: a pod that tolerates the unschedulable taint fits a cordoned node.
    toleratesUnschedulable: (t.tolerations ?? []).some((x) => tolerates(x, UNSCHEDULABLE_TAINT)),
    namespace,
    ...evictorFacts(t),
  };
}
