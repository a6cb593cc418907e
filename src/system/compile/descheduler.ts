/**
 * The DeschedulerPolicy's profiles compiled against the nodes and templates (docs/model.md §8.7):
 * plugins, DefaultEvictor args, per-template tables (label selector, taint violations) and the
 * node-utilization thresholds per node, following descheduler v0.32.
 */
import type { ClusterSpec, DeschedulerPluginName, DeschedulerProfileSpec, ResourceThresholdsSpec, TaintSpec } from '../../model/cluster.js';
import {
  type CompiledDeschedulerProfile, type CompiledNodeUtilization, type CompiledTemplate, PLUGIN_HIGH_NODE_UTILIZATION,
  PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_LOW_NODE_UTILIZATION, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS,
  PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { SYSTEM_PRIORITY_CLASSES } from '../../model/priority-classes.js';
import { tolerates } from '../../controllers/scheduler/taint-toleration.js';
import { withDefaultTolerations } from './taints.js';
import { resourceThresholdOf } from '../../controllers/descheduler/thresholds.js';
import { requireInt } from './input.js';
import type { CompiledNodes } from './nodes.js';
import { podSelectorMatches } from './labels.js';
import { requirementMatches } from '../../model/label-requirement.js';
import { UNSCHEDULABLE_TAINT } from './templates.js';

/**
 * The DefaultEvictor's priority threshold (`GetPriorityValueFromPriorityThreshold`): a value, or
 * the value of the named PriorityClass, which must exist (docs/model.md §8.2.5); at most
 * SystemCriticalPriority. null without one.
 */
function thresholdPriority(spec: ClusterSpec, p: DeschedulerProfileSpec, object: string): number | null {
  if (p.priorityThresholdClass !== undefined) {
    const name = p.priorityThresholdClass;
    const pc = [...SYSTEM_PRIORITY_CLASSES, ...(spec.priorityClasses ?? [])].find((c) => c.name === name);
    if (pc === undefined) throw new InputError(`PriorityClass ${JSON.stringify(name)} does not exist`, object, 'priorityThreshold.name');
    if (pc.value > 2_000_000_000) throw new InputError(`priority threshold can't be greater than 2000000000, got ${pc.value} from ${name}`, object, 'priorityThreshold.name');
    return pc.value;
  }
  return p.priorityThreshold === undefined ? null : requireInt(p.priorityThreshold, object, 'priorityThreshold', -(2 ** 31));
}

const PLUGIN_IDS: Record<DeschedulerPluginName, number> = {
  RemoveDuplicates: PLUGIN_REMOVE_DUPLICATES,
  RemovePodsViolatingTopologySpreadConstraint: PLUGIN_TOPOLOGY_SPREAD,
  RemovePodsViolatingInterPodAntiAffinity: PLUGIN_INTERPOD_ANTI_AFFINITY,
  LowNodeUtilization: PLUGIN_LOW_NODE_UTILIZATION,
  HighNodeUtilization: PLUGIN_HIGH_NODE_UTILIZATION,
  RemovePodsViolatingNodeAffinity: PLUGIN_NODE_AFFINITY,
  RemovePodsViolatingNodeTaints: PLUGIN_NODE_TAINTS,
};

/** MinResourcePercentage and MaxResourcePercentage (nodeutilization/defaults.go). */
const MIN_PERCENT = 0;
const MAX_PERCENT = 100;

export interface DeschedulerInputs {
  templates: CompiledTemplate[];
  namespaces: string[];
  nodes: CompiledNodes;
}

/** The descheduler profiles of a DeschedulerPolicy; null when there is none. */
export function compileDescheduler(spec: ClusterSpec, inputs: DeschedulerInputs): CompiledDeschedulerProfile[] | null {
  return spec.descheduler ? spec.descheduler.profiles.map((p, i) => compileProfile(spec, p, i, inputs)) : null;
}

function compileProfile(spec: ClusterSpec, p: DeschedulerProfileSpec, i: number, inputs: DeschedulerInputs): CompiledDeschedulerProfile {
  const object = `DeschedulerPolicy profile ${p.name ?? `#${i + 1}`}`;
  const plugins = p.plugins.map((name, j) => {
    const id = PLUGIN_IDS[name];
    if (id === undefined) throw new InputError(`unsupported plugin ${JSON.stringify(name)}`, object, `plugins[${j}]`);
    return id;
  });
  checkArgs(p, object);
  const constraints = p.constraints ?? ['DoNotSchedule'];
  const T = inputs.templates.length;
  const sel = p.labelSelector;
  const types = p.nodeAffinityType ?? [];
  return {
    name: p.name ?? `profile-${i + 1}`,
    plugins,
    evictSystemCriticalPods: p.evictSystemCriticalPods ?? false,
    evictLocalStoragePods: p.evictLocalStoragePods ?? false,
    ignorePvcPods: p.ignorePvcPods ?? false,
    evictFailedBarePods: p.evictFailedBarePods ?? false,
    nodeFit: p.nodeFit ?? false,
    priorityThreshold: thresholdPriority(spec, p, object),
    // DefaultEvictor New: a nil or empty selector adds no constraint.
    selects: sel && ((sel.matchLabels && Object.keys(sel.matchLabels).length > 0) || (sel.matchExpressions ?? []).length > 0)
      ? Uint8Array.from({ length: T }, (_, t) => (t > 0 && podSelectorMatches(sel, spec.podTemplates[t - 1].labels) ? 1 : 0))
      : null,
    minReplicas: requireInt(p.minReplicas ?? 0, object, 'minReplicas'),
    ignorePodsWithoutPDB: p.ignorePodsWithoutPDB ?? false,
    duplicatesExcludeReplicaSets: (p.excludeOwnerKinds ?? []).includes('ReplicaSet'),
    balanceHard: constraints.includes('DoNotSchedule'),
    balanceSoft: constraints.includes('ScheduleAnyway'),
    topologyBalanceNodeFit: p.topologyBalanceNodeFit ?? true,
    lowUtilization: p.lowNodeUtilization ? compileUtilization(object, 'lowNodeUtilization', p.lowNodeUtilization, inputs, false) : null,
    highUtilization: p.highNodeUtilization ? compileUtilization(object, 'highNodeUtilization', { ...p.highNodeUtilization, targetThresholds: {} }, inputs, true) : null,
    affinityRequired: types.includes('requiredDuringSchedulingIgnoredDuringExecution'),
    affinityPreferred: types.includes('preferredDuringSchedulingIgnoredDuringExecution'),
    taintViolation: p.plugins.includes('RemovePodsViolatingNodeTaints') ? taintViolations(spec, p, inputs.nodes.taints) : null,
    taintUnschedulable: taintLooked(p, UNSCHEDULABLE_TAINT),
    pluginAdmits: pluginAdmits(spec, p, inputs),
    nodeSelected: selectedNodes(p.nodeSelector, inputs),
    evictorNodes: selectedNodes(p.evictorNodeSelector, inputs),
    // Eviction limits per pass (docs/model.md §8.7.2): unset means unlimited.
    maxPerNode: requireInt(p.maxNoOfPodsToEvictPerNode ?? 2 ** 31 - 1, object, 'maxNoOfPodsToEvictPerNode', 1),
    maxPerNamespace: requireInt(p.maxNoOfPodsToEvictPerNamespace ?? 2 ** 31 - 1, object, 'maxNoOfPodsToEvictPerNamespace', 1),
    maxTotal: requireInt(p.maxNoOfPodsToEvictTotal ?? 2 ** 31 - 1, object, 'maxNoOfPodsToEvictTotal', 1),
  };
}

/** Args an enabled plugin cannot do without (ValidateLowNodeUtilizationArgs, ValidateRemovePodsViolatingNodeAffinityArgs). */
function checkArgs(p: DeschedulerProfileSpec, object: string): void {
  const empty = (t: ResourceThresholdsSpec | undefined): boolean => t === undefined || Object.keys(t).length === 0;
  if (p.plugins.includes('LowNodeUtilization') && (empty(p.lowNodeUtilization?.thresholds) || empty(p.lowNodeUtilization?.targetThresholds))) {
    throw new InputError('LowNodeUtilization: thresholds config is not valid: no resource threshold is configured', object, 'lowNodeUtilization');
  }
  if (p.plugins.includes('HighNodeUtilization') && empty(p.highNodeUtilization?.thresholds)) {
    throw new InputError('HighNodeUtilization: no resource threshold is configured', object, 'highNodeUtilization');
  }
  if (p.plugins.includes('RemovePodsViolatingNodeAffinity') && (p.nodeAffinityType ?? []).length === 0) {
    throw new InputError('RemovePodsViolatingNodeAffinity: nodeAffinityType needs to be set', object, 'nodeAffinityType');
  }
}

/** Nodes whose labels a string node selector's requirements all match (`labels.Selector.Matches`); null without one. */
function selectedNodes(reqs: DeschedulerProfileSpec['nodeSelector'], inputs: DeschedulerInputs): Uint8Array | null {
  if (reqs === undefined) return null;
  const labels = inputs.nodes.labels;
  return Uint8Array.from({ length: labels.length + 1 }, (_, n) => (n > 0 && reqs.every((q) => requirementMatches(q, labels[n - 1])) ? 1 : 0));
}

/** Each plugin's own namespace and label filter per template (`podutil.NewOptions().WithNamespaces/WithoutNamespaces/WithLabelSelector`). */
function pluginAdmits(spec: ClusterSpec, p: DeschedulerProfileSpec, inputs: DeschedulerInputs): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = new Array<Uint8Array | null>(PLUGIN_NODE_TAINTS + 1).fill(null);
  for (const [name, f] of Object.entries(p.pluginFilters ?? {})) {
    const id = PLUGIN_IDS[name as DeschedulerPluginName];
    if (id === undefined || !f) continue;
    out[id] = Uint8Array.from({ length: inputs.templates.length }, (_, t) => {
      if (t === 0) return 0;
      const ns = inputs.namespaces[inputs.templates[t].namespace];
      if (f.includeNamespaces && f.includeNamespaces.length > 0 && !f.includeNamespaces.includes(ns)) return 0;
      if (f.excludeNamespaces && f.excludeNamespaces.includes(ns)) return 0;
      return f.labelSelector && !podSelectorMatches(f.labelSelector, spec.podTemplates[t - 1].labels) ? 0 : 1;
    });
  }
  return out;
}

