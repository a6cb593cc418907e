/**
 * A small mirror of the kube-scheduler framework: plugins by extension point (PreFilter,
 * Filter, PreScore, Score, NormalizeScore) run by a profile with score weights. Everything a
 * plugin needs for one scheduling cycle is in `CycleState`; its buffers are allocated once.
 */
import type { CompiledCluster, CompiledTemplate } from '../../model/config.js';
import {
  CA_NODE_DELETING, CA_NODE_WORDS, CN_PHASE, type Layout, N_CPU_LEFT, N_MEM_LEFT, N_NUM_POD, N_STATUS, N_TAINTS, N_UNSCHEDULABLE, NODE_ABSENT, NODE_READY, NODE_UNHEALTHY, NODE_WORDS, P_CPU, P_LOC,
  P_MEM, P_TEMPLATE, caNodeAt, nodeAt, podAt,
} from '../../model/layout.js';
import { popCount } from '../../model/taints.js';
import { NodeRequests } from './requested.js';
import { judgeRuns, NodeLocalMemo } from './node-local.js';
import { MIN_FEASIBLE_NODES_TO_FIND, recordPartialScoring } from './nodes-to-score.js';

/** Highest score a plugin gives after NormalizeScore (`MAX_NODE_SCORE`, docs/model.md §2.3). */
export const MAX_NODE_SCORE = 100;

let bursts = 0;
let origins = 0;

export class CycleState {
  s: Int32Array = new Int32Array(0);
  /** The pod being scheduled (slot index) and its template. */
  pod = 0;
  templateIndex = 0;
  template!: CompiledTemplate;
  /** feasible[n] = 1 while node n is in the feasible set F. */
  readonly feasible: Uint8Array;
  /** Weighted total per node. */
  readonly total: Int32Array;
  /** One plugin's raw, then normalized, score per node. */
  readonly scores: Int32Array;
  /** After a cycle: how many feasible nodes share the highest total (docs/model.md §8.2.4). */
  ties = 0;
  /** After a cycle that found a feasible node: how many nodes are feasible. */
  feasibleCount = 0;
  /** During a cycle: how many nodes are present (nodePresent), counted as it starts. */
  presentNodes = 0;
  /**
   * Within one scheduler burst nothing but the burst's own placements moves pods, so a plugin
   * may keep per-node pod counts from one cycle to the next and add only the new placements.
   * `burst` numbers the current burst, unique per process (0: not in a burst, keep nothing);
   * its placements so far are (placedNode[i], placedTemplate[i]) for i < placements.
   */
  burst = 0;
  placements = 0;
  /**
   * The state the burst started from, as a number: a burst that starts from the very state an
   * earlier one started from (the state `choices` ran its cycle on, cycle-memo.ts) shares its
   * origin, so counts kept at that state (NodeRequests, PodTopologySpread's pods per node) are
   * brought to this burst by undoing what moved since and adding this burst's placements,
   * instead of comparing every pod slot. Any other burst has an origin of its own.
   */
  origin = 0;
  readonly placedNode: Int32Array;
  readonly placedTemplate: Int32Array;
  /** The pod slot of each placement. */
  readonly placedPod: Int32Array;
  /**
   * What the pods on each node request (kube-scheduler's `NodeInfo.Requested`), shared by the
   * plugins that read it (NodeResourcesFit, BalancedAllocation): `requests.update(this)` brings
   * it up to this cycle's state, once per burst plus the burst's placements.
   */
  readonly requests: NodeRequests;
  /** The node-local part of the burst's last full cycle (node-local.ts). */
  readonly nodeLocal: NodeLocalMemo;
  /**
   * Where cycles whose feasible nodes kube-scheduler would not all score are recorded
   * (ModelContext.partialScoring, nodes-to-score.ts); null: not recorded (preemption's dry runs,
   * the autoscaler's simulation, a cluster where no cycle can be cut).
   */
  partialScoring: Int32Array | null = null;
  /**
   * Set by the scheduler for the first cycle of a canonical state's choices (orbits.ts `runs`):
   * runEnd[n] is the last node of the run of alike nodes that node n starts, and the cycle judges
   * its node-local part once per run (node-local.ts judgeRuns); null: node by node.
   */
  runEnd: Int32Array | null = null;
  /**
   * Non-zero: the state of this cycle differs from the state counted at origin `hintOrigin`
   * only in the pod slots hintSlots[0..hintCount): counts kept at that origin are brought over
   * by undoing what moved since and looking at those slots alone (Scheduler.loaded).
   */
  hintOrigin = 0;
  hintSlots: Int32Array = new Int32Array(0);
  hintCount = 0;
  /** numFeasibleNodesToFind per number of present nodes (nodes-to-score.ts nodesToFindTable, built once per scheduler); null with partialScoring. */
  nodesToFind: Int32Array | null = null;

