/**
 * Arguments of the descheduler plugins kivi models (descheduler v0.32 `*Args` types, docs/inputs.md
 * "DeschedulerPolicy"), read into a DeschedulerProfileSpec. Options kivi does not model are
 * warnings; values Kubernetes would reject are errors.
 */
import type { DeschedulerPluginName, DeschedulerProfileSpec, ResourceThresholdsSpec, WhenUnsatisfiable } from '../../model/cluster.js';
import { parseLabelSelectorString } from './label-selector-string.js';
import { readPodSelector } from './label-selector.js';
import { type Reader, show } from './reader.js';
import { SYSTEM_PRIORITY_CLASSES } from '../../model/priority-classes.js';

/** `utils.SystemCriticalPriority`. */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

function strings(r: Reader, v: unknown, field: string): string[] | undefined {
  return r.list(v, field)?.map((x, i) => r.needStr(x, `${field}[${i}]`));
}

/** `priorityThreshold: {value | name}` (GetPriorityValueFromPriorityThreshold). */
function priorityThreshold(r: Reader, v: unknown, f: string, profile: DeschedulerProfileSpec): void {
  const pt = r.rec(v, f);
  if (!pt) return;
  const value = pt.value === undefined || pt.value === null ? undefined : r.int(pt.value, `${f}.value`, -(2 ** 31));
  const name = r.str(pt.name, `${f}.name`);
  if (value !== undefined && name) r.fail(f, 'only one of value and name can be set');
  let p = value;
  if (name) {
    p = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name)?.value;
    if (p === undefined) {
      // A user-defined class: its value is looked up when the cluster is compiled (docs/model.md §8.2.5).
      profile.priorityThresholdClass = name;
      return;
    }
  }
  if (p === undefined) return;
  if (p > SYSTEM_CRITICAL_PRIORITY) r.fail(f, `priority threshold can't be greater than ${SYSTEM_CRITICAL_PRIORITY}`);
  profile.priorityThreshold = p;
}

/** DefaultEvictorArgs. */
export function readEvictorArgs(r: Reader, args: Record<string, unknown>, f: string, profile: DeschedulerProfileSpec): void {
  for (const [k, v] of Object.entries(args)) {
    const fk = `${f}.${k}`;
    if (v === undefined || v === null) continue;
    switch (k) {
      case 'evictSystemCriticalPods':
      case 'evictLocalStoragePods':
      case 'ignorePvcPods':
      case 'ignorePodsWithoutPDB':
      case 'nodeFit': {
        const b = r.bool(v, fk);
        if (b !== undefined) profile[k] = b;
        break;
      }
      case 'evictFailedBarePods':
        // Failed pods hold no resources and are not kept (docs/inputs.md), so no bare pod qualifies.
        if (r.bool(v, fk) === true) r.note(fk, 'kivi keeps no Failed pods: no bare pod becomes evictable');
        break;
      case 'evictDaemonSetPods':
        if (r.bool(v, fk) === true) r.warn(fk, 'DaemonSet pods are not pod slots in kivi: they are never evicted');
        break;
      case 'priorityThreshold':
        priorityThreshold(r, v, fk, profile);
        break;
      case 'labelSelector':
        profile.labelSelector = readPodSelector(r, v, fk);
        break;
      case 'minReplicas':
        profile.minReplicas = r.int(v, fk, 0);
        break;
      case 'nodeSelector': {
        const text = r.str(v, fk);
        if (text && text.trim() !== '') profile.evictorNodeSelector = parseLabelSelectorString(r, text, fk);
        break;
      }
      default:
        if (v !== false) r.warn(fk, 'DefaultEvictor option not modelled, ignored');
    }
  }
}

/** `thresholds` / `targetThresholds`: percentages of cpu, memory and pods. */
function thresholds(r: Reader, v: unknown, f: string): ResourceThresholdsSpec {
  const out: ResourceThresholdsSpec = {};
  for (const [k, x] of Object.entries(r.rec(v, f) ?? {})) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 100) r.fail(`${f}.${k}`, `must be a percentage between 0 and 100, got ${show(x)}`);
    if (k === 'cpu' || k === 'memory' || k === 'pods') out[k] = x;
    else r.warn(`${f}.${k}`, `thresholds on ${k} are not modelled (cpu, memory and pods only), ignored`);
  }
  return out;
}

