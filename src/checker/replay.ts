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

/**
 * With a system that reduces states by a symmetry (`unreduced` set), the path is rebuilt as an
 * execution of the unreduced system: at each step, the action whose successor reduces to the
 * path's next state with the same violation code (`matching`). The steps and states returned are
 * the unreduced system's.
 */
export function replay(sys: TransitionSystem, path: ReadonlyArray<readonly [number, number]>): Replay {
  const base = sys.unreduced && sys.reduce ? sys.unreduced : null;
  let r = sys.initialState();
  let s = base ? base.initialState() : r;
  const states = [s];
  const steps: TraceStep[] = [];
  let code = 0;
  const scratch = new Int32Array(s.length);
  for (const [p, c] of path) {
    if (code !== 0) throw new Error('internal error: a counterexample continues after its violation');
    if (c >= sys.choices(r, p)) throw new Error(`internal error: replayed action (${sys.processName(p)}, ${c}) is not enabled`);
    if (base) {
      // The reduced path's states are not returned: r (its own array) is stepped in place.
      const want = sys.step(r, p, c, null);
      // A step that violates nothing has applied the reduction already (TransitionSystem.reduce).
      if (want !== 0) sys.reduce!(r);
      const m = matching(sys, base, s, p, want, r, scratch);
      s = m.state;
      code = want;
      states.push(s);
      steps.push({ process: base.processName(m.process), choice: m.choice, lines: m.log.lines });
      continue;
    }
    const log = new LineLog();
    s = s.slice();
    code = sys.step(s, p, c, log);
    r = s;
    states.push(s);
    steps.push({ process: sys.processName(p), choice: c, lines: log.lines });
  }
  return { steps, code, states, state: s };
}

function equalStates(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The action of the unreduced system from s whose successor reduces to `target` with code `want`:
 * the first choice of process p that does, else of another process (a per-node process, such as
 * a node's kernel-panic watcher, is renamed with its node). One exists because every transition
 * of the reduced system is the reduction of a transition of the unreduced one from any state of
 * the same class (docs/model.md §8.11); the choice numbers may differ (a scheduler choice counts
 * best nodes in node order).
 */
function matching(sys: TransitionSystem, base: TransitionSystem, s: Int32Array, p: number, want: number, target: Int32Array, u: Int32Array): { process: number; choice: number; state: Int32Array; log: LineLog } {
  // The renamed process first (a node's watcher under the renaming of s), then the others in order.
  const r = sys.renamedProcess ? sys.renamedProcess(s, p) : p;
  for (let i = 0; i < base.processCount; i++) {
    const q = i === 0 ? r : i <= r ? i - 1 : i;
    const k = base.choices(s, q);
    for (let x = 0; x < k; x++) {
      // Stepped with its log: the step that matches is the execution's, not stepped again.
      const t = s.slice();
      const log = new LineLog();
      if (base.step(t, q, x, log) !== want) continue;
      u.set(t);
      sys.reduce!(u);
      if (equalStates(u, target)) return { process: q, choice: x, state: t, log };
    }
  }
  throw new Error(`internal error: no transition without the symmetry reduction matches the reduced step of ${sys.processName(p)}`);
}
