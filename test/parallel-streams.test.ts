/**
 * The streams of candidates between the parallel search's workers (src/checker/parallel-streams.ts).
 * A stream's chunks are shared memory, handed over without a copy (never transferred), and its
 * writer writes them again two levels later. The owner reads a stream twice: once by its headers only (fingerprint and key, for its merge),
 * and once more in the next level, decoding the states of the entries it accepted (`seek`), the
 * stream standing in for a queue of its own. Each entry's state is stored as its difference from
 * the entry before it (or whole, when most words differ), so the second reading must give back
 * every accepted state exactly, whichever entries are skipped, across chunk boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateReader, CandidateWriter, type StreamChunks } from '../src/checker/parallel-streams.js';
import { StateEngine } from '../src/checker/state-engine.js';

interface Written {
  state: Int32Array;
  hi: number;
  lo: number;
  key: [number, number, number];
  mask: number;
}

/** Writes `states` into a stream of `engine` in order (keys (i >> 1, i & 1, i), fingerprint (i, -i)); returns what was written. */
function writeAll(engine: StateEngine, states: Int32Array[]): { written: Written[]; writer: CandidateWriter } {
  const writer = new CandidateWriter(engine, engine.extra[0]);
  const written: Written[] = [];
  states.forEach((s, i) => {
    engine.next.set(s);
    const w: Written = { state: s.slice(), hi: i, lo: -i | 0, key: [i >> 1, i & 1, i], mask: i % 5 };
    writer.write(engine.next, engine.nextAt, w.hi, w.lo, ...w.key, w.mask);
    written.push(w);
  });
  return { written, writer };
}

/** A run of states: each the one before with a few words changed, now and then all of them (a dense entry). */
const runOf = (words: number): fc.Arbitrary<Int32Array[]> =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.array(fc.tuple(fc.nat(words - 1), fc.integer()), { maxLength: 4 }), weight: 5 },
        { arbitrary: fc.constant(null), weight: 1 },
      ),
      { minLength: 1, maxLength: 60 },
    )
    .map((edits) => {
      const out: Int32Array[] = [];
      let s = new Int32Array(words);
      for (const e of edits) {
        s = s.slice();
        if (e === null) for (let i = 0; i < words; i++) s[i] = (s[i] * 31 + i + 7) | 0;
        else for (const [at, v] of e) s[at] = v;
        out.push(s);
      }
      return out;
    });