/** `evictableNamespaces: {exclude}`: only exclusion is allowed (ValidateLowNodeUtilizationArgs). */
function evictableNamespaces(r: Reader, v: unknown, f: string): string[] | undefined {
  const ns = r.rec(v, f);
  if (!ns) return undefined;
  if (ns.include !== undefined && ns.include !== null) r.fail(`${f}.include`, 'only exclude can be set, or include can not be set');
  return strings(r, ns.exclude, `${f}.exclude`);
}

function constraintsArg(r: Reader, args: Record<string, unknown>, f: string): WhenUnsatisfiable[] | undefined {
  const list = r.list(args.constraints, `${f}.constraints`);
  if (list) return [...new Set(list.map((c, i) => r.oneOf<WhenUnsatisfiable>(c, `${f}.constraints[${i}]`, ['DoNotSchedule', 'ScheduleAnyway'])!))];
  if (r.bool(args.includeSoftConstraints, `${f}.includeSoftConstraints`) === true) return ['DoNotSchedule', 'ScheduleAnyway'];
  return undefined;
}

const AFFINITY_TYPES = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'] as const;

/** Plugins with their own `namespaces` filter, and those with a `labelSelector` too. */
const NAMESPACED = ['RemoveDuplicates', 'RemovePodsViolatingTopologySpreadConstraint', 'RemovePodsViolatingInterPodAntiAffinity', 'RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingNodeTaints'];
const LABELLED = NAMESPACED.slice(1);

/** A plugin's `namespaces` (include or exclude, not both: the plugins' Validate*Args) and `labelSelector`. */
function readPluginFilter(r: Reader, name: string, args: Record<string, unknown>, f: string, profile: DeschedulerProfileSpec): void {
  const filter: NonNullable<DeschedulerProfileSpec['pluginFilters']>[DeschedulerPluginName] = {};
  const ns = r.rec(args.namespaces, `${f}.namespaces`);
  if (ns) {
    const include = strings(r, ns.include, `${f}.namespaces.include`);
    const exclude = strings(r, ns.exclude, `${f}.namespaces.exclude`);
    if (include && include.length > 0 && exclude && exclude.length > 0) r.fail(`${f}.namespaces`, 'only one of Include/Exclude namespaces can be set');
    if (include && include.length > 0) filter.includeNamespaces = include;
    if (exclude && exclude.length > 0) filter.excludeNamespaces = exclude;
  }
  if (args.labelSelector !== undefined && args.labelSelector !== null && LABELLED.includes(name)) filter.labelSelector = readPodSelector(r, args.labelSelector, `${f}.labelSelector`);
  if (Object.keys(filter).length > 0) profile.pluginFilters = { ...profile.pluginFilters, [name]: filter };
}

/** Warns about every key of `args` not in `known`; reads the plugin's own pod filters. */
function warnOthers(r: Reader, name: string, args: Record<string, unknown>, f: string, known: string[], profile: DeschedulerProfileSpec): void {
  if (NAMESPACED.includes(name)) readPluginFilter(r, name, args, f, profile);
  const filters = NAMESPACED.includes(name) ? (LABELLED.includes(name) ? ['namespaces', 'labelSelector'] : ['namespaces']) : [];
  for (const [k, v] of Object.entries(args)) {
    if (known.includes(k) || filters.includes(k) || v === undefined || v === null) continue;
    r.warn(`${f}.${k}`, 'option not modelled, ignored');
  }
}

