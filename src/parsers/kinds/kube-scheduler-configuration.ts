/** `kind: KubeSchedulerConfiguration`: the default-scheduler profile. */
import { type ExtensionPoint, SCHEDULER_PLUGINS, schedulerPlugin, scores } from '../../controllers/scheduler/registry.js';
import type { FitScoringSpec, InterPodAffinityArgsSpec, ResourceWeightSpec, SchedulerPluginName, SchedulerProfileSpec } from '../../model/cluster.js';
import { isRecord } from '../documents.js';
import type { Warnings } from '../warnings.js';
import { isExtendedResourceName } from './container.js';
import { asObject, guarded, type ObjectWhere, Reader, show } from './reader.js';
import { failUnknownFields } from './known-fields.js';

/** The plugins kivi models, from the scheduler's registry, and those of them that score. */
const MODELLED_PLUGINS: readonly SchedulerPluginName[] = SCHEDULER_PLUGINS.map((p) => p.name);
type ScoredPlugin = SchedulerPluginName;
const SCORED_PLUGINS: readonly ScoredPlugin[] = SCHEDULER_PLUGINS.filter(scores).map((p) => p.name);

const modelled = (n: string): n is SchedulerPluginName => (MODELLED_PLUGINS as readonly string[]).includes(n);
const scored = (n: string): n is ScoredPlugin => (SCORED_PLUGINS as readonly string[]).includes(n);
const expand = (name: string): string[] => (name === '*' ? [...MODELLED_PLUGINS] : [name]);
const hasPoint = (name: string, point: ExtensionPoint): boolean => schedulerPlugin(name)?.points.includes(point) ?? false;

/** `KubeSchedulerConfiguration` (kubescheduler.config.k8s.io/v1), `KubeSchedulerProfile` and `Plugins`. */
const CONFIGURATION_FIELDS = [
  'apiVersion', 'kind', 'parallelism', 'leaderElection', 'clientConnection', 'enableProfiling', 'enableContentionProfiling',
  'percentageOfNodesToScore', 'podInitialBackoffSeconds', 'podMaxBackoffSeconds', 'profiles', 'extenders', 'delayCacheUntilActive',
  // v1beta2's, still accepted there.
  'healthzBindAddress', 'metricsBindAddress',
];
const PROFILE_FIELDS = ['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig'];
const PLUGINS_FIELDS = ['preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind', 'bind', 'postBind', 'multiPoint'];

/** The default-scheduler profile of a `kind: KubeSchedulerConfiguration`. */
export function schedulerProfileFromObject(obj: unknown, where: ObjectWhere, warnings: Warnings): SchedulerProfileSpec {
  return guarded(where.line, () => {
    const r: Reader = new Reader(where.file, 'KubeSchedulerConfiguration', warnings);
    const o = asObject(r, obj, 'KubeSchedulerConfiguration');
    r.object = 'KubeSchedulerConfiguration';
    const api = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    if (api !== '' && !api.startsWith('kubescheduler.config.k8s.io/')) r.fail('apiVersion', `unsupported ${show(api)} (kubescheduler.config.k8s.io/v1)`);
    failUnknownFields(r, o, '', CONFIGURATION_FIELDS, 'kube-scheduler');
    const profiles = r.list(o.profiles, 'profiles') ?? [];
    profiles.forEach((p, i) => {
      failUnknownFields(r, p, `profiles[${i}]`, PROFILE_FIELDS, 'kube-scheduler');
      if (isRecord(p)) failUnknownFields(r, p.plugins, `profiles[${i}].plugins`, PLUGINS_FIELDS, 'kube-scheduler');
    });
    let index = profiles.findIndex((p) => isRecord(p) && (p.schedulerName === undefined || p.schedulerName === null || p.schedulerName === 'default-scheduler'));
    // With a default-scheduler profile, the others schedule only pods that name them, and each
    // such pod is warned about (pod-spec schedulerName): this one cannot change the verdict.
    const hasDefault = index >= 0;
    if (index < 0) index = 0;
    if (profiles.length > 1) {
      const message = `only profile #${index + 1} (the default-scheduler's or the first) is modelled; the others are ignored`;
      if (hasDefault) r.note('profiles', message);
      else r.warn('profiles', message);
    }
    if (o.extenders !== undefined && o.extenders !== null) r.warn('extenders', 'scheduler extenders are not modelled, ignored');
    const global = readPercentage(r, o.percentageOfNodesToScore, 'percentageOfNodesToScore');
    if (profiles.length === 0) return global !== undefined ? { percentageOfNodesToScore: global } : {};
    const pf = `profiles[${index}]`;
    const profile = r.needRec(profiles[index], pf);
    const out = profileSpec(r, pf, readPlugins(r, profile, pf));
    readPluginConfig(r, profile, pf, out);
    // pkg/scheduler/schedule_one.go numFeasibleNodesToFind: the profile's value if set (v1.27+), else the configuration's.
    const own = readPercentage(r, profile.percentageOfNodesToScore, `${pf}.percentageOfNodesToScore`);
    const percentage = own ?? global;
    if (percentage !== undefined) out.percentageOfNodesToScore = percentage;
    return out;
  });
}

