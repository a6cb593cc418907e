/** The built-in cases (`cases-and-inputs.md` §3): `-c c1` … `-c c8`. */
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { type Bounds, templateFromSpec } from '../scaling/from-spec.js';
import type { ScalingTemplate } from '../scaling/types.js';
import { c1 } from './c1.js';
import { c2 } from './c2.js';
import { c3 } from './c3.js';
import { c4 } from './c4.js';
import { c5 } from './c5.js';
import { c6 } from './c6.js';
import { c7 } from './c7.js';
import { c8 } from './c8.js';

export const CASE_IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'] as const;

const builders: Record<string, (scale: number, nonViolation: boolean) => ClusterSpec> = { c1, c2, c3, c4, c5, c6, c7, c8 };

export interface CaseOptions {
  /** The generator's `n` (`-s`), usually the number of nodes. Default 3. */
  scale?: number;
  /** The non-violating variant (`-cn`). */
  nonViolation?: boolean;
}

export function loadCase(id: string, opts: CaseOptions = {}): ClusterSpec {
  const scale = opts.scale ?? 3;
  const key = id.toLowerCase();
  if (!(CASE_IDS as readonly string[]).includes(key)) {
    throw new InputError(`unknown case "${id}"; the built-in cases are ${CASE_IDS.join(', ')}`, undefined, '--case');
  }
  const build = builders[key];
  if (!build) throw new InputError(`case ${key} is not available in this version of kivi yet (only ${Object.keys(builders).join(', ')})`, undefined, '--case');
  if (!Number.isInteger(scale) || scale < 1) throw new InputError(`must be an integer >= 1, got ${scale}`, undefined, '--scale');
  return build(scale, opts.nonViolation ?? false);
}

/**
 * The scaling bounds of a built-in case (`cases-and-inputs.md` §3.9, the "free" table): nodes
 * per type 0..scale (c4, c6: 2..scale; c5: 1..scale), replicas 0..8·scale, HPA factor 2, and
 * at most 7 pods per node on average (c4, c6: 4).
 */
export function caseBounds(id: string, scale: number): Bounds {
  const key = id.toLowerCase();
  const nodeMin = key === 'c4' || key === 'c6' ? 2 : key === 'c5' ? 1 : 0;
  const maxPodPerNode = key === 'c4' || key === 'c6' ? 4 : 7;
  return { nodeMin, nodeMax: scale, deploymentMin: 0, deploymentMax: 8 * scale, hpaFactor: 2, maxPodPerNode };
}

/** A built-in case as node and deployment types, for the scaling search. */
export function caseScalingTemplate(id: string, opts: CaseOptions = {}): ScalingTemplate {
  const spec = loadCase(id, opts);
  return templateFromSpec(spec, caseBounds(id, opts.scale ?? 3));
}