  constructor(
    readonly cfg: CompiledCluster,
    readonly l: Layout,
  ) {
    this.feasible = new Uint8Array(l.nodes + 1);
    this.total = new Int32Array(l.nodes + 1);
    this.scores = new Int32Array(l.nodes + 1);
    this.placedNode = new Int32Array(l.pods + 1);
    this.placedTemplate = new Int32Array(l.pods + 1);
    this.placedPod = new Int32Array(l.pods + 1);
    this.requests = new NodeRequests(cfg);
    this.nodeLocal = new NodeLocalMemo(l.nodes);
  }

  /** A burst starts: the state may have changed in any way since the last cycle. */
  beginBurst(origin = 0): void {
    this.burst = ++bursts;
    this.placements = 0;
    this.origin = origin === 0 ? ++origins : origin;
  }

  /** The burst bound pod slot `pod` of `template`, which was unbound, to `node`. */
  placed(node: number, template: number, pod: number): void {
    if (this.placements === this.placedNode.length) {
      this.beginBurst(); // more placements than pods: cannot happen, but then start afresh
      return;
    }
    this.placedNode[this.placements] = node;
    this.placedTemplate[this.placements] = template;
    this.placedPod[this.placements] = pod;
    this.placements++;
  }

  /**
   * Node n takes new pods as far as its conditions go: Ready, and not tainted
   * `ToBeDeletedByClusterAutoscaler:NoSchedule` by a cluster-autoscaler scale-down (docs/model.md §8.10).
   */
  nodeReady(n: number): boolean {
    if (this.s[nodeAt(this.l, n) + N_STATUS] !== NODE_READY) return false;
    return this.l.caNodeBase < 0 || this.s[caNodeAt(this.l, n) + CN_PHASE] !== CA_NODE_DELETING;
  }

  /** Node n exists: not an absent node-group slot (docs/model.md §8.10). */
  nodePresent(n: number): boolean {
    return this.s[nodeAt(this.l, n) + N_STATUS] !== NODE_ABSENT;
  }

  /** Node n is cordoned (`spec.unschedulable`). */
  unschedulable(n: number): boolean {
    return this.s[nodeAt(this.l, n) + N_UNSCHEDULABLE] === 1;
  }

  /**
   * The pod's node selector and required node affinity hold on n, whether n is Ready or not:
   * Kubernetes' `nodeInclusionPolicy` for `nodeAffinityPolicy: Honor` matches the node's labels
   * only (podtopologyspread common.go, `matchNodeInclusionPolicies`), so a NotReady node stays a
   * spread domain (kubernetes/kubernetes#106127; the reference dropped it, docs/model.md §8.2.2).
   */
  affinityMatches(n: number): boolean {
    const req = this.template.requiredNodes;
    return req === null || req[n] === 1;
  }

  /** The pod tolerates node n's NoSchedule and NoExecute taints, as they are in this state. */
  taintsTolerated(n: number): boolean {
    return (this.s[nodeAt(this.l, n) + N_TAINTS] & this.template.untoleratedScheduleMask) === 0;
  }

