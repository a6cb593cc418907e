/**
 * What the search saw that kivi does not model exactly, as notes on the result: kube-scheduler's
 * partial scoring (docs/model.md §8.2.6) and preemption victims chosen by start times (§8.2.5).
 * They are reported on the path of the unmodelled features of the input (a hold becomes
 * inconclusive, a violation carries them).
 */
import { PARTIAL_SCORING_WORDS, PS_FEASIBLE, PS_NODES, PS_SCORED, scorePercentage } from '../controllers/scheduler/nodes-to-score.js';
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

/** The word of KiviModel.observed after the partial-scoring record: a preemption's victims rested on start times. */
const REPRIEVE_ORDER = PARTIAL_SCORING_WORDS;

const REPRIEVE_NOTE =
  'a preemption chose its victims among pods of equal priority by their start times ' +
  '(the scheduler reprieves the older first, MoreImportantPod), which kivi does not keep: it took them in one order';

/**
 * The note for a search that met such a preemption in one order only (ModelContext.reprieveOrder:
 * `ties: 'lowest'`, or too many orders on a node; docs/model.md §8.2.5), or null.
 */
export function reprieveOrderWarning(observed: readonly number[] | undefined): InputWarning | null {
  if (observed === undefined || (observed[REPRIEVE_ORDER] ?? 0) === 0) return null;
  return { message: REPRIEVE_NOTE, object: 'PriorityClass', field: 'value', affectsCheck: true };
}

/** Every note a search's `observed` words give (partial scoring, then the preemption order). */
export function searchNotes(observed: readonly number[] | undefined, percentageOfNodesToScore: number): InputWarning[] {
  const out: InputWarning[] = [];
  const partial = partialScoringWarning(observed, percentageOfNodesToScore);
  if (partial !== null) out.push(partial);
  const order = reprieveOrderWarning(observed);
  if (order !== null) out.push(order);
  return out;
}

/** Whether `w` is a note searchNotes made (not a feature of the input itself). */
export function isSearchNote(w: InputWarning): boolean {
  return isPartialScoringNote(w) || (w.file === undefined && w.message === REPRIEVE_NOTE);
}
