/**
 * The `kivi` command: parse the options (options.ts), redirect output, and hand over to the
 * mode's handler (modes/). Returns the exit code (0 intents hold, 1 violation, 2 bad usage or
 * input, 3 inconclusive).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckOptions } from '../check.js';
import { InputError } from '../model/errors.js';
import { EXIT_USAGE, printWarnings, type Io, type ModeContext } from './context.js';
import { redirectOutput } from './files.js';
import { checkMode } from './modes/check.js';
import { loadCluster } from './modes/cluster.js';
import { loopMode } from './modes/loop.js';
import { randomMode } from './modes/random.js';
import { scalingMode } from './modes/scaling.js';
import { simulateMode } from './modes/simulate.js';
import { parseOptions, type CliOptions } from './options.js';
import { mapSpinOptions, type SpinMapping } from './spin-options.js';

export { EXIT_HOLDS, EXIT_INCONCLUSIVE, EXIT_USAGE, EXIT_VIOLATION, type Io } from './context.js';

export async function run(argv: readonly string[], ioIn: Io): Promise<number> {
  // The Kubernetes client is loaded only when a live cluster is read: it is large.
  if (argv[0] === 'snapshot') return (await import('./snapshot-command.js')).snapshotCommand(argv.slice(1), ioIn);
  const opts = parseOptions(argv, ioIn);
  if (typeof opts === 'number') return opts;
  const io = redirectOutput(ioIn, opts.output, opts.logOutputFile);
  if (io === undefined) return EXIT_USAGE;
  const spin = mapSpinOptions(opts.panCompile, opts.panRuntime);
  printWarnings(io, spin.warnings);
  try {
    return await dispatch({ io, opts, check: searchOptions(opts, spin) });
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`kivi: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function searchOptions(opts: CliOptions, spin: SpinMapping): CheckOptions {
  return {
    strategy: opts.search,
    maxStates: opts.maxStates,
    maxDepth: opts.maxDepth ?? spin.maxDepth,
    stopAtFirst: opts.stopAtFirst ?? false,
    maxMemoryBytes: opts.maxMemory === undefined ? undefined : opts.maxMemory * 2 ** 20,
    timeLimitMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
    // The HTML report draws the cluster after every step.
    snapshots: opts.report !== undefined,
    allowUnmodelled: opts.allowUnmodelled ?? false,
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
