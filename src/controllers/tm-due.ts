/**
 * Pod q's scheduled deletion by the taint manager (P_TM_DUE, docs/model.md §8.6), written with
 * the count of pods that have one (G_TM_SCHEDULED): with none scheduled, the taint manager's
 * guard and the time abstraction skip their pass over the pods.
 */
import { G_TM_SCHEDULED, P_TM_DUE } from '../model/layout.js';

/** s[pod at + P_TM_DUE] = due (0: none), with the count. `at`: the pod's first word. */
export function setTmDue(s: Int32Array, at: number, due: number): void {
  const was = s[at + P_TM_DUE];
  if ((was === 0) !== (due === 0)) s[G_TM_SCHEDULED] += due === 0 ? -1 : 1;
  s[at + P_TM_DUE] = due;
}
