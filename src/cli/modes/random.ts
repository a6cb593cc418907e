/**
 * `-r`: randomized depth-first runs, each with its own seed and time budget, without the
 * reference's unbounded retries. A run that finishes explored everything: a real answer.
 */
import { checkCluster } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { textReport } from '../../report/text.js';
import { exitCode, type ModeContext } from '../context.js';
import { emitReport } from '../emit.js';

export async function randomMode(ctx: ModeContext, spec: ClusterSpec): Promise<number> {
  const { io, opts } = ctx;
  const base = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  // --runs is at least 1, so the last run always returns.
  for (let run = 0; ; run++) {
    const seed = base + run;
    const started = performance.now();
    const result = await checkCluster(spec, { ...ctx.check, strategy: 'dfs', seed, timeLimitMs: ctx.check.timeLimitMs ?? 60_000 });
    const elapsed = (performance.now() - started) / 1000;
    io.out(`Random run ${run + 1} of ${opts.runs} (depth-first, seed ${seed}):\n`);
    // A run that finished is final, even when unmodelled input makes its hold inconclusive.
    if (result.status !== 'inconclusive' || result.unaccounted || run >= opts.runs - 1) {
      emitReport(ctx, { text: () => textReport(result, { verbosity: opts.verboseLevel, elapsedSeconds: elapsed }) });
      return exitCode(result.status);
    }
    io.out(`    no violation before the limit; trying the next seed\n`);
  }
}
