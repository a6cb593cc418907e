/**
 * The replay of a counterexample of the reduced search (docs/model.md §8.11.4) keeps the
 * renaming π that maps its unreduced state onto the path's canonical state, and checks a
 * candidate step t by re-placing only what it touched (system/replay-renaming.ts). The check must
 * answer exactly what the canonical form from scratch answers. Also here: the pieces that keep
 * the touched-only canonical form cheap (§8.11.6): which queue items a step touched
 * (controllers/queue-changes.ts) and the kubelet queue's sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineLog } from '../src/checker/log.js';
import { replay } from '../src/checker/replay.js';
import { search } from '../src/checker/search.js';
import { loadCase } from '../src/cases/index.js';
import { markQueueChanges } from '../src/controllers/queue-changes.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { sortQueue } from '../src/system/symmetry.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';

/** A queue at word 0 of a fresh array: its length, then its items. */
const queue = (items: number[], extra = 0): Int32Array => Int32Array.from([items.length, ...items, ...Array(extra).fill(0)]);
const marked = (mark: Uint8Array): number[] => [...mark.keys()].filter((i) => mark[i] === 1);

describe('the items a step touched in a queue', () => {
  const changes = (before: number[], after: number[], set = false): number[] => {
    const width = Math.max(before.length, after.length);
    const mark = new Uint8Array(20);
    const count = new Int32Array(20);
    markQueueChanges(queue(after, width - after.length), queue(before, width - before.length), 0, mark, set, count);
    expect([...count]).toEqual(Array(20).fill(0)); // the scratch is left as it was
    return marked(mark);
  };

  it('a FIFO queue: only the items taken from the head and those appended', () => {
    // [3, 5, 7, 9] → take 3 and 5, append 2: 7 and 9 move two places forward alike, which keeps
    // every comparison of keys (two of them, or one of them against an item not queued, place 0).
    expect(changes([3, 5, 7, 9], [7, 9, 2])).toEqual([2, 3, 5]);
    // Only appended: the items already there keep their places.
    expect(changes([3, 5], [3, 5, 8, 1])).toEqual([1, 8]);
    // All taken, or the queue was empty.
    expect(changes([3, 5], [])).toEqual([3, 5]);
    expect(changes([], [4])).toEqual([4]);
    expect(changes([], [])).toEqual([]);
    // An item taken and appended again is touched (its place is now the last).
    expect(changes([3, 5, 7], [5, 7, 3])).toEqual([3]);
  });

  it('any other change: every item at a place that differs', () => {
    // 5 was removed from the middle: 7 and 9 move while 3 stays, which is no uniform shift.
    expect(changes([3, 5, 7, 9], [3, 7, 9])).toEqual([0, 5, 7, 9]);
    // Two items exchanged.
    expect(changes([3, 5, 7], [3, 7, 5])).toEqual([5, 7]);
  });

  it('a queue read as a set (the kubelet queue, §8.11.2): the items that joined or left', () => {
    // Sorted by slot: inserting 4 moves 5 and 7 a place back, but a key records only membership.
    expect(changes([3, 5, 7], [3, 4, 5, 7], true)).toEqual([4]);
    expect(changes([3, 5, 7], [3, 7, 4], true)).toEqual([4, 5]);
    // A shift as in a FIFO queue (3 and 5 taken, 3 appended) marks what it took and appended:
    // 3 is marked though still a member, which only re-places it where it already belongs.
    expect(changes([3, 5, 7], [7, 3], true)).toEqual([3, 5]);
  });
});

