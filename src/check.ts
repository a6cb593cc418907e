/**
 * One verification: compile a cluster, search its state space, and turn a violation into a
 * named, replayed counterexample. The CLI and the library both go through here; nothing here
 * prints or exits.
 */
import { availableParallelism } from 'node:os';
import { replay, type TraceStep } from './checker/replay.js';
import type { Limit, SearchOptions, SearchResult, SearchStats, Violation } from './checker/result.js';
import { ResumableSearch } from './checker/search.js';
import { parallelApplies, parallelSearch } from './checker/parallel-search.js';
import { modelRecipe } from './system/parallel-model.js';
import { findCycle } from './checker/cycles.js';
import { simulate, type SimulationResult } from './checker/simulation.js';
import { DEADLOCK_BASE, intentByCode } from './intents/catalog.js';
import type { ClusterSpec, InputWarning } from './model/cluster.js';
import { compile } from './system/compile.js';
import { clusterSnapshot, type ClusterSnapshot } from './system/snapshot.js';
import type { CompiledCluster } from './model/config.js';
import { type Interleaving, KiviModel } from './system/kivi-model.js';
import { requireClusterSpec, requireSearchOptions } from './system/check-input.js';
import { InputError } from './model/errors.js';
import { isSearchNote, searchNotes } from './system/partial-scoring.js';
import { type CapacityProof, capacityProof } from './system/capacity-proof.js';

export type { ClusterSnapshot, NodeSnapshot, PodPhase } from './system/snapshot.js';
export type { CapacityProof, TemplateCapacity } from './system/capacity-proof.js';

export interface CheckOptions extends SearchOptions {
  /**
   * Record the cluster after every step of each counterexample (`Failure.snapshots`), for
   * reports that draw it (`--report`). Off by default.
   */
  snapshots?: boolean;
  /**
   * Accept a hold although the input has features kivi does not model that touch the checked
   * cluster (`--allow-unmodelled`). Without it such a hold is 'inconclusive'.
   */
  allowUnmodelled?: boolean;
  /**
   * 'coarse' (default): one controller burst per transition; 'fine': one queue item per
   * transition (docs/model.md §7.5), with the sleep-set reduction unless `reduction` is false.
   */
  interleaving?: Interleaving;
  /**
   * false (`--no-symmetry`): search without the symmetry reduction (docs/model.md §8.11.5), as
   * where it does not apply: the controllers take nodes and pods in index and slot order where
   * Kubernetes leaves the order open, and every renaming of interchangeable nodes and pod slots
   * is a state of its own. A check of a result under the other admissible order, and the bench's
   * large configuration. Default true (the reduction applies where `symmetryExcluded` allows it).
   */
  symmetry?: boolean;
  /**
   * Worker threads for this one search (`--workers`): a breadth-first search on that many
   * threads with the sequential search's answer (src/checker/parallel-search.ts). Default 1, in
   * this thread; depth-first or seeded searches are always sequential.
   */
  workers?: number;
  /**
   * With a `deadline`: the share of the time left (above 0, at most 1) that the search of every
   * scheduler tie may take; when it runs out, kivi searches again taking each tie to the
   * lowest-index node until the deadline, as it does after a state or memory limit
   * (docs/model.md §8.2.4). Absent or 1: the first search has all the time and none follows a
   * time limit. The CLI's `-o` gives 0.75 (docs/performance.md). A sequential search that has
   * met no tie by the end of its share goes on to the deadline: the second one would repeat it;
   * and one stopped at its share goes on where it stopped when the second search ends without a
   * violation before the deadline.
   */
  tiesTimeShare?: number;
  /**
   * false (`--no-capacity-proof`): search even where the capacity argument of docs/model.md
   * §8.2.8 proves `pod_always_schedulable` without one. Default true: where it applies,
   * `checkCluster` answers 'holds' with `capacityProof` set and 0 states explored. The
   * scaling search, `--loop`, `--random` and `--simulation` always search.
   */
  capacityProof?: boolean;
}

export interface Failure {
  /** The violated intent's user name; null for an invalid end state (deadlock). */
  intent: string | null;
  /** For a deadlock: the process that is stuck. */
  stuckProcess?: string;
  /** For a deadlock, where kivi knows: why the process can never move (the pods that block a drain). */
  stuckReason?: string;
  /** For a deadlock that breaks an intent of the catalog (a stuck drain: `drain_completes`), its user name. */
  endStateIntent?: string;
  /** The counterexample, one entry per transition. */
  steps: TraceStep[];
  /** The actions of the counterexample, [process, choice]. */
  path: Array<[number, number]>;
  /**
   * With `CheckOptions.snapshots`: the cluster before the first step (index 0) and after each
   * step i (index i + 1).
   */
  snapshots?: ClusterSnapshot[];
}