  /** Node n's untolerated PreferNoSchedule taints. */
  untoleratedPrefer(n: number): number {
    return popCount(this.s[nodeAt(this.l, n) + N_TAINTS] & this.template.untoleratedPreferMask);
  }
}

/**
 * What PreFilter or PreScore may return (Kubernetes' `Skip` status): the plugin has nothing to
 * do for this pod, so its Filter (or Score and NormalizeScore) does not run in this cycle. A
 * plugin returns it only where running would change nothing: every node passes its filter, or
 * gets the same score, which cannot change which node wins.
 */
export const SKIP = 'skip';
export type PreResult = void | typeof SKIP;

export interface FilterPlugin {
  readonly name: string;
  /**
   * `filter(cs, n)` reads only the pod's template and node n's own words and requested sums
   * (cs.requests), so a placement changes it on the placed node alone (node-local.ts).
   */
  readonly localFilter?: boolean;
  preFilter?(cs: CycleState): PreResult;
  /** Keep node n in the feasible set? */
  filter(cs: CycleState, n: number): boolean;
  /**
   * Why `filter` rejects node n, in kube-scheduler's words (the reasons of the plugin's
   * Unschedulable Status). Called only to explain a failed cycle, never inside the search.
   */
  reasons(cs: CycleState, n: number): string[];
  /**
   * `filter` over the whole feasible set in one call: clears feasible[n] for every node it
   * rejects and says whether any node is left. Optional; it spares the cycle a call per node.
   */
  filterNodes?(cs: CycleState): boolean;
}

export interface ScorePlugin {
  readonly name: string;
  /**
   * `score(cs, n)` reads only the pod's template and node n's own words and requested sums, and
   * there is no normalizeScore (node-local.ts). Its weighted scores are summed before the
   * non-node-local filters run, for every node the node-local filters keep.
   */
  readonly localScore?: boolean;
  preScore?(cs: CycleState): PreResult;
  score(cs: CycleState, n: number): number;
  /** `score` of every feasible node into cs.scores in one call (optional, as filterNodes). */
  scoreNodes?(cs: CycleState): void;
  /** Rewrite cs.scores (feasible nodes only) to 0..MAX_NODE_SCORE. */
  normalizeScore?(cs: CycleState): void;
  /**
   * Score, NormalizeScore and the weighted sum in one: adds weight · (normalized score) to
   * cs.total[n] for every feasible node n, the very numbers scoreNodes, normalizeScore and the
   * framework's sum give (optional; it spares the cycle the passes over the nodes in between).
   */
  addScores?(cs: CycleState, weight: number): void;
}

/** filterNodes of a filter that keeps node n where mask[n] === keep, or every node without a mask. */
export function keepWhere(cs: CycleState, mask: Uint8Array | null, keep: number): boolean {
  const feasible = cs.feasible;
  let any = false;
  for (let n = 1; n < feasible.length; n++) {
    if (feasible[n] === 0) continue;
    if (mask === null || mask[n] === keep) any = true;
    else feasible[n] = 0;
  }
  return any;
}

/** scoreNodes of a plugin whose score of node n is values[n], or 0 without values. */
export function scoreFrom(cs: CycleState, values: Int32Array | null): void {
  const { feasible, scores } = cs;
  for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1) scores[n] = values === null ? 0 : values[n];
}

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

export interface Profile {
  filters: FilterPlugin[];
  scores: WeightedScorePlugin[];
}

/**
 * Runs the filters and scores of `profile` for the pod in `cs` and returns the selected node,
 * or 0 when no node is feasible. Afterwards `cs.ties` is the number of feasible nodes that share
 * the highest total (0 when none is feasible). kube-scheduler picks one of them uniformly at
 * random (`selectHost`, pkg/scheduler/schedule_one.go, v1.30: reservoir sampling over the nodes
 * with the highest score); the model makes each a successor instead (docs/model.md §8.2.4), so
 * `choice` (0 ≤ choice < cs.ties) names which: the choice-th best node in node order. The
 * default 0 is the lowest-index best node.
 */
