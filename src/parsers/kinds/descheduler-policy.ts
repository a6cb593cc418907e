/**
 * `kind: DeschedulerPolicy` (docs/inputs.md): descheduler/v1alpha2 profiles as descheduler v0.32
 * reads them, and the deprecated descheduler/v1alpha1 strategies converted to profiles as
 * v0.30's `V1alpha1ToInternal` (pkg/api/v1alpha1/conversion.go, strategymigration.go) did.
 */
import type { DeschedulerPluginName, DeschedulerProfileSpec, DeschedulerSpec } from '../../model/cluster.js';
import { isRecord } from '../documents.js';
import type { Warnings } from '../warnings.js';
import { readEvictorArgs, readPluginArgs } from './descheduler-args.js';
import { parseLabelSelectorString } from './label-selector-string.js';
import { asObject, guarded, type ObjectWhere, Reader, show } from './reader.js';
import { didYouMean } from './known-fields.js';

const DESCHEDULE: readonly DeschedulerPluginName[] = ['RemovePodsViolatingInterPodAntiAffinity', 'RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingNodeTaints'];
const BALANCE: readonly DeschedulerPluginName[] = ['RemoveDuplicates', 'RemovePodsViolatingTopologySpreadConstraint', 'LowNodeUtilization', 'HighNodeUtilization'];
/** In the descheduler's plugin registry, not modelled by kivi. */
const UNMODELLED = ['PodLifeTime', 'RemoveFailedPods', 'RemovePodsHavingTooManyRestarts'];
const EXTENSION_POINTS = ['deschedule', 'balance', 'filter', 'preEvictionFilter', 'sort', 'evict'];

function pluginNames(r: Reader, v: unknown, field: string): string[] {
  return (r.list(v, field) ?? []).map((n, i) => (isRecord(n) ? r.needStr(n.name, `${field}[${i}].name`) : r.needStr(n, `${field}[${i}]`)));
}

/** Eviction limits at the top of the policy (the one pod evictor every profile shares). */
function evictionLimits(r: Reader, policy: Record<string, unknown>, profiles: DeschedulerProfileSpec[]): void {
  const perNode = r.int(policy.maxNoOfPodsToEvictPerNode, 'maxNoOfPodsToEvictPerNode', 0);
  const perNs = r.int(policy.maxNoOfPodsToEvictPerNamespace, 'maxNoOfPodsToEvictPerNamespace', 0);
  const total = r.int(policy.maxNoOfPodsToEvictTotal, 'maxNoOfPodsToEvictTotal', 0);
  const zero = perNode === 0 ? 'maxNoOfPodsToEvictPerNode' : perNs === 0 ? 'maxNoOfPodsToEvictPerNamespace' : total === 0 ? 'maxNoOfPodsToEvictTotal' : undefined;
  for (const p of profiles) {
    if (zero) {
      p.plugins = []; // a limit of 0 evicts nothing: the same as no plugin at all
      continue;
    }
    if (perNode !== undefined) p.maxNoOfPodsToEvictPerNode = perNode;
    if (perNs !== undefined) p.maxNoOfPodsToEvictPerNamespace = perNs;
    if (total !== undefined) p.maxNoOfPodsToEvictTotal = total;
  }
  if (zero) r.note(zero, 'a limit of 0 evicts nothing: the descheduler does nothing');
}

/** The policy's `nodeSelector` (a label selector string), into every profile. */
function policyNodeSelector(r: Reader, o: Record<string, unknown>, profiles: DeschedulerProfileSpec[]): void {
  const text = r.str(o.nodeSelector, 'nodeSelector');
  if (text === undefined || text.trim() === '') return;
  const reqs = parseLabelSelectorString(r, text, 'nodeSelector');
  for (const p of profiles) p.nodeSelector = reqs;
}

/** Top-level fields that do not change what is evicted, and those kivi does not model. */
function otherTopLevel(r: Reader, o: Record<string, unknown>, known: string[]): void {
  for (const [k, v] of Object.entries(o)) {
    if (known.includes(k) || v === undefined || v === null) continue;
    if (['metricsCollector', 'prometheus', 'evictionFailureEventNotification', 'tracing'].includes(k)) continue;
    // A near miss of a field kivi reads (`profile` for `profiles`) is most likely a typo.
    const hint = didYouMean(k, known);
    r.warn(k, hint ? `unknown field${hint}, ignored` : 'not modelled, ignored');
  }
}

