/**
 * The default without -o: the incremental scaling search over small clusters of the same node
 * and deployment types, smallest first (docs/scaling.md).
 */
import { withUnmodelled, type CheckResult } from '../../check.js';
import { peakRssBytes } from '../../checker/search.js';
import { intentByName } from '../../intents/catalog.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { applyLoadOptions } from '../../parsers/load.js';
import { Warnings } from '../../parsers/warnings.js';
import { jsonScalingReport } from '../../report/json.js';
import { junitScalingReport } from '../../report/junit.js';
import { scalingReport, scalingStopSentence } from '../../report/scaling.js';
import { setupsInOrder } from '../../scaling/enumerate.js';
import { scalingTemplate } from '../../scaling/from-spec.js';
import { instantiate } from '../../scaling/instantiate.js';
import { scalingNotes, scalingSearch, type ScalingResult } from '../../scaling/search.js';
import type { ScalingOptions, ScalingTemplate } from '../../scaling/types.js';
import { exitCode, printWarnings, type ModeContext } from '../context.js';
import { debugFile, emitReport } from '../emit.js';
import { readCluster } from './cluster.js';
import { shardFile, shardOf } from './shard.js';

export async function scalingMode(ctx: ModeContext): Promise<number> {
  const { io, opts } = ctx;
  const warnings = new Warnings();
  const spec = readCluster(opts, warnings, ctx.io.stdin);
  if (opts.load) applyLoadOptions(spec, opts.load);
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
  const searched = await scalingSearch(template, { check, all: opts.allViolation ?? false, workers: opts.workers, ...limits, fixpoint: shard ? false : (opts.fixpoint ?? true), onProgress: progress, shard });
  const name = opts.path ?? opts.inputs?.join(' ') ?? `${opts.case}`;
  if (shard) {
    if (progress) io.progress!('\r'.padEnd(101) + '\r');
    // A shard's verdict is partial: the share is written, and `kivi merge` gives the answer.
    io.out(JSON.stringify(shardFile(ctx, searched, shard, template, { cluster: name, intents: scalingIntents(template), spec: scalingSpec(template), unmodelled: scalingNotes(searched, spec.unmodelled) }), null, 2) + '\n');
    return 0;
  }
  // The setups' partial-scoring notes (docs/model.md §8.2.6) judge the answer as the input's unmodelled features do.
  const r = withUnmodelled(searched, scalingNotes(searched, spec.unmodelled), opts.allowUnmodelled ?? false);
  emitScaling(ctx, r, name, scalingIntents(template), scalingSpec(template), progress && (() => io.progress!('\r'.padEnd(101) + '\r')));
  return exitCode(r.status);
}

/** A scaling search's answer in every form asked for (also the answer `kivi merge` puts together). */
export function emitScaling(ctx: ModeContext, r: ScalingResult, name: string, intents: string[], spec: ClusterSpec, beforePrint?: () => void): void {
  const first = r.failing[0];
  emitReport(
    ctx,
    {
      text: () => scalingReport(r, ctx.opts.verboseLevel, intents),
      json: () => jsonScalingReport(r, name),
      junit: () => junitScalingReport(r, name),
      // Without a violation, the reports (SARIF, GitHub, HTML) show the search as a whole.
      shown: { result: first ? first.result : asCheckResult(r, name, intents), spec },
      traces: r.failing.map((f) => ({ prefix: `setup-${f.index + 1}-`, result: f.result })),
    },
    beforePrint,
  );
}

/** -fd 3+: every setup the search may check, as the cluster it instantiates. */
function writeSetups(ctx: ModeContext, template: ScalingTemplate, limits: ScalingOptions): void {
  let k = 0;
  for (const setup of setupsInOrder(template, limits)) {
    const spec = instantiate(template, setup);
    const pods = spec.deployments.reduce((a, d) => a + d.replicas, 0);
    debugFile(ctx, `setups/${++k}_${spec.nodes.length}_${pods}.json`, JSON.stringify(spec, null, 2) + '\n');
  }
}

/** A scaling search without violation as one result: no failure, its verdict, its states. */
function asCheckResult(r: ScalingResult, name: string, intents: string[]): CheckResult {
  const limit = r.limit ?? r.inconclusive[0]?.result.limit;
  const stats = { strategy: 'bfs' as const, states: r.states, transitions: 0, depth: 0, seconds: r.seconds, statesPerSecond: r.seconds > 0 ? r.states / r.seconds : r.states, peakRssBytes: peakRssBytes(), collisionProbability: 0 };
  const why = scalingStopSentence(r);
  return { status: r.status, cluster: name, intents, failures: [], ...(limit ? { limit } : {}), ...(why ? { inconclusiveWhy: why } : {}), stats, unmodelled: r.unmodelled, unaccounted: r.unaccounted };
}

/** The intents a scaling search checks, by their user names. */
function scalingIntents(t: ScalingTemplate): string[] {
  const names = t.base.intents.map((i) => intentByName(i.name)?.user ?? i.name);
  return [...new Set(['pod_always_schedulable', ...names])];
}

/** The parts of a scaling template the reports read (sources, intents, deployments). */
function scalingSpec(t: ScalingTemplate): ClusterSpec {
  return { ...t.base, nodes: [], pods: [], deployments: t.deploymentTypes.map((d) => d.template), spareSlots: 0 };
}
