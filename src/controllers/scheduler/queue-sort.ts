/**
 * The scheduler's queue order: kube-scheduler's PrioritySort QueueSort plugin
 * (pkg/scheduler/framework/plugins/queuesort/priority_sort.go `Less`): the pod of higher
 * priority first, then the one queued earlier (docs/model.md §8.2.5). sQ is kept sorted as pods
 * are added: a pod goes after every queued pod of the same or higher priority, so among equal
 * priorities the queue stays FIFO, as it always was (c1–c8 have one priority).
 */
import type { CompiledTemplate } from '../../model/config.js';
import { type Layout, P_TEMPLATE, Q_SCH, podAt } from '../../model/layout.js';
import { queueLength } from '../../model/queues.js';

/**
 * Adds pod q to sQ (the activeQ) in PrioritySort order; a pod already queued stays where it is.
 * With one priority for all templates this is the plain FIFO enqueue.
 */
export function addToSchedulingQueue(s: Int32Array, l: Layout, templates: readonly CompiledTemplate[], q: number): void {
  const base = l.queueBase[Q_SCH];
  const len = queueLength(s, l, Q_SCH);
  for (let i = 1; i <= len; i++) if (s[base + i] === q) return;
  if (len >= l.queueCap[Q_SCH]) throw new Error('internal error: scheduler queue over capacity');
  const p = priorityOf(s, l, templates, q);
  // PrioritySort.Less: p1 > p2, or equal and queued earlier.
  let at = len + 1;
  while (at > 1 && priorityOf(s, l, templates, s[base + at - 1]) < p) at--;
  s.copyWithin(base + at + 1, base + at, base + len + 1);
  s[base + at] = q;
  s[base] = len + 1;
}

/**
 * The priority of the pod in slot q; a slot freed while its id waits in sQ (the scheduler skips
 * it) ranks above every pod, so nothing is queued ahead of it and equal priorities stay FIFO.
 */
function priorityOf(s: Int32Array, l: Layout, templates: readonly CompiledTemplate[], q: number): number {
  const t = s[podAt(l, q) + P_TEMPLATE];
  return t === 0 ? Number.POSITIVE_INFINITY : templates[t].priority;
}