export interface CheckResult {
  status: SearchResult['status'];
  cluster: string;
  /** User names of the intents checked, in order. */
  intents: string[];
  failures: Failure[];
  /**
   * Which limit stopped the search before it finished. With status 'violated' it means the
   * intents not listed in `failures` were not fully checked.
   */
  limit?: Limit;
  /**
   * The exact search hit a state or memory limit; this violation was then found taking every
   * scheduler tie to the lowest-index node (a real execution, not necessarily the shortest).
   */
  tiesLowest?: boolean;
  stats: SearchStats;
  /**
   * Why an answer put together above one search is inconclusive, in words, when it is neither a
   * limit nor unmodelled input: a scaling search's time stop, or its missing proof for every size.
   */
  inconclusiveWhy?: string;
  /** What the input holds that kivi does not model (ClusterSpec.unmodelled); absent if nothing. */
  unmodelled?: InputWarning[];
  /**
   * Set when the intents hold in the model but the status is 'inconclusive' because of these
   * features: those of `unmodelled` that touch the checked cluster.
   */
  unaccounted?: InputWarning[];
  /**
   * Set when the hold was proved without a search by the capacity argument (docs/model.md
   * §8.2.8): the numbers of the pigeonhole count. `stats` then counts 0 states.
   */
  capacityProof?: CapacityProof;
}

/**
 * A hold becomes inconclusive while features kivi does not model touch the checked cluster,
 * unless they are allowed; a violation or a limit stays what it is.
 */
export function withUnmodelled<R extends { status: CheckResult['status']; limit?: Limit }>(r: R, unmodelled: InputWarning[] | undefined, allow: boolean): R & Pick<CheckResult, 'unmodelled' | 'unaccounted'> {
  if (!unmodelled || unmodelled.length === 0) return r;
  const affecting = unmodelled.filter((w) => w.affectsCheck);
  if (r.status !== 'holds' || allow || affecting.length === 0) return { ...r, unmodelled };
  return { ...r, status: 'inconclusive', unmodelled, unaccounted: affecting };
}

/**
 * The most worker threads kivi starts, for one search (`workers`) or a scaling search's setups:
 * twice the cores (more only add memory: each thread holds its own copy of the model, heap and
 * JIT), and at least 4.
 */
export const MAX_WORKERS = Math.max(4, 2 * availableParallelism());

/** A library call's arguments: a cluster and options in range, or an InputError naming the call. */
export function requireCheckInput(spec: unknown, opts: unknown, call: string): asserts spec is ClusterSpec {
  requireClusterSpec(spec, call);
  requireSearchOptions(opts, call);
  for (const key of ['snapshots', 'allowUnmodelled', 'symmetry', 'capacityProof'] as const) {
    const v = (opts as CheckOptions | undefined)?.[key];
    if (v !== undefined && typeof v !== 'boolean') throw new InputError(`must be true or false, got ${JSON.stringify(v) ?? typeof v}`, call, `options.${key}`);
  }
  const workers = (opts as CheckOptions | undefined)?.workers;
  if (workers !== undefined && (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS)) {
    throw new InputError(`must be an integer from 1 to ${MAX_WORKERS} (twice the cores, at least 4), got ${JSON.stringify(workers) ?? typeof workers}`, call, 'options.workers');
  }
  const share = (opts as CheckOptions | undefined)?.tiesTimeShare;
  if (share !== undefined && (typeof share !== 'number' || !(share > 0 && share <= 1))) {
    throw new InputError(`must be a number above 0 and at most 1, got ${JSON.stringify(share) ?? typeof share}`, call, 'options.tiesTimeShare');
  }
}

/**
 * `watch`, when given, is made once for the compiled cluster and then sees every stored state
 * (the scaling search's fixpoint collects abstract states this way).
 */
