/**
 * One random execution (`-si`, Stateright's `simulation` strategy): from the initial state, take a
 * uniformly random enabled action until a violation, a state with no successor, or the step
 * bound. A seeded generator makes every run reproducible: the seed is reported.
 */
import type { TransitionSystem } from './transition-system.js';

/** mulberry32: a small, fast, well-distributed 32-bit generator. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulationResult {
  /** The actions taken, as [process, choice]. */
  path: Array<[number, number]>;
  /** Violation code of the last step or of the final state (deadlock), 0 if none. */
  code: number;
  /** Why it stopped. */
  end: 'violation' | 'deadlock' | 'terminated' | 'step-bound';
}

export function simulate(sys: TransitionSystem, seed: number, maxSteps: number): SimulationResult {
  const random = mulberry32(seed);
  const s = sys.initialState();
  const path: Array<[number, number]> = [];
  const procs: number[] = [];
  const counts: number[] = [];
  for (let step = 0; step < maxSteps; step++) {
    procs.length = 0;
    counts.length = 0;
    let total = 0;
    for (let p = 0; p < sys.processCount; p++) {
      const k = sys.choices(s, p);
      if (k > 0) {
        procs.push(p);
        counts.push(k);
        total += k;
      }
    }
    if (total === 0) {
      const code = sys.endState(s);
      return { path, code, end: code !== 0 ? 'deadlock' : 'terminated' };
    }
    let pick = Math.floor(random() * total);
    let i = 0;
    while (pick >= counts[i]) pick -= counts[i++];
    path.push([procs[i], pick]);
    const code = sys.step(s, procs[i], pick, null);
    if (code !== 0) return { path, code, end: 'violation' };
  }
  return { path, code: 0, end: 'step-bound' };
}