/** One extension point's enabled list, less its disabled names ('*' disables the defaults, there are none). */
function enabledAt(r: Reader, plugins: Record<string, unknown>, point: string, pf: string): string[] {
  const set = r.rec(plugins[point], pf) ?? {};
  const disabled = pluginNames(r, set.disabled, `${pf}.disabled`);
  return pluginNames(r, set.enabled, `${pf}.enabled`).filter((n) => !disabled.includes(n));
}

/** The plugins of one v1alpha2 profile, in each extension point's order. */
function profilePlugins(r: Reader, x: Record<string, unknown>, f: string, profile: DeschedulerProfileSpec): void {
  const plugins = r.rec(x.plugins, `${f}.plugins`) ?? {};
  for (const point of Object.keys(plugins)) if (!EXTENSION_POINTS.includes(point)) r.fail(`${f}.plugins.${point}`, `unknown extension point (${EXTENSION_POINTS.join(', ')})`);
  for (const point of EXTENSION_POINTS) {
    const pf = `${f}.plugins.${point}`;
    enabledAt(r, plugins, point, pf).forEach((n, j) => {
      const field = `${pf}.enabled[${j}]`;
      const own = point === 'deschedule' ? DESCHEDULE : point === 'balance' ? BALANCE : [];
      if ((own as readonly string[]).includes(n)) {
        if (!profile.plugins.includes(n as DeschedulerPluginName)) profile.plugins.push(n as DeschedulerPluginName);
      } else if (point === 'filter' || point === 'preEvictionFilter') {
        if (n !== 'DefaultEvictor') r.warn(field, `${point} plugin ${n} is not modelled (kivi uses DefaultEvictor), ignored`);
      } else if (point === 'sort' || point === 'evict') {
        r.warn(field, `the ${point} extension point is not modelled, ignored`);
      } else if (UNMODELLED.includes(n)) {
        r.warn(field, `${point} plugin ${n} is not modelled, ignored`);
      } else if ((DESCHEDULE as readonly string[]).includes(n) || (BALANCE as readonly string[]).includes(n)) {
        r.fail(field, `${n} is not a ${point} plugin`);
      } else {
        r.fail(field, `unknown plugin ${show(n)}`);
      }
    });
  }
}

function v1alpha2Profile(r: Reader, p: unknown, i: number): DeschedulerProfileSpec {
  const f = `profiles[${i}]`;
  const x = r.needRec(p, f);
  const profile: DeschedulerProfileSpec = { plugins: [] };
  const name = r.str(x.name, `${f}.name`);
  if (name) profile.name = name;
  profilePlugins(r, x, f, profile);
  (r.list(x.pluginConfig, `${f}.pluginConfig`) ?? []).forEach((pc, j) => {
    const cf = `${f}.pluginConfig[${j}]`;
    const c = r.needRec(pc, cf);
    const pname = r.needStr(c.name, `${cf}.name`);
    const args = r.rec(c.args, `${cf}.args`) ?? {};
    const known = pname === 'DefaultEvictor' || (DESCHEDULE as readonly string[]).includes(pname) || (BALANCE as readonly string[]).includes(pname);
    if (known) readPluginArgs(r, pname, args, `${cf}.args`, profile);
    else if (!UNMODELLED.includes(pname)) r.fail(`${cf}.name`, `unknown plugin ${show(pname)}`);
    // Args of a plugin that is not modelled were warned about where it is enabled.
  });
  return profile;
}

function deschedulerV1alpha2(r: Reader, o: Record<string, unknown>): DeschedulerSpec {
  const profiles = (r.list(o.profiles, 'profiles') ?? []).map((p, i) => v1alpha2Profile(r, p, i));
  if (profiles.length === 0) r.note('profiles', 'no profiles: the descheduler does nothing');
  evictionLimits(r, o, profiles);
  policyNodeSelector(r, o, profiles);
  otherTopLevel(r, o, ['apiVersion', 'kind', 'metadata', 'nodeSelector', 'profiles', 'maxNoOfPodsToEvictPerNode', 'maxNoOfPodsToEvictPerNamespace', 'maxNoOfPodsToEvictTotal']);
  return { profiles };
}

