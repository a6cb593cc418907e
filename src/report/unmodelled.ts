/**
 * What the input holds that kivi does not model, as the reports list it (docs/inputs.md, "What
 * kivi does not model"): the features that touch the checked cluster one a line, the others
 * counted.
 */
import type { InputWarning } from '../model/cluster.js';
import { printable } from '../model/printable.js';

/** How many features the text Summary lists before it says "and N more". */
export const SUMMARY_LIST = 10;

/** `file:line: object: field: message`. */
export function warningText(w: InputWarning): string {
  const place = w.file !== undefined ? (w.line !== undefined ? `${w.file}:${w.line}` : w.file) : undefined;
  return printable([place, w.object, w.field, w.message].filter((p) => p !== undefined && p !== '').join(': '));
}

export interface Unmodelled {
  unmodelled?: InputWarning[];
  unaccounted?: InputWarning[];
}

/** The sentence an inconclusive hold is explained with. */
export function unaccountedSentence(n: number): string {
  return `the intents hold in the model, but kivi does not model ${n} feature(s) of the input that touch the checked workloads or nodes; pass --allow-unmodelled to accept the hold`;
}

/** The Summary's lines about the unmodelled features (none when the input has none). */
export function unmodelledSummaryLines(r: Unmodelled): string[] {
  const all = r.unmodelled ?? [];
  if (all.length === 0) return [];
  const affecting = all.filter((w) => w.affectsCheck);
  const lines: string[] = [];
  if (affecting.length > 0) {
    lines.push(`    Not modelled, touching the checked cluster (${affecting.length}):`);
    for (const w of affecting.slice(0, SUMMARY_LIST)) lines.push(`      ${warningText(w)}`);
    if (affecting.length > SUMMARY_LIST) lines.push(`      … and ${affecting.length - SUMMARY_LIST} more (see the warnings on standard error)`);
  }
  const rest = all.length - affecting.length;
  if (rest > 0) lines.push(`    Not modelled, not touching the checked cluster: ${rest} (see the warnings on standard error)`);
  return lines;
}
