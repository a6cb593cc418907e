/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…,title=…::…`), at
 * most 10 and the user's intents first (GitHub shows 10 errors per step), plus a Markdown step
 * summary with every counterexample in full, appended to $GITHUB_STEP_SUMMARY when it is set.
 */
import type { CheckResult, Failure } from '../check.js';
import type { ClusterSpec, InputWarning } from '../model/cluster.js';
import { printable } from '../model/printable.js';
import { locateFailure } from './locate.js';
import { counterexampleLines } from './text.js';
import { capacityProofSentence } from './capacity.js';
import { unaccountedSentence } from './unmodelled.js';

export const MAX_ANNOTATIONS = 10;

/** Workflow-command escaping: data escapes % CR LF; property values also : and ,. */
export function escData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escProp(s: string): string {
  return escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}


/** A Markdown table cell: `|` and line breaks would end it. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The unmodelled features as annotations at their file and line: warnings for those that touch
 * the checked cluster (at most `max`: GitHub shows 10 warnings per step), notices for the others.
 */
function unmodelledAnnotations(r: CheckResult, max: number): string[] {
  const all = r.unmodelled ?? [];
  const one = (w: InputWarning, command: string): string => {
    const props = [w.file !== undefined ? `file=${escProp(w.file)}` : '', w.file !== undefined && w.line !== undefined ? `line=${w.line}` : '', `title=${escProp('kivi: not modelled')}`].filter((x) => x);
    const text = [w.object, w.field, w.message].filter((p) => p !== undefined && p !== '').join(': ');
    return `::${command} ${props.join(',')}::${escData(text)}`;
  };
  return [
    ...all.filter((w) => w.affectsCheck).slice(0, Math.max(0, max)).map((w) => one(w, 'warning')),
    ...all.filter((w) => !w.affectsCheck).slice(0, MAX_ANNOTATIONS).map((w) => one(w, 'notice')),
  ];
}

export interface GithubReport {
  /** Lines for standard output: the annotations. */
  annotations: string;
  /** The Markdown step summary. */
  summary: string;
}

export function githubReport(r: CheckResult, spec: ClusterSpec): GithubReport {
  // The intents the user named come before the always-checked one; deadlocks last.
  const rank = (f: Failure) => (f.intent === null ? 2 : f.intent === 'pod_always_schedulable' && spec.intents.length > 0 ? 1 : 0);
  const failures = [...r.failures].sort((a, b) => rank(a) - rank(b));
  const annotations = failures.slice(0, MAX_ANNOTATIONS).map((f) => {
    const where = locateFailure(spec, f);
    const props = [where.file ? `file=${escProp(where.file)}` : '', where.line ? `line=${where.line}` : '', `title=${escProp(`kivi: ${f.intent ?? `invalid end state (${f.stuckProcess})`}`)}`].filter((x) => x);
    const lines = counterexampleLines(f, 1);
    const message = `${f.intent ? `${f.intent} can be violated` : `${f.stuckProcess} can get stuck`} in ${lines.length} steps; the last: ${lines.at(-1) ?? ''}`;
    return `::error ${props.join(',')}::${escData(message)}`;
  });
  const unaccounted = r.status === 'inconclusive' && r.unaccounted !== undefined && !r.limit;
  if (unaccounted) annotations.push(`::warning title=kivi%3A inconclusive::${escData(`Not a pass: ${unaccountedSentence(r.unaccounted!.length)}.`)}`);
  else if (r.status === 'inconclusive' && r.inconclusiveWhy) annotations.push(`::warning title=kivi%3A inconclusive::${escData(`Not a pass: ${r.inconclusiveWhy}.`)}`);
  else if (r.status === 'inconclusive') annotations.push(`::warning title=kivi%3A inconclusive::${escData(`The search hit its ${r.limit} limit before it finished: not a pass.`)}`);
  annotations.push(...unmodelledAnnotations(r, unaccounted ? MAX_ANNOTATIONS - 1 : MAX_ANNOTATIONS));
  const md = [`## kivi: ${r.cluster}`, '', `**${r.status === 'violated' ? '❌ violated' : r.status === 'holds' ? '✅ all intents hold' : '⚠️ inconclusive'}** — intents: ${r.intents.join(', ')}`, ''];
  if (unaccounted) md.push(`Inconclusive: ${unaccountedSentence(r.unaccounted!.length)}.`, '');
  else if (r.status === 'inconclusive' && r.inconclusiveWhy) md.push(`Inconclusive: ${r.inconclusiveWhy}.`, '');
  for (const f of failures) {
    md.push(`### ${f.intent ?? `Invalid end state: ${f.stuckProcess}`}`, '', '```', ...counterexampleLines(f, 1), '```', '');
  }
  const all = r.unmodelled ?? [];
  if (all.length > 0) {
    md.push('### Not modelled', '', '| touches the checked cluster | where | what |', '|---|---|---|');
    for (const w of [...all].sort((a, b) => Number(b.affectsCheck) - Number(a.affectsCheck))) {
      md.push(`| ${w.affectsCheck ? 'yes' : 'no'} | ${cell(w.file !== undefined ? `${w.file}${w.line !== undefined ? `:${w.line}` : ''}` : '')} | ${cell([w.object, w.field, w.message].filter((p) => p !== undefined && p !== '').join(': '))} |`);
    }
    md.push('');
  }
  // docs/model.md §8.2.8: proved by counting, no state explored.
  if (r.capacityProof) md.push(`${capacityProofSentence(r.capacityProof)}.`, '');
  else md.push(`Explored ${r.stats.states.toLocaleString('en-US')} states in ${r.stats.seconds.toFixed(2)} s.`, '');
  // The summary is printed when $GITHUB_STEP_SUMMARY is unset: no line of it may carry a control
  // character from the input (a name with a line break could start a workflow command).
  return { annotations: annotations.join('\n'), summary: md.map(printable).join('\n') };
}