export async function checkCluster(spec: ClusterSpec, opts: CheckOptions = {}, watch?: (cfg: CompiledCluster) => (s: Int32Array) => void): Promise<CheckResult> {
  requireCheckInput(spec, opts, 'check()');
  // docs/model.md §8.2.8: a cluster whose nodes never change and always have room needs no search.
  // A check aborted or out of time before it starts stays inconclusive, as a search would.
  const expired = opts.signal?.aborted === true || (opts.deadline !== undefined && Date.now() >= opts.deadline) || (opts.timeLimitMs !== undefined && opts.timeLimitMs <= 0);
  // The compiled cluster the proof read is the one the search of every tie runs on.
  let compiled: CompiledCluster | undefined;
  if ((opts.capacityProof ?? true) && !watch && !expired) {
    const started = performance.now();
    compiled = compile(spec);
    const proved = provedByCapacity(spec, compiled, opts, started);
    if (proved !== null) return proved;
  }
  const deadline = opts.deadline;
  const share = opts.tiesTimeShare;
  const again = spec.scheduler?.ties === undefined && !watch;
  // With a share of the time for it, the search of every tie stops early enough to leave the
  // rest of the time to the second search.
  const split = again && deadline !== undefined && share !== undefined && share < 1;
  const exactRun = await checkOnce(spec, split ? { ...opts, deadline: Date.now() + share * Math.max(0, deadline - Date.now()) } : opts, watch, compiled);
  const exact = exactRun.result;
  // A search of every tie that has met no tie so far is the lowest-index search: it goes on
  // with the whole time instead of the second search exploring its states again.
  const timeLeft = split && exact.limit === 'time' && exactRun.resume !== undefined && Date.now() < deadline;
  if (timeLeft && exactRun.tieStates() === 0) return exactRun.resume!(deadline);
  // Exploring every tie can outgrow a state or memory limit (or its share of the time) where
  // taking the lowest-index node would not (docs/model.md §8.2.4). A violation found that way is
  // still an execution kube-scheduler may take (selectHost may pick that node), so it is
  // reported; anything else keeps the exact search's inconclusive answer.
  const outgrown = exact.limit === 'memory' || exact.limit === 'states' || (split && exact.limit === 'time' && Date.now() < deadline);
  if (exact.status !== 'inconclusive' || !outgrown || !again) return exact;
  const lowest = (await checkOnce({ ...spec, scheduler: { ...spec.scheduler, ties: 'lowest' } }, opts)).result;
  if (lowest.status === 'violated') return { ...lowest, tiesLowest: true };
  // The lowest-index search ended without a violation before the deadline: the search of every
  // tie goes on where it stopped, with the time left.
  if (timeLeft && Date.now() < deadline) return exactRun.resume!(deadline);
  return exact;
}

/**
 * The capacity proof's answer for spec (docs/model.md §8.2.8): 'holds' with the proof and no
 * state explored, judged by the unmodelled features as a search's hold is; null where the proof
 * does not apply. No partial-scoring note: the count holds whatever node each pod was given.
 */
function provedByCapacity(spec: ClusterSpec, cfg: CompiledCluster, opts: CheckOptions, started: number): CheckResult | null {
  const verdict = capacityProof(cfg);
  if (!verdict.applies) return null;
  const seconds = (performance.now() - started) / 1000;
  const stats: SearchStats = {
    strategy: opts.strategy ?? 'bfs', states: 0, transitions: 0, depth: 0, seconds, statesPerSecond: 0, peakRssBytes: process.memoryUsage().rss, collisionProbability: 0,
    interleaving: opts.interleaving ?? 'coarse',
  };
  const intents = cfg.intents.map((c) => intentByCode(c)!.user);
  const held: CheckResult = { status: 'holds', cluster: cfg.name, intents, failures: [], stats, capacityProof: verdict.proof };
  return withUnmodelled(held, spec.unmodelled, opts.allowUnmodelled ?? false);
}

/** One search's answer; a sequential search stopped by its deadline can go on (`resume`). */
interface CheckRun {
  result: CheckResult;
  /** The same search, going on until the later deadline; absent for a parallel search. */
  resume?: (deadline: number) => Promise<CheckResult>;
  /** The states so far where the scheduler branched on a tie (KiviModel.tieStates). */
  tieStates: () => number;
}

