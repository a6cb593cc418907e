/**
 * Rebuilds a counterexample from its action path: replays it from the initial state with a
 * log attached, so messages and object references are only ever made for the few states on
 * the path. Returns every state on the path, so readers (reports, loop detection) never step
 * the model again.
 */
import { LineLog, type LogLine } from './log.js';
import type { TransitionSystem } from './transition-system.js';

export interface TraceStep {
  /** Process that took the step. */
  process: string;
  choice: number;
  /** Messages of the step at every level, in order, with the objects each is about. */
  lines: LogLine[];
}

export interface Replay {
  steps: TraceStep[];
  /** Violation code returned by the last step (0 if none). */
  code: number;
  /** states[0] is the initial state, states[i + 1] the state after steps[i]. */
  states: Int32Array[];
  /** The state after the last step (the last of `states`). */
  state: Int32Array;
}

export function replay(sys: TransitionSystem, path: ReadonlyArray<readonly [number, number]>): Replay {
  let s = sys.initialState();
  const states = [s];
  const steps: TraceStep[] = [];
  let code = 0;
  for (const [p, c] of path) {
    if (code !== 0) throw new Error('internal error: a counterexample continues after its violation');
    const k = sys.choices(s, p);
    if (c >= k) throw new Error(`internal error: replayed action (${sys.processName(p)}, ${c}) is not enabled`);
    const log = new LineLog();
    s = s.slice();
    code = sys.step(s, p, c, log);
    states.push(s);
    steps.push({ process: sys.processName(p), choice: c, lines: log.lines });
  }
  return { steps, code, states, state: s };
}
