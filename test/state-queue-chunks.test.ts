/**
 * StateQueue keeps its entries in chunks (src/checker/state-queue.ts): any mix of push, shift and
 * pop must behave like an array, across chunk bounds, emptied chunks reused and the queue
 * emptied and refilled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateQueue } from '../src/checker/state-queue.js';

type Op = 'push' | 'shift' | 'pop';

function check(words: number, queue: StateQueue, ops: Op[]): void {
  const model: Array<{ id: number; depth: number; state: number[] }> = [];
  const out = new Int32Array(words);
  let n = 0;
  for (const op of ops) {
    if (op === 'push' || model.length === 0) {
      n++;
      const state = Array.from({ length: words }, (_, i) => n * 1000 + i);
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
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), opsArb, (words, perChunk, ops) => {
        check(words, new StateQueue(words, perChunk), ops);
      }),
    );
  });

  it('behaves like an array with its own growing chunks (states of 5,000 words: 3 to 52 per chunk)', () => {
    fc.assert(
      fc.property(opsArb, (ops) => check(5000, new StateQueue(5000), ops)),
      { numRuns: 30 },
    );
  });

  it('counts the bytes it holds', () => {
    const q = new StateQueue(10, 4);
    expect(q.bytes).toBe(0);
    for (let i = 0; i < 9; i++) q.push(i, 0, new Int32Array(10));
    expect(q.bytes).toBe(3 * (4 * 12 + 10) * 4); // three chunks of 4 entries of 12 words, plus a state's scratch
  });
});
