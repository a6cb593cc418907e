/** The scheduler profile: which plugins run, with which weights (the descheduler's: descheduler.ts). */
import type { ClusterSpec, FitScoringSpec, ResourceWeightSpec } from '../../model/cluster.js';
import {
  type CompiledResourceScoring, type CompiledSchedulerProfile, SCORING_LEAST_ALLOCATED, SCORING_MOST_ALLOCATED,
  SCORING_REQUESTED_TO_CAPACITY_RATIO,
} from '../../model/config.js';
import { InputError } from '../../model/errors.js';
import { requireInt } from './input.js';
import { SCHEDULER_PLUGINS, schedulerPlugin, scores } from '../../controllers/scheduler/registry.js';

/**
 * The scheduler profile, plugin by plugin in the registry's order: a disabled plugin neither
 * filters nor scores; a weight not given is the default profile's.
 */
export function compileScheduler(spec: ClusterSpec, extended: string[]): CompiledSchedulerProfile {
  const disabled = new Set<string>(spec.scheduler?.disabled ?? []);
  for (const name of disabled) {
    if (!schedulerPlugin(name)) throw new InputError(`unknown scheduler plugin "${name}"`, 'scheduler profile', 'disabled');
  }
  const ties = spec.scheduler?.ties;
  if (ties !== undefined && ties !== 'all' && ties !== 'every' && ties !== 'lowest' && ties !== 'feasible') throw new InputError(`ties must be "all", "every", "lowest" or "feasible"`, 'scheduler profile', 'ties');
  const weights = spec.scheduler?.weights ?? {};
  for (const name of Object.keys(weights)) {
    const p = schedulerPlugin(name);
    if (!p || !scores(p)) throw new InputError(`"${name}" has no score`, 'scheduler profile', `weights.${name}`);
  }
  const out: CompiledSchedulerProfile = {
    plugins: SCHEDULER_PLUGINS.map((p) => {
      const off = disabled.has(p.name);
      const weight = off || !scores(p) ? 0 : requireInt(weights[p.name] ?? p.defaultWeight, 'scheduler profile', `weights.${p.name}`);
      return { name: p.name, filter: !off && p.points.includes('Filter'), weight, ...(p.points.includes('PostFilter') ? { postFilter: !off } : {}) };
    }),
    branchOnTies: ties !== 'lowest',
    mergeTwins: ties !== 'every' && ties !== 'feasible',
    ...(ties === 'feasible' ? { ignoreScores: true } : {}),
    // ValidateInterPodAffinityArgs: hardPodAffinityWeight in 0..100; SetDefaults_InterPodAffinityArgs: 1.
    hardPodAffinityWeight: requireInt(spec.scheduler?.interPodAffinity?.hardPodAffinityWeight ?? 1, 'scheduler profile', 'interPodAffinity.hardPodAffinityWeight', 0, 100),
    ignorePreferredTermsOfExistingPods: spec.scheduler?.interPodAffinity?.ignorePreferredTermsOfExistingPods === true,
    // ValidatePercentageOfNodesToScore (pkg/scheduler/apis/config/validation): 0..100; unset is 0, adaptive.
    percentageOfNodesToScore: requireInt(spec.scheduler?.percentageOfNodesToScore ?? 0, 'scheduler profile', 'percentageOfNodesToScore', 0, 100),
  };
  if (spec.scheduler?.fitScoring) out.fit = compileScoring(spec.scheduler.fitScoring, extended);
  if (spec.scheduler?.balancedResources) out.balanced = compileScoring({ type: 'LeastAllocated', resources: spec.scheduler.balancedResources }, []);
  return out;
}

const STRATEGY: Record<FitScoringSpec['type'], number> = {
  LeastAllocated: SCORING_LEAST_ALLOCATED,
  MostAllocated: SCORING_MOST_ALLOCATED,
  RequestedToCapacityRatio: SCORING_REQUESTED_TO_CAPACITY_RATIO,
};

/**
 * A scoring strategy: resources default to cpu and memory with weight 1 (`SetDefaults_NodeResourcesFitArgs`);
 * shape scores 0..10 are scaled by MaxNodeScore / MaxCustomPriorityScore = 10 (`requestedToCapacityRatioScorer`).
 */
function compileScoring(fs: FitScoringSpec, extended: string[]): CompiledResourceScoring {
  const resources: ResourceWeightSpec[] = fs.resources ?? [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
  const weight = (name: string): number => resources.filter((r) => r.name === name).reduce((a, r) => a + requireInt(r.weight, 'scheduler profile', `resources.${name}`, 1, 100), 0);
  const shape = fs.shape ?? [];
  if (fs.type === 'RequestedToCapacityRatio' && shape.length === 0) throw new InputError('RequestedToCapacityRatio needs a shape', 'scheduler profile', 'fitScoring.shape');
  return {
    type: STRATEGY[fs.type],
    cpuWeight: weight('cpu'),
    memWeight: weight('memory'),
    // A resource no node advertises has 0 allocatable everywhere and is never scored.
    extendedWeight: Int32Array.from(extended.map(weight)),
    shapeUtilization: Int32Array.from(shape.map((p) => requireInt(p.utilization, 'scheduler profile', 'shape.utilization', 0, 100))),
    shapeScore: Int32Array.from(shape.map((p) => requireInt(p.score, 'scheduler profile', 'shape.score', 0, 10) * 10)),
  };
}
