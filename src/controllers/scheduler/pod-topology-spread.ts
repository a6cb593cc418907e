/**
 * PodTopologySpread (docs/model.md §8.2.2 (filter), §8.2.3 (score)), with Kubernetes' label semantics
 * (docs/model.md §12, decision 4): a node that lacks a constraint's topology key is filtered out for a
 * DoNotSchedule constraint and ignored in scoring, never pooled into a "value 0" domain.
 * Counts are kept per constraint (kube-scheduler >= 1.29), and a node excluded by one
 * constraint's inclusion policy is skipped for that constraint only (the reference skipped the
 * whole node, docs/model.md §14.2 bug 12).
 */
import type { TopologySpreadConstraintSpec } from '../../model/cluster.js';
import type { CompiledConstraint, CompiledTemplate } from '../../model/config.js';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE } from '../../model/well-known-labels.js';
import { type Layout, P_LOC, P_STATUS, P_TEMPLATE, POD_PENDING, POD_RUNNING, POD_WORDS } from '../../model/layout.js';
import { idiv } from '../arith.js';
import { type CycleState, type FilterPlugin, MAX_NODE_SCORE, type PreResult, type ScorePlugin, SKIP } from './framework.js';

const UNDEF = -1;

/**
 * Kubernetes' system default spreading, used when a template gives no constraints
 * (`systemDefaultConstraints` in the podtopologyspread plugin, plugin.go).
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraintSpec[] = [
  { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
];

/**
 * The reference's integer table of round(ln a), kept for its worked numbers (docs/model.md §14.1);
 * the plugin now weighs in floating point as Kubernetes does (`topologyNormalizingWeight`).
 */
const LN_STEPS = [1, 4, 12, 33, 90, 244, 665, 1808, 4914];
export function roundedLn(a: number): number {
  let r = 0;
  while (r < LN_STEPS.length && a > LN_STEPS[r]) r++;
  return r;
}

/** Per-constraint scratch for one scheduling cycle: pod counts per node and per domain. */
interface ConstraintScratch {
  c: CompiledConstraint;
  /** counts[v]: matching pods in domain v, UNDEF for a domain no counted node belongs to. */
  counts: Int32Array;
  /** terms[v]: domain v's score term counts[v] · weight + (maxSkew − 1), for a constraint not per node (addScores). */
  terms: Float64Array;
  /** podsOn[n]: matching pods on node n, kept across the cycles of one burst (see podsOnNodes). */
  podsOn: Int32Array;
  /** The counts podsOn belongs to, shared by the constraints of a template that select the same pods. */
  pods: PodCounts;
  /** Domains registered this cycle (hard: for minDomains; soft: for the weight). */
  domains: number;
  minMatch: number;
  /** ScheduleAnyway: log(domains + 2) (a float, as Kubernetes has it). */
  weight: number;
  /**
   * The key is `kubernetes.io/hostname`: Score counts the node's own matching pods, whatever the
   * inclusion policies say (`Score`, scoring.go, counts per node for that key).
   */
  perNode: boolean;
  /**
   * A scoring constraint per node whose key's values are all different (each node its own
   * domain, as `kubernetes.io/hostname` is): its domains are the feasible nodes that carry the
   * key, counted without registering them in `counts`, which Score never reads for it.
   */
  nodesAreDomains: boolean;
  /** PreScore's pods per domain, summed over every node that passes the inclusion policy; `counts` takes a registered domain's. */
  sums: Int32Array;
}

/**
 * Matching pods per node for one selector (a constraint's `matchesTemplate`), shared by the
 * constraints that select the same pods (the system defaults select the pod's own labels for
 * both keys), so the pods are counted once for them all.
 */
interface PodCounts {
  matches: Uint8Array;
  podsOn: Int32Array;
  /**
   * countedOn[q]: the node podsOn counts pod slot q on (0: not counted, or unbound). A new
   * burst's state is compared with it slot by slot and only the slots that differ move
   * (upstream's `preFilterState.updateWithPod` for an added or removed pod, filtering.go).
   */
  countedOn: Int32Array;
  counted: boolean;
  /** The burst podsOn was counted in, and how many of its placements it includes. */
  burst: number;
  applied: number;
  /**
   * The origin (CycleState.origin) of the burst whose starting state podsOn was last counted
   * at slot by slot (0: none), and the moves since (slot, node before), to go back there for a
   * burst from the same state (NodeRequests does the same).
   */
  base: number;
  undoPod: Int32Array;
  undoNode: Int32Array;
  undos: number;
}

