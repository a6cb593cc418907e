/**
 * The incremental scaling search (docs/scaling.md): check the setups from small to
 * large and answer with the first one, in that order, that violates an intent.
 *
 * The setups (of every size level: a level = all setups with the same total node count, the
 * list's primary order) are one stream: a worker that is free takes the next setup, whatever its
 * level (src/scaling/in-order.ts), in this thread or on piscina worker threads
 * (src/scaling/runner.ts). Results are read in enumeration order, so the answer is the first
 * violating setup in that order whatever the worker count.
 *
 * The proof for every size (`fixpoint`, docs/scaling.md "Proof for every size"): when no setup
 * violates an intent, the abstract search of src/scaling/abstract/ either proves that the intents
 * hold for every number of nodes (status holds) or says why it cannot (status inconclusive).
 */
import { availableParallelism } from 'node:os';
import { MAX_WORKERS, type CheckOptions, type CheckResult } from '../check.js';
import { requireSearchOptions } from '../system/check-input.js';
import type { Limit } from '../checker/result.js';
import { InputError } from '../model/errors.js';
import type { InputWarning } from '../model/cluster.js';
import { isSearchNote } from '../system/partial-scoring.js';
import { countSetups, describeBounds, setupsInOrder } from './enumerate.js';
import { checkInOrder } from './in-order.js';
import { describeSetup, instantiate } from './instantiate.js';
import { AUTO_POOL_AFTER_MS, runner } from './runner.js';
import type { ScalingOptions, ScalingTemplate, Setup } from './types.js';
import { proveEverySize, type ProofResult } from './abstract/prove.js';

export { AUTO_POOL_AFTER_MS } from './runner.js';

export interface SetupOutcome {
  index: number;
  setup: Setup;
  description: string;
  result: CheckResult;
}

export interface ScalingResult {
  status: 'holds' | 'violated' | 'inconclusive';
  totalSetups: number;
  /** The ranges the setups cover (describeBounds). */
  covered?: string;
  /** Setups whose check counts (all up to the answer). */
  checked: number;
  /** The violating setups: the first one, or every one with `all`. */
  failing: SetupOutcome[];
  /** Setups whose check hit a limit. */
  inconclusive: SetupOutcome[];
  /** Every setup checked, in order, with its verdict. */
  outcomes: Array<{ index: number; description: string; status: CheckResult['status']; states: number }>;
  /**
   * With `fixpoint`, when no setup violates an intent: the proof for every size. Proved, the
   * status is holds; otherwise inconclusive ("no violation up to the sizes checked").
   */
  proof?: ProofResult;
  /** The time limit or an abort stopped the search between setups (the setups left were not checked). */
  limit?: Limit;
  /**
   * Setups after the answer that had started when it was found (on other threads): stopped
   * (limit aborted) or finished. They do not count in `checked`, `outcomes` or `states`.
   */
  dropped?: Array<{ index: number; description: string; status: CheckResult['status']; limit?: Limit; states: number }>;
  states: number;
  seconds: number;
  /**
   * Setups whose search saw kube-scheduler score fewer feasible nodes than kivi did
   * (percentageOfNodesToScore, docs/model.md §8.2.6), with the note; the caller adds the notes
   * to the unmodelled features (scalingNotes) that judge the answer.
   */
  notes?: Array<{ index: number; description: string; note: InputWarning }>;
  /** Set by the caller (check.ts withUnmodelled): as CheckResult's. */
  unmodelled?: CheckResult['unmodelled'];
  unaccounted?: CheckResult['unaccounted'];
}

export { MAX_WORKERS };

export interface ScalingSearchOptions extends ScalingOptions {
  check?: CheckOptions;
  /** Go on after the first violating setup and report all of them (`-a`). */
  all?: boolean;
  /**
   * Worker threads; 1 runs in this thread. Default: as many threads as cores, this one and a pool
   * of one fewer, the pool started only once the search has used AUTO_POOL_AFTER_MS of CPU time
   * in this thread (a small search never pays for a pool).
   */
  workers?: number;
  /** With the default workers: the CPU time (ms) this thread works alone before the pool starts (AUTO_POOL_AFTER_MS). */
  poolAfterMs?: number;
  /**
   * When no setup violates an intent, try to prove that none of any size does (`--fixpoint`,
   * src/scaling/abstract/): without a proof the answer is then inconclusive.
   */
  fixpoint?: boolean;
  /**
   * Check only this share of the setups: those whose index in enumeration order is `index`
   * modulo `count` (src/scaling/shard.ts merges the shares back in global order).
   */
  shard?: { index: number; count: number };
  /** Called as setups finish: how many of how many, the setup, and states checked per second so far. */
  onProgress?: (done: number, total: number, current: string, statesPerSecond: number) => void;
}

/** The search options each setup is checked with: one deadline for all, and the setup's own stop flag. */
function setupOptions(check: CheckOptions): CheckOptions {
  const { signal, timeLimitMs, ...rest } = check;
  void signal;
  const deadline = Math.min(check.deadline ?? Number.POSITIVE_INFINITY, timeLimitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeLimitMs);
  return { ...rest, ...(Number.isFinite(deadline) ? { deadline } : {}) };
}

interface Item {
  /** The setup's index in enumeration order (over all shards). */
  index: number;
  setup: Setup;
}

/** The setups of this shard's share (all of them without a shard), in enumeration order. */
function* shareOf(setups: Iterable<Setup>, shard: ScalingSearchOptions['shard']): Generator<Item> {
  let index = 0;
  for (const setup of setups) {
    if (!shard || index % shard.count === shard.index) yield { index, setup };
    index++;
  }
}

