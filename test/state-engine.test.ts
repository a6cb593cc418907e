/**
 * The search's fingerprints (src/checker/state-engine.ts): a successor's fingerprint is built
 * from its parent's and the blocks it changed. It must equal the fingerprint computed from
 * scratch over the successor's words, whatever was rewritten (a few words, whole blocks, a swap
 * of two blocks as a symmetry's permutation does, every word as time canonicalization may), and
 * the scan must find exactly the words that differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateEngine } from '../src/checker/state-engine.js';
import { StateQueue } from '../src/checker/state-queue.js';
import { stateEngineModuleBytes } from '../src/checker/state-engine-wasm.js';

/** The fingerprint of `s` from scratch: a fresh engine hashing every block. */
function fresh(s: Int32Array): [number, number] {
  const e = new StateEngine(s.length);
  e.cur.set(s);
  e.hashCur();
  return [e.curHi, e.curLo];
}

type Edit = { kind: 'set'; at: number; value: number } | { kind: 'swap'; a: number; b: number } | { kind: 'all'; value: number };
const word = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const edit = (words: number): fc.Arbitrary<Edit> =>
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(words - 1), value: word }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('swap' as const), a: fc.nat(Math.max(0, Math.floor(words / 16) - 1)), b: fc.nat(Math.max(0, Math.floor(words / 16) - 1)) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('all' as const), value: word }), weight: 1 },
  );

function apply(s: Int32Array, e: Edit): void {
  if (e.kind === 'set') s[e.at] = e.value;
  else if (e.kind === 'all') for (let i = 0; i < s.length; i++) s[i] = (s[i] + e.value) | 0;
  else if (s.length >= 16) {
    // Swap blocks a and b of 16 words (a symmetry permuting two node blocks).
    const A = s.slice(16 * e.a, 16 * e.a + 16);
    s.copyWithin(16 * e.a, 16 * e.b, 16 * e.b + 16);
    s.set(A, 16 * e.b);
  }
}

describe('StateEngine fingerprints', () => {
  it('assembles a valid module', () => {
    expect(() => new StateEngine(1)).not.toThrow();
    expect(stateEngineModuleBytes().length).toBeGreaterThan(0);
  });

  it('a successor hashed from its changed blocks equals a hash from scratch; so does a state loaded into cur', () => {
    const arb = fc.integer({ min: 1, max: 90 }).chain((words) =>
      fc.record({
        start: fc.array(word, { minLength: words, maxLength: words }),
        steps: fc.array(fc.array(edit(words), { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ start, steps }) => {
        const e = new StateEngine(start.length);
        e.cur.set(start);
        e.hashCur();
        for (const edits of steps) {
          e.next.set(e.cur);
          for (const x of edits) apply(e.next, x);
          e.hashNext();
          expect([e.hi, e.lo]).toEqual(fresh(e.next));
          // The successor becomes the expanded state (as the queue hands it back).
          e.incoming.set(e.next);
          e.loadCur(e.incoming);
          expect([e.curHi, e.curLo]).toEqual(fresh(e.next));
          expect(Array.from(e.cur)).toEqual(Array.from(e.next));
        }
      }),
    );
  });

  it('restoreNext makes next equal to cur again: the blocks hashNext listed, or all after nextMoved or past the list', () => {
    // Up to 2,000 words (125 blocks): an edit of every word changes more blocks than hashNext lists (64).
    const arb = fc.integer({ min: 1, max: 2000 }).chain((words) =>
      fc.record({
        start: fc.array(word, { minLength: words, maxLength: words }),
        siblings: fc.array(fc.record({ edits: fc.array(edit(words), { maxLength: 6 }), hashed: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ start, siblings }) => {
        const e = new StateEngine(start.length);
        e.cur.set(start);
        e.hashCur();
        for (const { edits, hashed } of siblings) {
          e.restoreNext();
          expect(Array.from(e.next)).toEqual(start);
          for (const x of edits) apply(e.next, x);
          // A successor is hashed, or dropped before (a violating step): then next moved anywhere.
          if (hashed) e.hashNext();
          else e.nextMoved();
        }
        e.restoreNext();
        expect(Array.from(e.next)).toEqual(start);
        expect(Array.from(e.cur)).toEqual(start);
      }),
      { numRuns: 60 },
    );
  });

  it('the head of a breadth-first queue, loaded by loadCurListed (the blocks of its entry only), is the state pushed, hashes and all', () => {
    // States of up to 3,000 words (some entries dense: more than half the words differ); the
    // queue's chunks small enough to be crossed.
    const arb = fc.integer({ min: 1, max: 3000 }).chain((words) =>
      fc.record({
        start: fc.array(word, { minLength: words, maxLength: words }),
        pushes: fc.array(fc.array(edit(words), { maxLength: 5 }), { minLength: 1, maxLength: 12 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ start, pushes }) => {
        const e = new StateEngine(start.length);
        const queue = new StateQueue(start.length, 4 * start.length + 64, e);
        const expected: number[][] = [];
        const s = Int32Array.from(start);
        // As the search starts: cur is the first state pushed.
        e.cur.set(s);
        e.hashCur();
        queue.push(0, 0, s);
        expected.push(Array.from(s));
        for (const edits of pushes) {
          for (const x of edits) apply(s, x);
          queue.push(expected.length, 0, s);
          expected.push(Array.from(s));
        }
        for (let i = 0; i < expected.length; i++) {
          const head = queue.shift();
          e.loadCurListed(head, queue.entryChunk, queue.entryAt, queue.entryPairs);
          expect(queue.id).toBe(i);
          expect(Array.from(e.cur)).toEqual(expected[i]);
          expect([e.curHi, e.curLo]).toEqual(fresh(e.cur));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('tells states apart that hold the same blocks in another order', () => {
    const s = Int32Array.from({ length: 64 }, (_, i) => (i < 16 ? 7 : i));
    const t = s.slice();
    t.copyWithin(0, 16, 32);
    t.fill(7, 16, 32);
    expect(fresh(s)).not.toEqual(fresh(t));
    expect(fresh(new Int32Array(32))).not.toEqual(fresh(new Int32Array(33))); // 33 words take a third block
  });

  it('firstDiff finds each differing word in turn', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.nat(n - 1)))), ([n, at]) => {
        const e = new StateEngine(n);
        for (const i of at) e.next[i] = i + 1;
        const found: number[] = [];
        for (let k = e.firstDiff(e.cur, e.next, 0); k < n; k = e.firstDiff(e.cur, e.next, k + 1)) found.push(k);
        expect(found).toEqual([...at].sort((a, b) => a - b));
      }),
    );
  });
});
