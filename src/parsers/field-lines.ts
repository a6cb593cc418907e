/**
 * The line of a warned field inside its object's document, for messages: a line-based walk,
 * not a YAML parser. Each key of the field path (`spec.template.spec.priorityClassName`) is
 * looked for, in order, on a later line of the document (`key:` in YAML, `"key":` in JSON); list
 * indices are skipped, so a field of the second container may point at the first container's
 * key of that name. A key not found ends the walk at the last one found: the line is never
 * before the document's start and never past its end.
 */
import { readFileSync } from 'node:fs';
import type { SourceObject } from './documents.js';
import type { InputWarning } from './warnings.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line of `field` in `lines` between `start` and `end` (both 1-based, inclusive). */
export function fieldLine(lines: readonly string[], start: number, end: number, field: string): number {
  let at = start;
  let from = start - 1;
  for (const key of field.split('.').map((k) => k.replace(/\[\d+\]$/, '')).filter((k) => k !== '')) {
    const re = new RegExp(`^\\s*(?:-\\s+)?["']?${escapeRe(key)}["']?\\s*:`);
    let found = -1;
    for (let i = from; i < Math.min(end, lines.length); i++) {
      if (re.test(lines[i])) {
        found = i;
        break;
      }
    }
    if (found < 0) break;
    at = found + 1;
    from = found + 1;
  }
  return at;
}

/**
 * Moves each warning of these objects that names a field from its document's first line to the
 * field's line; a warning about a whole object of a kind kivi does not model goes to its
 * `kind:` line. Objects that share a document (the items of a `kind: List`) are left alone.
 */
export function refineFieldLines(objects: readonly SourceObject[], warnings: readonly InputWarning[]): void {
  const starts = new Map<string, number[]>();
  const shared = new Set<string>();
  for (const o of objects) {
    const list = starts.get(o.file) ?? [];
    if (list.includes(o.line)) shared.add(`${o.file}\u0000${o.line}`);
    else list.push(o.line);
    starts.set(o.file, list);
  }
  const texts = new Map<string, string[]>();
  for (const w of warnings) {
    const field = w.field ?? (w.object === undefined && w.message.startsWith('kind ') ? 'kind' : undefined);
    if (w.file === undefined || w.line === undefined || field === undefined) continue;
    const docs = starts.get(w.file);
    if (!docs || !docs.includes(w.line) || shared.has(`${w.file}\u0000${w.line}`)) continue;
    let lines = texts.get(w.file);
    if (!lines) {
      try {
        lines = readFileSync(w.file, 'utf8').split('\n');
      } catch {
        continue;
      }
      texts.set(w.file, lines);
    }
    const next = docs.filter((l) => l > w.line!).sort((a, b) => a - b)[0];
    w.line = fieldLine(lines, w.line, next === undefined ? lines.length : next - 1, field);
  }
}