describe("the kubelet queue's sort", () => {
  it('sorts short queues by insertion and long ones by counting, and says whether it moved anything', () => {
    const counts = new Int32Array(101);
    const sorted = (items: number[]): { moved: boolean; items: number[] } => {
      const s = queue(items);
      const moved = sortQueue(s, 0, counts);
      expect([...counts]).toEqual(Array(101).fill(0));
      return { moved, items: [...s.subarray(1)] };
    };
    expect(sorted([4, 2, 9])).toEqual({ moved: true, items: [2, 4, 9] });
    expect(sorted([2, 4, 9])).toEqual({ moved: false, items: [2, 4, 9] });
    // 40 slots (longer than the insertion sort takes), 100 down to 61.
    const long = Array.from({ length: 40 }, (_, i) => 100 - i);
    expect(sorted(long)).toEqual({ moved: true, items: [...long].reverse() });
    expect(sorted([...long].reverse())).toEqual({ moved: false, items: [...long].reverse() });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 80 }), (items) => {
        const want = [...items].sort((a, b) => a - b);
        expect(sorted(items)).toEqual({ moved: want.some((x, i) => x !== items[i]), items: want });
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});

/**
 * Replays `path` on model's unreduced model as replay() does, but at every step checks every
 * enabled unreduced action two ways: the tracker's incremental check, and the canonical form
 * from scratch (`reduce`) compared with the path's next state. Returns how many were checked.
 */
function checkTracker(model: KiviModel, path: ReadonlyArray<readonly [number, number]>): number {
  const base = model.unreduced!;
  const tracker = model.replayTracker();
  let r = model.initialState();
  let s = base.initialState();
  let checked = 0;
  for (const [p, c] of path) {
    const parent = r.slice();
    model.choices(r, p);
    const want = model.step(r, p, c, null);
    if (want !== 0) model.reduce(r);
    let next: Int32Array | null = null;
    for (let q = 0; q < base.processCount; q++) {
      const k = base.choices(s, q);
      for (let x = 0; x < k; x++) {
        const t = s.slice();
        if (base.step(t, q, x, null) !== want) continue;
        const u = t.slice();
        model.reduce(u);
        const full = u.every((w, i) => w === r[i]);
        expect(tracker.matches(s, t, parent, r)).toBe(full);
        checked++;
        if (full && next === null) next = t;
      }
    }
    expect(next).not.toBeNull();
    // The first match goes on, as in replay(): asked again, its renaming is the one accepted.
    expect(tracker.matches(s, next!, parent, r)).toBe(true);
    tracker.accept();
    s = next!;
  }
  return checked;
}

describe("the replay's incremental match", () => {
  it('agrees with the canonical form from scratch on every candidate of c4 at scale 40', async () => {
    // c4 -s 40: scheduler bursts over forty equal nodes, queues longer than the insertion sort takes.
    const model = new KiviModel(compile(loadCase('c4', { scale: 40 })));
    const r = await search(model, {});
    expect(r.violations.length).toBeGreaterThan(0);
    for (const v of r.violations) expect(checkTracker(model, v.path)).toBeGreaterThan(v.path.length);
  }, 120_000);

  it('agrees with it on random small clusters of identical nodes', async () => {
    let paths = 0;
    await fc.assert(
      fc.asyncProperty(clusterArb, async (raw) => {
        const copy = (name: string): NodeSpec => ({ ...structuredClone(raw.nodes[0]), name });
        const spec: ClusterSpec = { ...raw, nodes: [...raw.nodes.map((n) => copy(n.name)), copy('node-extra')] };
        const model = new KiviModel(compile(spec));
        if (model.unreduced === undefined) return;
        const r = await search(model, { maxStates: 20_000 });
        for (const v of r.violations) {
          checkTracker(model, v.path);
          // replay() itself, keeping every state or only the last (a few arrays reused).
          const all = replay(model, v.path);
          const last = replay(model, v.path, 'last');
          expect(last.steps).toEqual(all.steps);
          expect([...last.state]).toEqual([...all.state]);
          paths++;
        }
      }),
      { numRuns: 150, seed: 21 },
    );
    expect(paths).toBeGreaterThan(30);
  }, 300_000);

  it('rebuilds the same execution with the same messages as stepping it with a log', async () => {
    // c4 -s 5: the scheduler ties between equal nodes; the replay's kept step is stepped once
    // with its log (or again with it, when the first candidate failed), and the scheduler's
    // first cycle may come from the choices asked just before (cycle-memo.ts).
    const model = new KiviModel(compile(loadCase('c4', { scale: 5 })));
    const r = await search(model, {});
    expect(r.violations.length).toBeGreaterThan(0);
    const plain = model.unreduced!;
    const byName = (name: string): number => [...Array(plain.processCount).keys()].find((p) => plain.processName(p) === name)!;
    for (const v of r.violations) {
      const rebuilt = replay(model, v.path);
      for (let i = 0; i < rebuilt.steps.length; i++) {
        const t = rebuilt.states[i].slice();
        const log = new LineLog();
        plain.step(t, byName(rebuilt.steps[i].process), rebuilt.steps[i].choice, log);
        expect([...t]).toEqual([...rebuilt.states[i + 1]]);
        expect(rebuilt.steps[i].lines).toEqual(log.lines);
      }
      // Keeping only the last state (as check() does without snapshots) reuses a few arrays:
      // the same steps, messages, code and last state.
      const last = replay(model, v.path, 'last');
      expect(last.steps).toEqual(rebuilt.steps);
      expect(last.code).toBe(rebuilt.code);
      expect(last.states.length).toBe(1);
      expect([...last.state]).toEqual([...rebuilt.state]);
    }
  });
});