describe('candidate streams', () => {
  it('the headers alone give every entry in order, with its position, and ranks map the parent positions', () => {
    fc.assert(
      fc.property(runOf(40), (states) => {
        const engine = new StateEngine(40, 2);
        const { written, writer } = writeAll(engine, states);
        // The writer's frontier's ranks: position q has rank 10 + q (any map: the key's rank is looked up).
        const ranks = Int32Array.from({ length: states.length }, (_, q) => 10 + q);
        const r = new CandidateReader(writer.take(), 40, ranks, null);
        for (const [i, w] of written.entries()) {
          expect(r.done).toBe(false);
          expect([r.ord, r.hi, r.lo, r.rank, r.p, r.c, r.mask]).toEqual([i, w.hi, w.lo, 10 + w.key[0], w.key[1], w.key[2], w.mask]);
          r.advance();
        }
        expect(r.done).toBe(true);
      }),
    );
  });

  it('the look-ahead touches every entry\'s fingerprint once, in order, batch after batch, across chunks', () => {
    // touchAhead reads headers only: whatever the batch sizes, the fingerprints it hands to the
    // visited set are those written, in order, each once, and it stops at the stream's end. The
    // long run (1,500 entries stored whole, 47 words each) spans two 65,536-word chunks.
    const long = Array.from({ length: 1500 }, (_, k) => Int32Array.from({ length: 40 }, (_, i) => k * 40 + i + 1));
    fc.assert(
      fc.property(fc.oneof(runOf(40), fc.constant(long)), fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), (states, batches) => {
        const engine = new StateEngine(40, 2);
        const { written, writer } = writeAll(engine, states);
        const stream = writer.take();
        if (states === long) expect(stream.chunks.length).toBeGreaterThan(1);
        const r = new CandidateReader(stream, 40, null, null);
        const seenBy: Array<[number, number]> = [];
        const seen = { touch: (hi: number, lo: number) => (seenBy.push([hi, lo]), hi) };
        let expected = 0;
        for (let b = 0; seenBy.length < written.length; b++) {
          const count = batches[b % batches.length];
          const before = seenBy.length;
          let x = 0;
          for (let i = before; i < Math.min(written.length, before + count); i++) x ^= written[i].hi;
          expect(r.touchAhead(seen, count)).toBe(x);
          expected = Math.min(written.length, before + count);
          expect(seenBy.length).toBe(expected);
        }
        expect(r.touchAhead(seen, 5)).toBe(0); // past the end: nothing more
        expect(seenBy).toEqual(written.map((w) => [w.hi, w.lo]));
        // The look-ahead does not move the reader itself.
        expect([r.ord, r.hi]).toEqual([0, written[0].hi]);
      }),
      { numRuns: 40 },
    );
  });

  it('decoding again gives back exactly the states of the entries sought, whichever are skipped', () => {
    fc.assert(
      fc.property(
        runOf(40).chain((states) => fc.tuple(fc.constant(states), fc.subarray(states.map((_, i) => i)))),
        ([states, picked]) => {
          const engine = new StateEngine(40, 2);
          const { written, writer } = writeAll(engine, states);
          const stream = writer.take();
          const r = new CandidateReader(stream, 40, null, engine.extra[1]);
          expect(r.stateAt).toBe(engine.extra[1].byteOffset);
          for (const i of picked) {
            r.seek(i);
            expect(r.ord).toBe(i);
            expect(r.rank).toBe(written[i].key[0]); // no ranks: the parent's position as written
            expect(Array.from(engine.extra[1])).toEqual(Array.from(written[i].state));
          }
        },
      ),
    );
  });

  it('a stream stays whole while the next level is written; the level after next reuses its shared chunks', () => {
    fc.assert(
      fc.property(runOf(40), runOf(40), runOf(40), (a, b, c) => {
        const engine = new StateEngine(40, 2);
        const writer = new CandidateWriter(engine, engine.extra[0]);
        const level = (states: Int32Array[], tag: number) => {
          states.forEach((s, i) => {
            engine.next.set(s);
            writer.write(engine.next, engine.nextAt, tag, i, i, 0, 0, 0);
          });
          const own = writer.take();
          raw.push(own);
          // What the owner gets: postMessage's structured clone, which shares the memory.
          return structuredClone(own);
        };
        const raw: StreamChunks[] = [];
        const decodes = (stream: StreamChunks, states: Int32Array[], tag: number) => {
          const r = new CandidateReader(stream, 40, null, engine.extra[1]);
          for (const [i, s] of states.entries()) {
            r.seek(i);
            expect([r.hi, r.lo, Array.from(engine.extra[1])]).toEqual([tag, i, Array.from(s)]);
          }
          r.advance();
          expect(r.done).toBe(true);
        };
        const sa = level(a, 1);
        expect(sa.chunks.every((ch) => ch.buffer instanceof SharedArrayBuffer)).toBe(true);
        const sb = level(b, 2);
        decodes(sa, a, 1); // read until the end of the next expansion: intact
        const sc = level(c, 3);
        expect(raw[2].chunks[0]).toBe(raw[0].chunks[0]); // two levels later, the same memory
        decodes(sb, b, 2);
        decodes(sc, c, 3); // each level from the zero state, whatever the reused chunks held
      }),
    );
  });

  it('an entry larger than a chunk and entries across chunks decode as written (a stream of several chunks)', () => {
    // 70,000-word states, each differing from the last in every word: each entry is stored whole
    // and takes more than a 65,536-word chunk, so every entry sits in a chunk of its own.
    const W = 70_000;
    const states = [1, 2, 3].map((k) => Int32Array.from({ length: W }, (_, i) => i * k + 1));
    const engine = new StateEngine(W, 2);
    const { writer } = writeAll(engine, states);
    const stream = writer.take();
    expect(stream.chunks.length).toBe(3);
    const r = new CandidateReader(stream, W, null, engine.extra[1]);
    r.seek(2);
    expect(engine.extra[1][W - 1]).toBe((W - 1) * 3 + 1);
    r.advance();
    expect(r.done).toBe(true);
  });
});
