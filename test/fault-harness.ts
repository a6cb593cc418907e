/**
 * Runs one input of the fault suite (test/fault-suite.test.ts) and checks what kivi promises for
 * every input (docs/reliability.md, "The fault suite"): an exit code of 0–3 (never 70, 134 or
 * 137), within a time bound, no stack trace, and for a usage or input error exactly one line on
 * stderr (besides warnings) that names the file or the option.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/run.js';

export const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** The small limits every input runs with: a few seconds and a few thousand states. */
export const LIMITS = ['--timeout', '5', '--max-states', '1000', '--max-memory', '1024'];
/** A generous bound on one run's wall time (the --timeout above, parsing included, plus slack). */
export const WALL_MS = 20_000;

/** Seeds and run counts: fixed in `npm test`, larger and random with KIVI_FUZZ_RUNS (`npm run fuzz`). */
export const FUZZ = process.env.KIVI_FUZZ_RUNS !== undefined;
const factor = FUZZ ? Math.max(1, Number(process.env.KIVI_FUZZ_RUNS) / 100) : 1;
export const SEED = process.env.KIVI_FUZZ_SEED !== undefined ? Number(process.env.KIVI_FUZZ_SEED) : FUZZ ? (Date.now() % 2 ** 31) : 15;
if (FUZZ) console.log(`fault suite: seed ${SEED} (replay with KIVI_FUZZ_SEED=${SEED})`);

/** fast-check parameters for a property with `runs` inputs in `npm test`. */
export function params(runs: number): { numRuns: number; seed: number; endOnFailure: boolean } {
  return { numRuns: Math.round(runs * factor), seed: SEED, endOnFailure: true };
}

/** A vitest timeout for a property of `runs` inputs. */
export function timeoutFor(runs: number): number {
  return 60_000 + Math.round(runs * factor) * (FUZZ ? 2_000 : 200);
}

export interface FaultInput {
  /** Files to write, relative to a fresh temporary folder. */
  files: { rel: string; text: string | Buffer }[];
  /** The command line; `$DIR` is replaced by the folder. */
  argv: string[];
  /** Standard input (`kivi check -`). */
  stdin?: string;
}

export interface FaultRun {
  code: number;
  out: string;
  err: string;
  ms: number;
  dir: string;
  argv: string[];
}

function withFolder<T>(input: FaultInput, body: (dir: string, argv: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-fault-'));
  for (const f of input.files) {
    mkdirSync(dirname(join(dir, f.rel)), { recursive: true });
    writeFileSync(join(dir, f.rel), f.text);
  }
  const argv = input.argv.map((a) => a.replaceAll('$DIR', dir));
  return body(dir, argv);
}

/** The CLI in this process, standard output and error captured, with the small limits. */
export async function runInProcess(input: FaultInput): Promise<FaultRun> {
  let dir = '';
  try {
    return await withFolder(input, async (d, argv) => {
      dir = d;
      let out = '';
      let err = '';
      const started = performance.now();
      let code: number;
      try {
        code = await run([...argv, ...LIMITS], { out: (s) => void (out += s), err: (s) => void (err += s), stdin: () => input.stdin ?? '' });
      } catch (e) {
        // main.ts turns anything thrown into exit 70 with the stack: a bug in kivi.
        err += `kivi: internal error (please report it): ${e instanceof Error ? e.stack : String(e)}\n`;
        code = 70;
      }
      return { code, out, err, ms: performance.now() - started, dir: d, argv };
    });
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI as its own process with a 256 MiB heap; `signal` is set when it was killed. */
export function runProcess(input: FaultInput): FaultRun & { signal: NodeJS.Signals | null } {
  return withFolder(input, (dir, argv) => {
    try {
      const started = performance.now();
      const r = spawnSync(process.execPath, ['--max-old-space-size=256', BIN, ...argv, ...LIMITS], { input: input.stdin ?? '', encoding: 'utf8', timeout: 60_000 });
      return { code: r.status ?? -1, signal: r.signal, out: r.stdout, err: r.stderr, ms: performance.now() - started, dir, argv };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** What to expect beyond the rules every input follows. */
export interface Expect {
  /** The input is wrong: exit 2. */
  error?: boolean;
  /** The error line must name this file (relative to the folder, or `<stdin>`) … */
  file?: string;
  /** … and contain each of these (the object, the field, the option). */
  mention?: string[];
  /** An error must name a file or folder of the input (or `<stdin>`). */
  namesInput?: boolean;
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** The error lines of stderr: everything but warnings and the SIGINT note. */
export function errorLines(err: string): string[] {
  return err.split('\n').filter((l) => l !== '' && !l.startsWith('kivi: warning:'));
}

/** Every rule for one run; a failure describes the input and what kivi printed. */
export function assertSafe(r: FaultRun, input: FaultInput, expect: Expect = {}): void {
  const problems: string[] = [];
  if (![0, 1, 2, 3].includes(r.code)) problems.push(`exit ${r.code} (only 0, 1, 2, 3 are allowed)`);
  if (STACK.test(r.err) || STACK.test(r.out)) problems.push('a stack trace was printed');
  if (r.ms > WALL_MS) problems.push(`took ${Math.round(r.ms)} ms (bound ${WALL_MS} ms)`);
  // Exit 0 is a proof: the report says so (text, JSON, GitHub), and never "inconclusive".
  if (r.code === 0 && (!/No failure is found|"verdict": ?"holds"|all intents hold/.test(r.out) || /inconclusive/i.test(r.out))) problems.push('exit 0 without a report that the intents hold');
  if (r.code === 2) {
    const lines = errorLines(r.err);
    if (lines.length !== 1) problems.push(`exit 2 with ${lines.length} error lines on stderr (one expected)`);
    else if (!lines[0].startsWith('kivi: ')) problems.push('the error line does not start with "kivi: "');
    else if (expect.file !== undefined) {
      const file = expect.file === '<stdin>' ? '<stdin>' : join(r.dir, expect.file);
      if (!lines[0].startsWith(`kivi: ${file}`)) problems.push(`the error does not name ${file} first`);
    }
    if (expect.namesInput && lines.length === 1 && !lines[0].includes(r.dir) && !lines[0].includes('<stdin>')) problems.push('the error names no file of the input');
    for (const m of expect.mention ?? []) if (lines.length === 1 && !lines[0].includes(m)) problems.push(`the error does not mention "${m}"`);
  } else if (expect.error) problems.push(`exit ${r.code} for a wrong input (2 expected)`);
  if (problems.length === 0) return;
  const files = input.files.map((f) => `--- ${f.rel}\n${typeof f.text === 'string' ? f.text.slice(0, 2500) : `<${f.text.length} bytes>`}`).join('\n');
  const stdin = input.stdin !== undefined ? `\n--- <stdin>\n${input.stdin.slice(0, 2500)}` : '';
  throw new Error(`${problems.join('; ')}\nkivi ${r.argv.join(' ')}\nexit ${r.code}\n--- stderr\n${r.err.slice(0, 3000)}\n--- stdout\n${r.out.slice(0, 1500)}\n${files}${stdin}`);
}
