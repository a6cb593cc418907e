/**
 * The abstract search of one setting (docs/scaling.md, "Proof for every size"): breadth-first over
 * canonical forms of the representative cluster's states, every transition of the model applied
 * to each, each successor replaced by its canonical forms (canonical.ts) and then by the model's
 * canonical form under renaming nodes and pod slots (docs/model.md §8.11). States are kept as
 * 64-bit fingerprints, as the concrete search keeps them.
 */
import { createFingerprinter } from '../../checker/fingerprint.js';
import { FingerprintSet } from '../../checker/fingerprint-set.js';
import { intentByCode, DEADLOCK_BASE } from '../../intents/catalog.js';
import type { CompiledCluster } from '../../model/config.js';
import { KiviModel } from '../../system/kivi-model.js';
import { canonicalForms, type ClassFrame, pristineCounts } from './canonical.js';

export interface AbstractLimits {
  /** Abstract states at most, over all settings (shared budget). */
  maxStates: number;
  deadline?: number;
  /**
   * Tests (the simulation relation): go on after a violation, as the concrete search does for
   * intents it does not pursue, and fill this set with every abstract state reached.
   */
  keepGoing?: FingerprintSet;
}

export type ExploreResult =
  | { kind: 'holds'; states: number; transitions: number }
  | { kind: 'violation'; states: number; transitions: number; intent: string; path: string[] }
  | { kind: 'limit'; states: number; transitions: number; why: string };

/** The user name of a violation code, or the stuck process of an invalid end state. */
function codeName(model: KiviModel, code: number): string {
  if (code >= DEADLOCK_BASE) return `invalid end state (${model.processName(code - DEADLOCK_BASE)} stuck)`;
  return intentByCode(code)?.user ?? `code ${code}`;
}

export function exploreSetting(cfg: CompiledCluster, frame: ClassFrame, budget: AbstractLimits): ExploreResult {
  const model = new KiviModel(cfg);
  const fp = createFingerprinter(cfg.layout.words);
  const seen = budget.keepGoing ?? new FingerprintSet();
  let first: ExploreResult | undefined;
  // Parents for the path that blocks a proof: per state id, its parent id and the action's process.
  const parent: number[] = [];
  const via: number[] = [];
  let frontier: Array<{ s: Int32Array; id: number }> = [];
  let transitions = 0;
  const add = (s: Int32Array, from: number, p: number): void => {
    // The model's own reduction (docs/model.md §8.11): renamed nodes of one class and renamed
    // pod slots are one state, also after canonicalForms rearranged a class's nodes.
    model.reduce(s);
    fp.hash(s);
    if (!seen.add(fp.hi, fp.lo)) return;
    parent.push(from);
    via.push(p);
    frontier.push({ s, id: parent.length - 1 });
  };
  const pathTo = (id: number, last: number): string[] => {
    const out: string[] = [model.processName(last)];
    for (let i = id; i >= 0 && parent[i] >= 0; i = parent[i]) out.push(model.processName(via[i]));
    return out.reverse();
  };
  for (const s of canonicalForms(cfg, frame, model.initialState(), null)) add(s, -1, -1);
  while (frontier.length > 0) {
    const level = frontier;
    frontier = [];
    for (const { s, id } of level) {
      if (seen.size > budget.maxStates) return { kind: 'limit', states: seen.size, transitions, why: `more than ${budget.maxStates.toLocaleString('en-US')} abstract states` };
      if (budget.deadline !== undefined && Date.now() > budget.deadline) return { kind: 'limit', states: seen.size, transitions, why: 'the time limit' };
      const before = pristineCounts(cfg, frame, s);
      let moved = false;
      for (let p = 0; p < model.processCount; p++) {
        const k = model.choices(s, p);
        for (let c = 0; c < k; c++) {
          const t = s.slice();
          const code = model.step(t, p, c, null);
          transitions++;
          moved = true;
          if (code !== 0) {
            // The violating transition ends that execution: its state is not explored further.
            first ??= { kind: 'violation', states: seen.size, transitions, intent: codeName(model, code), path: pathTo(id, p) };
            if (budget.keepGoing) continue;
            return first;
          }
          for (const v of canonicalForms(cfg, frame, t, before)) add(v, id, p);
        }
      }
      if (!moved) {
        const code = model.endState(s);
        if (code !== 0) {
          first ??= { kind: 'violation', states: seen.size, transitions, intent: codeName(model, code), path: pathTo(id, -1).slice(0, -1) };
          if (!budget.keepGoing) return first;
        }
      }
    }
  }
  return first ?? { kind: 'holds', states: seen.size, transitions };
}
