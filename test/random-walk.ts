/**
 * A random execution of a model, for the property tests that compare two ways of computing a
 * step on the states it passes through (test/cycle-memo.test.ts,
 * test/scheduler-burst-counts.test.ts).
 */
import { mulberry32 } from '../src/checker/simulation.js';
import type { TransitionSystem } from '../src/checker/transition-system.js';

/**
 * Calls `visit` on the initial state and then on each state of a random walk of at most `steps`
 * transitions (each enabled (process, choice) equally likely), stopping at a state without
 * successors or after a violating step.
 */
export function randomWalk(model: TransitionSystem, seed: number, steps: number, visit: (s: Int32Array) => void): void {
  const random = mulberry32(seed);
  let s = model.initialState();
  for (let depth = 0; depth < steps; depth++) {
    visit(s);
    const moves: Array<[number, number]> = [];
    for (let q = 0; q < model.processCount; q++) for (let c = 0, n = model.choices(s, q); c < n; c++) moves.push([q, c]);
    if (moves.length === 0) return;
    const [q, c] = moves[Math.floor(random() * moves.length)];
    const next = s.slice();
    if (model.step(next, q, c, null) !== 0) return;
    s = next;
  }
}
