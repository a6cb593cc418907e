/**
 * Rebuilds a counterexample from its action path: replays it from the initial state with a
 * log attached, so messages are only ever formatted for the few states on the path.
 */
import { LineLog, type LogLine } from './log.js';
import type { TransitionSystem } from './transition-system.js';

export interface TraceStep {
  /** Process that took the step. */
  process: string;
  choice: number;
  /** Messages of the step at every level, in order. */
  lines: LogLine[];
}

export interface Replay {
  steps: TraceStep[];
  /** Violation code returned by the last step (0 if none). */
  code: number;
  /** The state after the last step. */
  state: Int32Array;
}

export function replay(sys: TransitionSystem, path: ReadonlyArray<readonly [number, number]>): Replay {
  const s = sys.initialState();
  const steps: TraceStep[] = [];
  let code = 0;
  for (const [p, c] of path) {
    if (code !== 0) throw new Error('internal error: a counterexample continues after its violation');
    const k = sys.choices(s, p);
    if (c >= k) throw new Error(`internal error: replayed action (${sys.processName(p)}, ${c}) is not enabled`);
    const log = new LineLog();
    code = sys.step(s, p, c, log);
    steps.push({ process: sys.processName(p), choice: c, lines: log.lines });
  }
  return { steps, code, state: s };
}
