/**
 * The checker's three stores (src/checker/): the queue of states to expand, the visited set of
 * fingerprints and the parent-pointer tree that rebuilds counterexamples. Tested through their
 * public surface only (StateQueue's storage may become chunked), with expected values worked out
 * from the contracts in their doc comments and checked against plain JS models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintSet } from '../src/checker/fingerprint-set.js';
import { StateQueue } from '../src/checker/state-queue.js';
import { TraceTree } from '../src/checker/trace-tree.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

describe('StateQueue', () => {
  const W = 3;
  /** Entry n: id n, depth n % 13, state [n, 0 - n, 1000 + n]. */
  const state = (n: number) => Int32Array.of(n, 0 - n, 1000 + n);
  const push = (q: StateQueue, n: number) => q.push(n, n % 13, state(n));
  /** Takes one entry with `take` and checks it is entry n. */
  function expectEntry(q: StateQueue, take: 'shift' | 'pop', n: number): void {
    const out = new Int32Array(W);
    q[take](out);
    expect([q.id, q.depth, ...out], `${take} → entry ${n}`).toEqual([n, n % 13, n, 0 - n, 1000 + n]);
  }

  it('shift takes entries in the order they were pushed; size counts them', () => {
    const q = new StateQueue(W);
    expect(q.size).toBe(0);
    for (let n = 1; n <= 5; n++) push(q, n);
    expect(q.size).toBe(5);
    for (let n = 1; n <= 5; n++) expectEntry(q, 'shift', n);
    expect(q.size).toBe(0);
  });

  it('pop takes the newest entry first (LIFO)', () => {
    const q = new StateQueue(W);
    for (let n = 1; n <= 5; n++) push(q, n);
    for (let n = 5; n >= 1; n--) expectEntry(q, 'pop', n);
    expect(q.size).toBe(0);
  });

  it('shift and pop take from opposite ends of the same queue', () => {
    const q = new StateQueue(W);
    for (let n = 1; n <= 6; n++) push(q, n);
    expectEntry(q, 'shift', 1);
    expectEntry(q, 'pop', 6);
    expectEntry(q, 'shift', 2);
    push(q, 7);
    expectEntry(q, 'pop', 7);
    expectEntry(q, 'pop', 5);
    expectEntry(q, 'shift', 3);
    expectEntry(q, 'shift', 4);
    expect(q.size).toBe(0);
  });

  it('keeps id and depth per entry, including negative and extreme values', () => {
    const q = new StateQueue(1);
    const entries: Array<[number, number, number]> = [
      [0, 0, 0],
      [INT32_MAX, 1, INT32_MIN],
      [-1, INT32_MAX, -1],
      [7, 2, INT32_MAX],
    ];
    for (const [id, depth, s] of entries) q.push(id, depth, Int32Array.of(s));
    const out = new Int32Array(1);
    for (const [id, depth, s] of entries) {
      q.shift(out);
      expect([q.id, q.depth, out[0]]).toEqual([id, depth, s]);
    }
  });

  it('copies the pushed state: the caller may reuse its buffer, and shift overwrites all of `out`', () => {
    const q = new StateQueue(W);
    const scratch = Int32Array.of(1, 2, 3);
    q.push(10, 1, scratch);
    scratch.set([4, 5, 6]);
    q.push(11, 2, scratch);
    scratch.fill(0);
    const out = Int32Array.of(-9, -9, -9);
    q.shift(out);
    expect([...out]).toEqual([1, 2, 3]);
    q.shift(out);
    expect([...out]).toEqual([4, 5, 6]);
  });

  it('keeps FIFO order when the front has moved on many times (wrap-around of a ring buffer)', () => {
    // Two pushes per shift: the front keeps moving while the queue slowly grows to 5,000.
    const q = new StateQueue(W);
    let next = 0;
    let front = 0;
    for (let round = 0; round < 5_000; round++) {
      push(q, next++);
      push(q, next++);
      expectEntry(q, 'shift', front++);
    }
    expect(q.size).toBe(5_000);
    while (q.size > 0) expectEntry(q, 'shift', front++);
    expect(front).toBe(10_000);
  });

  it('keeps FIFO order when it has to grow with its front in the middle of its storage', () => {
    // Fill n, take d from the front, then push d + 1: the queue holds n + 1 entries whose
    // oldest was not pushed first. With n a power of two (the initial capacity is 256 and doubles)
    // the last push grows a full, wrapped buffer whose head is at d.
    for (const n of [256, 512, 1_000]) {
      for (const d of [1, Math.floor(n / 2), n - 1]) {
        const q = new StateQueue(W);
        let next = 0;
        for (let i = 0; i < n; i++) push(q, next++);
        for (let i = 0; i < d; i++) expectEntry(q, 'shift', i);
        for (let i = 0; i <= d; i++) push(q, next++);
        expect(q.size, `n=${n} d=${d}`).toBe(n + 1);
        for (let i = d; i < next; i++) expectEntry(q, 'shift', i);
        expect(q.size).toBe(0);
      }
    }
  });

  it('pop takes the newest entry after wrap-around and growth too', () => {
    const q = new StateQueue(W);
    for (let n = 0; n < 256; n++) push(q, n);
    for (let n = 0; n < 100; n++) expectEntry(q, 'shift', n);
    for (let n = 256; n < 600; n++) push(q, n); // wraps, then grows with the front at 100
    for (let n = 599; n >= 100; n--) expectEntry(q, 'pop', n);
    expect(q.size).toBe(0);
  });

  it('behaves as a JS array used with push, shift and pop (property)', () => {
    type Op = { op: 'push'; n: number } | { op: 'shift' } | { op: 'pop' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ op: fc.constant('push' as const), n: fc.integer({ min: INT32_MIN, max: INT32_MAX }) }), weight: 3 },
      { arbitrary: fc.constant({ op: 'shift' as const }), weight: 1 },
      { arbitrary: fc.constant({ op: 'pop' as const }), weight: 1 },
    );
    // Runs of pushes, shifts and pops: long enough to wrap and grow past the initial 256 entries.
    const block = fc.tuple(op, fc.integer({ min: 1, max: 300 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(block, { maxLength: 12 }), (words, blocks) => {
        const q = new StateQueue(words);
        const model: string[] = [];
        const out = new Int32Array(words);
        // What each step takes (or pushes) and the size after it, from the queue and the model.
        const got: string[] = [];
        const want: string[] = [];
        const taken = () => `${q.id}/${q.depth}/${out.join(',')}`;
        let k = 0;
        for (const [o, times] of blocks) {
          for (let t = 0; t < times; t++) {
            if (o.op === 'push') {
              k++;
              const id = o.n ^ k;
              const state = Array.from({ length: words }, (_, j) => (o.n + k * 7919 + j) | 0);
              q.push(id, k, Int32Array.from(state));
              model.push(`${id}/${k}/${state.join(',')}`);
              got.push(`push ${q.size}`);
              want.push(`push ${model.length}`);
            } else if (model.length > 0) {
              q[o.op](out);
              got.push(`${o.op} ${taken()} ${q.size}`);
              want.push(`${o.op} ${o.op === 'shift' ? model.shift() : model.pop()} ${model.length}`);
            }
          }
        }
        while (q.size > 0) {
          q.shift(out);
          got.push(`drain ${taken()}`);
        }
        want.push(...model.map((e) => `drain ${e}`));
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});

describe('FingerprintSet', () => {
  it('add is true for a new fingerprint and false for one already there; has agrees', () => {
    const s = new FingerprintSet();
    expect(s.size).toBe(0);
    expect(s.has(1, 2)).toBe(false);
    expect(s.add(1, 2)).toBe(true);
    expect(s.has(1, 2)).toBe(true);
    expect(s.add(1, 2)).toBe(false);
    expect(s.size).toBe(1);
    // Both halves count: swapping them or changing either sign is another fingerprint.
    for (const [hi, lo] of [[2, 1], [-1, 2], [1, -2], [0, 2], [1, 0]]) {
      expect(s.has(hi, lo), `(${hi}, ${lo})`).toBe(false);
      expect(s.add(hi, lo), `(${hi}, ${lo})`).toBe(true);
    }
    expect(s.size).toBe(6);
    expect(s.add(INT32_MIN, INT32_MAX)).toBe(true);
    expect(s.has(INT32_MIN, INT32_MAX)).toBe(true);
    expect(s.has(INT32_MAX, INT32_MIN)).toBe(false);
  });

  it('holds the (0, 0) fingerprint, though (0, 0) marks an empty slot', () => {
    const s = new FingerprintSet();
    expect(s.has(0, 0)).toBe(false);
    expect(s.add(0, 0)).toBe(true);
    expect(s.has(0, 0)).toBe(true);
    expect(s.add(0, 0)).toBe(false);
    expect(s.size).toBe(1);
    // Documented: (0, 0) is stored as (0, 1), so the two are one fingerprint.
    expect(s.has(0, 1)).toBe(true);
    expect(s.add(0, 1)).toBe(false);
    expect(s.size).toBe(1);
    // Its neighbours are not members.
    expect(s.has(1, 0)).toBe(false);
    expect(s.has(0, -1)).toBe(false);
    expect(s.has(0, 2)).toBe(false);
  });

  it('keeps every member as it grows from the default capacity to 20,000 members', () => {
    const s = new FingerprintSet();
    const before = s.bytes;
    // Distinct: n ↦ (n * 2654435761 mod 2^32, ~n) is one-to-one on lo alone.
    const fp = (n: number): [number, number] => [Math.imul(n, 0x9e3779b1), ~n];
    for (let n = 0; n < 20_000; n++) expect(s.add(...fp(n))).toBe(true);
    expect(s.size).toBe(20_000);
    expect(s.bytes).toBeGreaterThan(before);
    for (let n = 0; n < 20_000; n++) {
      expect(s.has(...fp(n))).toBe(true);
      expect(s.add(...fp(n))).toBe(false);
    }
    for (let n = 20_000; n < 21_000; n++) expect(s.has(...fp(n))).toBe(false);
    expect(s.size).toBe(20_000);
  });

  it('keeps fingerprints whose low bits agree (long probe runs) through growth', () => {
    // hi = 0 and lo a multiple of 2^16: the same low 16 bits, so they crowd one region of any
    // table up to 2^16 slots. (0, 0) is among them.
    const s = new FingerprintSet(16);
    for (let j = 0; j < 3_000; j++) expect(s.add(0, j << 16), `j=${j}`).toBe(true);
    expect(s.size).toBe(3_000);
    for (let j = 0; j < 3_000; j++) expect(s.has(0, j << 16)).toBe(true);
    expect(s.has(0, 1)).toBe(true); // (0, 0)'s alias
    expect(s.has(1, 0)).toBe(false);
    expect(s.has(0, (3_000 << 16) | 0)).toBe(false);
  });

  it('behaves as a Set of "hi,lo" strings with (0, 0) read as (0, 1) (property)', () => {
    const half = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: INT32_MIN, max: INT32_MAX }));
    const fingerprint = fc.tuple(half, half);
    const key = ([hi, lo]: [number, number]) => (hi === 0 && lo === 0 ? '0,1' : `${hi},${lo}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.tuple(fc.boolean(), fingerprint), { maxLength: 400, size: 'max' }),
        (initialCapacity, ops) => {
          const s = new FingerprintSet(initialCapacity);
          const model = new Set<string>();
          const added: Array<[number, number]> = [];
          const got: string[] = [];
          const want: string[] = [];
          for (const [isAdd, f] of ops) {
            const before = model.has(key(f));
            if (isAdd) {
              got.push(`add ${f} ${s.add(...f)}`);
              want.push(`add ${f} ${!before}`);
              model.add(key(f));
              added.push(f);
            } else {
              got.push(`has ${f} ${s.has(...f)}`);
              want.push(`has ${f} ${before}`);
            }
            got.push(`size ${s.size}`);
            want.push(`size ${model.size}`);
          }
          expect(got).toEqual(want);
          for (const f of added) expect(s.has(...f)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TraceTree', () => {
  it('numbers states from 0 in the order they are added; the initial state has an empty path', () => {
    const t = new TraceTree();
    expect(t.add(-1, -1, -1)).toBe(0);
    expect(t.add(0, 2, 5)).toBe(1);
    expect(t.add(0, 1, 0)).toBe(2);
    expect(t.size).toBe(3);
    expect(t.pathTo(0)).toEqual([]);
    expect(t.pathTo(1)).toEqual([[2, 5]]);
    expect(t.pathTo(2)).toEqual([[1, 0]]);
  });

  it('follows branches: siblings share their prefix and differ in their last step', () => {
    //        0
    //   (1,0)/ \(2,0)
    //       1   2
    //  (3,1)|   |(3,2)
    //       3   4
    //  (0,7)|
    //       5
    const t = new TraceTree();
    t.add(-1, -1, -1);
    t.add(0, 1, 0);
    t.add(0, 2, 0);
    t.add(1, 3, 1);
    t.add(2, 3, 2);
    t.add(3, 0, 7);
    expect(t.pathTo(5)).toEqual([[1, 0], [3, 1], [0, 7]]);
    expect(t.pathTo(4)).toEqual([[2, 0], [3, 2]]);
    expect(t.pathTo(3)).toEqual([[1, 0], [3, 1]]);
  });

  it('returns a fresh array each time: extending one path leaves the tree alone', () => {
    const t = new TraceTree();
    t.add(-1, -1, -1);
    t.add(0, 4, 2);
    const p = t.pathTo(1);
    p.push([9, 9]);
    expect(t.pathTo(1)).toEqual([[4, 2]]);
  });

  it('grows past its first chunks (1,024 entries each here) and rebuilds a chain 5,000 steps deep', () => {
    const t = new TraceTree(10);
    const before = t.bytes;
    t.add(-1, -1, -1);
    // State n (1..4999) is reached from n - 1 by process n % 7 with choice n.
    for (let n = 1; n < 5_000; n++) expect(t.add(n - 1, n % 7, n)).toBe(n);
    expect(t.size).toBe(5_000);
    expect(t.bytes).toBeGreaterThan(before);
    const path = t.pathTo(4_999);
    expect(path.length).toBe(4_999);
    expect(path[0]).toEqual([1, 1]);
    expect(path[1_022]).toEqual([1_023 % 7, 1_023]); // the entry just before the first growth
    expect(path[1_023]).toEqual([1_024 % 7, 1_024]); // the first entry after it
    expect(path.at(-1)).toEqual([4_999 % 7, 4_999]);
    expect(path.every(([p, c], i) => c === i + 1 && p === (i + 1) % 7)).toBe(true);
    // A state added before the growth keeps its path.
    expect(t.pathTo(3)).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('pathTo agrees with paths built forward from a plain parent array (property)', () => {
    // n states, each reached from an earlier one (as in a search); up to 3,000 cross chunks of
    // 1,024 at 1,024 and 2,048. State id takes the pattern's entry id mod its length, so a failure shrinks
    // to a small n and a short pattern rather than element by element through thousands of states.
    const entry = fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.nat(40), fc.integer({ min: INT32_MIN, max: INT32_MAX }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.array(entry, { minLength: 1, maxLength: 50 }), fc.boolean(), (n, pattern, chainy) => {
        const t = new TraceTree(10);
        t.add(-1, -1, -1);
        const parent = [-1];
        const step: Array<[number, number]> = [[-1, -1]];
        for (let id = 1; id <= n; id++) {
          const [r, proc, c] = pattern[id % pattern.length];
          const choice = c ^ id; // tells apart states that share a pattern entry
          // chainy: one of the latest three states, giving deep paths; otherwise any earlier one.
          const p = chainy ? Math.max(0, id - 1 - Math.floor(r * 3)) : Math.floor(r * id);
          if (t.add(p, proc, choice) !== id) return false;
          parent.push(p);
          step.push([proc, choice]);
        }
        expect(t.size).toBe(parent.length);
        // The model's path: the parent's path, then the step into the state.
        const path = (id: number, out: Array<[number, number]> = []): Array<[number, number]> => {
          if (id !== 0) {
            path(parent[id], out);
            out.push(step[id]);
          }
          return out;
        };
        // Compared as text and returned as a boolean: cheap enough to shrink a failure quickly.
        const text = (p: Array<[number, number]>) => p.map(([proc, choice]) => `${proc}:${choice}`).join(' ');
        const last = parent.length - 1;
        for (let id = 0; id <= last; id += 1 + Math.floor(last / 40)) if (text(t.pathTo(id)) !== text(path(id))) return false;
        return text(t.pathTo(last)) === text(path(last));
      }),
      { numRuns: 40 },
    );
  });
});
