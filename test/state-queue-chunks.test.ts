/**
 * StateQueue keeps its entries in chunks, each as its difference from the entry pushed before
 * it (src/checker/state-queue.ts): any mix of push, shift and pop must behave like an array,
 * across chunk bounds, emptied chunks reused, the queue emptied and refilled, and states that
 * differ in a few words (stored as pairs) or in most (stored whole).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateQueue } from '../src/checker/state-queue.js';

type Op = 'push' | 'shift' | 'pop';

/** Entry n's state: every word differs from entry n - 1's, or (sparse) only word n % words. */
function stateOf(n: number, words: number, sparse: boolean): number[] {
  return Array.from({ length: words }, (_, i) => (sparse ? (i === n % words ? n : i - 7) : n * 1000 + i));
}

function check(words: number, queue: StateQueue, ops: Op[], sparse = false): void {
  const model: Array<{ id: number; depth: number; state: number[] }> = [];
  const out = new Int32Array(words);
  let n = 0;
  for (const op of ops) {
    if (op === 'push' || model.length === 0) {
      n++;
      const state = stateOf(n, words, sparse);
      queue.push(n, n % 5, Int32Array.from(state));
      model.push({ id: n, depth: n % 5, state });
    } else {
      const e = op === 'shift' ? model.shift()! : model.pop()!;
      if (op === 'shift') queue.shift(out);
      else queue.pop(out);
      expect({ id: queue.id, depth: queue.depth, state: Array.from(out) }).toEqual(e);
    }
    expect(queue.size).toBe(model.length);
  }
}

const opsArb = fc.array(fc.constantFrom<Op>('push', 'push', 'shift', 'pop'), { maxLength: 300 });

describe('StateQueue in chunks', () => {
  it('behaves like an array with small fixed chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 }), opsArb, fc.boolean(), (words, chunkWords, ops, sparse) => {
        check(words, new StateQueue(words, chunkWords), ops, sparse);
      }),
    );
  });

  it('behaves like an array with its own chunks (states of 20,000 words: 3 whole ones per chunk)', () => {
    fc.assert(
      fc.property(opsArb, fc.boolean(), (ops, sparse) => check(20_000, new StateQueue(20_000), ops, sparse)),
      { numRuns: 30 },
    );
  });

  it('stores a state that differs in a few words as those words only', () => {
    // States of 1,000 words; chunks of 100 words asked, but a chunk holds at least one whole
    // entry (1,004 words). Entry 1 differs from the chain's base (all zeros) in 999 words: it
    // is stored whole and fills the first chunk. Entry n > 1 differs from entry n - 1 in words
    // n - 1 and n only: [id, depth, 2, i, x, j, y, 2], 8 words, so the other 29 take 232 words
    // of a second chunk. As whole copies they would take 29 more chunks.
    const q = new StateQueue(1000, 100);
    const base = 0;
    for (let n = 1; n <= 30; n++) q.push(n, 0, Int32Array.from(stateOf(n, 1000, true)));
    expect(q.bytes).toBe(base + 4 * 2 * 1004);
  });

  it('counts the bytes it holds, and keeps two emptied chunks for reuse', () => {
    const q = new StateQueue(10, 14);
    const base = 0;
    expect(q.bytes).toBe(base);
    // Every word differs: each entry is whole, 14 words, one per chunk.
    for (let i = 0; i < 5; i++) q.push(i, 0, Int32Array.from(stateOf(i, 10, false)));
    expect(q.bytes).toBe(base + 5 * 14 * 4);
    const out = new Int32Array(10);
    for (let i = 0; i < 4; i++) q.shift(out);
    expect(Array.from(out)).toEqual(stateOf(3, 10, false));
    expect(q.bytes).toBe(base + 3 * 14 * 4); // the one in use and two spares
  });
});
