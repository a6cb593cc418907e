/**
 * The default without -o: the incremental scaling search over small clusters of the same node
 * and deployment types, smallest first (docs/scaling.md).
 */
import { withUnmodelled, type CheckResult } from '../../check.js';
import { peakRssBytes } from '../../checker/search.js';
import { intentByName } from '../../intents/catalog.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { Warnings } from '../../parsers/warnings.js';
import { jsonScalingReport } from '../../report/json.js';
import { junitScalingReport } from '../../report/junit.js';
import { scalingReport } from '../../report/scaling.js';
import { setupsInOrder } from '../../scaling/enumerate.js';
import { scalingTemplate } from '../../scaling/from-spec.js';
import { instantiate } from '../../scaling/instantiate.js';
import { scalingSearch, type ScalingResult } from '../../scaling/search.js';
import type { ScalingOptions, ScalingTemplate } from '../../scaling/types.js';
import { exitCode, printWarnings, type ModeContext } from '../context.js';
import { debugFile, emitReport } from '../emit.js';
import { readCluster } from './cluster.js';

export async function scalingMode(ctx: ModeContext): Promise<number> {
  const { io, opts } = ctx;
  const warnings = new Warnings();
  const spec = readCluster(opts, warnings);
  const template = scalingTemplate(spec);
  printWarnings(io, warnings.lines);
  const progress = process.stderr.isTTY && io.progress
    ? (done: number, total: number, current: string, rate: number) =>
        io.progress!(`\r[${done}/${total}] ${Math.round(rate).toLocaleString('en-US')} states/s ${current}`.padEnd(100).slice(0, 140))
    : undefined;
  const limits = { fastFind: opts.fastFind, maxNodesPerType: opts.maxNodesPerType, podsPerNodeCap: opts.podsPerNodeCap };
  if (opts.fileDebug >= 3) writeSetups(ctx, template, limits);
  // Each setup is checked as the model sees it; the unmodelled features judge the answer once.
  const searched = await scalingSearch(template, { check: { ...ctx.check, allowUnmodelled: true }, all: opts.allViolation ?? false, workers: opts.workers, ...limits, fixpoint: opts.fixpoint ?? false, trustFixpoint: opts.trustFixpoint ?? false, onProgress: progress });
  const r = withUnmodelled(searched, spec.unmodelled, opts.allowUnmodelled ?? false);
  const name = opts.path ?? opts.inputs?.join(' ') ?? `${opts.case}`;
  const first = r.failing[0];
  emitReport(
    ctx,
    {
      text: () => scalingReport(r, opts.verboseLevel),
      json: () => jsonScalingReport(r, name),
      junit: () => junitScalingReport(r, name),
      // Without a violation, the reports (SARIF, GitHub, HTML) show the search as a whole.
      shown: { result: first ? first.result : asCheckResult(r, name, template), spec: scalingSpec(template) },
      traces: r.failing.map((f) => ({ prefix: `setup-${f.index + 1}-`, result: f.result })),
    },
    progress && (() => io.progress!('\r'.padEnd(101) + '\r')),
  );
  return exitCode(r.status);
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
function asCheckResult(r: ScalingResult, name: string, t: ScalingTemplate): CheckResult {
  const names = t.base.intents.map((i) => intentByName(i.name)?.user ?? i.name);
  const intents = [...new Set(['pod_always_schedulable', ...names])];
  const limit = r.limit ?? r.inconclusive[0]?.result.limit;
  const stats = { strategy: 'bfs' as const, states: r.states, transitions: 0, depth: 0, seconds: r.seconds, statesPerSecond: r.seconds > 0 ? r.states / r.seconds : r.states, peakRssBytes: peakRssBytes(), collisionProbability: 0 };
  return { status: r.status, cluster: name, intents, failures: [], ...(limit ? { limit } : {}), stats, unmodelled: r.unmodelled, unaccounted: r.unaccounted };
}

/** The parts of a scaling template the reports read (sources, intents, deployments). */
function scalingSpec(t: ScalingTemplate): ClusterSpec {
  return { ...t.base, nodes: [], pods: [], deployments: t.deploymentTypes.map((d) => d.template), spareSlots: 0 };
}