export function runSchedulingCycle(profile: Profile, cs: CycleState, choice = 0): number {
  const filters = profile.filters;
  const scorers = profile.scores;
  // The leading node-local filters, and the PreFilter and PreScore Skips of the node-local
  // plugins (idempotent: they bring cs.requests up to date and read the template).
  let localFilters = 0;
  while (localFilters < filters.length && filters[localFilters].localFilter === true) localFilters++;
  let filterSkips = 0;
  for (let i = 0; i < localFilters; i++) {
    const f = filters[i];
    if (f.preFilter && f.preFilter(cs) === SKIP) filterSkips |= 1 << i;
  }
  let scoreSkips = 0;
  for (let i = 0; i < scorers.length; i++) {
    const plugin = scorers[i].plugin;
    if (plugin.localScore === true && plugin.preScore && plugin.preScore(cs) === SKIP) scoreSkips |= 1 << i;
  }
  const memo = cs.nodeLocal;
  const kept = filters.length < 31 && scorers.length < 31;
  let any: boolean;
  if (kept && memo.holds(cs, profile, filterSkips, scoreSkips)) {
    // The next cycle of the burst, same template: the memo and the nodes placed on since.
    memo.catchUp(cs, profile, localFilters);
    cs.feasible.set(memo.feasible);
    cs.total.set(memo.total);
    cs.presentNodes = memo.present;
    any = memo.count > 0;
  } else if (cs.runEnd !== null) {
    any = judgeRuns(cs, profile, localFilters, filterSkips, scoreSkips, cs.runEnd);
    if (kept) memo.save(cs, profile, filterSkips, scoreSkips);
  } else {
    any = startCycle(cs);
    for (let i = 0; i < localFilters && any; i++) if ((filterSkips & (1 << i)) === 0) any = filterWith(filters[i], cs);
    // The node-local scores of every node the node-local filters keep (sums commute: the other
    // plugins add theirs after).
    if (any) for (let i = 0; i < scorers.length; i++) if (scorers[i].plugin.localScore === true && (scoreSkips & (1 << i)) === 0) addScores(scorers[i], cs);
    if (kept) memo.save(cs, profile, filterSkips, scoreSkips);
  }
  for (let i = localFilters; i < filters.length && any; i++) {
    const f = filters[i];
    if (f.preFilter && f.preFilter(cs) === SKIP) continue;
    any = filterWith(f, cs);
  }
  if (!any) {
    cs.ties = 0;
    return 0;
  }
  for (let i = 0; i < scorers.length; i++) {
    const plugin = scorers[i].plugin;
    if (plugin.localScore === true) continue;
    if (plugin.preScore && plugin.preScore(cs) === SKIP) continue;
    addScores(scorers[i], cs);
  }
  const node = selectHost(cs, choice);
  const toFind = cs.nodesToFind;
  if (toFind !== null && cs.feasibleCount > MIN_FEASIBLE_NODES_TO_FIND) partialScoring(cs, toFind);
  return node;
}

/** Filter f over the feasible set: clears feasible[n] for every node it rejects; says whether any node is left. */
function filterWith(f: FilterPlugin, cs: CycleState): boolean {
  if (f.filterNodes) return f.filterNodes(cs);
  const feasible = cs.feasible;
  let any = false;
  for (let n = 1; n < feasible.length; n++) {
    if (feasible[n] === 0) continue;
    if (f.filter(cs, n)) any = true;
    else feasible[n] = 0;
  }
  return any;
}