/**
 * `percentageOfNodesToScore`: an integer from 0 to 100 (pkg/scheduler/apis/config/validation
 * `ValidateKubeSchedulerConfiguration` and `validateKubeSchedulerProfile`: "not in valid range [0-100]").
 */
function readPercentage(r: Reader, v: unknown, f: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) r.fail(f, `must be an integer from 0 to 100, got ${show(v)}`);
  return v;
}

interface PluginEntry {
  name: string;
  weight?: number;
  f: string;
}

/** Per plugin: whether its filter runs, and its score weight (0: score off; undefined: default). */
interface PluginSettings {
  filterOff: Set<SchedulerPluginName>;
  weights: Map<ScoredPlugin, number>;
}

function pluginEntry(r: Reader, v: unknown, ef: string): PluginEntry {
  const x = r.needRec(v, ef);
  const out: PluginEntry = { name: r.needStr(x.name, `${ef}.name`), f: ef };
  const w = r.int(x.weight, `${ef}.weight`, 0);
  if (w !== undefined && w > 0) out.weight = w;
  return out;
}

/** One extension point's plugin set. */
function readSet(r: Reader, plugins: Record<string, unknown>, pf: string, point: string): { enabled: PluginEntry[]; disabled: PluginEntry[] } {
  const f = `${pf}.plugins.${point}`;
  const s = r.rec(plugins[point], f) ?? {};
  return {
    enabled: (r.list(s.enabled, `${f}.enabled`) ?? []).map((v, i) => pluginEntry(r, v, `${f}.enabled[${i}]`)),
    disabled: (r.list(s.disabled, `${f}.disabled`) ?? []).map((v, i) => pluginEntry(r, v, `${f}.disabled[${i}]`)),
  };
}