function sameSelection(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function scratchFor(list: CompiledConstraint[], nodes: number, pods: number, scoring: boolean): ConstraintScratch[] {
  const shared: PodCounts[] = [];
  const countsFor = (matches: Uint8Array): PodCounts => {
    let pc = shared.find((x) => sameSelection(x.matches, matches));
    if (pc === undefined) {
      const undo = 2 * pods + 2;
      pc = { matches, podsOn: new Int32Array(nodes + 1), countedOn: new Int32Array(pods + 1), counted: false, burst: 0, applied: 0, base: 0, undoPod: new Int32Array(undo), undoNode: new Int32Array(undo), undos: 0 };
      shared.push(pc);
    }
    return pc;
  };
  return list.map((c) => {
    const pods = countsFor(c.matchesTemplate);
    return scratchOf(c, pods, scoring);
  });
}

/** No two nodes share a value of the constraint's key (static: labels do not change). */
function distinctValues(c: CompiledConstraint): boolean {
  const seen = new Uint8Array(c.domainCount + 1);
  for (let n = 1; n < c.domainOf.length; n++) {
    const v = c.domainOf[n];
    if (v === 0) continue;
    if (seen[v] === 1) return false;
    seen[v] = 1;
  }
  return true;
}

function scratchOf(c: CompiledConstraint, pods: PodCounts, scoring: boolean): ConstraintScratch {
  const perNode = c.topologyKey === LABEL_HOSTNAME;
  return {
    c,
    counts: new Int32Array(c.domainCount + 1),
    terms: new Float64Array(c.domainCount + 1),
    podsOn: pods.podsOn,
    pods,
    domains: 0,
    minMatch: 0,
    weight: 0,
    perNode,
    nodesAreDomains: scoring && perNode && distinctValues(c),
    sums: new Int32Array(scoring && !perNode ? c.domainCount + 1 : 0),
  };
}

/**
 * The ScheduleAnyway constraints that can score: with the system defaults a node without a
 * constraint's key only drops that constraint (`requireAllTopologies` is false), so a default
 * constraint whose key no node carries scores nothing on any node and is left out (c5's nodes
 * have no zone label). Labels are static: a node-group slot keeps its labels when absent.
 */
function scoringConstraints(t: CompiledTemplate): CompiledConstraint[] {
  if (!t.systemDefaultSpread) return t.soft;
  return t.soft.filter((c) => c.domainOf.some((v, n) => n > 0 && v !== 0));
}

/** allKeys[n] = 1 if node n carries the topology key of every constraint in the list (static). */
function allKeysOf(list: CompiledConstraint[], nodes: number): Uint8Array {
  const allKeys = new Uint8Array(nodes + 1);
  for (let n = 1; n <= nodes; n++) allKeys[n] = list.every((c) => c.domainOf[n] !== 0) ? 1 : 0;
  return allKeys;
}

/**
 * Brings every constraint's podsOn up to date: the running and pending pods on each node that
 * match its selector (terminating pods do not count: Kubernetes skips pods with a
 * deletionTimestamp). The first burst counts them from the state; a later burst moves only the
 * pod slots whose node or matching differs from what was counted, and later cycles of a burst
 * add only the burst's new placements (CycleState.placed).
 */
function podsOnNodes(cs: CycleState, list: ConstraintScratch[]): void {
  for (let i = 0; i < list.length; i++) {
    const x = list[i].pods;
    if (cs.burst !== 0 && x.burst === cs.burst) {
      // Counted in this burst already (maybe for another constraint of the same selector).
      for (let j = x.applied; j < cs.placements; j++) if (x.matches[cs.placedTemplate[j]] === 1) moveCounted(x, cs.placedPod[j], cs.placedNode[j]);
    } else if (cs.burst !== 0 && x.base !== 0 && x.base === cs.origin) {
      // A burst from the state last counted slot by slot: back to it, then this burst's placements.
      rewind(x);
      for (let j = 0; j < cs.placements; j++) if (x.matches[cs.placedTemplate[j]] === 1) moveCounted(x, cs.placedPod[j], cs.placedNode[j]);
    } else {
      if (x.counted && cs.hintOrigin !== 0 && x.base === cs.hintOrigin) {
        // The state counted at the hint's origin, and the slots that differ from it.
        rewind(x);
        x.base = 0;
        x.undos = 0;
        for (let j = 0; j < cs.hintCount; j++) countSlot(x, cs.s, cs.l, cs.hintSlots[j]);
      } else countPods(x, cs.s, cs.l);
      // Before any placement the state is the one the burst started from.
      x.base = cs.burst !== 0 && cs.placements === 0 ? cs.origin : 0;
    }
    x.burst = cs.burst;
    x.applied = cs.placements;
  }
}

/** Pod slot q now counts on node n (0: nowhere). podsOn[0] collects the unbound pods and is never read. */
function moveCounted(x: PodCounts, q: number, n: number): void {
  if (x.base !== 0) {
    if (x.undos === x.undoPod.length) {
      x.base = 0; // too many to undo: the next burst counts slot by slot
    } else {
      x.undoPod[x.undos] = q;
      x.undoNode[x.undos++] = x.countedOn[q];
    }
  }
  x.podsOn[x.countedOn[q]] -= 1;
  x.podsOn[n] += 1;
  x.countedOn[q] = n;
}

/** Undoes the moves made since the state of x.base was counted. */
function rewind(x: PodCounts): void {
  const base = x.base;
  x.base = 0; // the undoing moves are not recorded
  for (let i = x.undos - 1; i >= 0; i--) moveCounted(x, x.undoPod[i], x.undoNode[i]);
  x.undos = 0;
  x.base = base;
}

/** podsOn for the state s: counted afresh the first time, then by the pod slots that differ. */
function countPods(x: PodCounts, s: Int32Array, l: Layout): void {
  x.base = 0;
  x.undos = 0;
  if (!x.counted) {
    x.podsOn.fill(0);
    x.countedOn.fill(0);
    x.podsOn[0] = l.pods; // every slot counted nowhere
    x.counted = true;
  }
  for (let q = 1; q <= l.pods; q++) countSlot(x, s, l, q);
}

/** countPods for pod slot q alone. */
function countSlot(x: PodCounts, s: Int32Array, l: Layout, q: number): void {
  const at = l.podBase + (q - 1) * POD_WORDS;
  const st = s[at + P_STATUS];
  const n = (st === POD_RUNNING || st === POD_PENDING) && x.matches[s[at + P_TEMPLATE]] === 1 ? s[at + P_LOC] : 0;
  if (n !== x.countedOn[q]) moveCounted(x, q, n);
}

/**
 * Node n's pods count for constraint c under its nodeAffinityPolicy and nodeTaintsPolicy
 * (`matchNodeInclusionPolicies`, common.go). Readiness plays no part under the defaults (Honor,
 * Ignore): a NotReady node is still a domain. Under `nodeTaintsPolicy: Honor` it is not, since
 * the node lifecycle controller gives it the NoSchedule taint `node.kubernetes.io/not-ready`,
 * which kivi's pods never tolerate (the scheduler never places a pod on such a node).
 */
function inclusionPolicyMatches(cs: CycleState, c: CompiledConstraint, n: number): boolean {
  // An absent node-group slot is no node: its domain does not exist (docs/model.md §8.10).
  if (!cs.nodePresent(n)) return false;
  if (c.honorAffinity && !cs.affinityMatches(n)) return false;
  if (!c.honorTaints) return true;
  // A cordoned node carries node.kubernetes.io/unschedulable:NoSchedule: under Honor it is no
  // domain unless the pod tolerates that taint; under Ignore it stays one (kubernetes#106127).
  return cs.nodeReady(n) && cs.taintsTolerated(n) && (!cs.unschedulable(n) || cs.template.toleratesUnschedulable);
}

/** Every constraint's counts back to "no domain"; podsOn up to date. */
function prepare(cs: CycleState, list: ConstraintScratch[]): void {
  for (let i = 0; i < list.length; i++) list[i].counts.fill(UNDEF);
  podsOnNodes(cs, list);
}

/** x.terms[v] for every domain of a constraint that is not per node: count · weight + (maxSkew − 1), as `score` computes it. */
function domainTerms(x: ConstraintScratch): void {
  if (x.perNode) return;
  const { counts, terms, weight } = x;
  const skew = x.c.maxSkew - 1;
  for (let v = 1; v < counts.length; v++) terms[v] = counts[v] * weight + skew;
}

export class PodTopologySpread implements FilterPlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  private readonly hard: ConstraintScratch[][];
  private readonly soft: ConstraintScratch[][];
  /** Per template: the nodes that carry every hard (soft) constraint's key. */
  private readonly hardAllKeys: Uint8Array[];
  private readonly softAllKeys: Uint8Array[];
  private readonly ignored: Uint8Array;
  /** addScores' weighted flipped score per raw score above the minimum (float64: weight · score exactly). */
  private readonly flipped: Float64Array;
  /** After addScores' raw scores: their minimum and maximum over the feasible nodes not ignored. */
  private rawMin = 0;
  private rawMax = 0;
  private current: ConstraintScratch[] = [];

  constructor(templates: CompiledTemplate[], nodes: number, pods: number) {
    this.hard = templates.map((t) => (t ? scratchFor(t.hard, nodes, pods, false) : []));
    this.soft = templates.map((t) => (t ? scratchFor(scoringConstraints(t), nodes, pods, true) : []));
    this.hardAllKeys = templates.map((t) => allKeysOf(t ? t.hard : [], nodes));
    this.softAllKeys = templates.map((t) => allKeysOf(t ? scoringConstraints(t) : [], nodes));
    this.ignored = new Uint8Array(nodes + 1);
    this.flipped = new Float64Array(nodes >> 1);
  }

  /** PreFilter: count matching pods per domain of every DoNotSchedule constraint (Skip: none). */
  preFilter(cs: CycleState): PreResult {
    const list = this.hard[cs.templateIndex];
    this.current = list;
    const k = list.length;
    if (k === 0) return SKIP;
    const N = cs.l.nodes;
    const allKeys = this.hardAllKeys[cs.templateIndex];
    prepare(cs, list);
    // Count the pods of every node that has all keys and passes the inclusion policy.
    for (let n = 1; n <= N; n++) {
      if (allKeys[n] === 0) continue;
      for (let i = 0; i < k; i++) {
        const x = list[i];
        if (!inclusionPolicyMatches(cs, x.c, n)) continue;
        const v = x.c.domainOf[n];
        if (x.counts[v] === UNDEF) x.counts[v] = 0;
        x.counts[v] += x.podsOn[n];
      }
    }
    for (let i = 0; i < k; i++) {
      const x = list[i];
      let domains = 0;
      let min = Number.MAX_SAFE_INTEGER;
      for (let v = 1; v < x.counts.length; v++) {
        if (x.counts[v] === UNDEF) continue;
        domains++;
        if (x.counts[v] < min) min = x.counts[v];
      }
      x.domains = domains;
      x.minMatch = min;
    }
  }

  /** podtopologyspread's ErrReasonNodeLabelNotMatch or ErrReasonConstraintsNotMatch. */
  reasons(cs: CycleState, n: number): string[] {
    void cs;
    const list = this.current;
    for (let i = 0; i < list.length; i++) {
      if (list[i].c.domainOf[n] === 0) return ["node(s) didn't match pod topology spread constraints (missing required label)"];
    }
    return ["node(s) didn't match pod topology spread constraints"];
  }

  /** 'existing matching num' + 'self match' - 'global minimum' <= maxSkew, per constraint. */
  filter(cs: CycleState, n: number): boolean {
    void cs;
    const list = this.current;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      const c = x.c;
      const v = c.domainOf[n];
      if (v === 0) return false; // node(s) didn't match pod topology spread constraints (missing required label)
      const minMatch = x.domains < c.minDomains ? 0 : x.minMatch;
      const count = x.counts[v] === UNDEF ? 0 : x.counts[v];
      if (count + c.selfMatch - minMatch > c.maxSkew) return false;
    }
    return true;
  }

  /**
   * PreScore: register the feasible nodes' domains, weights log(size + 2), count pods. Skip
   * without ScheduleAnyway constraints: every node would score 100. Each pass runs over the
   * nodes for one constraint at a time.
   */
  preScore(cs: CycleState): PreResult {
    const list = this.soft[cs.templateIndex];
    this.current = list;
    const k = list.length;
    if (k === 0) return SKIP;
    const N = cs.l.nodes;
    const ignored = this.ignored;
    const feasible = cs.feasible;
    // With user-given constraints a feasible node must carry every key; with the system
    // defaults a missing key only drops that constraint (Kubernetes' requireAllTopologies).
    const requireAll = !cs.template.systemDefaultSpread;
    const allKeys = this.softAllKeys[cs.templateIndex];
    podsOnNodes(cs, list);
    if (requireAll) for (let n = 1; n <= N; n++) ignored[n] = feasible[n] === 1 && allKeys[n] === 0 ? 1 : 0;
    else ignored.fill(0);
    for (let i = 0; i < k; i++) {
      const x = list[i];
      const domains = x.nodesAreDomains ? this.feasibleWithKey(cs, x) : this.registerDomains(cs, x, requireAll, allKeys);
      x.domains = domains;
      // topologyNormalizingWeight (scoring.go): log(size + 2), a float64.
      x.weight = Math.log(domains + 2);
    }
  }

  /** The domains of a constraint whose nodes are its domains: the feasible nodes, not ignored, that carry its key. */
  private feasibleWithKey(cs: CycleState, x: ConstraintScratch): number {
    const { feasible } = cs;
    const ignored = this.ignored;
    const domainOf = x.c.domainOf;
    let domains = 0;
    for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1 && ignored[n] === 0 && domainOf[n] !== 0) domains++;
    return domains;
  }

  /**
   * Registers the domains of the feasible nodes that are not ignored (counts[v] = 0; the others
   * UNDEF) and returns how many; for a constraint that is not per node, counts[v] is then the
   * pods of every node of domain v that passes the inclusion policy (and, with user-given
   * constraints, carries every key). A hostname constraint scores a node by its own pods
   * (score), never by these counts. One pass over the nodes: the pods are summed per domain
   * whether or not it is registered, and a registered domain takes its sum.
   */
  private registerDomains(cs: CycleState, x: ConstraintScratch, requireAll: boolean, allKeys: Uint8Array): number {
    const { feasible } = cs;
    const ignored = this.ignored;
    const c = x.c;
    const domainOf = c.domainOf;
    const counts = x.counts;
    counts.fill(UNDEF);
    let domains = 0;
    if (x.perNode) {
      for (let n = 1; n < feasible.length; n++) {
        if (feasible[n] === 0 || ignored[n] === 1) continue;
        const v = domainOf[n];
        if (v !== 0 && counts[v] === UNDEF) {
          counts[v] = 0;
          domains++;
        }
      }
      return domains;
    }
    const podsOn = x.podsOn;
    const sums = x.sums;
    sums.fill(0);
    for (let n = 1; n < feasible.length; n++) {
      const v = domainOf[n];
      if (v === 0) continue;
      if (feasible[n] === 1 && ignored[n] === 0 && counts[v] === UNDEF) {
        counts[v] = 0;
        domains++;
      }
      const pods = podsOn[n];
      if (pods === 0 || (requireAll && allKeys[n] === 0) || !inclusionPolicyMatches(cs, c, n)) continue;
      sums[v] += pods;
    }
    for (let v = 1; v < counts.length; v++) if (counts[v] !== UNDEF) counts[v] = sums[v];
    return domains;
  }

  /**
   * Σ over constraints of count(domain of n) · weight + (maxSkew − 1), summed in floating point
   * and rounded once (`Score` and `scoreForCount`, scoring.go: `int64(math.Round(score))`; the
   * sum is never negative, where Go's and JavaScript's rounding agree). Lower is better.
   */
  score(cs: CycleState, n: number): number {
    void cs;
    const list = this.current;
    if (list.length === 0 || this.ignored[n] === 1) return 0;
    let raw = 0;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      const v = x.c.domainOf[n];
      if (v === 0) continue;
      raw += (x.perNode ? x.podsOn[n] : x.counts[v]) * x.weight + (x.c.maxSkew - 1);
    }
    return Math.round(raw);
  }

  /**
   * scoreNodes, normalizeScore and the weighted sum in two passes: the raw scores with their
   * minimum and maximum, then the flipped scores times weight into cs.total. The terms of a
   * constraint that is not per node are the same for every node of a domain, so they are
   * computed once per domain (the same float64 operations as `score`, in the same order).
   */
  addScores(cs: CycleState, weight: number): void {
    const list = this.current;
    if (list.length === 0 || list.length > 2) {
      this.rawScores(cs);
    } else {
      for (let i = 0; i < list.length; i++) domainTerms(list[i]);
      this.rawScoresOf(cs, list[0], list.length === 1 ? null : list[1]);
    }
    const { feasible, scores, total } = cs;
    const ignored = this.ignored;
    const noSoft = list.length === 0;
    const min = this.rawMin;
    const max = this.rawMax;
    // weight · the flipped score of each raw score in min..max, when there are fewer of them than nodes.
    const table = this.flipped;
    const tabled = max !== 0 && max - min < table.length;
    if (tabled) for (let raw = min; raw <= max; raw++) table[raw - min] = weight * idiv(MAX_NODE_SCORE * (max + min - raw), max);
    const runEnd = cs.runEnd;
    for (let n = 1, e = 1; n < feasible.length; n = e + 1) {
      e = runEnd === null ? n : runEnd[n];
      if (feasible[n] === 0 || (!noSoft && ignored[n] === 1)) continue; // an ignored node scores 0
      const add = tabled ? table[scores[n] - min] : weight * (max === 0 ? MAX_NODE_SCORE : idiv(MAX_NODE_SCORE * (max + min - scores[n]), max));
      for (let m = n; m <= e; m++) total[m] += add;
    }
  }

  /**
   * scores[n] = score(cs, n) for every feasible node, and rawMin and rawMax over them (over the
   * nodes not ignored, with scoring constraints), as normalizeScore finds them.
   */
  private rawScores(cs: CycleState): void {
    const { feasible, scores } = cs;
    const ignored = this.ignored;
    const noSoft = this.current.length === 0;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let n = 1; n < feasible.length; n++) {
      if (feasible[n] === 0) continue;
      const raw = this.score(cs, n);
      scores[n] = raw;
      if (!noSoft && ignored[n] === 1) continue;
      if (raw < min) min = raw;
      if (raw > max) max = raw;
    }
    this.rawMin = min;
    this.rawMax = max;
  }

  /**
   * rawScores with one or two constraints (b null: one), their terms per domain ready:
   * raw = (0 + term a) + term b, as `score` sums.
   */
  private rawScoresOf(cs: CycleState, a: ConstraintScratch, b: ConstraintScratch | null): void {
    const { feasible, scores } = cs;
    const ignored = this.ignored;
    const domA = a.c.domainOf;
    const domB = b === null ? null : b.c.domainOf;
    const perNodeA = a.perNode;
    const podsA = a.podsOn;
    const termsA = a.terms;
    const wA = a.weight;
    const skewA = a.c.maxSkew - 1;
    // Without b its fields are a's, never read (domB is null).
    const other = b ?? a;
    const perNodeB = other.perNode;
    const podsB = other.podsOn;
    const termsB = other.terms;
    const wB = other.weight;
    const skewB = other.c.maxSkew - 1;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    // With runs of alike nodes (CycleState.runEnd), a run's nodes have equal pods and domains
    // of one size: its first node's raw score is every one's.
    const runEnd = cs.runEnd;
    for (let n = 1, e = 1; n < feasible.length; n = e + 1) {
      e = runEnd === null ? n : runEnd[n];
      if (feasible[n] === 0) continue;
      let raw = 0;
      if (ignored[n] === 0) {
        let sum = 0;
        const va = domA[n];
        if (va !== 0) sum += perNodeA ? podsA[n] * wA + skewA : termsA[va];
        if (domB !== null) {
          const vb = domB[n];
          if (vb !== 0) sum += perNodeB ? podsB[n] * wB + skewB : termsB[vb];
        }
        raw = Math.round(sum);
        if (raw < min) min = raw;
        if (raw > max) max = raw;
      }
      scores[n] = raw;
      if (e > n) scores.fill(raw, n + 1, e + 1);
    }
    this.rawMin = min;
    this.rawMax = max;
  }

  /**
   * Flip so fewer matching pods score higher: 100 · (max + min − raw) / max. The minimum starts
   * at +∞ (the reference started it at 100, docs/model.md §14.2 bug 13).
   */
  normalizeScore(cs: CycleState): void {
    const { feasible, scores } = cs;
    const ignored = this.ignored;
    const noSoft = this.current.length === 0;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let n = 1; n < scores.length; n++) {
      if (feasible[n] === 0 || (!noSoft && ignored[n] === 1)) continue;
      if (scores[n] < min) min = scores[n];
      if (scores[n] > max) max = scores[n];
    }
    for (let n = 1; n < scores.length; n++) {
      if (feasible[n] === 0) continue;
      if (!noSoft && ignored[n] === 1) scores[n] = 0;
      else if (max === 0) scores[n] = MAX_NODE_SCORE;
      else scores[n] = idiv(MAX_NODE_SCORE * (max + min - scores[n]), max);
    }
  }
}
