/** The built-in cases (docs/model.md §15): `-c c1` … `-c c8`. */
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
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
  if (typeof id !== 'string') throw new InputError(`expected a case id (${CASE_IDS.join(', ')}), got ${id === null ? 'null' : typeof id}`, undefined, '--case');
  const scale = opts?.scale ?? 3;
  const key = id.toLowerCase();
  if (!(CASE_IDS as readonly string[]).includes(key)) {
    throw new InputError(`unknown case "${id}"; the built-in cases are ${CASE_IDS.join(', ')}`, undefined, '--case');
  }
  const build = builders[key];
  if (!build) throw new InputError(`case ${key} is not available in this version of kivi yet (only ${Object.keys(builders).join(', ')})`, undefined, '--case');
  if (!Number.isInteger(scale) || scale < 1) throw new InputError(`must be an integer >= 1, got ${scale}`, undefined, '--scale');
  return build(scale, opts?.nonViolation === true);
}

/**
 * The runs of a built-in case where branching on every scheduler tie outgrows the search's
 * memory or time (docs/model.md §8.2.4): pods tie between nodes that hold different pods, and the
 * states are too many even with the symmetry reduction (§8.11; c1 at 50: pods of two CPU usages
 * spread over the nodes). The
 * tests and the bench give these runs the profile option `ties: 'lowest'`; the CLI never does
 * (it searches again with it after a limit, checkCluster). Both variants are alike today (c6
 * `-cn` left the list when maintenance took the reduction); the variant stays a parameter.
 */
export function tiesTooLarge(id: string, scale: number, _nonViolation: boolean): boolean {
  switch (id.toLowerCase()) {
    case 'c1':
      return scale >= 50;
    default:
      return false;
  }
}