/** Score (and NormalizeScore) of one weighted plugin, added to every feasible node's total. */
function addScores(ws: WeightedScorePlugin, cs: CycleState): void {
  const { plugin, weight } = ws;
  if (plugin.addScores) {
    plugin.addScores(cs, weight);
    return;
  }
  const { feasible, scores, total } = cs;
  if (plugin.scoreNodes) plugin.scoreNodes(cs);
  else for (let n = 1; n < feasible.length; n++) scores[n] = feasible[n] === 1 ? plugin.score(cs, n) : 0;
  if (plugin.normalizeScore) plugin.normalizeScore(cs);
  for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1) total[n] += weight * scores[n];
}

/**
 * feasible[n] = 1 for every node that takes new pods (CycleState.nodeReady), totals to 0, and the
 * count of present nodes (CycleState.nodePresent); says whether any node is left. One pass over
 * the node words, without a call per node.
 */
function startCycle(cs: CycleState): boolean {
  const { s, l, feasible, total } = cs;
  const N = l.nodes;
  const caBase = l.caNodeBase;
  let any = false;
  let present = 0;
  for (let n = 1, at = l.nodeBase + N_STATUS; n <= N; n++, at += NODE_WORDS) {
    const status = s[at];
    const ready = status === NODE_READY && (caBase < 0 || s[caBase + (n - 1) * CA_NODE_WORDS + CN_PHASE] !== CA_NODE_DELETING);
    feasible[n] = ready ? 1 : 0;
    total[n] = 0;
    if (ready) any = true;
    if (status !== NODE_ABSENT) present++;
  }
  cs.presentNodes = present;
  return any;
}

/**
 * pkg/scheduler/schedule_one.go `findNodesThatPassFilters`: kube-scheduler stops filtering once
 * it has found numFeasibleNodesToFind(percentageOfNodesToScore, numAllNodes) feasible nodes,
 * numAllNodes being every node of its snapshot (NotReady ones too; an absent node-group slot is
 * no node, docs/model.md §8.10), and scores only those. More feasible nodes than that: kivi's
 * cycle, which scored them all, is recorded (docs/model.md §8.2.6). Runs only with more than
 * 100 feasible nodes: numFeasibleNodesToFind is every node below 100 nodes and at least 100 above.
 */
function partialScoring(cs: CycleState, toFind: Int32Array): void {
  const present = cs.presentNodes;
  if (cs.feasibleCount > toFind[present]) recordPartialScoring(cs.partialScoring!, cs.feasibleCount, present, toFind[present]);
}

/**
 * Host selection over the totals of the last cycle (kube-scheduler's `selectHost`): counts the
 * feasible nodes with the highest total into `cs.ties` and returns the choice-th of them in
 * node order (the last of them if choice ≥ ties, which callers never ask).
 */
export function selectHost(cs: CycleState, choice: number): number {
  const N = cs.l.nodes;
  const feasible = cs.feasible;
  const total = cs.total;
  let bestScore = 0;
  let ties = 0;
  let count = 0;
  // With runs of alike nodes (CycleState.runEnd), which every plugin judges alike, run by run.
  const runEnd = cs.runEnd;
  for (let n = 1, e = 1; n <= N; n = e + 1) {
    e = runEnd === null ? n : runEnd[n];
    if (feasible[n] === 0) continue;
    const len = e - n + 1;
    count += len;
    if (ties === 0 || total[n] > bestScore) {
      bestScore = total[n];
      ties = len;
    } else if (total[n] === bestScore) ties += len;
  }
  cs.ties = ties;
  cs.feasibleCount = count;
  let k = 0;
  let last = 0;
  for (let n = 1, e = 1; n <= N; n = e + 1) {
    e = runEnd === null ? n : runEnd[n];
    if (feasible[n] === 0 || total[n] !== bestScore) continue;
    if (choice < k + e - n + 1) return n + (choice - k);
    k += e - n + 1;
    last = e;
  }
  return last;
}

