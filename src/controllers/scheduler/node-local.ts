/**
 * The node-local part of a scheduling cycle, kept through a burst (docs/model.md §8.2.7). A
 * node-local plugin (FilterPlugin.localFilter, ScorePlugin.localScore) judges node n from the
 * pod's template and node n's own words and requested sums alone, and a node-local score needs
 * no NormalizeScore. Within one burst nothing but the burst's placements changes the state
 * (CycleState.placed), and a placement changes one node's words and sums; so for the next pod of
 * the same template the readiness, the node-local filters' verdicts and the node-local scores'
 * weighted sum are those of the last full cycle except on the nodes placed on since, which are
 * judged again (kube-scheduler's Filter and Score of those plugins read only the NodeInfo of the
 * node at hand, and `AddPod` changes only the NodeInfo of the pod's node).
 *
 * The bursts the search runs from one state, one per choice, start from that state
 * (CycleState.origin, kept with the choices' cycle, cycle-memo.ts): a burst of the same origin
 * takes the memo over by judging again every node that differs between them, the nodes placed
 * on by the bursts of that origin since the memo was made.
 */
import type { CycleState, Profile } from './framework.js';

/**
 * Readiness, the `localFilters` leading filters that did not Skip and the weighted node-local
 * scores that did not Skip, as a full cycle's passes give them (feasible, total, presentNodes),
 * judged once per run of alike nodes (cs.runEnd, docs/model.md §8.2.7): nodes of one static
 * class with equal signatures have equal node words and, holding pods of equal keys, equal
 * requested sums, and a node-local plugin reads nothing else. Says whether any node is kept.
 */
export function judgeRuns(cs: CycleState, profile: Profile, localFilters: number, filterSkips: number, scoreSkips: number, runEnd: Int32Array): boolean {
  const { feasible, total } = cs;
  const filters = profile.filters;
  const scorers = profile.scores;
  const N = cs.l.nodes;
  let any = false;
  let present = 0;
  for (let n = 1; n <= N; ) {
    const e = runEnd[n];
    let keep = cs.nodeReady(n);
    for (let i = 0; i < localFilters && keep; i++) if ((filterSkips & (1 << i)) === 0) keep = filters[i].filter(cs, n);
    let sum = 0;
    if (keep) {
      any = true;
      for (let i = 0; i < scorers.length; i++) {
        const plugin = scorers[i].plugin;
        if (plugin.localScore === true && (scoreSkips & (1 << i)) === 0) sum += scorers[i].weight * plugin.score(cs, n);
      }
    }
    if (cs.nodePresent(n)) present += e - n + 1;
    if (e === n) {
      feasible[n] = keep ? 1 : 0;
      total[n] = sum;
    } else {
      feasible.fill(keep ? 1 : 0, n, e + 1);
      total.fill(sum, n, e + 1);
    }
    n = e + 1;
  }
  cs.presentNodes = present;
  return any;
}

export class NodeLocalMemo {
  /** Ready and kept by every node-local filter, per node. */
  readonly feasible: Uint8Array;
  /** The node-local scores' weighted sum, per node that `feasible` keeps. */
  readonly total: Int32Array;
  /** How many nodes `feasible` keeps. */
  count = 0;
  /** Present nodes (CycleState.presentNodes): placements do not change them. */
  present = 0;
  /** What the memo belongs to: a burst and its origin, its state array, a profile, a template, the PreFilter and PreScore Skips (bit i: plugin i). */
  private burst = 0;
  private origin = 0;
  private s: Int32Array | null = null;
  private profile: Profile | null = null;
  private template = -1;
  private filterSkips = 0;
  private scoreSkips = 0;
  /** The burst's placements the memo includes. */
  private placements = 0;
  /**
   * The nodes whose words may differ from the origin's state: placed on before the memo was made
   * or judged again since (a set: `touched` marks, `touchedList` lists); a burst that takes the
   * memo over (`adopted`) judges them again first.
   */
  private readonly touched: Uint8Array;
  private readonly touchedList: Int32Array;
  private touchedCount = 0;
  private adopted = false;