function readPlugins(r: Reader, profile: Record<string, unknown>, pf: string): PluginSettings {
  const filterOff = new Set<SchedulerPluginName>();
  const weights = new Map<ScoredPlugin, number>();
  const plugins = r.rec(profile.plugins, `${pf}.plugins`) ?? {};
  // multiPoint first; the specific extension points override it (as kube-scheduler does).
  const multi = readSet(r, plugins, pf, 'multiPoint');
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
  const filter = readSet(r, plugins, pf, 'filter');
  for (const d of filter.disabled) for (const n of expand(d.name)) if (modelled(n) && hasPoint(n, 'Filter')) filterOff.add(n);
  for (const e of filter.enabled) {
    if (modelled(e.name)) filterOff.delete(e.name);
    else r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
  }
  const score = readSet(r, plugins, pf, 'score');
  for (const d of score.disabled) for (const n of expand(d.name)) if (scored(n)) weights.set(n, 0);
  for (const e of score.enabled) {
    if (scored(e.name)) weights.set(e.name, e.weight ?? 1);
    else if (modelled(e.name)) r.warn(`${e.f}.name`, `plugin ${e.name} has no score, ignored`);
    else r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
  }
  // postFilter: DefaultPreemption (docs/model.md §8.2.5).
  const postFilter = readSet(r, plugins, pf, 'postFilter');
  for (const d of postFilter.disabled) for (const n of expand(d.name)) if (modelled(n) && hasPoint(n, 'PostFilter')) filterOff.add(n);
  for (const e of postFilter.enabled) {
    if (modelled(e.name) && hasPoint(e.name, 'PostFilter')) filterOff.delete(e.name);
    else r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
  }
  for (const point of Object.keys(plugins)) {
    if (point === 'multiPoint' || point === 'filter' || point === 'score' || point === 'postFilter') continue;
    const { enabled } = readSet(r, plugins, pf, point);
    enabled.forEach((e) => {
      if (!modelled(e.name)) r.warn(`${e.f}.name`, `plugin ${e.name} is not modelled, ignored`);
    });
  }
  return { filterOff, weights };
}

function profileSpec(r: Reader, pf: string, { filterOff, weights }: PluginSettings): SchedulerProfileSpec {
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
  return out;
}

/**
 * The resources a scoring strategy names: cpu, memory and, for NodeResourcesFit (`extended`),
 * extended resources; others (ephemeral-storage, hugepages, and extended resources in
 * BalancedAllocation) are warned about.
 */
function readResources(r: Reader, v: unknown, f: string, extended: boolean): ResourceWeightSpec[] | undefined {
  const list = r.list(v, f);
  if (list === undefined) return undefined;
  const out: ResourceWeightSpec[] = [];
  list.forEach((x, i) => {
    const e = r.needRec(x, `${f}[${i}]`);
    const name = r.needStr(e.name, `${f}[${i}].name`);
    // ValidateNodeResourcesFitArgs: a weight from 1 to 100 (MaxWeight); SetDefaults gives 1 when unset.
    const weight = r.int(e.weight, `${f}[${i}].weight`, 0) ?? 1;
    if (weight < 1 || weight > 100) r.fail(`${f}[${i}].weight`, `must be from 1 to 100, got ${weight}`);
    if (name === 'cpu' || name === 'memory' || (extended && isExtendedResourceName(name))) out.push({ name, weight });
    else r.warn(`${f}[${i}].name`, `resource ${name} is not modelled (only ${extended ? 'cpu, memory and extended resources' : 'cpu and memory'}), ignored`);
  });
  return out;
}

/** `NodeResourcesFitArgs.scoringStrategy` (pkg/scheduler/apis/config/types_pluginargs.go). */
function readScoringStrategy(r: Reader, v: unknown, f: string): FitScoringSpec | undefined {
  const ss = r.rec(v, f);
  if (!ss) return undefined;
  const type = r.str(ss.type, `${f}.type`) ?? 'LeastAllocated';
  if (type !== 'LeastAllocated' && type !== 'MostAllocated' && type !== 'RequestedToCapacityRatio') {
    r.fail(`${f}.type`, `must be LeastAllocated, MostAllocated or RequestedToCapacityRatio, got ${show(type)}`);
  }
  const out: FitScoringSpec = { type: type as FitScoringSpec['type'] };
  const resources = readResources(r, ss.resources, `${f}.resources`, true);
  if (resources) out.resources = resources;
  if (type === 'RequestedToCapacityRatio') {
    const rf = `${f}.requestedToCapacityRatio.shape`;
    const rtcr = r.rec(ss.requestedToCapacityRatio, `${f}.requestedToCapacityRatio`) ?? {};
    const shape = r.list(rtcr.shape, rf) ?? [];
    if (shape.length === 0) r.fail(rf, 'needs at least one point');
    out.shape = shape.map((p, i) => {
      const e = r.needRec(p, `${rf}[${i}]`);
      // ValidateRequestedToCapacityRatioScoringStrategy: utilization 0..100 ascending, score 0..10.
      const utilization = r.int(e.utilization, `${rf}[${i}].utilization`, 0) ?? 0;
      const score = r.int(e.score, `${rf}[${i}].score`, 0) ?? 0;
      if (utilization > 100) r.fail(`${rf}[${i}].utilization`, `must be from 0 to 100, got ${utilization}`);
      if (score > 10) r.fail(`${rf}[${i}].score`, `must be from 0 to 10, got ${score}`);
      return { utilization, score };
    });
    out.shape.forEach((p, i) => {
      if (i > 0 && p.utilization <= out.shape![i - 1].utilization) r.fail(`${rf}[${i}].utilization`, 'utilization values must be sorted in increasing order');
    });
  }
  return out;
}