/**
 * The end of a cycle that found `node` for `pod` in s: assume (the node's free resources drop by
 * the pod's current usage, docs/model.md §8.2.4), then bind, and tell the burst (`placed`). Pods
 * enter sQ unbound: only pods created without a node are enqueued there.
 */
export function assumeAndBind(cs: CycleState, s: Int32Array, pod: number, node: number): void {
  const l = cs.l;
  const at = podAt(l, pod);
  const nat = nodeAt(l, node);
  s[nat + N_NUM_POD] += 1;
  s[nat + N_CPU_LEFT] -= s[at + P_CPU];
  s[nat + N_MEM_LEFT] -= s[at + P_MEM];
  s[at + P_LOC] = node;
  cs.placed(node, s[at + P_TEMPLATE], pod);
}

/**
 * Why a node that is not Ready takes no pods: the NoSchedule taint the node lifecycle controller
 * puts on it as soon as its status changes (`TaintNodesByCondition`): `TaintNodeNotReady` for
 * Ready=False (a failed node, one in maintenance), `TaintNodeUnreachable` for Unknown (a kernel
 * panic), k8s.io/api/core/v1 well_known_taints.go; docs/model.md §8.5.
 */
function notReadyReason(cs: CycleState, n: number): string {
  const key = cs.s[nodeAt(cs.l, n) + N_STATUS] === NODE_UNHEALTHY ? 'unreachable' : 'not-ready';
  return `node(s) had untolerated taint {node.kubernetes.io/${key}: }`;
}

/** A node the cluster autoscaler is removing (cluster-autoscaler utils/taints `ToBeDeletedTaint`). */
const TO_BE_DELETED_REASON = 'node(s) had untolerated taint {ToBeDeletedByClusterAutoscaler: }';

/**
 * The reasons of the first Filter that rejects node n for the pod in `cs` (RunFilterPlugins
 * stops there); none when every filter passes. Runs the PreFilters first; for messages only.
 */
export function filterReasons(profile: Profile, cs: CycleState, n: number): string[] {
  const filters = profile.filters;
  const skipped = filters.map((f) => (f.preFilter ? f.preFilter(cs) === SKIP : false));
  for (let i = 0; i < filters.length; i++) {
    if (skipped[i] || filters[i].filter(cs, n)) continue;
    return filters[i].reasons(cs, n);
  }
  return [];
}

/**
 * Why no node is feasible for the pod in `cs`, as kube-scheduler's `FitError.Error()` says it
 * (pkg/scheduler/framework/types.go): each node's reasons come from the first Filter that
 * rejects it (`RunFilterPlugins` stops there), counted over the nodes, each count and reason
 * sorted as strings: `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod
 * topology spread constraints.` Runs the PreFilters again; only for a counterexample's message.
 */
export function explainUnschedulable(profile: Profile, cs: CycleState): string {
  const N = cs.l.nodes;
  const counts = new Map<string, number>();
  const add = (reason: string): void => {
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  };
  const filters = profile.filters;
  const skipped = filters.map((f) => (f.preFilter ? f.preFilter(cs) === SKIP : false));
  let present = 0;
  for (let n = 1; n <= N; n++) {
    if (!cs.nodePresent(n)) continue; // an absent node-group slot is no node (docs/model.md §8.10)
    present++;
    if (!cs.nodeReady(n)) {
      add(cs.s[nodeAt(cs.l, n) + N_STATUS] === NODE_READY ? TO_BE_DELETED_REASON : notReadyReason(cs, n));
      continue;
    }
    for (let i = 0; i < filters.length; i++) {
      if (skipped[i] || filters[i].filter(cs, n)) continue;
      for (const reason of filters[i].reasons(cs, n)) add(reason);
      break;
    }
  }
  const histogram = [...counts].map(([reason, k]) => `${k} ${reason}`).sort();
  return `0/${present} nodes are available${histogram.length > 0 ? `: ${histogram.join(', ')}` : ''}.`;
}
