/**
 * `-o` (and -log): search the concrete cluster. With -ig k the intents are checked in groups
 * of at most k, each its own search; it stops at the first group with a failure unless -a.
 */
import { checkCluster } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { jsonReport } from '../../report/json.js';
import { junitReport } from '../../report/junit.js';
import { textReport } from '../../report/text.js';
import { exitCode, type ModeContext } from '../context.js';
import { emitReport } from '../emit.js';

/** The share of the time left that `-o` gives the search of every scheduler tie (CheckOptions.tiesTimeShare). */
export const TIES_TIME_SHARE = 0.75;

export async function checkMode(ctx: ModeContext, spec: ClusterSpec): Promise<number> {
  const { opts } = ctx;
  const groups = intentGroups(spec.intents, opts.intentsGroup);
  let status: 'holds' | 'violated' | 'inconclusive' = 'holds';
  for (const [g, group] of groups.entries()) {
    const groupSpec = { ...spec, intents: group };
    const started = performance.now();
    // Under --timeout, a quarter of the time is kept for the search taking ties to the lowest
    // node, should the search of every tie not finish (docs/performance.md).
    const result = await checkCluster(groupSpec, { ...ctx.check, tiesTimeShare: TIES_TIME_SHARE });
    const elapsed = (performance.now() - started) / 1000;
    emitReport(ctx, {
      text: () => textReport(result, { verbosity: opts.verboseLevel, elapsedSeconds: elapsed }),
      json: () => jsonReport(result),
      jsonOneLine: groups.length > 1,
      junit: () => junitReport(result),
      shown: { result, spec },
      traces: [{ prefix: groups.length > 1 ? `group-${g + 1}-` : '', result }],
    });
    if (result.status === 'violated') status = 'violated';
    else if (result.status === 'inconclusive' && status === 'holds') status = 'inconclusive';
    if (result.status === 'violated' && !opts.allViolation) break;
  }
  return exitCode(status);
}

function intentGroups(intents: ClusterSpec['intents'], k: number): ClusterSpec['intents'][] {
  if (k <= 0 || intents.length <= k) return [intents];
  const groups: ClusterSpec['intents'][] = [];
  for (let i = 0; i < intents.length; i += k) groups.push(intents.slice(i, i + k));
  return groups;
}
