/** The scheduler profile of a cluster description (a KubeSchedulerConfiguration profile, docs/model.md §8.2.1, and kivi's own options). */

/**
 * A scheduler plugin's KubeSchedulerConfiguration name; the ones kivi models are listed in the
 * scheduler's plugin registry (src/controllers/scheduler/registry.ts).
 */
export type SchedulerPluginName = string;

/**
 * The scheduler profile (a KubeSchedulerConfiguration profile): plugins to disable and score
 * weights. Weights not given are kube-scheduler's defaults (the registry's).
 */
export interface SchedulerProfileSpec {
  disabled?: SchedulerPluginName[];
  weights?: Partial<Record<SchedulerPluginName, number>>;
  /** `NodeResourcesFitArgs.scoringStrategy`; default LeastAllocated on cpu and memory, weight 1 each. */
  fitScoring?: FitScoringSpec;
  /** `NodeResourcesBalancedAllocationArgs.resources`; default cpu and memory, weight 1 each. */
  balancedResources?: ResourceWeightSpec[];
  /**
   * Nodes sharing the best score: `all` (the default) makes each a successor, as kube-scheduler
   * may pick any, exact twins once; `every` makes each a successor, twins too (the oracle that
   * test/ties.test.ts checks twins against); `lowest` takes the lowest-index one, kivi's former
   * rule, for clusters too large to explore every tie (docs/model.md §8.2.4); `feasible` ignores
   * the scores and makes every feasible node a successor, twins too (an over-approximation of
   * any scoring: the proof for every size uses it where scores change with the node count,
   * docs/scaling.md). Not a KubeSchedulerConfiguration field.
   */
  ties?: 'all' | 'every' | 'lowest' | 'feasible';
  /** `InterPodAffinityArgs` (pkg/scheduler/apis/config/types_pluginargs.go). */
  interPodAffinity?: InterPodAffinityArgsSpec;
  /**
   * `percentageOfNodesToScore` (the profile's, else the KubeSchedulerConfiguration's): 0..100;
   * absent or 0 is kube-scheduler's adaptive default (docs/model.md §8.2.6).
   */
  percentageOfNodesToScore?: number;
}

export interface InterPodAffinityArgsSpec {
  /** The score weight of an existing pod's required affinity term the incoming pod matches: 0..100, default 1. */
  hardPodAffinityWeight?: number;
  /** Skip the score when the incoming pod has no preferred (anti-)affinity term; default false. */
  ignorePreferredTermsOfExistingPods?: boolean;
}

/** A resource and its weight in a scoring strategy (`ResourceSpec`). */
export interface ResourceWeightSpec {
  name: string;
  weight: number;
}

/** `ScoringStrategy` of NodeResourcesFitArgs. */
export interface FitScoringSpec {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources?: ResourceWeightSpec[];
  /** RequestedToCapacityRatio: points of utilization 0..100 and score 0..10, utilization ascending. */
  shape?: { utilization: number; score: number }[];
}
