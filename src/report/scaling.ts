/** The text report of a scaling search (docs/scaling.md, "The answer"; docs/docs/model.md §2.3). */
import type { ScalingResult } from '../scaling/search.js';
import { printable } from '../model/printable.js';
import { textReport } from './text.js';
import { proofLines, unprovedSentence } from './proof.js';
import { unaccountedSentence, unmodelledSummaryLines } from './unmodelled.js';

/**
 * Why a scaling search without violation is not a hold, when it is neither a setup's limit nor
 * unmodelled input: the time limit or an interruption between setups, or no proof for every
 * size (--fixpoint). Undefined otherwise.
 */
export function scalingStopSentence(r: ScalingResult): string | undefined {
  if (r.status !== 'inconclusive' || r.failing.length > 0) return undefined;
  const done = `after ${r.checked} of ${r.totalSetups} setups`;
  if (r.limit === 'aborted') return `interrupted ${done}: not a proof`;
  if (r.limit !== undefined) return `the time limit (--timeout) stopped the search ${done}: not a proof`;
  return unprovedSentence(r.proof);
}

/** `intents`: the user names of the intents checked, printed when no setup violates one. */
export function scalingReport(r: ScalingResult, verbosity: number, intents?: string[]): string {
  const lines: string[] = [];
  const head: string[] = [];
  head.push(`Scaling search: ${r.checked} of ${r.totalSetups} setups checked, smallest first (${r.states.toLocaleString('en-US')} states in all)`);
  if (r.covered) head.push(`Setups cover: ${r.covered}`);
  for (const o of r.inconclusive) head.push(`Setup #${o.index + 1} ${o.description} was not fully checked: it hit a search limit`);
  for (const n of r.notes ?? []) head.push(`Setup #${n.index + 1} ${n.description}: ${n.note.message}`);
  lines.push(...head.map(printable));
  if (r.failing.length === 0) {
    if (intents && intents.length > 0) lines.push(`Working on the intents: ${intents.join(' ')}`);
    const limited = r.inconclusive.length > 0;
    const stop = scalingStopSentence(r);
    if (limited) lines.push('No failure was found, but some setups were not fully checked: this is not a proof.');
    else if (stop) lines.push(`No failure was found in the setups checked, but ${stop}.`);
    else lines.push('No failure is found in any setup checked.');
    if (r.proof) lines.push(...proofLines(r.proof));
    lines.push('', 'Summary:');
    if (r.status === 'holds') lines.push('    No failure is found!');
    if (r.status === 'holds' && r.proof?.status === 'proved') lines.push('    Proved for every number of nodes (see above).');
    else if (limited) lines.push('    Inconclusive: some setups hit a search limit (see above).');
    else if (stop) lines.push(`    Inconclusive: ${stop}.`);
    else lines.push(`    Inconclusive: ${unaccountedSentence(r.unaccounted?.length ?? 0)}.`);
    lines.push(...unmodelledSummaryLines(r));
    lines.push(`    Elapsed time: ${Math.round(r.seconds * 100) / 100} seconds`, '');
    return lines.map(printable).join('\n');
  }
  for (const f of r.failing) {
    lines.push('===========================');
    lines.push(printable(`Failure found at scale ${f.description} (setup #${f.index + 1})`));
    lines.push(textReport(f.result, { verbosity, elapsedSeconds: r.seconds }));
  }
  return lines.join('\n');
}
