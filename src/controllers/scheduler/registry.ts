/**
 * The scheduler's plugin registry, after kube-scheduler's (`NewInTreeRegistry` in
 * pkg/scheduler/framework/plugins/registry.go): every plugin kivi models, with the extension
 * points it implements, its score weight in the default profile (`getDefaultPlugins` in
 * pkg/scheduler/apis/config/v1/default_plugins.go) and how to build it for a cluster. The order is
 * the order Filter and Score plugins run in. The profile reader (KubeSchedulerConfiguration),
 * the compiler and the scheduler all read this one list.
 */
import type { CompiledCluster } from '../../model/config.js';
import type { FilterPlugin, ScorePlugin } from './framework.js';
import { InterPodAffinity } from './inter-pod-affinity.js';
import { BalancedAllocation } from './balanced-allocation.js';
import { NodeAffinity } from './node-affinity.js';
import { NodeName } from './node-name.js';
import { NodeUnschedulable } from './node-unschedulable.js';
import { NodeResourcesFit } from './node-resources-fit.js';
import { PodTopologySpread } from './pod-topology-spread.js';
import { TaintToleration } from './taint-toleration.js';
import { DefaultPreemption } from './default-preemption.js';

export type ExtensionPoint = 'PreFilter' | 'Filter' | 'PostFilter' | 'PreScore' | 'Score' | 'NormalizeScore';

/**
 * A plugin has a Filter point, a Score point, or both (NodeResourcesBalancedAllocation only
 * scores); DefaultPreemption has the PostFilter point alone.
 */
export type SchedulerPlugin = (FilterPlugin & Partial<ScorePlugin>) | (ScorePlugin & Partial<FilterPlugin>) | DefaultPreemption;

export interface PluginRegistration {
  /** The name a KubeSchedulerConfiguration uses. */
  readonly name: string;
  readonly points: readonly ExtensionPoint[];
  /** Score weight in the default profile; 0 for a plugin without a Score point. */
  readonly defaultWeight: number;
  /** The plugin for a compiled cluster; null where it cannot change any decision. */
  readonly create: (cfg: CompiledCluster) => SchedulerPlugin | null;
}

export const SCHEDULER_PLUGINS: readonly PluginRegistration[] = [
  {
    name: 'NodeUnschedulable',
    points: ['Filter'],
    defaultWeight: 0,
    // Without a node that is or can become cordoned it filters nothing.
    create: (cfg) => (cfg.cordonOn ? new NodeUnschedulable() : null),
  },
  { name: 'NodeName', points: ['Filter'], defaultWeight: 0, create: () => new NodeName() },
  { name: 'NodeAffinity', points: ['PreFilter', 'Filter', 'PreScore', 'Score', 'NormalizeScore'], defaultWeight: 2, create: () => new NodeAffinity() },
  {
    name: 'TaintToleration',
    points: ['Filter', 'PreScore', 'Score', 'NormalizeScore'],
    defaultWeight: 3,
    // Without a taint on any node it filters nothing and scores every node alike.
    create: (cfg) => (cfg.taintsOn ? new TaintToleration() : null),
  },
  { name: 'NodeResourcesFit', points: ['PreFilter', 'Filter', 'PreScore', 'Score'], defaultWeight: 1, create: (cfg) => new NodeResourcesFit(cfg) },
  {
    name: 'NodeResourcesBalancedAllocation',
    points: ['PreScore', 'Score'],
    defaultWeight: 1,
    create: (cfg) => new BalancedAllocation(cfg),
  },
  {
    name: 'PodTopologySpread',
    points: ['PreFilter', 'Filter', 'PreScore', 'Score', 'NormalizeScore'],
    defaultWeight: 2,
    create: (cfg) => new PodTopologySpread(cfg.templates, cfg.layout.nodes, cfg.layout.pods),
  },
  {
    name: 'InterPodAffinity',
    points: ['PreFilter', 'Filter', 'PreScore', 'Score', 'NormalizeScore'],
    defaultWeight: 2,
    // Without a pod (anti-)affinity term in any template it filters nothing and scores nothing.
    create: (cfg) => (cfg.templates.some((t, i) => i > 0 && t.interPod) ? new InterPodAffinity(cfg) : null),
  },
  {
    name: 'DefaultPreemption',
    points: ['PostFilter'],
    defaultWeight: 0,
    // Only where some pod may preempt a pod of lower priority (docs/model.md §8.2.5).
    create: (cfg) => (cfg.preemptionOn ? new DefaultPreemption(cfg) : null),
  },
];

export function schedulerPlugin(name: string): PluginRegistration | undefined {
  return SCHEDULER_PLUGINS.find((p) => p.name === name);
}

/** The plugin has a Score extension point (so a weight means something). */
export function scores(p: PluginRegistration): boolean {
  return p.points.includes('Score');
}
