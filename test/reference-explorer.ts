/**
 * A deliberately naive breadth-first explorer, the oracle for src/checker/search.ts. Written
 * for clarity, not speed: states are plain number[] copies, the visited set is a Map keyed by
 * JSON.stringify(state), the queue is a plain array and parent links are objects. It uses the
 * model only through the TransitionSystem interface and follows search.ts's semantics:
 *
 * - a state is marked visited when it is first generated;
 * - states are expanded first in, first out; expanding a state tries every process p in order
 *   and every choice c < choices(s, p); a successor already visited is skipped;
 * - a nonzero step code is a violation of that code, reached by the path to the expanded state
 *   plus [p, c]. It is recorded unless the code already has a violation; the violating
 *   successor is never stored or expanded, and the search goes on;
 * - a state with no enabled action at all is checked with endState; a nonzero code is a
 *   violation (deadlock) reached by the path to that state, recorded likewise;
 * - the search stops early once every code in sys.propertyCodes has a recorded violation (or
 *   at the first violation with stopAtFirst). Other codes are recorded but do not keep the
 *   search going.
 */
import type { TransitionSystem } from '../src/checker/transition-system.js';

export interface ReferenceViolation {
  code: number;
  /** The counterexample, as [process, choice] actions. */
  path: Array<[number, number]>;
}

export interface ReferenceResult {
  status: 'holds' | 'violated';
  /** At most one per code, in the order they were found. */
  violations: ReferenceViolation[];
  /** The search ended before exhausting the state space (every property violated, or stopAtFirst). */
  stoppedEarly: boolean;
  /** Distinct states visited. */
  states: number;
  /** Successors computed, including violating ones and ones already visited. */
  transitions: number;
  /** Deepest state visited, in actions from the initial state. */
  depth: number;
}

export interface ReferenceOptions {
  /** Throw once more than this many distinct states would be stored. */
  maxStates?: number;
  /** Stop at the first violation of any code. */
  stopAtFirst?: boolean;
}

interface Visited {
  state: number[];
  depth: number;
  parent: Visited | null;
  /** The action that led here from `parent`. */
  action: [number, number] | null;
}

function pathTo(node: Visited): Array<[number, number]> {
  const path: Array<[number, number]> = [];
  for (let n: Visited | null = node; n !== null && n.action !== null; n = n.parent) path.unshift(n.action);
  return path;
}

export function referenceExplore(sys: TransitionSystem, opts: ReferenceOptions = {}): ReferenceResult {
  const maxStates = opts.maxStates ?? 1_000_000;
  const stopAtFirst = opts.stopAtFirst ?? false;
  const key = (state: number[]): string => JSON.stringify(state);
  // The model sees a fresh Int32Array every time, so the stored number[] states never change.
  const view = (state: number[]): Int32Array => Int32Array.from(state);

  const initial: Visited = { state: Array.from(sys.initialState()), depth: 0, parent: null, action: null };
  const visited = new Map<string, Visited>([[key(initial.state), initial]]);
  const queue: Visited[] = [initial];
  const violations: ReferenceViolation[] = [];
  let transitions = 0;
  let depth = 0;
  const pursued = new Set(sys.propertyCodes);
  const hasCode = (code: number): boolean => violations.some((v) => v.code === code);
  /** Records a violation unless its code has one already; true when the search should stop. */
  const record = (code: number, path: Array<[number, number]>): boolean => {
    if (hasCode(code)) return false;
    violations.push({ code, path });
    return stopAtFirst || [...pursued].every(hasCode);
  };
  const result = (stoppedEarly: boolean): ReferenceResult => ({
    status: violations.length > 0 ? 'violated' : 'holds',
    violations,
    stoppedEarly,
    states: visited.size,
    transitions,
    depth,
  });

  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    let enabled = 0;
    for (let p = 0; p < sys.processCount; p++) {
      const k = sys.choices(view(node.state), p);
      for (let c = 0; c < k; c++) {
        enabled++;
        const next = view(node.state);
        const code = sys.step(next, p, c, null);
        transitions++;
        if (code !== 0) {
          if (record(code, [...pathTo(node), [p, c]])) return result(true);
          continue; // the violating successor ends its execution
        }
        const child: Visited = { state: Array.from(next), depth: node.depth + 1, parent: node, action: [p, c] };
        if (visited.has(key(child.state))) continue;
        if (visited.size >= maxStates) throw new Error(`reference explorer: more than ${maxStates} states`);
        visited.set(key(child.state), child);
        queue.push(child);
        depth = Math.max(depth, child.depth);
      }
    }
    if (enabled === 0) {
      const code = sys.endState(view(node.state));
      if (code !== 0 && record(code, pathTo(node))) return result(true);
    }
  }
  return result(false);
}
