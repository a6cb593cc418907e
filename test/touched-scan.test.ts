/**
 * What a transition touched (src/controllers/canonical-touched.ts) is found two ways: where the
 * successor and the state it came from are both in a state engine's memory (the search's), by
 * the engine's SIMD list of the 16-word blocks that differ (`blocksDiffering`); elsewhere by
 * halving memcmp comparisons. Both must give the same pods, nodes and groups, and the list must
 * name exactly the blocks with a differing word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateEngine } from '../src/checker/state-engine.js';
import { Touched } from '../src/controllers/canonical-touched.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { loadCase } from '../src/index.js';
import { compile } from './helpers.js';
import { randomWalk } from './random-walk.js';
import './fast-check-seed.js';

const sorted = (a: Int32Array, n: number): number[] => [...a.slice(0, n)].sort((x, y) => x - y);

describe('the blocks that differ', () => {
  it('are listed exactly, from any first block', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.tuple(fc.nat(299), fc.integer({ min: 1, max: 5 })), { maxLength: 12 }), fc.nat(20), (words, edits, firstBlock) => {
        const e = new StateEngine(words);
        for (let i = 0; i < words; i++) e.cur[i] = e.next[i] = i * 31;
        for (const [at, by] of edits) if (at < words) e.next[at] += by;
        const blocks = Math.ceil(words / 16);
        const first = Math.min(firstBlock, blocks - 1);
        const want: number[] = [];
        for (let b = first; b < blocks; b++) {
          for (let w = 16 * b; w < Math.min(words, 16 * b + 16); w++) {
            if (e.cur[w] !== e.next[w]) {
              want.push(b - first);
              break;
            }
          }
        }
        const k = e.blocksDiffering(e.next, e.cur, first, blocks - first);
        expect([...e.blockList.slice(0, k)]).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what a transition touched', () => {
  it('is the same from the engine scan and from halving memcmp, on random walks of c4, c6 and c8', () => {
    let compared = 0;
    let some = 0;
    for (const id of ['c4', 'c6', 'c8']) {
      const cfg = compile(loadCase(id, { scale: 24, nonViolation: true }));
      const l = cfg.layout;
      const e = new StateEngine(l.words);
      const viaEngine = new Touched(l, false);
      const viaMemcmp = new Touched(l, false);
      for (let seed = 1; seed <= 6; seed++) {
        let parent: Int32Array | null = null;
        randomWalk(new KiviModel(cfg), seed, 100, (s) => {
          if (parent !== null) {
            e.cur.set(parent);
            e.next.set(s);
            viaEngine.find(e.next, e.cur);
            viaMemcmp.find(s.slice(), parent.slice());
            for (const set of ['pods', 'nodes', 'groups'] as const) {
              expect(sorted(viaEngine[set].list, viaEngine[set].size)).toEqual(sorted(viaMemcmp[set].list, viaMemcmp[set].size));
              if (viaMemcmp[set].size > 0) some++;
            }
            expect(viaEngine.unbound).toBe(viaMemcmp.unbound);
            compared++;
          }
          parent = s.slice();
        });
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(some).toBeGreaterThan(300);
  }, 120_000);
});