/** The args of one modelled plugin, into the profile. */
export function readPluginArgs(r: Reader, name: string, args: Record<string, unknown>, f: string, profile: DeschedulerProfileSpec): void {
  switch (name) {
    case 'DefaultEvictor':
      return readEvictorArgs(r, args, f, profile);
    case 'RemovePodsViolatingTopologySpreadConstraint': {
      const cs = constraintsArg(r, args, f);
      if (cs) profile.constraints = cs;
      const fit = r.bool(args.topologyBalanceNodeFit, `${f}.topologyBalanceNodeFit`);
      if (fit !== undefined) profile.topologyBalanceNodeFit = fit;
      return warnOthers(r, name, args, f, ['constraints', 'includeSoftConstraints', 'topologyBalanceNodeFit'], profile);
    }
    case 'LowNodeUtilization': {
      const metrics = r.rec(args.metricsUtilization, `${f}.metricsUtilization`);
      if (metrics?.metricsServer === true) r.warn(`${f}.metricsUtilization`, 'actual usage from the metrics server is not modelled: kivi uses requests');
      profile.lowNodeUtilization = {
        thresholds: thresholds(r, args.thresholds, `${f}.thresholds`),
        targetThresholds: thresholds(r, args.targetThresholds, `${f}.targetThresholds`),
        ...(args.numberOfNodes !== undefined ? { numberOfNodes: r.int(args.numberOfNodes, `${f}.numberOfNodes`, 0) } : {}),
        ...(args.useDeviationThresholds !== undefined ? { useDeviationThresholds: r.bool(args.useDeviationThresholds, `${f}.useDeviationThresholds`) } : {}),
        ...(args.evictableNamespaces ? { excludedNamespaces: evictableNamespaces(r, args.evictableNamespaces, `${f}.evictableNamespaces`) } : {}),
      };
      return warnOthers(r, name, args, f, ['thresholds', 'targetThresholds', 'numberOfNodes', 'useDeviationThresholds', 'evictableNamespaces', 'metricsUtilization'], profile);
    }
    case 'HighNodeUtilization':
      profile.highNodeUtilization = {
        thresholds: thresholds(r, args.thresholds, `${f}.thresholds`),
        ...(args.numberOfNodes !== undefined ? { numberOfNodes: r.int(args.numberOfNodes, `${f}.numberOfNodes`, 0) } : {}),
        ...(args.evictableNamespaces ? { excludedNamespaces: evictableNamespaces(r, args.evictableNamespaces, `${f}.evictableNamespaces`) } : {}),
      };
      return warnOthers(r, name, args, f, ['thresholds', 'numberOfNodes', 'evictableNamespaces'], profile);
    case 'RemovePodsViolatingNodeAffinity': {
      const types = r.list(args.nodeAffinityType, `${f}.nodeAffinityType`);
      if (types) profile.nodeAffinityType = types.map((t, i) => r.oneOf(t, `${f}.nodeAffinityType[${i}]`, AFFINITY_TYPES)!);
      return warnOthers(r, name, args, f, ['nodeAffinityType'], profile);
    }
    case 'RemovePodsViolatingNodeTaints': {
      const includePreferNoSchedule = r.bool(args.includePreferNoSchedule, `${f}.includePreferNoSchedule`);
      const excludedTaints = strings(r, args.excludedTaints, `${f}.excludedTaints`);
      const includedTaints = strings(r, args.includedTaints, `${f}.includedTaints`);
      // ValidateRemovePodsViolatingNodeTaintsArgs: not both lists.
      if (excludedTaints && excludedTaints.length > 0 && includedTaints && includedTaints.length > 0) r.fail(f, 'either includedTaints or excludedTaints can be set, not both');
      profile.nodeTaints = {
        ...(includePreferNoSchedule !== undefined ? { includePreferNoSchedule } : {}),
        ...(excludedTaints ? { excludedTaints } : {}),
        ...(includedTaints ? { includedTaints } : {}),
      };
      return warnOthers(r, name, args, f, ['includePreferNoSchedule', 'excludedTaints', 'includedTaints'], profile);
    }
    case 'RemoveDuplicates': {
      const kinds = strings(r, args.excludeOwnerKinds, `${f}.excludeOwnerKinds`);
      if (kinds && kinds.length > 0) profile.excludeOwnerKinds = kinds;
      return warnOthers(r, name, args, f, ['excludeOwnerKinds'], profile);
    }
    default:
      // RemovePodsViolatingInterPodAntiAffinity: its namespaces and labelSelector.
      return warnOthers(r, name, args, f, [], profile);
  }
}
