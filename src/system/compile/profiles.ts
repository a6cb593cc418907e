/** Scheduler and descheduler profiles: which plugins run, with which weights and limits. */
import type { ClusterSpec, DeschedulerProfileSpec } from '../../model/cluster.js';
import {
  type CompiledDeschedulerProfile, type CompiledSchedulerProfile, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { SCHEDULER_PLUGINS, schedulerPlugin, scores } from '../../controllers/scheduler/registry.js';

/**
 * The scheduler profile, plugin by plugin in the registry's order: a disabled plugin neither
 * filters nor scores; a weight not given is the default profile's.
 */
export function compileScheduler(spec: ClusterSpec): CompiledSchedulerProfile {
  const disabled = new Set<string>(spec.scheduler?.disabled ?? []);
  for (const name of disabled) {
    if (!schedulerPlugin(name)) throw new InputError(`unknown scheduler plugin "${name}"`, 'scheduler profile', 'disabled');
  }
  const ties = spec.scheduler?.ties;
  if (ties !== undefined && ties !== 'all' && ties !== 'lowest') throw new InputError(`ties must be "all" or "lowest"`, 'scheduler profile', 'ties');
  const weights = spec.scheduler?.weights ?? {};
  for (const name of Object.keys(weights)) {
    const p = schedulerPlugin(name);
    if (!p || !scores(p)) throw new InputError(`"${name}" has no score`, 'scheduler profile', `weights.${name}`);
  }
  return {
    plugins: SCHEDULER_PLUGINS.map((p) => {
      const off = disabled.has(p.name);
      const weight = off || !scores(p) ? 0 : requireInt(weights[p.name] ?? p.defaultWeight, 'scheduler profile', `weights.${p.name}`);
      return { name: p.name, filter: !off && p.points.includes('Filter'), weight };
    }),
    branchOnTies: (spec.scheduler?.ties ?? 'all') === 'all',
  };
}

/** The descheduler profiles of a DeschedulerPolicy; null when there is none. */
export function compileDescheduler(spec: ClusterSpec): CompiledDeschedulerProfile[] | null {
  return spec.descheduler ? spec.descheduler.profiles.map(compileDeschedulerProfile) : null;
}

/** One descheduler profile: its plugins, the constraints it balances and its eviction limits. */
function compileDeschedulerProfile(p: DeschedulerProfileSpec, i: number): CompiledDeschedulerProfile {
  const object = `DeschedulerPolicy profile ${p.name ?? `#${i + 1}`}`;
  const plugins = p.plugins.map((name, j) => {
    if (name === 'RemoveDuplicates') return PLUGIN_REMOVE_DUPLICATES;
    if (name === 'RemovePodsViolatingTopologySpreadConstraint') return PLUGIN_TOPOLOGY_SPREAD;
    throw new InputError(`unsupported plugin ${JSON.stringify(name)}`, object, `plugins[${j}]`);
  });
  const constraints = p.constraints ?? ['DoNotSchedule'];
  return {
    name: p.name ?? `profile-${i + 1}`,
    plugins,
    evictSystemCriticalPods: p.evictSystemCriticalPods ?? false,
    balanceHard: constraints.includes('DoNotSchedule'),
    balanceSoft: constraints.includes('ScheduleAnyway'),
    // Per-pass eviction limits (docs/model.md §8.7.2); the reference's default 5000 is "unlimited".
    maxPerNode: requireInt(p.maxNoOfPodsToEvictPerNode ?? 5000, object, 'maxNoOfPodsToEvictPerNode', 1),
    maxPerNamespace: requireInt(p.maxNoOfPodsToEvictPerNamespace ?? 5000, object, 'maxNoOfPodsToEvictPerNamespace', 1),
  };
}