/** `StrategyParamsToPluginArgs`: a v1alpha1 strategy's params as its plugin's args. */
function strategyArgs(name: string, params: Record<string, unknown>): Record<string, unknown> {
  const t = isRecord(params.nodeResourceUtilizationThresholds) ? params.nodeResourceUtilizationThresholds : {};
  switch (name) {
    case 'LowNodeUtilization':
      return { thresholds: t.thresholds, targetThresholds: t.targetThresholds, numberOfNodes: t.numberOfNodes, useDeviationThresholds: t.useDeviationThresholds, evictableNamespaces: params.namespaces };
    case 'HighNodeUtilization':
      return { thresholds: t.thresholds, numberOfNodes: t.numberOfNodes, evictableNamespaces: params.namespaces };
    case 'RemovePodsViolatingTopologySpreadConstraint':
      return { includeSoftConstraints: params.includeSoftConstraints, namespaces: params.namespaces, labelSelector: params.labelSelector, topologyBalanceNodeFit: true };
    case 'RemovePodsViolatingNodeTaints':
      return { includePreferNoSchedule: params.includePreferNoSchedule, excludedTaints: params.excludedTaints, namespaces: params.namespaces, labelSelector: params.labelSelector };
    case 'RemovePodsViolatingNodeAffinity':
      return { nodeAffinityType: params.nodeAffinityType, namespaces: params.namespaces, labelSelector: params.labelSelector };
    case 'RemoveDuplicates':
      return { namespaces: params.namespaces, excludeOwnerKinds: isRecord(params.removeDuplicates) ? params.removeDuplicates.excludeOwnerKinds : undefined };
    default:
      return { namespaces: params.namespaces, labelSelector: params.labelSelector };
  }
}

const STRATEGY_PARAMS = ['nodeResourceUtilizationThresholds', 'includeSoftConstraints', 'includePreferNoSchedule', 'excludedTaints', 'nodeAffinityType', 'namespaces', 'labelSelector', 'removeDuplicates', 'nodeFit', 'thresholdPriority', 'thresholdPriorityClassName'];

/** One enabled v1alpha1 strategy as the profile `strategy-<name>-profile` (V1alpha1ToInternal). */
function strategyProfile(r: Reader, name: string, x: Record<string, unknown>, evictor: Record<string, unknown>): DeschedulerProfileSpec | undefined {
  const f = `strategies.${name}`;
  if (UNMODELLED.includes(name)) {
    r.warn(f, `strategy ${name} is not modelled, ignored`);
    return undefined;
  }
  if (!(DESCHEDULE as readonly string[]).includes(name) && !(BALANCE as readonly string[]).includes(name)) r.fail(f, `unknown strategy name ${show(name)}`);
  const params = r.rec(x.params, `${f}.params`) ?? {};
  for (const k of Object.keys(params)) if (!STRATEGY_PARAMS.includes(k)) r.warn(`${f}.params.${k}`, 'not modelled, ignored');
  if (params.thresholdPriority !== undefined && params.thresholdPriorityClassName !== undefined) r.fail(`${f}.params`, `priority threshold misconfigured for plugin ${name}: only one of thresholdPriority and thresholdPriorityClassName can be set`);
  const profile: DeschedulerProfileSpec = { name: `strategy-${name}-profile`, plugins: [name as DeschedulerPluginName] };
  const priorityThreshold = params.thresholdPriority !== undefined ? { value: params.thresholdPriority } : { name: params.thresholdPriorityClassName };
  readEvictorArgs(r, { ...evictor, nodeFit: params.nodeFit, priorityThreshold }, `${f}.params`, profile);
  readPluginArgs(r, name, strategyArgs(name, params), `${f}.params`, profile);
  return profile;
}

function deschedulerV1alpha1(r: Reader, o: Record<string, unknown>): DeschedulerSpec {
  r.note('apiVersion', 'descheduler/v1alpha1 is deprecated (use descheduler/v1alpha2 profiles)');
  // The DefaultEvictor args every converted profile gets from the policy's top level.
  const evictor: Record<string, unknown> = {};
  for (const k of ['evictLocalStoragePods', 'evictSystemCriticalPods', 'evictDaemonSetPods', 'ignorePvcPods', 'evictFailedBarePods']) {
    const b = r.bool(o[k], k);
    if (b !== undefined) evictor[k] = b;
  }
  const profiles: DeschedulerProfileSpec[] = [];
  for (const [name, s] of Object.entries(r.rec(o.strategies, 'strategies') ?? {})) {
    const x = r.rec(s, `strategies.${name}`) ?? {};
    if (r.bool(x.enabled, `strategies.${name}.enabled`) !== true) continue;
    const p = strategyProfile(r, name, x, evictor);
    if (p) profiles.push(p);
  }
  evictionLimits(r, o, profiles);
  policyNodeSelector(r, o, profiles);
  otherTopLevel(r, o, ['apiVersion', 'kind', 'metadata', 'nodeSelector', 'strategies', 'evictLocalStoragePods', 'evictSystemCriticalPods', 'evictDaemonSetPods', 'ignorePvcPods', 'evictFailedBarePods', 'maxNoOfPodsToEvictPerNode', 'maxNoOfPodsToEvictPerNamespace']);
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