async function checkOnce(spec: ClusterSpec, opts: CheckOptions, watch?: (cfg: CompiledCluster) => (s: Int32Array) => void, compiled?: CompiledCluster): Promise<CheckRun> {
  const cfg = compiled ?? compile(spec);
  const symmetry = opts.symmetry ?? true;
  const model = new KiviModel(cfg, { interleaving: opts.interleaving, symmetry });
  const searchOpts = watch ? { ...opts, onNewState: watch(cfg) } : opts;
  const tieStates = (): number => model.tieStates;
  if ((opts.workers ?? 1) > 1 && parallelApplies(searchOpts)) {
    return { result: answerOf(model, spec, opts, await parallelSearch(model, modelRecipe(spec, opts.interleaving, symmetry), searchOpts)), tieStates };
  }
  const sequential = new ResumableSearch(model, searchOpts);
  return {
    result: answerOf(model, spec, opts, await sequential.go()),
    resume: async (deadline) => answerOf(model, spec, opts, await sequential.resume(deadline)),
    tieStates,
  };
}

/** A search's result as check()'s answer: named counterexamples, the unmodelled features. */
function answerOf(model: KiviModel, spec: ClusterSpec, opts: CheckOptions, result: SearchResult): CheckResult {
  const cfg = model.cfg;
  result.stats.interleaving = opts.interleaving ?? 'coarse';
  const intents = cfg.intents.map((c) => intentByCode(c)!.user);
  // Failures in the order of the intents, then invalid end states.
  const rank = (code: number): number => (code >= DEADLOCK_BASE ? cfg.intents.length + code : cfg.intents.indexOf(code));
  const failures: Failure[] = [...result.violations].sort((a, b) => rank(a.code) - rank(b.code)).map((v) => failureOf(model, spec, v, opts.snapshots ?? false));
  const checked: CheckResult = { status: result.status, cluster: cfg.name, intents, failures, limit: result.limit, stats: result.stats };
  return withUnmodelled(checked, withSearchNotes(spec, cfg, result.observed), opts.allowUnmodelled ?? false);
}

/**
 * The input's unmodelled features and what a search saw that kivi does not model exactly:
 * kube-scheduler scoring fewer feasible nodes than kivi did (docs/model.md §8.2.6), a
 * preemption's victims resting on start times (§8.2.5).
 */
function withSearchNotes(spec: ClusterSpec, cfg: CompiledCluster, observed: readonly number[] | undefined): InputWarning[] | undefined {
  const notes = searchNotes(observed, cfg.scheduler.percentageOfNodesToScore);
  return notes.length === 0 ? spec.unmodelled : [...(spec.unmodelled ?? []), ...notes];
}

/** A violation found by a search, replayed into a named counterexample. */
function failureOf(model: KiviModel, spec: ClusterSpec, { code, path }: Violation, snapshots: boolean): Failure {
  const cfg = model.cfg;
  // Without snapshots only the last state is read: the replay keeps no other.
  const rebuilt = replay(model, path, snapshots ? 'all' : 'last');
  const shots = snapshots ? { snapshots: rebuilt.states.map((s) => clusterSnapshot(cfg, spec, s)) } : {};
  if (code >= DEADLOCK_BASE) {
    if (rebuilt.code !== 0) throw new Error('internal error: a deadlock path replays into a violation');
    const reason = model.stuckReason(rebuilt.state, code - DEADLOCK_BASE);
    return { intent: null, stuckProcess: model.processName(code - DEADLOCK_BASE), ...(reason ? { stuckReason: reason, endStateIntent: 'drain_completes' } : {}), steps: rebuilt.steps, path, ...shots };
  }
  if (rebuilt.code !== code) throw new Error(`internal error: counterexample replays to code ${rebuilt.code}, expected ${code}`);
  return { intent: intentByCode(code)!.user, steps: rebuilt.steps, path, ...shots };
}

export interface SimulationOutcome {
  cluster: string;
  intents: string[];
  seed: number;
  end: SimulationResult['end'];
  /** The failure met on the way, if any. */
  failure?: Failure;
  steps: TraceStep[];
}

/** One random execution of the cluster (`-si`): never a proof, a quick way to look around. */
export function simulateCluster(spec: ClusterSpec, seed: number, maxSteps = 10_000, interleaving: Interleaving = 'coarse'): SimulationOutcome {
  requireCheckInput(spec, { seed, interleaving }, 'simulateCluster()');
  if (!Number.isSafeInteger(maxSteps) || maxSteps < 1) throw new InputError(`must be an integer >= 1, got ${maxSteps}`, 'simulateCluster()', 'maxSteps');
  const cfg = compile(spec);
  const model = new KiviModel(cfg, { interleaving });
  const r = simulate(model, seed, maxSteps);
  const rebuilt = replay(model, r.path);
  const intents = cfg.intents.map((c) => intentByCode(c)!.user);
  let failure: Failure | undefined;
  if (r.end === 'violation') failure = { intent: intentByCode(r.code)!.user, steps: rebuilt.steps, path: r.path };
  else if (r.end === 'deadlock') failure = { intent: null, stuckProcess: model.processName(r.code - DEADLOCK_BASE), steps: rebuilt.steps, path: r.path };
  return { cluster: cfg.name, intents, seed, end: r.end, failure, steps: rebuilt.steps };
}

