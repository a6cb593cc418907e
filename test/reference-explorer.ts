/**
 * A deliberately naive breadth-first explorer, the oracle for src/checker/search.ts. Written
 * for clarity, not speed: states are plain number[] copies, the visited set is a Map keyed by
 * JSON.stringify(state), the queue is a plain array and parent links are objects. It uses the
 * model only through the TransitionSystem interface and follows search.ts's semantics:
 *
 * - a state is marked visited when it is first generated;
 * - expanding a state tries every process p in order and every choice c < choices(s, p);
 *   a nonzero step code is a violation reached in depth + 1 steps (the first one in BFS order);
 * - a state with no enabled action at all is checked with endState; a nonzero code is a
 *   violation (deadlock) reached in depth steps.
 */
import type { TransitionSystem } from '../src/checker/transition-system.js';

export interface ReferenceResult {
  status: 'holds' | 'violated';
  /** Violation code (0 when the system holds). */
  code: number;
  /** Number of actions in the counterexample (0 when the system holds). */
  pathLength: number;
  /** The counterexample itself, as [process, choice] actions. */
  path: Array<[number, number]>;
  /** Distinct states visited. */
  states: number;
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

export function referenceExplore(sys: TransitionSystem, maxStates = 1_000_000): ReferenceResult {
  const key = (state: number[]): string => JSON.stringify(state);
  // The model sees a fresh Int32Array every time, so the stored number[] states never change.
  const view = (state: number[]): Int32Array => Int32Array.from(state);

  const initial: Visited = { state: Array.from(sys.initialState()), depth: 0, parent: null, action: null };
  const visited = new Map<string, Visited>([[key(initial.state), initial]]);
  const queue: Visited[] = [initial];
  const violated = (code: number, path: Array<[number, number]>): ReferenceResult =>
    ({ status: 'violated', code, pathLength: path.length, path, states: visited.size });

  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    let enabled = 0;
    for (let p = 0; p < sys.processCount; p++) {
      const k = sys.choices(view(node.state), p);
      for (let c = 0; c < k; c++) {
        enabled++;
        const next = view(node.state);
        const code = sys.step(next, p, c, null);
        if (code !== 0) return violated(code, [...pathTo(node), [p, c]]);
        const child: Visited = { state: Array.from(next), depth: node.depth + 1, parent: node, action: [p, c] };
        if (visited.has(key(child.state))) continue;
        if (visited.size >= maxStates) throw new Error(`reference explorer: more than ${maxStates} states`);
        visited.set(key(child.state), child);
        queue.push(child);
      }
    }
    if (enabled === 0) {
      const code = sys.endState(view(node.state));
      if (code !== 0) return violated(code, pathTo(node));
    }
  }
  return { status: 'holds', code: 0, pathLength: 0, path: [], states: visited.size };
}
