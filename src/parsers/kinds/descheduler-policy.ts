/** `kind: DeschedulerPolicy` (descheduler v1alpha2 profiles, deprecated v1alpha1 strategies). */
import type { DeschedulerProfileSpec, DeschedulerSpec, WhenUnsatisfiable } from '../../model/cluster.js';
import { isRecord } from '../documents.js';
import type { Warnings } from '../warnings.js';
import { asObject, guarded, type ObjectWhere, Reader, show } from './reader.js';

type BalancePlugin = DeschedulerProfileSpec['plugins'][number];
const BALANCE_PLUGINS: readonly BalancePlugin[] = ['RemoveDuplicates', 'RemovePodsViolatingTopologySpreadConstraint'];
const DESCHEDULE_PLUGINS: readonly BalancePlugin[] = ['RemovePodsViolatingInterPodAntiAffinity'];

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
    r.note(perNode === 0 ? 'maxNoOfPodsToEvictPerNode' : 'maxNoOfPodsToEvictPerNamespace', 'a limit of 0 evicts nothing: the descheduler does nothing');
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
        enabled.forEach((n, j) => {
          if ((DESCHEDULE_PLUGINS as readonly string[]).includes(n)) {
            if (!profile.plugins.includes(n as BalancePlugin)) profile.plugins.push(n as BalancePlugin);
          } else {
            r.warn(`${pf}.enabled[${j}]`, `deschedule plugin ${n} is not modelled, ignored`);
          }
        });
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
      } else if (pname === 'RemoveDuplicates' || pname === 'RemovePodsViolatingInterPodAntiAffinity') {
        for (const k of Object.keys(args)) r.warn(`${cf}.args.${k}`, 'option not modelled, ignored');
      }
      // Configuration of plugins that are not enabled (or not modelled, warned above) is moot.
    });
    return profile;
  });
  if (profiles.length === 0) r.note('profiles', 'no profiles: the descheduler does nothing');
  evictionLimits(r, o, profiles);
  for (const k of Object.keys(o)) {
    if (!['apiVersion', 'kind', 'metadata', 'profiles', 'maxNoOfPodsToEvictPerNode', 'maxNoOfPodsToEvictPerNamespace'].includes(k)) {
      r.warn(k, 'not modelled, ignored');
    }
  }
  return { profiles };
}

function deschedulerV1alpha1(r: Reader, o: Record<string, unknown>): DeschedulerSpec {
  r.note('apiVersion', 'descheduler/v1alpha1 is deprecated (use descheduler/v1alpha2 profiles)');
  const profile: DeschedulerProfileSpec = { plugins: [] };
  const strategies = r.rec(o.strategies, 'strategies') ?? {};
  for (const [name, s] of Object.entries(strategies)) {
    const f = `strategies.${name}`;
    const x = r.rec(s, f) ?? {};
    if (r.bool(x.enabled, `${f}.enabled`) !== true) continue;
    if (!(BALANCE_PLUGINS as readonly string[]).includes(name) && !(DESCHEDULE_PLUGINS as readonly string[]).includes(name)) {
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
