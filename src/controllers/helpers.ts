/** Small state operations shared by several controllers (docs/model.md §8.8). */
import { setTmDue } from './tm-due.js';
import type { ModelContext } from '../model/context.js';
import { D_IN_DELETION, P_OWNER, P_STATUS, POD_TERMINATING, Q_KBL, depAt, podAt } from '../model/layout.js';
import { enqueue } from '../model/queues.js';

/**
 * docs/model.md §8.8.1: replicasInDeletion(owner) += 1; status = terminating; enqueue kblQ. Used by the
 * deployment controller, the taint manager and the Eviction API. A deletion the taint manager
 * had scheduled for the pod is cancelled (its pod update finds the pod gone).
 */
export function markForDeletion(ctx: ModelContext, s: Int32Array, q: number): void {
  const at = podAt(ctx.l, q);
  const owner = s[at + P_OWNER];
  if (owner > 0) s[depAt(ctx.l, owner) + D_IN_DELETION] += 1;
  s[at + P_STATUS] = POD_TERMINATING;
  setTmDue(s, at, 0);
  enqueue(s, ctx.l, Q_KBL, q);
}
