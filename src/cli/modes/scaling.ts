/**
 * The default without -o: the incremental scaling search over small clusters of the same node
 * and deployment types, smallest first (docs/scaling.md).
 */
import { loadCase } from '../../cases/index.js';
import { withUnmodelled } from '../../check.js';
import type { ClusterSpec } from '../../model/cluster.js';
import type { ScalingResult } from '../../scaling/search.js';
import { loadConfigFolder } from '../../parsers/config-folder.js';
import { Warnings } from '../../parsers/warnings.js';
import { jsonScalingReport } from '../../report/json.js';
import { junitScalingReport } from '../../report/junit.js';
import { scalingReport } from '../../report/scaling.js';
import { enumerateSetups } from '../../scaling/enumerate.js';
import { scalingTemplate } from '../../scaling/from-spec.js';
import { instantiate } from '../../scaling/instantiate.js';
import { scalingSearch } from '../../scaling/search.js';
import type { ScalingOptions, ScalingTemplate } from '../../scaling/types.js';
import { exitCode, printWarnings, type ModeContext } from '../context.js';
import { emitReport, SCALING_FILE_ORDER } from '../emit.js';
import { writeDebugFile } from '../files.js';
import { shardFile, shardOf } from './shard.js';

export async function scalingMode(ctx: ModeContext): Promise<number> {
  const { io, opts } = ctx;
  const warnings = new Warnings();
  const spec = opts.path !== undefined
    ? loadConfigFolder(opts.path, warnings, { namespace: opts.namespace })
    : loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false });
  const template = scalingTemplate(spec);
  printWarnings(io, warnings.lines);
  const progress = process.stderr.isTTY && io.progress
    ? (done: number, total: number, current: string, rate: number) =>
        io.progress!(`\r[${done}/${total}] ${Math.round(rate).toLocaleString('en-US')} states/s ${current}`.padEnd(100).slice(0, 140))
    : undefined;
  const limits = { fastFind: opts.fastFind, maxNodesPerType: opts.maxNodesPerType, podsPerNodeCap: opts.podsPerNodeCap };
  if (opts.fileDebug >= 3) writeSetups(ctx, template, limits);
  const shard = shardOf(opts);
  // Each setup is checked as the model sees it; the unmodelled features judge the answer once.
  // A shard keeps the counterexamples' snapshots so that the merge can draw them (--report).
  const check = { ...ctx.check, allowUnmodelled: true, ...(shard ? { snapshots: true } : {}) };
  const searched = await scalingSearch(template, { check, all: opts.allViolation ?? false, workers: opts.workers, ...limits, fixpoint: opts.fixpoint ?? false, onProgress: progress, shard });
  const name = opts.path ?? `${opts.case}`;
  if (shard) {
    progress && io.progress!('\r'.padEnd(101) + '\r');
    // A shard's verdict is partial: the share is written, and `kivi merge` gives the answer.
    ctx.io.out(JSON.stringify(shardFile(ctx, searched, shard, template, { cluster: name, spec: scalingSpec(template), unmodelled: spec.unmodelled }), null, 2) + '\n');
    return 0;
  }
  const r = withUnmodelled(searched, spec.unmodelled, opts.allowUnmodelled ?? false);
  emitScaling(ctx, r, name, scalingSpec(template), progress && (() => io.progress!('\r'.padEnd(101) + '\r')));
  return exitCode(r.status);
}

/** A scaling search's answer in every form asked for (also the answer `kivi merge` puts together). */
export function emitScaling(ctx: ModeContext, r: ScalingResult, name: string, spec: ClusterSpec, beforePrint?: () => void): void {
  const first = r.failing[0];
  emitReport(
    ctx,
    {
      text: () => scalingReport(r, ctx.opts.verboseLevel),
      json: () => jsonScalingReport(r, name),
      junit: () => junitScalingReport(r, name),
      shown: first && { result: first.result, spec },
      traces: r.failing.map((f) => ({ prefix: `setup-${f.index + 1}-`, result: f.result })),
      fileOrder: SCALING_FILE_ORDER,
    },
    beforePrint,
  );
}

/** -fd 3+: every setup the search may check, as the cluster it instantiates. */
function writeSetups(ctx: ModeContext, template: ScalingTemplate, limits: ScalingOptions): void {
  enumerateSetups(template, limits).forEach((setup, k) => {
    const spec = instantiate(template, setup);
    const pods = spec.deployments.reduce((a, d) => a + d.replicas, 0);
    writeDebugFile(ctx.opts.debugDir, `setups/${k + 1}_${spec.nodes.length}_${pods}.json`, JSON.stringify(spec, null, 2) + '\n');
  });
}

/** The parts of a scaling template the reports read (sources, intents, deployments). */
function scalingSpec(t: ScalingTemplate): ClusterSpec {
  return { ...t.base, nodes: [], pods: [], deployments: t.deploymentTypes.map((d) => d.template), spareSlots: 0 };
}
