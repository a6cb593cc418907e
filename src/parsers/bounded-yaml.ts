/**
 * YAML and JSON parsing with limits that hold before anything walks the result
 * (docs/reliability.md, "Bounded parsing"):
 *
 * - aliases: js-yaml shares an anchored node among its aliases, so a 500-byte "billion laughs"
 *   file parses to a small graph that any walk (flattening, JSON.stringify, the loaders)
 *   expands to billions of nodes. While parsing, each collection's expanded size is computed
 *   from its children's (a listener on every node js-yaml closes), and parsing stops as soon as
 *   a file's expanded size passes MAX_EXPANDED_NODES: a bomb is an input error in milliseconds;
 * - documents: at most MAX_DOCUMENTS per file;
 * - nesting: js-yaml's own maxDepth (MAX_DEPTH), and a stack overflow is an input error;
 * - duplicate keys: an error naming both lines (YAML 1.2 requires unique keys; kubectl rejects
 *   them too), where js-yaml's `json` mode let the last one win silently.
 */
import yaml from 'js-yaml';
import { InputError } from '../model/errors.js';

/** Expanded nodes per file (aliases counted as often as they are used); a string counts 1 per 64 characters more. */
export const MAX_EXPANDED_NODES = 5_000_000;
export const MAX_DOCUMENTS = 10_000;
export const MAX_DEPTH = 100;

/** js-yaml's loader state, as far as the listener reads it. */
interface LoaderState {
  result: unknown;
  /** Nesting of the node being closed: 1 for a document's root. */
  depth: number;
}

function weightOf(v: unknown, weights: WeakMap<object, number>): number {
  if (typeof v === 'string') return 1 + (v.length >> 6);
  if (typeof v === 'object' && v !== null) return weights.get(v) ?? 1;
  return 1;
}

/**
 * The listener that sizes each collection as js-yaml closes it (its children are closed and
 * sized by then; an alias is its anchor's node, already sized), adds each document's size to
 * the file's, and stops past the limit.
 */
function expansionGuard(file: string): (event: string, state: LoaderState) => void {
  const weights = new WeakMap<object, number>();
  let total = 0;
  const tooLarge = (): InputError =>
    new InputError(`too large once its aliases are expanded (more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes): an alias bomb?`, undefined, undefined, file);
  return (event, state) => {
    if (event !== 'close') return;
    const v = state.result;
    if (typeof v === 'object' && v !== null && !weights.has(v)) {
      let w = 1;
      for (const child of Array.isArray(v) ? v : Object.values(v)) {
        w += weightOf(child, weights);
        if (w > MAX_EXPANDED_NODES) throw tooLarge();
      }
      weights.set(v, w);
    }
    if (state.depth === 1) {
      total += weightOf(v, weights);
      if (total > MAX_EXPANDED_NODES) throw tooLarge();
    }
  };
}

/** The raw text of the mapping key that starts at `at` (quoted or plain). */
function keyToken(text: string, at: number): string | undefined {
  const q = text[at];
  if (q === '"' || q === "'") {
    const end = text.indexOf(q, at + 1);
    return end < 0 ? undefined : text.slice(at, end + 1);
  }
  const m = /^[^\n:,{}[\]]+?(?=\s*:)/.exec(text.slice(at, at + 1024));
  return m ? m[0] : undefined;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The 1-based line of the first occurrence of the key duplicated at (line, column): in block
 * style the nearest line above at the same column (or after a `- `) in the same mapping; in
 * flow style the nearest occurrence before it.
 */
export function firstKeyLine(text: string, line: number, column: number, position: number): number | undefined {
  const key = keyToken(text, position);
  if (key === undefined) return undefined;
  const lines = text.split('\n');
  const prefix = (lines[line] ?? '').slice(0, column);
  const re = new RegExp(`^${escapeRe(key)}\\s*:`);
  if (/^\s*(-\s+)*$/.test(prefix)) {
    for (let i = line - 1; i >= 0; i--) {
      const l = lines[i];
      if (/^\s*(#.*)?$/.test(l)) continue;
      const lead = l.slice(0, column);
      if (/^\s*(-\s+)*$/.test(lead) && re.test(l.slice(column))) return i + 1;
      const indent = /^\s*/.exec(l)![0].length;
      if (indent < column) return undefined; // left the mapping
    }
    return undefined;
  }
  const before = text.slice(0, position);
  const found = [...before.matchAll(new RegExp(`${escapeRe(key)}\\s*:`, 'g'))].pop();
  return found?.index === undefined ? undefined : before.slice(0, found.index).split('\n').length;
}

function yamlError(e: InstanceType<typeof yaml.YAMLException>, text: string, file: string): InputError {
  const mark = e.mark;
  const line = mark ? mark.line + 1 : undefined;
  if (e.reason === 'duplicated mapping key' && mark) {
    const first = firstKeyLine(text, mark.line, mark.column, mark.position);
    const token = keyToken(text, mark.position) ?? '?';
    const key = /^["']/.test(token) ? token : JSON.stringify(token);
    return new InputError(`duplicate key ${key} in one mapping: line ${line}${first !== undefined ? `, first at line ${first}` : ''}`, undefined, undefined, file);
  }
  // An unrendered Helm chart's template (`{{ .Values.x }}`) is not YAML yet: say what to do.
  const template = /\{\{[^\n]*\}\}/.test(text) ? '; the file holds {{ … }}, a Helm or Go template: render it first (helm template NAME CHART | kivi check -)' : '';
  return new InputError(`${e.reason || 'invalid YAML'}${line ? ` (line ${line})` : ''}${template}`, undefined, undefined, file);
}

/**
 * Parses `text` (every document with `multi`, else exactly one) within the limits above;
 * throws an InputError naming the file.
 */
export function loadYaml(text: string, file: string, multi: boolean): unknown[] {
  const options = { filename: file, json: false, maxDepth: MAX_DEPTH, listener: expansionGuard(file) } as unknown as yaml.LoadOptions;
  try {
    if (!multi) return [yaml.load(text, options)];
    const docs: unknown[] = [];
    yaml.loadAll(
      text,
      (doc) => {
        if (docs.length >= MAX_DOCUMENTS) throw new InputError(`more than ${MAX_DOCUMENTS.toLocaleString('en-US')} YAML documents in one file`, undefined, undefined, file);
        docs.push(doc);
      },
      options,
    );
    return docs;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (e instanceof yaml.YAMLException) throw yamlError(e, text, file);
    // A nesting deeper than the stack (before js-yaml's own depth check).
    if (e instanceof RangeError) throw new InputError('nested too deeply to read', undefined, undefined, file);
    throw e;
  }
}