/** `InterPodAffinityArgs`: hardPodAffinityWeight (0..100, ValidateInterPodAffinityArgs) and ignorePreferredTermsOfExistingPods. */
function readInterPodAffinityArgs(r: Reader, args: Record<string, unknown>, f: string): InterPodAffinityArgsSpec {
  const out: InterPodAffinityArgsSpec = {};
  const weight = r.int(args.hardPodAffinityWeight, `${f}.hardPodAffinityWeight`, 0);
  if (weight !== undefined) {
    if (weight > 100) r.fail(`${f}.hardPodAffinityWeight`, `must be from 0 to 100, got ${weight}`);
    out.hardPodAffinityWeight = weight;
  }
  const ignore = args.ignorePreferredTermsOfExistingPods;
  if (ignore !== undefined && ignore !== null) {
    if (typeof ignore !== 'boolean') r.fail(`${f}.ignorePreferredTermsOfExistingPods`, `must be true or false, got ${show(ignore)}`);
    out.ignorePreferredTermsOfExistingPods = ignore;
  }
  for (const k of Object.keys(args)) {
    if (k !== 'hardPodAffinityWeight' && k !== 'ignorePreferredTermsOfExistingPods' && k !== 'kind' && k !== 'apiVersion') r.warn(`${f}.${k}`, `InterPodAffinity option ${k} is not modelled, ignored`);
  }
  return out;
}

/** Plugin arguments: NodeResourcesFit's scoring strategy, BalancedAllocation's resources and InterPodAffinity's args are read; others warned about. */
function readPluginConfig(r: Reader, profile: Record<string, unknown>, pf: string, out: SchedulerProfileSpec): void {
  (r.list(profile.pluginConfig, `${pf}.pluginConfig`) ?? []).forEach((pc, i) => {
    const f = `${pf}.pluginConfig[${i}]`;
    const c = r.needRec(pc, f);
    const name = r.needStr(c.name, `${f}.name`);
    const args = r.rec(c.args, `${f}.args`) ?? {};
    if (name === 'NodeResourcesFit') {
      const fit = readScoringStrategy(r, args.scoringStrategy, `${f}.args.scoringStrategy`);
      if (fit) out.fitScoring = fit;
      for (const k of Object.keys(args)) {
        if (k !== 'scoringStrategy' && k !== 'kind' && k !== 'apiVersion') r.warn(`${f}.args.${k}`, `NodeResourcesFit option ${k} is not modelled, ignored`);
      }
    } else if (name === 'InterPodAffinity') {
      out.interPodAffinity = readInterPodAffinityArgs(r, args, `${f}.args`);
    } else if (name === 'NodeResourcesBalancedAllocation') {
      const resources = readResources(r, args.resources, `${f}.args.resources`, false);
      if (resources) out.balancedResources = resources;
    } else if (modelled(name) && Object.keys(args).filter((k) => k !== 'kind' && k !== 'apiVersion').length > 0) {
      r.warn(`${f}.args`, `${name} options are not modelled, ignored`);
    }
  });
}