/** A taint named by `key` or `key=value` (node_taint.go New: `includeTaint`, `excludeTaint`). */
function taintNamed(names: string[], taint: TaintSpec): boolean {
  return names.includes(taint.key) || ((taint.value ?? '') !== '' && names.includes(`${taint.key}=${taint.value}`));
}

/**
 * RemovePodsViolatingNodeTaints (node_taint.go `New`, `taintFilterFnc`): NoSchedule taints, and
 * PreferNoSchedule ones with `includePreferNoSchedule`, that are not excluded and are included
 * (every taint when `includedTaints` is not given); a pod violates a node when one of them is
 * not tolerated (`TolerationsTolerateTaintsWithFilter`).
 */
function taintLooked(p: DeschedulerProfileSpec, taint: TaintSpec): boolean {
  const args = p.nodeTaints ?? {};
  return (taint.effect === 'NoSchedule' || (args.includePreferNoSchedule === true && taint.effect === 'PreferNoSchedule'))
    && !taintNamed(args.excludedTaints ?? [], taint)
    && (args.includedTaints === undefined || taintNamed(args.includedTaints, taint));
}

function taintViolations(spec: ClusterSpec, p: DeschedulerProfileSpec, universe: TaintSpec[]): Int32Array {
  const out = new Int32Array(spec.podTemplates.length + 1);
  spec.podTemplates.forEach((tpl, i) => {
    const tolerations = withDefaultTolerations(tpl.tolerations ?? []);
    universe.forEach((taint, b) => {
      if (taintLooked(p, taint) && !tolerations.some((tol) => tolerates(tol, taint))) out[i + 1] |= 1 << b;
    });
  });
  return out;
}

