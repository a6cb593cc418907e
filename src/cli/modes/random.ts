/**
 * `-r`: randomized depth-first runs, each with its own seed and time budget, without the
 * reference's unbounded retries. A run that finishes explored everything: a real answer. With
 * --timeout the runs share it (the clock starts with the command): each gets an equal part of
 * what is left; without it each gets 60 s.
 */
import { checkCluster } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { jsonReport } from '../../report/json.js';
import { junitReport } from '../../report/junit.js';
import { textReport } from '../../report/text.js';
import { exitCode, type ModeContext } from '../context.js';
import { emitReport } from '../emit.js';

const RUN_TIME_MS = 60_000;

export async function randomMode(ctx: ModeContext, spec: ClusterSpec): Promise<number> {
  const { io, opts } = ctx;
  const base = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  // --runs is at least 1, so the last run always returns.
  for (let run = 0; ; run++) {
    const seed = base + run;
    const started = performance.now();
    const left = ctx.check.deadline === undefined ? RUN_TIME_MS : Math.max(0, (ctx.check.deadline - Date.now()) / (opts.runs - run));
    const result = await checkCluster(spec, { ...ctx.check, capacityProof: false, strategy: 'dfs', seed, timeLimitMs: Math.min(RUN_TIME_MS, left) });
    const elapsed = (performance.now() - started) / 1000;
    io.out(`Random run ${run + 1} of ${opts.runs} (depth-first, seed ${seed}):\n`);
    // A run that finished is final, even when unmodelled input makes its hold inconclusive; an
    // interruption ends the runs.
    if (result.status !== 'inconclusive' || result.unaccounted || run >= opts.runs - 1 || result.limit === 'aborted') {
      emitReport(ctx, {
        text: () => textReport(result, { verbosity: opts.verboseLevel, elapsedSeconds: elapsed }),
        json: () => jsonReport(result),
        junit: () => junitReport(result),
        shown: { result, spec },
      });
      return exitCode(result.status);
    }
    io.out(`    no violation before the limit; trying the next seed\n`);
  }
}
