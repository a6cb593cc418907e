/** `-si`: one random execution, reproducible from its seed. */
import { simulateCluster } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { simulationReport } from '../../report/text.js';
import { EXIT_INCONCLUSIVE, EXIT_VIOLATION, type ModeContext } from '../context.js';
import { emitReport } from '../emit.js';

export function simulateMode(ctx: ModeContext, spec: ClusterSpec): number {
  const seed = ctx.opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const sim = simulateCluster(spec, seed, ctx.opts.steps, ctx.opts.interleaving);
  emitReport(ctx, { text: () => simulationReport(sim, ctx.opts.verboseLevel) });
  // A simulation that met no failure proves nothing: inconclusive.
  return sim.failure ? EXIT_VIOLATION : EXIT_INCONCLUSIVE;
}
