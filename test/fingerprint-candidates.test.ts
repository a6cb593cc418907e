/**
 * Where the symmetry reduction renames a successor in the search's state engine, it names the
 * only blocks where the successor can differ from the state it came from (the blocks the
 * transition changed and those the renaming may have written, system/symmetry.ts
 * nameCandidates), and the engine's fingerprint of the successor looks at them alone. That
 * fingerprint must equal one computed from scratch over every word, and the blocks it notes as
 * changed must be the ones that differ, for every transition of random walks.
 */
import { describe, expect, it } from 'vitest';
import { StateEngine } from '../src/checker/state-engine.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { loadCase } from '../src/index.js';
import { compile } from './helpers.js';
import { randomWalk } from './random-walk.js';

/** The fingerprint of s from scratch. */
function fresh(s: Int32Array): [number, number] {
  const e = new StateEngine(s.length);
  e.cur.set(s);
  e.hashCur();
  return [e.curHi, e.curLo];
}

describe('the fingerprint of a renamed successor from the blocks the model names', () => {
  it('equals the fingerprint from scratch, on every transition of random walks of c4, c6 and c8', () => {
    let named = 0;
    let compared = 0;
    const use = StateEngine.prototype.useCandidates;
    StateEngine.prototype.useCandidates = function (count: number): void {
      named++;
      use.call(this, count);
    };
    try {
      for (const id of ['c4', 'c6', 'c8']) {
        for (const nonViolation of [false, true]) {
          const cfg = compile(loadCase(id, { scale: 24, nonViolation }));
          const model = new KiviModel(cfg);
          const e = new StateEngine(cfg.layout.words);
          for (let seed = 1; seed <= 4; seed++) {
            randomWalk(model, seed, 60, (s) => {
              e.cur.set(s);
              e.hashCur();
              for (let p = 0; p < model.processCount; p++) {
                for (let c = 0, k = model.choices(s, p); c < k; c++) {
                  e.next.set(s);
                  e.nextMoved();
                  if (model.step(e.next, p, c, null, e.cur) !== 0) continue;
                  e.hashNext();
                  expect([e.hi, e.lo]).toEqual(fresh(e.next));
                  // restoreNext copies back only the blocks hashNext noted: next must equal cur after it.
                  e.restoreNext();
                  expect(e.next).toEqual(e.cur);
                  compared++;
                }
              }
            });
          }
        }
      }
    } finally {
      StateEngine.prototype.useCandidates = use;
    }
    expect(compared).toBeGreaterThan(1000);
    expect(named).toBeGreaterThan(500);
  }, 120_000);
});
