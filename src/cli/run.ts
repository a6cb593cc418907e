/**
 * The `kivi` command: parse the options (options.ts), claim the output files, and hand over to
 * the mode's handler (modes/); the output files are written at the end (files.ts). Returns the
 * exit code (0 intents hold, 1 violation, 2 bad usage or input, 3 inconclusive).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckOptions } from '../check.js';
import { InputError } from '../model/errors.js';
import { printable } from '../model/printable.js';
import { EXIT_USAGE, printWarnings, type Io, type ModeContext } from './context.js';
import { Outputs, redirectOutput } from './files.js';
import { checkMode } from './modes/check.js';
import { loadCluster } from './modes/cluster.js';
import { loopMode } from './modes/loop.js';
import { randomMode } from './modes/random.js';
import { scalingMode } from './modes/scaling.js';
import { simulateMode } from './modes/simulate.js';
import { parseOptions, type CliOptions } from './options.js';
import { mapSpinOptions, type SpinMapping } from './spin-options.js';

export { EXIT_HOLDS, EXIT_INCONCLUSIVE, EXIT_USAGE, EXIT_VIOLATION, type Io } from './context.js';

export interface RunControl {
  /** Stops the search (main.ts: the first SIGINT or SIGTERM); the reports are still written. */
  signal?: AbortSignal;
  /** When the run started, in Date.now() milliseconds: --timeout counts from here. */
  startedAt?: number;
}

/** The folders kivi reads its input from: nothing is written inside them. */
function inputFolders(opts: CliOptions): string[] {
  if (opts.path === undefined) return [];
  return ['yaml', 'manifests', 'user_input', 'setup'].map((d) => `${opts.path}/${d}`);
}

/** Claims every output path before the run: the first problem, or undefined. */
function claimOutputs(outputs: Outputs, opts: CliOptions): string | undefined {
  const files: Array<[string, string | undefined]> = [
    ['--output', opts.output], ['--log-output-file', opts.logOutputFile], ['--json-file-path', opts.jsonFilePath],
    ['--json', opts.json], ['--sarif', opts.sarif], ['--junit', opts.junit], ['--report', opts.report],
  ];
  for (const [flag, file] of files) {
    const problem = file === undefined ? undefined : outputs.claim(flag, file);
    if (problem) return problem;
  }
  return opts.fileDebug >= 1 ? outputs.claim('--debug-dir', opts.debugDir, true) : undefined;
}

export async function run(argv: readonly string[], ioIn: Io, control: RunControl = {}): Promise<number> {
  const startedAt = control.startedAt ?? Date.now();
  // The Kubernetes client is loaded only when a live cluster is read: it is large.
  if (argv[0] === 'snapshot') return (await import('./snapshot-command.js')).snapshotCommand(argv.slice(1), ioIn);
  if (argv[0] === 'merge') return (await import('./merge-command.js')).mergeCommand(argv.slice(1), ioIn);
  const opts = parseOptions(argv, ioIn);
  if (typeof opts === 'number') return opts;
  const outputs = new Outputs(inputFolders(opts));
  const problem = claimOutputs(outputs, opts);
  if (problem) {
    ioIn.err(`kivi: ${printable(problem)}\n`);
    return EXIT_USAGE;
  }
  const io = redirectOutput(ioIn, outputs, opts.output, opts.logOutputFile);
  const spin = mapSpinOptions(opts.panCompile, opts.panRuntime);
  printWarnings(io, spin.warnings);
  let code: number;
  try {
    code = await dispatch({ io, opts, check: searchOptions(opts, spin, startedAt, control.signal), outputs });
  } catch (e) {
    if (e instanceof InputError) {
      ioIn.err(`kivi: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const failed = outputs.commit();
  for (const f of failed) ioIn.err(`kivi: ${printable(`${f.file}: ${f.flag}: cannot be written (${f.reason})`)}\n`);
  return failed.length > 0 ? EXIT_USAGE : code;
}

function searchOptions(opts: CliOptions, spin: SpinMapping, startedAt: number, signal: AbortSignal | undefined): CheckOptions {
  return {
    strategy: opts.search,
    interleaving: opts.interleaving,
    reduction: opts.reduction,
    symmetry: opts.symmetry,
    capacityProof: opts.capacityProof,
    maxStates: opts.maxStates,
    maxDepth: opts.maxDepth ?? spin.maxDepth,
    stopAtFirst: opts.stopAtFirst ?? false,
    maxMemoryBytes: opts.maxMemory === undefined ? undefined : opts.maxMemory * 2 ** 20,
    // The clock starts with the command, before any parsing.
    deadline: opts.timeout === undefined ? undefined : startedAt + opts.timeout * 1000,
    signal,
    // The HTML report draws the cluster after every step.
    snapshots: opts.report !== undefined,
    allowUnmodelled: opts.allowUnmodelled ?? false,
    // --workers: threads of this one search (-o, -log, --live); the scaling search reads it itself.
    ...(opts.original || opts.inputLogs || opts.live ? { workers: opts.workers } : {}),
  };
}

async function dispatch(ctx: ModeContext): Promise<number> {
  const { opts } = ctx;
  // Without -o: the scaling search. kubectl logs describe one concrete cluster, so there are
  // no types to scale.
  if (opts.live) {
    // --live: a snapshot into a scratch folder, then the check of it as kubectl output.
    const dir = mkdtempSync(join(tmpdir(), 'kivi-live-'));
    const { snapshotSummary } = await import('./snapshot-command.js');
    const { takeSnapshot } = await import('../live/snapshot.js');
    ctx.io.err(snapshotSummary(dir, await takeSnapshot({ out: dir, kubeconfig: opts.kubeconfig, context: opts.context })));
    opts.path = dir;
    opts.inputLogs = true;
    opts.original = true;
  }
  if (!opts.original && !opts.inputLogs && !opts.simulation && !opts.loop) return scalingMode(ctx);
  const spec = loadCluster(ctx);
  if (opts.simulation) return simulateMode(ctx, spec);
  if (opts.loop) return loopMode(ctx, spec);
  if (opts.random) return randomMode(ctx, spec);
  return checkMode(ctx, spec);
}