  constructor(nodes: number) {
    this.feasible = new Uint8Array(nodes + 1);
    this.total = new Int32Array(nodes + 1);
    this.touched = new Uint8Array(nodes + 1);
    this.touchedList = new Int32Array(nodes + 1);
  }

  /**
   * The memo holds for the cycle in cs (same profile, template and Skips): in the same burst and
   * state array with no placement undone, or in a burst of the same origin, which takes it over.
   */
  holds(cs: CycleState, profile: Profile, filterSkips: number, scoreSkips: number): boolean {
    if (cs.burst === 0 || profile !== this.profile || cs.templateIndex !== this.template || filterSkips !== this.filterSkips || scoreSkips !== this.scoreSkips) return false;
    if (cs.burst === this.burst) return cs.s === this.s && cs.placements >= this.placements;
    if (cs.origin !== this.origin) return false;
    this.burst = cs.burst;
    this.s = cs.s;
    this.placements = 0;
    this.adopted = true;
    return true;
  }

  /** After a full cycle's readiness, node-local filters and node-local scores: keep them (cs.feasible, cs.total). */
  save(cs: CycleState, profile: Profile, filterSkips: number, scoreSkips: number): void {
    this.feasible.set(cs.feasible);
    this.total.set(cs.total);
    let count = 0;
    const feasible = this.feasible;
    for (let n = 1; n < feasible.length; n++) count += feasible[n];
    this.count = count;
    this.present = cs.presentNodes;
    this.burst = cs.burst;
    this.origin = cs.origin;
    this.s = cs.s;
    this.profile = profile;
    this.template = cs.templateIndex;
    this.filterSkips = filterSkips;
    this.scoreSkips = scoreSkips;
    this.placements = cs.placements;
    this.adopted = false;
    for (let i = 0; i < this.touchedCount; i++) this.touched[this.touchedList[i]] = 0;
    this.touchedCount = 0;
    for (let j = 0; j < cs.placements; j++) this.touch(cs.placedNode[j]);
  }

  /**
   * Judges again the nodes that may have changed since the memo was made (their requested sums
   * up to date, as the plugins' PreFilter and PreScore left them): after a takeover every
   * touched node, then the nodes placed on since.
   */
  catchUp(cs: CycleState, profile: Profile, localFilters: number): void {
    if (this.adopted) {
      for (let i = 0; i < this.touchedCount; i++) this.judge(cs, profile, localFilters, this.touchedList[i]);
      this.adopted = false;
    }
    for (let j = this.placements; j < cs.placements; j++) {
      const n = cs.placedNode[j];
      this.touch(n);
      this.judge(cs, profile, localFilters, n);
    }
    this.placements = cs.placements;
  }

  private touch(n: number): void {
    if (this.touched[n] === 1) return;
    this.touched[n] = 1;
    this.touchedList[this.touchedCount++] = n;
  }

  /**
   * Node n as a full cycle judges it: readiness, the `localFilters` leading filters of the
   * profile that did not Skip, then the weighted node-local scores that did not Skip, in the
   * profile's order, each added to the node's total as the cycle adds it.
   */
  private judge(cs: CycleState, profile: Profile, localFilters: number, n: number): void {
    const filters = profile.filters;
    const scorers = profile.scores;
    let keep = cs.nodeReady(n);
    for (let i = 0; i < localFilters && keep; i++) if ((this.filterSkips & (1 << i)) === 0) keep = filters[i].filter(cs, n);
    this.count += (keep ? 1 : 0) - this.feasible[n];
    this.feasible[n] = keep ? 1 : 0;
    if (!keep) return;
    const total = this.total;
    total[n] = 0;
    for (let i = 0; i < scorers.length; i++) {
      const plugin = scorers[i].plugin;
      if (plugin.localScore === true && (this.scoreSkips & (1 << i)) === 0) total[n] += scorers[i].weight * plugin.score(cs, n);
    }
  }
}
