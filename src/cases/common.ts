/** What the built-in cases share (docs/model.md §15): one deployment `app` of pods labelled `name: app`. */
import type { PodTemplateSpec, ScalingSpec, TopologySpreadConstraintSpec, WhenUnsatisfiable } from '../model/cluster.js';

export function caseName(id: string, scale: number, nonViolation: boolean): string {
  return `${id} (scale ${scale}${nonViolation ? ', non-violating' : ''})`;
}

/** The `app` pod template: requests 8 CPU / 8 memory (abstract units) unless overridden. */
export function appTemplate(extra: Partial<PodTemplateSpec> = {}): PodTemplateSpec {
  return { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, ...extra };
}

/** A maxSkew-1 spread constraint over `app` pods. */
export function spreadApp(topologyKey: string, whenUnsatisfiable: WhenUnsatisfiable): TopologySpreadConstraintSpec {
  return { maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { name: 'app' } };
}

/**
 * A case's scaling bounds (the table in docs/scaling.md): nodes per type nodeMin..scale,
 * `app` replicas 0..8·scale, HPA factor 2, at most maxPodPerNode pods per node.
 */
export function caseScaling(scale: number, nodeMin = 0, maxPodPerNode = 7): ScalingSpec {
  return { nodeSize: { minSize: nodeMin, maxSize: scale }, deployments: { app: { minSize: 0, maxSize: 8 * scale, hpaFactor: 2 } }, maxPodPerNode };
}

/**
 * The cases' KubeSchedulerConfiguration: `percentageOfNodesToScore: 100`, so kube-scheduler
 * scores every feasible node, as kivi does, at any scale (`-s 2000`): without it, on clusters over
 * 100 nodes it would score only some (docs/model.md §8.2.6, §15), and a hold would be inconclusive.
 */
export function caseScheduler(): { percentageOfNodesToScore: number } {
  return { percentageOfNodesToScore: 100 };
}
