/**
 * What the library's entry points (`check`, `checkCluster`, `findLoop`, `scalingSearch`) are
 * given, checked before any work: a wrong argument is an InputError naming the call and the
 * option (the CLI maps it to exit 2), never a TypeError from deep inside, and never an option
 * silently ignored (a NaN limit, an unknown strategy). docs/reliability.md, "Library calls".
 */
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import type { SearchOptions } from '../checker/result.js';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'undefined' || typeof v === 'bigint') return String(v);
  return `a ${typeof v}`;
}

/** The lists every ClusterSpec has (docs/api.md): anything else is not a cluster. */
const SPEC_LISTS = ['nodes', 'podTemplates', 'deployments', 'events', 'intents'] as const;

/** `spec` is a ClusterSpec at least in its shape (the compiler checks the rest, field by field). */
export function requireClusterSpec(spec: unknown, call: string): asserts spec is ClusterSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InputError(`expected a cluster (loadCase, loadConfigFolder or loadLogs returns one), got ${describe(spec)}`, call, 'cluster');
  }
  const s = spec as Record<string, unknown>;
  for (const key of SPEC_LISTS) {
    if (!Array.isArray(s[key])) throw new InputError(`must be an array, got ${describe(s[key])}`, call, `cluster.${key}`);
  }
  if (s.pods !== undefined && !Array.isArray(s.pods)) throw new InputError(`must be an array, got ${describe(s.pods)}`, call, 'cluster.pods');
}

/** A search option, or the model's `interleaving` (CheckOptions). */
type Rule = [key: keyof SearchOptions | 'interleaving', ok: (v: unknown) => boolean, expected: string];

const isCount = (min: number) => (v: unknown): boolean => typeof v === 'number' && (v === Number.POSITIVE_INFINITY || (Number.isSafeInteger(v) && v >= min));
const isNonNegative = (v: unknown): boolean => typeof v === 'number' && !Number.isNaN(v) && v >= 0;

const RULES: Rule[] = [
  ['strategy', (v) => v === 'bfs' || v === 'dfs', '"bfs" or "dfs"'],
  ['maxStates', isCount(1), 'an integer >= 1'],
  ['maxDepth', isCount(0), 'an integer >= 0'],
  ['timeLimitMs', isNonNegative, 'a number of milliseconds >= 0'],
  ['deadline', (v) => typeof v === 'number' && !Number.isNaN(v), 'a time in Date.now() milliseconds'],
  ['maxMemoryBytes', (v) => typeof v === 'number' && !Number.isNaN(v) && v > 0, 'a number of bytes > 0'],
  ['seed', (v) => typeof v === 'number' && Number.isSafeInteger(v), 'an integer'],
  ['stopAtFirst', (v) => typeof v === 'boolean', 'true or false'],
  ['reduction', (v) => typeof v === 'boolean', 'true or false'],
  ['interleaving', (v) => v === 'coarse' || v === 'fine', '"coarse" or "fine"'],
  ['signal', (v) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean', 'an AbortSignal'],
  ['stopFlag', (v) => v instanceof Int32Array && v.length > 0, 'an Int32Array over a SharedArrayBuffer'],
  ['onNewState', (v) => typeof v === 'function', 'a function'],
];

/** The search options: an object whose limits are numbers in range and whose strategy is known. */
export function requireSearchOptions(opts: unknown, call: string): asserts opts is SearchOptions {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw new InputError(`expected an object of options, got ${describe(opts)}`, call, 'options');
  const o = opts as Record<string, unknown>;
  for (const [key, ok, expected] of RULES) {
    if (o[key] !== undefined && !ok(o[key])) throw new InputError(`must be ${expected}, got ${describe(o[key])}`, call, `options.${key}`);
  }
}
