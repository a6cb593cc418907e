/**
 * The proof for every size (docs/scaling.md, "Proof for every size"): explore the abstract state
 * space of every setting (settings.ts); when none reaches a violation, the intents hold for every
 * number of nodes of the template's types.
 */
import { staticClasses } from '../../controllers/scheduler/twins.js';
import { compile } from '../../system/compile.js';
import type { ScalingOptions, ScalingTemplate } from '../types.js';
import { classFrame, SlotsExhausted } from './canonical.js';
import { exploreSetting } from './explore.js';
import { abstractSettings, nodeClasses, SATURATED, saturationThreshold } from './settings.js';
import { unsupportedFeatures } from './support.js';

export interface ProofOptions {
  /** Abstract states at most over all settings (default 1,000,000). */
  maxStates?: number;
  deadline?: number;
  /** Settings at most (default 5,000). */
  maxSettings?: number;
}

export interface ProofResult {
  /** proved: holds at every size; unsupported, blocked (an abstract violation), limit: not proved. */
  status: 'proved' | 'unsupported' | 'blocked' | 'limit';
  /** The node classes, by their types' labels. */
  classes: string[];
  /** C: from this node count on, the setups' deployments do not change with it. */
  threshold: number;
  /** The largest bound B of a saturated class (pod slots of the setting). */
  bound: number;
  settings: number;
  states: number;
  /** Why the abstraction cannot be used (unsupported). */
  reasons?: string[];
  /** The abstract path to a violation that blocks the proof (blocked). */
  blocked?: { setting: string; intent: string; path: string[] };
  /** Which limit stopped the abstract search (limit). */
  why?: string;
}

export function proveEverySize(t: ScalingTemplate, opts: ScalingOptions = {}, po: ProofOptions = {}): ProofResult {
  const classes = nodeClasses(t);
  const threshold = saturationThreshold(t, opts);
  const base = { classes: typeof classes === 'string' ? [] : classes.map((c) => c.label), threshold, bound: 0, settings: 0, states: 0 };
  if (typeof classes === 'string') return { ...base, status: 'unsupported', reasons: [classes] };
  const settings = abstractSettings(t, opts, classes, threshold);
  const maxSettings = po.maxSettings ?? 5000;
  if (settings.length > maxSettings) return { ...base, status: 'limit', settings: settings.length, why: `${settings.length} abstract settings (more than ${maxSettings})` };
  const maxStates = po.maxStates ?? 1_000_000;
  let states = 0;
  let bound = 0;
  for (let i = 0; i < settings.length; i++) {
    const st = settings[i];
    const cfg = compile(st.spec);
    const reasons = unsupportedFeatures(cfg);
    // The model's own static classes must see each class as one (its symmetry reduction and
    // canonical order rename nodes within them, docs/model.md §8.11).
    const statics = staticClasses(cfg);
    if (st.slots.some((sl) => sl.some((n) => statics[n] !== statics[sl[0]]))) reasons.push(`nodes of one class are not interchangeable in ${st.description}`);
    if (reasons.length > 0) return { ...base, status: 'unsupported', settings: settings.length, reasons };
    const saturated = st.counts.map((c) => c === SATURATED);
    if (saturated.some((x) => x)) bound = Math.max(bound, st.bound);
    const frame = classFrame(cfg, st.slots, saturated, st.bound, threshold);
    let r;
    try {
      r = exploreSetting(cfg, frame, { maxStates: maxStates - states, deadline: po.deadline });
    } catch (e) {
      if (e instanceof SlotsExhausted) return { ...base, status: 'limit', bound, settings: settings.length, states, why: `a node class ran out of slots in ${st.description} (${e.message})` };
      throw e;
    }
    states += r.states;
    if (r.kind === 'violation') return { ...base, status: 'blocked', bound, settings: settings.length, states, blocked: { setting: st.description, intent: r.intent, path: r.path } };
    if (r.kind === 'limit') return { ...base, status: 'limit', bound, settings: settings.length, states, why: r.why.startsWith('more than') ? `more than ${maxStates.toLocaleString('en-US')} abstract states` : r.why };
  }
  return { ...base, status: 'proved', bound, settings: settings.length, states };
}
