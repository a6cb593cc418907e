/**
 * What a transition changed in one queue of the state, for the touched-only canonical form
 * (canonical-order.ts `computeAfter`, docs/model.md §8.11.6). An item's place in a queue is part
 * of its key (a pod's) or signature (a node's), so an item whose place changed is touched. But
 * the queues the controllers take from are FIFO: a transition takes k items from the head and
 * appends some at the tail, and every item that stays moves k places forward. Such a uniform
 * shift keeps every comparison of keys (two places that stay move alike, and a place that stays
 * is still above 0, the place of an item that is not queued), so the items that stay keep their
 * order among the untouched ones and need not be re-placed: only the items taken and the items
 * appended are touched. Where the queue changed otherwise, every item whose place changed is,
 * or for a queue read as a set (a key records only membership), every item that joined or left.
 */

/**
 * Marks in `mark` the items of the queue at qb (length word, then the items) that the step from
 * `parent` to s touched. `set`: the queue is read as a set (a key records only whether an item is
 * in it, docs/model.md §8.11.2), so an item is touched when it joined or left. `count` is scratch,
 * indexed by item, all 0 (left so).
 */
export function markQueueChanges(s: Int32Array, parent: Int32Array, qb: number, mark: Uint8Array, set: boolean, count: Int32Array): void {
  if (markShift(s, parent, qb, mark)) return;
  // Not a shift. A set: an item touched is one that joined or left; a queue: one whose place differs.
  if (set) markMembershipChanges(s, parent, qb, mark, count);
  else differentPlaces(s, parent, qb, mark);
}

/**
 * When the queue at qb in s is the parent's with k items taken from the head and items appended,
 * marks those and returns true; otherwise marks nothing and returns false. (For a set, the items
 * that stay are still members: marking the others marks every item that joined or left.)
 */
function markShift(s: Int32Array, parent: Int32Array, qb: number, mark: Uint8Array): boolean {
  const m = parent[qb];
  const n = s[qb];
  // The first item of s is the parent's k-th (k items taken), or none stayed (k = m).
  let k = m;
  if (n > 0) {
    const first = s[qb + 1];
    for (let i = 0; i < m; i++) {
      if (parent[qb + 1 + i] === first) {
        k = i;
        break;
      }
    }
  }
  if (n < m - k) return false;
  for (let i = k; i < m; i++) if (parent[qb + 1 + i] !== s[qb + 1 + i - k]) return false;
  for (let i = 0; i < k; i++) mark[parent[qb + 1 + i]] = 1;
  for (let i = m - k; i < n; i++) mark[s[qb + 1 + i]] = 1;
  return true;
}

/** Marks the items in exactly one of the two queues (as multisets). */
function markMembershipChanges(s: Int32Array, parent: Int32Array, qb: number, mark: Uint8Array, count: Int32Array): void {
  for (let i = 1; i <= parent[qb]; i++) count[parent[qb + i]]++;
  for (let i = 1; i <= s[qb]; i++) count[s[qb + i]]--;
  for (let i = 1; i <= parent[qb]; i++) {
    const x = parent[qb + i];
    if (count[x] !== 0) mark[x] = 1;
  }
  for (let i = 1; i <= s[qb]; i++) {
    const x = s[qb + i];
    if (count[x] !== 0) mark[x] = 1;
  }
  for (let i = 1; i <= parent[qb]; i++) count[parent[qb + i]] = 0;
  for (let i = 1; i <= s[qb]; i++) count[s[qb + i]] = 0;
}

/** Marks every item at a place where the queue at qb differs between s and parent. */
function differentPlaces(s: Int32Array, parent: Int32Array, qb: number, mark: Uint8Array): void {
  const len = Math.max(s[qb], parent[qb]);
  for (let i = 1; i <= len; i++) {
    const a = i <= s[qb] ? s[qb + i] : 0;
    const b = i <= parent[qb] ? parent[qb + i] : 0;
    if (a !== b) {
      mark[a] = 1;
      mark[b] = 1;
    }
  }
}
