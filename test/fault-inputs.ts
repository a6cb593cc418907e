/**
 * Generators of the fault suite's inputs (test/fault-suite.test.ts): the layouts kivi reads (a
 * configuration folder with -o and with the scaling search, manifests with --cluster, manifests
 * on standard input, kubectl output), a table of values the Kubernetes API (or kivi's profile)
 * rejects, field by field, and random damage to any file.
 */
import fc from 'fast-check';
import { configBase, inputsBase, logsBase, render, type BaseFile } from './fault-bases.js';
import type { FaultInput } from './fault-harness.js';

export type Layout = 'config' | 'scale' | 'inputs' | 'stdin' | 'logs';

/** The files a target names: `web`, `cluster` and `policies` manifests, the `profile`, the `intents`, or a kubectl output file. */
export type Target = 'web' | 'cluster' | 'policies' | 'profile' | 'intents' | `logs:${string}`;

const CONFIG_FILES: Record<string, string> = { web: 'yaml/web.yaml', cluster: 'yaml/cluster.yaml', policies: 'yaml/policies.yaml', profile: 'user_input/cluster_configs.json', intents: 'user_input/intents.json' };
const INPUT_FILES: Record<string, string> = { web: 'app/web.yaml', cluster: 'app/cluster.yaml', policies: 'app/policies.yaml', profile: 'cluster.yaml', intents: 'cluster.yaml' };

/** The layouts a target can be broken in. */
export function layoutsOf(target: Target): Layout[] {
  if (target.startsWith('logs:')) return ['logs'];
  if (target === 'profile') return ['config', 'scale', 'inputs'];
  if (target === 'intents') return ['config', 'inputs'];
  return ['config', 'scale', 'inputs', 'stdin'];
}

function baseOf(layout: Layout): BaseFile[] {
  // A deep copy: the bases share objects (the pod spec, the intents) that an edit must not change.
  return structuredClone(layout === 'logs' ? logsBase() : layout === 'config' || layout === 'scale' ? configBase() : inputsBase());
}

/** The file a target is in, and the path of its value inside that file's value. */
function locate(layout: Layout, target: Target): { rel: string; prefix: (string | number)[] } {
  if (target.startsWith('logs:')) return { rel: target.slice(5), prefix: [] };
  if (layout === 'config' || layout === 'scale') return { rel: CONFIG_FILES[target], prefix: [] };
  return { rel: INPUT_FILES[target], prefix: target === 'intents' ? ['intents'] : [] };
}

const argvOf: Record<Layout, string[]> = {
  config: ['-p', '$DIR', '-o'],
  scale: ['-p', '$DIR', '--workers', '1'],
  inputs: ['check', '$DIR/app', '--cluster', '$DIR/cluster.yaml'],
  stdin: ['check', '-', '--cluster', '$DIR/cluster.yaml'],
  logs: ['-p', '$DIR', '-log'],
};

export const DELETE = Symbol('delete');

/** Sets (or deletes) the value at `path`; false when the path does not exist. */
export function setPath(root: unknown, path: readonly (string | number)[], value: unknown): boolean {
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return false;
    cur = cur[k] as Record<string | number, unknown>;
  }
  if (cur === null || typeof cur !== 'object') return false;
  const last = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = structuredClone(value);
  return true;
}

/** The input of a layout after `change` edited its files' values; standard input gets the manifests. */
export function inputOf(layout: Layout, change: (files: BaseFile[]) => void, extraArgs: string[] = []): FaultInput {
  const files = baseOf(layout);
  change(files);
  const rendered = files.map((f) => ({ rel: f.rel, text: render(f) }));
  const argv = [...argvOf[layout], ...extraArgs];
  if (layout !== 'stdin') return { files: rendered, argv };
  const manifests = rendered.filter((f) => f.rel.startsWith('app/'));
  return { files: rendered.filter((f) => !f.rel.startsWith('app/')), argv, stdin: manifests.map((f) => f.text).join('\n') };
}

/** Edits one field of a target: `doc` is the document's index in a file of documents. */
export function editField(layout: Layout, target: Target, doc: number | undefined, path: (string | number)[], value: unknown): FaultInput & { file: string } {
  const { rel, prefix } = locate(layout, target);
  const input = inputOf(layout, (files) => {
    const f = files.find((x) => x.rel === rel)!;
    const full = [...(doc !== undefined ? [doc] : []), ...prefix, ...path];
    if (!setPath(f.value, full, value)) throw new Error(`fault suite: no ${full.join('.')} in ${rel}`);
  });
  return { ...input, file: layout === 'stdin' && rel.startsWith('app/') ? '<stdin>' : rel };
}

// ---------------------------------------------------------------------------------------------
// Random damage

/** Names that are properties of every object: a lookup table indexed by input must not find them. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];

/** Values of every type, small numbers (a count of 10^9 nodes is its own test), and the names above. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -3, max: 20 }),
    fc.constantFrom(0, -0, 1.5, -1, Number.NaN, 1e308, 2 ** 31, 2 ** 53 + 1),
    fc.string({ maxLength: 10 }),
    fc.constantFrom('', '100m', '25%', '-1', '1e3', 'NaN', 'Infinity', 'web', 'In', 'Exists', 'NoSchedule', 'x\n::error file=e::x', '\u001b[2J', ...PROTO_NAMES),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('name', 'kind', 'cpu', 'key', 'value', 'matchLabels', ...PROTO_NAMES), tie('value'), { maxKeys: 3 }),
  ),
})).value;

type Path = (string | number)[];

/** Every path into a JSON-like value (its own keys and indexes), outermost first. */
export function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

export type Damage =
  | { kind: 'set'; file: number; at: number; value: unknown }
  | { kind: 'delete'; file: number; at: number }
  | { kind: 'truncate'; file: number; fraction: number }
  | { kind: 'text'; file: number; text: string }
  | { kind: 'remove'; file: number };

export const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), file: fc.nat(), at: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), file: fc.nat(), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), file: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), file: fc.nat() }) },
);

/** A layout's input with some damage applied (values first, then text). */
export function damaged(layout: Layout, ds: Damage[]): FaultInput {
  const input = inputOf(layout, (files) => {
    for (const d of ds) {
      if (d.kind !== 'set' && d.kind !== 'delete') continue;
      const f = files[d.file % files.length];
      const all = paths(f.value);
      if (all.length > 0) setPath(f.value, all[d.at % all.length], d.kind === 'set' ? d.value : DELETE);
    }
  });
  for (const d of ds) {
    if (d.kind === 'set' || d.kind === 'delete' || input.files.length === 0) continue;
    const i = d.file % input.files.length;
    const text = String(input.files[i].text);
    if (d.kind === 'remove') input.files.splice(i, 1);
    else input.files[i] = { rel: input.files[i].rel, text: d.kind === 'truncate' ? text.slice(0, Math.floor(text.length * d.fraction)) : d.text };
  }
  return input;
}
