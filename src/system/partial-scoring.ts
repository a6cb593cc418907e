/**
 * What the search saw of kube-scheduler's partial scoring (docs/model.md §8.2.6) as a note on
 * the result: an input feature kivi does not model exactly, reported on the path of the other
 * unmodelled features (a hold becomes inconclusive, a violation carries it).
 */
import { PS_FEASIBLE, PS_NODES, PS_SCORED, scorePercentage } from '../controllers/scheduler/nodes-to-score.js';
import type { InputWarning } from '../model/cluster.js';

/** The note for a search's `observed` record (KiviModel.observed), or null when no cycle was cut. */
export function partialScoringWarning(observed: readonly number[] | undefined, percentageOfNodesToScore: number): InputWarning | null {
  if (observed === undefined || observed[PS_FEASIBLE] === 0) return null;
  const feasible = observed[PS_FEASIBLE];
  const nodes = observed[PS_NODES];
  const setting = percentageOfNodesToScore === 0 ? `unset: adaptive, ${scorePercentage(0, nodes)}% at ${nodes} nodes` : `${percentageOfNodesToScore}`;
  return {
    message:
      `kube-scheduler scores only ${observed[PS_SCORED]} of the ${feasible} feasible nodes on a cluster of ${nodes} nodes ` +
      `(percentageOfNodesToScore ${setting}), so it may pick a node that is not the best of all; ` +
      'kivi scored them all: set percentageOfNodesToScore: 100 in the KubeSchedulerConfiguration for an exact answer',
    object: 'KubeSchedulerConfiguration',
    field: 'percentageOfNodesToScore',
    affectsCheck: true,
  };
}

/** Whether `w` is a note partialScoringWarning made (not a feature of the input itself). */
export function isPartialScoringNote(w: InputWarning): boolean {
  return w.object === 'KubeSchedulerConfiguration' && w.field === 'percentageOfNodesToScore' && w.file === undefined && w.message.startsWith('kube-scheduler scores only ');
}