export async function scalingSearch(t: ScalingTemplate, opts: ScalingSearchOptions = {}): Promise<ScalingResult> {
  const started = performance.now();
  if (opts.workers !== undefined && (!Number.isSafeInteger(opts.workers) || opts.workers < 1 || opts.workers > MAX_WORKERS)) {
    throw new InputError(`must be an integer from 1 to ${MAX_WORKERS} (twice the cores, at least 4), got ${String(opts.workers)}`, 'scalingSearch()', 'workers');
  }
  const base = (t as Partial<ScalingTemplate> | null)?.base;
  if (typeof base !== 'object' || base === null || !Array.isArray(t.nodeTypes) || !Array.isArray(t.deploymentTypes)) {
    throw new InputError('expected a scaling template (scalingTemplate(cluster) returns one)', 'scalingSearch()', 'template');
  }
  requireSearchOptions(opts.check, 'scalingSearch()');
  const totalSetups = countSetups(t, opts);
  if (totalSetups === 0) {
    // Nothing would be checked: that is not a hold (docs/reliability.md).
    throw new InputError('no setup to check: the node and deployment bounds (minSize, maxSize, the pods-per-node caps) leave no cluster with a node and a replica', undefined, 'dTypes', t.base.sources?.['*']?.file);
  }
  const workers = Math.max(1, opts.workers ?? availableParallelism());
  const all = opts.all ?? false;
  const check = setupOptions(opts.check ?? {});
  const signal = opts.check?.signal;
  const stopReason = (): Limit | undefined => (signal?.aborted ? 'aborted' : check.deadline !== undefined && Date.now() > check.deadline ? 'time' : undefined);
  const { runOne, close } = await runner(workers, opts.workers === undefined, opts.poolAfterMs ?? AUTO_POOL_AFTER_MS);
  const failing: SetupOutcome[] = [];
  const inconclusive: SetupOutcome[] = [];
  const outcomes: ScalingResult['outcomes'] = [];
  const notes: NonNullable<ScalingResult['notes']> = [];
  let checked = 0;
  let states = 0;
  let finished = 0;
  let finishedStates = 0;
  const shareSize = opts.shard ? Math.ceil((totalSetups - opts.shard.index) / opts.shard.count) : totalSetups;
  let end: Awaited<ReturnType<typeof checkInOrder<Item>>>;
  try {
    end = await checkInOrder(shareOf(setupsInOrder(t, opts), opts.shard), runOne, {
      lanes: workers === 1 ? 1 : workers * 2,
      all,
      stop: () => stopReason() !== undefined,
      signal,
      task: (item, stopFlag) => ({ spec: instantiate(t, item.setup), opts: { ...check, capacityProof: false, stopFlag } }),
      onFinish: (item, { result }) => {
        finishedStates += result.stats.states;
        const rate = finishedStates / Math.max(1e-3, (performance.now() - started) / 1000);
        opts.onProgress?.(++finished, shareSize, describeSetup(t, item.setup), rate);
      },
      onInOrder: (item, { result }) => {
        const outcome = { index: item.index, setup: item.setup, description: describeSetup(t, item.setup), result };
        checked++;
        states += result.stats.states;
        outcomes.push({ index: outcome.index, description: outcome.description, status: result.status, states: result.stats.states });
        if (result.status === 'inconclusive') inconclusive.push(outcome);
        for (const note of result.unmodelled?.filter(isSearchNote) ?? []) notes.push({ index: outcome.index, description: outcome.description, note });
        if (result.status === 'violated') failing.push(outcome);
      },
    });
  } finally {
    await close();
  }
  // A limit counts when it left setups unchecked (not after the answer: those do not matter).
  const limit = failing.length > 0 && !all ? undefined : end.complete ? undefined : stopReason();
  const dropped = end.dropped
    .map(({ item, result: { result } }) => ({ index: item.index, description: describeSetup(t, item.setup), status: result.status, ...(result.limit ? { limit: result.limit } : {}), states: result.stats.states }))
    .sort((a, b) => a.index - b.index);
  let status: ScalingResult['status'] = failing.length > 0 ? 'violated' : inconclusive.length > 0 || limit !== undefined || checked === 0 ? 'inconclusive' : 'holds';
  let proof: ProofResult | undefined;
  if ((opts.fixpoint ?? false) && status === 'holds') {
    // No setup up to the caps violates: the abstraction may prove that no larger one does.
    proof = proveEverySize(t, opts, { deadline: check.deadline, maxStates: opts.check?.maxStates });
    if (proof.status !== 'proved') status = 'inconclusive';
  }
  return { status, totalSetups, covered: describeBounds(t, opts), checked, failing, inconclusive, outcomes, ...(proof ? { proof } : {}), ...(limit ? { limit } : {}), ...(dropped.length > 0 ? { dropped } : {}), ...(notes.length > 0 ? { notes } : {}), states, seconds: (performance.now() - started) / 1000 };
}

/** The input's unmodelled features and the setups' partial-scoring notes (each message once), to judge a scaling answer with. */
export function scalingNotes(r: ScalingResult, unmodelled: InputWarning[] | undefined): InputWarning[] | undefined {
  if (!r.notes || r.notes.length === 0) return unmodelled;
  const seen = new Set<string>();
  const notes = r.notes.map((n) => n.note).filter((w) => !seen.has(w.message) && seen.add(w.message) !== undefined);
  return [...(unmodelled ?? []), ...notes];
}