export interface LoopOutcome {
  cluster: string;
  /** 'violated': an intent is violated on the way (`failure`), loop or not. */
  status: 'loop' | 'none' | 'violated' | 'inconclusive';
  prefix: TraceStep[];
  cycle: TraceStep[];
  /** With status 'violated': the intent's counterexample (not necessarily a shortest one). */
  failure?: Failure;
  limit?: Limit;
  states: number;
  unmodelled?: InputWarning[];
  /** Set when no loop was found but unmodelled input touching the checked cluster makes that inconclusive. */
  unaccounted?: InputWarning[];
}

/**
 * `-l`: look for a reachable loop in which pods are deleted and started again, or replicas go
 * up and down (a cycle of the abstracted state graph; src/checker/cycles.ts).
 */
/** What makes a loop worth reporting: the kubelet starts or kills a pod, or the HPA rescales. */
const CHURN_REASONS: ReadonlySet<string> = new Set(['Started', 'Killing', 'SuccessfulRescale']);

function churns(steps: TraceStep[]): boolean {
  return steps.some((st) => st.lines.some((l) => l.level === 1 && CHURN_REASONS.has(l.reason)));
}

export async function findLoop(spec: ClusterSpec, opts: CheckOptions = {}): Promise<LoopOutcome> {
  requireCheckInput(spec, opts, 'findLoop()');
  // The round-counting monitors would end every loop after three rounds: the loop itself is
  // what -l looks for, so they are left out of the loop search, and checked by a search of
  // their own when no loop is found (so -l never passes what the search fails).
  const counting = new Set(['no_oscillation_eviction', 'checkEvictionCycle', 'no_oscillation_replica_num', 'checkOscillationReplicaNum']);
  const cfg = compile({ ...spec, intents: spec.intents.filter((i) => !counting.has(i.name)) });
  // The cycle search (cycles.ts) has no reduction: a loop may run through any transition.
  const model = new KiviModel(cfg, { interleaving: opts.interleaving, symmetry: opts.symmetry ?? true });
  const r = await findCycle(model, (c) => churns(replay(model, [...c.prefix, ...c.cycle]).steps.slice(c.prefix.length)), opts);
  const allow = opts.allowUnmodelled ?? false;
  // The cycle search's notes, as checkOnce's (docs/model.md §8.2.5, §8.2.6).
  let unmodelled = withSearchNotes(spec, cfg, Array.from(model.observed));
  const empty = { cluster: cfg.name, prefix: [] as TraceStep[], cycle: [] as TraceStep[] };
  if (r.violation) {
    const failure = failureOf(model, spec, r.violation, false);
    return { ...withUnmodelled({ ...empty, status: 'violated' as const, failure, states: r.states }, unmodelled, allow), status: 'violated' };
  }
  if (!r.cycle) {
    let status: CheckResult['status'] = r.limit ? 'inconclusive' : 'holds';
    let { limit, states } = r;
    let failure: Failure | undefined;
    const counted = spec.intents.filter((i) => counting.has(i.name));
    if (status === 'holds' && counted.length > 0) {
      const c = await checkCluster({ ...spec, intents: counted }, { ...opts, allowUnmodelled: true });
      status = c.status;
      limit = c.limit;
      states += c.stats.states;
      failure = c.failures[0];
      const more = (c.unmodelled ?? []).filter((w) => isSearchNote(w) && !unmodelled?.some((f) => f.message === w.message));
      if (more.length > 0) unmodelled = [...(unmodelled ?? []), ...more];
    }
    const judged = withUnmodelled({ ...empty, status, limit, states, failure }, unmodelled, allow);
    return { ...judged, status: judged.status === 'holds' ? 'none' : judged.status };
  }
  const steps = replay(model, [...r.cycle.prefix, ...r.cycle.cycle]).steps;
  const loop = { cluster: cfg.name, status: 'violated' as const, prefix: steps.slice(0, r.cycle.prefix.length), cycle: steps.slice(r.cycle.prefix.length), states: r.states };
  return { ...withUnmodelled(loop, unmodelled, allow), status: 'loop' };
}