function percentOf(v: number | undefined, object: string, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < MIN_PERCENT || v > MAX_PERCENT) {
    throw new InputError(`must be a percentage between 0 and 100, got ${JSON.stringify(v)}`, object, field);
  }
  return v;
}

/**
 * Thresholds with their defaults: a resource not given is 100 % in both lists
 * (`setDefaultForLNUThresholds`, `setDefaultForThresholds`), or unset (MinResourcePercentage)
 * with deviation thresholds; HighNodeUtilization's target is always 100 %.
 */
function compileUtilization(
  object: string,
  field: string,
  args: { thresholds: ResourceThresholdsSpec; targetThresholds: ResourceThresholdsSpec; numberOfNodes?: number; useDeviationThresholds?: boolean; excludedNamespaces?: string[] },
  inputs: DeschedulerInputs,
  high: boolean,
): CompiledNodeUtilization {
  const deviation = args.useDeviationThresholds ?? false;
  const nodes = inputs.nodes;
  const N = nodes.names.length - 1;
  const lowPercent = new Float64Array(3);
  const highPercent = new Float64Array(3);
  const unset = new Uint8Array(3);
  (['cpu', 'memory', 'pods'] as const).forEach((r, k) => {
    const lo = percentOf(args.thresholds[r], object, `${field}.thresholds.${r}`);
    const hi = percentOf(args.targetThresholds[r], object, `${field}.targetThresholds.${r}`);
    if (lo === undefined) {
      unset[k] = deviation ? 1 : 0;
      lowPercent[k] = deviation ? MIN_PERCENT : MAX_PERCENT;
      highPercent[k] = deviation ? MIN_PERCENT : MAX_PERCENT;
    } else {
      lowPercent[k] = lo;
      highPercent[k] = high ? MAX_PERCENT : (hi ?? 0);
      // ValidateLowNodeUtilizationArgs: thresholds and targetThresholds name the same resources, low <= high.
      if (!high && hi === undefined) throw new InputError(`thresholds names ${r} but targetThresholds does not`, object, `${field}.targetThresholds`);
      if (!high && !deviation && lo > hi!) throw new InputError(`thresholds.${r} (${lo}) is greater than targetThresholds.${r} (${hi})`, object, `${field}.thresholds.${r}`);
    }
    if (!high && hi !== undefined && lo === undefined) throw new InputError(`targetThresholds names ${r} but thresholds does not`, object, `${field}.thresholds`);
  });
  const alloc = [nodes.allocCpu, nodes.allocMem, nodes.allocPods];
  const low = new Float64Array((N + 1) * 3);
  const hig = new Float64Array((N + 1) * 3);
  for (let n = 1; n <= N; n++) {
    for (let k = 0; k < 3; k++) {
      low[n * 3 + k] = resourceThresholdOf(lowPercent[k], alloc[k][n]);
      hig[n * 3 + k] = resourceThresholdOf(highPercent[k], alloc[k][n]);
    }
  }
  const excluded = args.excludedNamespaces ?? [];
  return {
    low,
    high: hig,
    deviation,
    lowPercent,
    highPercent,
    unset,
    numberOfNodes: requireInt(args.numberOfNodes ?? 0, object, `${field}.numberOfNodes`),
    excludedNamespace: Uint8Array.from(inputs.namespaces.map((ns) => (excluded.includes(ns) ? 1 : 0))),
  };
}
