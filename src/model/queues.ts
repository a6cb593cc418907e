/**
 * Work queues inside the state vector (docs/docs/model.md §6): FIFO of distinct pending ids.
 * `enqueue` ignores an id that is already pending (the reference's duplicate suppression); a
 * queue can never hold more than its capacity of distinct ids, so it never overflows.
 */
import { type Layout, Q_DC, Q_HPA, Q_KBL, Q_NC, Q_SCH } from './layout.js';

export function queueLength(s: Int32Array, l: Layout, q: number): number {
  return s[l.queueBase[q]];
}

export function queueHead(s: Int32Array, l: Layout, q: number): number {
  return s[l.queueBase[q] + 1];
}

/** The i-th item of a queue, 0 being the head (i < queueLength). */
export function queueItem(s: Int32Array, l: Layout, q: number, i: number): number {
  return s[l.queueBase[q] + 1 + i];
}

export function enqueue(s: Int32Array, l: Layout, q: number, id: number): void {
  const base = l.queueBase[q];
  const len = s[base];
  for (let i = 1; i <= len; i++) if (s[base + i] === id) return;
  if (len >= l.queueCap[q]) throw new Error(`internal error: queue ${q} over capacity`);
  s[base + 1 + len] = id;
  s[base] = len + 1;
}

/** Remove the head item; the tail slot is zeroed so equal queues have equal bytes. */
export function dequeue(s: Int32Array, l: Layout, q: number): void {
  const base = l.queueBase[q];
  const len = s[base];
  s.copyWithin(base + 1, base + 2, base + 1 + len);
  s[base + len] = 0;
  s[base] = len - 1;
}

/** Removes `id` wherever it is in queue q (nothing if absent); the rest keep their order. */
export function removeFromQueue(s: Int32Array, l: Layout, q: number, id: number): void {
  const base = l.queueBase[q];
  const len = s[base];
  for (let i = 1; i <= len; i++) {
    if (s[base + i] !== id) continue;
    s.copyWithin(base + i, base + i + 1, base + 1 + len);
    s[base + len] = 0;
    s[base] = len - 1;
    return;
  }
}

/** Q4-idle: ncQ, sQ, kblQ and dcQ are empty; the HPA queue is not checked (docs/model.md §2.2). */
export function q4Idle(s: Int32Array, l: Layout): boolean {
  const b = l.queueBase;
  return s[b[Q_NC]] === 0 && s[b[Q_SCH]] === 0 && s[b[Q_KBL]] === 0 && s[b[Q_DC]] === 0;
}

/** Q5-idle: Q4-idle and the HPA queue is empty too. */
export function q5Idle(s: Int32Array, l: Layout): boolean {
  return q4Idle(s, l) && s[l.queueBase[Q_HPA]] === 0;
}
