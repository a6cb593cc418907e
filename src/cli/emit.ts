/**
 * The one place a mode's result becomes output: -fd failure traces, the --json/--sarif/--junit/
 * --report files, and the --format report on standard output.
 */
import type { CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { githubReport, type GithubReport } from '../report/github.js';
import { htmlReport } from '../report/html.js';
import { sarifReport } from '../report/sarif.js';
import { counterexampleLines } from '../report/text.js';
import type { ModeContext } from './context.js';
import { InputError } from '../model/errors.js';
import { tryWrite, writeDebugFile } from './files.js';

export type ReportFile = 'json' | 'sarif' | 'junit' | 'report';

const REPORT_FILES: readonly ReportFile[] = ['report', 'json', 'sarif', 'junit'];

/**
 * A result, in each form a mode has it. A form left out is not written to a file, and on
 * standard output the text stands in for it.
 */
export interface Report {
  text: () => string;
  json?: () => unknown;
  /** Print the JSON on one line (one document a line, for several -ig groups). */
  jsonOneLine?: boolean;
  junit?: () => string;
  /** The result SARIF, GitHub and HTML show; SARIF and GitHub locate it in `spec`. */
  shown?: { result: CheckResult; spec: ClusterSpec };
  /** -fd 1+: these results' failures, each as a full trace, file names starting with `prefix`. */
  traces?: Array<{ prefix: string; result: CheckResult }>;
}

const json = (value: unknown, indent?: number): string => JSON.stringify(value, null, indent) + '\n';

/** `beforePrint` runs before standard output. */
export function emitReport(ctx: ModeContext, r: Report, beforePrint?: () => void): void {
  const { opts } = ctx;
  if (opts.fileDebug >= 1) {
    for (const t of r.traces ?? []) {
      t.result.failures.forEach((f, i) => debugFile(ctx, `${t.prefix}failure-${i + 1}.txt`, counterexampleLines(f, 99).join('\n') + '\n'));
    }
  }
  // Every requested report, whatever the outcome; written at the end of the run (files.ts).
  for (const kind of REPORT_FILES) {
    const file = opts[kind];
    if (file === undefined) continue;
    const text = fileText(ctx, r, kind);
    if (text === undefined) throw new Error(`internal error: no ${kind} form of this result`);
    ctx.outputs.stage(`--${kind}`, file, text);
  }
  beforePrint?.();
  if (opts.format === 'github' && r.shown) emitGithub(ctx, githubReport(r.shown.result, r.shown.spec));
  else ctx.io.out(stdoutText(ctx, r));
}

/** -fd: a debug file, written at once; a failure is exit 2 naming it. */
export function debugFile(ctx: ModeContext, name: string, text: string): void {
  const why = writeDebugFile(ctx.opts.debugDir, name, text);
  if (why !== undefined) throw new InputError(`cannot be written (${why})`, undefined, '--debug-dir', `${ctx.opts.debugDir}/${name}`);
}

function fileText(ctx: ModeContext, r: Report, kind: ReportFile): string | undefined {
  if (kind === 'json') return r.json && json(r.json(), 2);
  if (kind === 'junit') return r.junit && r.junit() + '\n';
  if (!r.shown) return undefined;
  if (kind === 'sarif') return json(sarifReport(r.shown.result, r.shown.spec), 2);
  return htmlReport(r.shown.result, Math.max(1, ctx.opts.verboseLevel));
}

function stdoutText(ctx: ModeContext, r: Report): string {
  const format = ctx.opts.format;
  if (format === 'json' && r.json) return json(r.json(), r.jsonOneLine ? undefined : 2);
  if (format === 'junit' && r.junit) return r.junit() + '\n';
  if (format === 'sarif' && r.shown) return json(sarifReport(r.shown.result, r.shown.spec), 2);
  return r.text() + '\n';
}

/** GitHub: annotations on standard output; the summary into $GITHUB_STEP_SUMMARY when set, else printed too. */
function emitGithub({ io }: ModeContext, g: GithubReport): void {
  if (g.annotations) io.out(g.annotations + '\n');
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) {
    if (tryWrite(file, g.summary + '\n', { append: true }) === undefined) return;
    io.err(`kivi: ${file}: cannot be written; printing the summary instead\n`);
  }
  io.out(g.summary + '\n');
}
