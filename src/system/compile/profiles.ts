/** Scheduler and descheduler profiles: which plugins run, with which weights and limits. */
import type { ClusterSpec, DeschedulerProfileSpec } from '../../model/cluster.js';
import {
  type CompiledDeschedulerProfile, type CompiledSchedulerProfile, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';

const SCHEDULER_PLUGINS = ['NodeName', 'NodeAffinity', 'TaintToleration', 'NodeResourcesFit', 'PodTopologySpread'] as const;
/**
 * The reference's weights (model.md §11.2), which are Kubernetes' default score weights
 * (`getDefaultPlugins` in pkg/scheduler/apis/config/v1/default_plugins.go).
 */
const DEFAULT_WEIGHTS = { NodeAffinity: 2, TaintToleration: 3, NodeResourcesFit: 1, PodTopologySpread: 2 } as const;

/** The scheduler profile; a disabled plugin neither filters nor scores. */
export function compileScheduler(spec: ClusterSpec): CompiledSchedulerProfile {
  const disabled = new Set<string>(spec.scheduler?.disabled ?? []);
  for (const name of disabled) {
    if (!(SCHEDULER_PLUGINS as readonly string[]).includes(name)) throw new InputError(`unknown scheduler plugin "${name}"`, 'scheduler profile', 'disabled');
  }
  const weights = spec.scheduler?.weights ?? {};
  const weight = (name: keyof typeof DEFAULT_WEIGHTS): number => {
    if (disabled.has(name)) return 0;
    const w = weights[name] ?? DEFAULT_WEIGHTS[name];
    return requireInt(w, 'scheduler profile', `weights.${name}`);
  };
  for (const name of Object.keys(weights)) {
    if (!(name in DEFAULT_WEIGHTS)) throw new InputError(`"${name}" has no score`, 'scheduler profile', `weights.${name}`);
  }
  return {
    nodeName: !disabled.has('NodeName'),
    nodeAffinity: weight('NodeAffinity'),
    taintToleration: weight('TaintToleration'),
    nodeResourcesFit: weight('NodeResourcesFit'),
    podTopologySpread: weight('PodTopologySpread'),
    filters: {
      nodeAffinity: !disabled.has('NodeAffinity'),
      taintToleration: !disabled.has('TaintToleration'),
      nodeResourcesFit: !disabled.has('NodeResourcesFit'),
      podTopologySpread: !disabled.has('PodTopologySpread'),
    },
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
    // Per-pass eviction limits (model.md §7.7.2); the reference's default 5000 is "unlimited".
    maxPerNode: requireInt(p.maxNoOfPodsToEvictPerNode ?? 5000, object, 'maxNoOfPodsToEvictPerNode', 1),
    maxPerNamespace: requireInt(p.maxNoOfPodsToEvictPerNamespace ?? 5000, object, 'maxNoOfPodsToEvictPerNamespace', 1),
  };
}
