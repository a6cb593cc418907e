/**
 * `--shard INDEX/COUNT`: one share of the scaling search, written as its JSON report with a
 * `shard` object that `kivi merge` reads (docs/scale-out.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withUnmodelled } from '../../check.js';
import type { ClusterSpec, InputWarning } from '../../model/cluster.js';
import { jsonScalingReport, type JsonReport } from '../../report/json.js';
import { setupsInOrder } from '../../scaling/enumerate.js';
import { describeSetup } from '../../scaling/instantiate.js';
import type { ScalingResult } from '../../scaling/search.js';
import { parseShard, shareOf, type ScalingShare } from '../../scaling/shard.js';
import type { ScalingTemplate } from '../../scaling/types.js';
import type { ModeContext } from '../context.js';
import type { CliOptions } from '../options.js';

/** What the merged report needs besides the search: as the single run has it. */
export interface ShardReportContext {
  cluster: string;
  /** The intents checked, by their user names. */
  intents: string[];
  /** The parts of the scaling template the reports read (SARIF and GitHub locate failures in it). */
  spec: ClusterSpec;
  unmodelled?: InputWarning[];
  allowUnmodelled?: boolean;
}

export type ShardShareFile = ScalingShare & { report: ShardReportContext };

/** A shard's JSON report: its own partial answer, and the share. */
export type ShardJsonReport = JsonReport & { shard: ShardShareFile };

/** The shard the options ask for (validated by options.ts), or undefined. */
export function shardOf(opts: CliOptions): { index: number; count: number } | undefined {
  if (opts.shard === undefined && opts.shardCount === undefined) return undefined;
  const s = parseShard(opts.shard ?? '', opts.shardCount, process.env.JOB_COMPLETION_INDEX);
  if (typeof s === 'string') throw new Error(`unchecked --shard: ${s}`);
  return s;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** The options that decide what a shard checks and how: every shard of one search has the same. */
function inputKey(ctx: ModeContext): string {
  const o = ctx.opts;
  const c = ctx.check;
  // Not the deadline (an instant) nor the signal: the timeout as given.
  const check = { strategy: c.strategy, maxStates: c.maxStates, maxDepth: c.maxDepth, stopAtFirst: c.stopAtFirst, maxMemoryBytes: c.maxMemoryBytes, timeout: o.timeout };
  const input = {
    kivi: packageVersion(),
    case: o.case,
    path: o.path,
    inputs: o.inputs,
    cluster: o.cluster,
    scale: o.scale,
    caseNonViolation: o.caseNonViolation ?? false,
    namespace: o.namespace,
    allowUnmodelled: o.allowUnmodelled ?? false,
    allViolation: o.allViolation ?? false,
    fastFind: o.fastFind,
    maxNodesPerType: o.maxNodesPerType,
    podsPerNodeCap: o.podsPerNodeCap,
    check,
  };
  return JSON.stringify(input);
}

function setupsDigest(t: ScalingTemplate, ctx: ModeContext): string {
  const o = ctx.opts;
  const h = createHash('sha256');
  for (const s of setupsInOrder(t, { fastFind: o.fastFind, maxNodesPerType: o.maxNodesPerType, podsPerNodeCap: o.podsPerNodeCap })) h.update(describeSetup(t, s) + '\n');
  return h.digest('hex');
}

export function shardFile(ctx: ModeContext, searched: ScalingResult, shard: { index: number; count: number }, t: ScalingTemplate, report: ShardReportContext): ShardJsonReport {
  const all = ctx.opts.allViolation ?? false;
  const allowUnmodelled = ctx.opts.allowUnmodelled ?? false;
  const own = withUnmodelled(searched, report.unmodelled, allowUnmodelled);
  const share = shareOf(searched, shard, inputKey(ctx), setupsDigest(t, ctx), all);
  return { ...jsonScalingReport(own, report.cluster), shard: { ...share, report: { ...report, allowUnmodelled } } };
}
