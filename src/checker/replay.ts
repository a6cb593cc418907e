/**
 * Rebuilds a counterexample from its action path: replays it from the initial state with a
 * log attached, so messages and object references are only ever made for the few states on
 * the path. Returns every state on the path, so readers (reports, loop detection) never step
 * the model again.
 */
import { LineLog, type LogLine } from './log.js';
import type { ReplayTracker, TransitionSystem } from './transition-system.js';

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
  /**
   * states[0] is the initial state, states[i + 1] the state after steps[i]; with `keep: 'last'`
   * only the last state.
   */
  states: Int32Array[];
  /** The state after the last step (the last of `states`). */
  state: Int32Array;
}

/**
 * The copies of states the replay steps: fresh arrays when every state is returned, else a few
 * arrays used over and over (a long counterexample of large states is then not all in memory).
 */
class StateCopies {
  private readonly free: Int32Array[] = [];

  constructor(private readonly keepAll: boolean) {}

  copy(s: Int32Array): Int32Array {
    if (this.keepAll) return s.slice();
    const t = this.free.pop() ?? new Int32Array(s.length);
    t.set(s);
    return t;
  }

  /** A copy no longer needed (with `keepAll`, it is returned, so nothing is reused). */
  release(t: Int32Array): void {
    if (!this.keepAll) this.free.push(t);
  }
}

/**
 * With a system that reduces states by a symmetry (`unreduced` set), the path is rebuilt as an
 * execution of the unreduced system: at each step, the action whose successor reduces to the
 * path's next state with the same violation code (`matching`). The steps and states returned are
 * the unreduced system's. `keep: 'last'` returns only the last state.
 */
export function replay(sys: TransitionSystem, path: ReadonlyArray<readonly [number, number]>, keep: 'all' | 'last' = 'all'): Replay {
  const base = sys.unreduced && sys.replayTracker ? sys.unreduced : null;
  const copies = new StateCopies(keep === 'all');
  let r = sys.initialState();
  let s = base ? base.initialState() : r;
  const states = [s];
  const steps: TraceStep[] = [];
  let code = 0;
  const tracker = base ? sys.replayTracker!() : null;
  const parent = new Int32Array(base ? s.length : 0);
  for (const [p, c] of path) {
    if (code !== 0) throw new Error('internal error: a counterexample continues after its violation');
    if (c >= sys.choices(r, p)) throw new Error(`internal error: replayed action (${sys.processName(p)}, ${c}) is not enabled`);
    if (base) {
      // The reduced path's states are not returned: r (its own array) is stepped in place.
      parent.set(r);
      const want = sys.step(r, p, c, null);
      // A step that violates nothing has applied the reduction already (TransitionSystem.reduce).
      if (want !== 0) sys.reduce!(r);
      const m = matching(sys, base, tracker!, copies, s, p, want, parent, r);
      copies.release(s); // no longer needed unless every state is kept
      s = m.state;
      code = want;
      if (keep === 'all') states.push(s);
      steps.push({ process: base.processName(m.process), choice: m.choice, lines: m.log.lines });
      continue;
    }
    const log = new LineLog();
    s = s.slice();
    code = sys.step(s, p, c, log);
    r = s;
    if (keep === 'all') states.push(s);
    steps.push({ process: sys.processName(p), choice: c, lines: log.lines });
  }
  return { steps, code, states: keep === 'all' ? states : [s], state: s };
}

/**
 * The action of the unreduced system from s whose successor reduces to `target` with code `want`
 * (`parent` is the reduced state s reduces to): the first choice of process p that does, else of
 * another process (a per-node process, such as a node's kernel-panic watcher, is renamed with its
 * node). One exists because every transition of the reduced system
 * is the reduction of a transition of the unreduced one from any state of the same class
 * (docs/model.md §8.11); the choice numbers may differ (a scheduler choice counts best nodes in
 * node order). The first candidate is stepped with its log, since it is nearly always the one;
 * the others without, and the one that matches again with its log.
 */
function matching(
  sys: TransitionSystem, base: TransitionSystem, tracker: ReplayTracker, copies: StateCopies, s: Int32Array, p: number, want: number, parent: Int32Array, target: Int32Array,
): { process: number; choice: number; state: Int32Array; log: LineLog } {
  // The renamed process first (a node's watcher under the renaming of s), then the others in order.
  const r = tracker.process(p);
  let first = true;
  for (let i = 0; i < base.processCount; i++) {
    const q = i === 0 ? r : i <= r ? i - 1 : i;
    const k = base.choices(s, q);
    for (let x = 0; x < k; x++) {
      const t = copies.copy(s);
      const log = first ? new LineLog() : null;
      first = false;
      if (base.step(t, q, x, log) !== want || !tracker.matches(s, t, parent, target)) {
        copies.release(t);
        continue;
      }
      tracker.accept();
      if (log !== null) return { process: q, choice: x, state: t, log };
      // Stepped again with its log: messages are made for the step kept only.
      copies.release(t);
      const u = copies.copy(s);
      const kept = new LineLog();
      base.step(u, q, x, kept);
      return { process: q, choice: x, state: u, log: kept };
    }
  }
  throw new Error(`internal error: no transition without the symmetry reduction matches the reduced step of ${sys.processName(p)}`);
}
