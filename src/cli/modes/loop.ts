/** `-l`: a reachable loop that deletes and restarts pods, or rescales up and down. */
import { findLoop } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { loopReport } from '../../report/text.js';
import { EXIT_HOLDS, EXIT_INCONCLUSIVE, EXIT_VIOLATION, type ModeContext } from '../context.js';
import { emitReport } from '../emit.js';

export async function loopMode(ctx: ModeContext, spec: ClusterSpec): Promise<number> {
  const started = performance.now();
  const r = await findLoop(spec, ctx.check);
  const elapsed = (performance.now() - started) / 1000;
  emitReport(ctx, { text: () => loopReport(r, ctx.opts.verboseLevel, elapsed) });
  return r.status === 'loop' || r.status === 'violated' ? EXIT_VIOLATION : r.status === 'none' ? EXIT_HOLDS : EXIT_INCONCLUSIVE;
}
