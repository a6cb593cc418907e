/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…,title=…::…`), at
 * most 10 and the user's intents first (GitHub shows 10 errors per step), plus a Markdown step
 * summary with every counterexample in full, appended to $GITHUB_STEP_SUMMARY when it is set.
 */
import type { CheckResult, Failure } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { locateFailure } from './locate.js';
import { counterexampleLines } from './text.js';

export const MAX_ANNOTATIONS = 10;

/** Workflow-command escaping: data escapes % CR LF; property values also : and ,. */
function escData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escProp(s: string): string {
  return escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
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
  if (r.status === 'inconclusive') annotations.push(`::warning title=kivi%3A inconclusive::${escData(`The search hit its ${r.limit} limit before it finished: not a pass.`)}`);
  const md = [`## kivi: ${r.cluster}`, '', `**${r.status === 'violated' ? '❌ violated' : r.status === 'holds' ? '✅ all intents hold' : '⚠️ inconclusive'}** — intents: ${r.intents.join(', ')}`, ''];
  for (const f of failures) {
    md.push(`### ${f.intent ?? `Invalid end state: ${f.stuckProcess}`}`, '', '```', ...counterexampleLines(f, 1), '```', '');
  }
  md.push(`Explored ${r.stats.states.toLocaleString('en-US')} states in ${r.stats.seconds.toFixed(2)} s.`, '');
  return { annotations: annotations.join('\n'), summary: md.join('\n') };
}
