/**
 * The node-local part of a scheduling cycle, kept through a burst (docs/model.md §8.2.7). A
 * node-local plugin (FilterPlugin.localFilter, ScorePlugin.localScore) judges node n from the pod's
 * template and node n's own words and requested sums alone, and a node-local score needs no
 * NormalizeScore. Within one burst nothing but the burst's placements changes the state
 * (CycleState.placed), and a placement changes one node's words and sums; so for the next pod of
 * the same template the readiness, the node-local filters' verdicts and the node-local scores'
 * weighted sum are those of the burst's last full cycle except on the nodes placed on since,
 * which are judged again (kube-scheduler's Filter and Score of those plugins read only the
 * NodeInfo of the node at hand, and `AddPod` changes only the NodeInfo of the pod's node).
 */
import type { CycleState, Profile } from './framework.js';

export class NodeLocalMemo {
  /** Ready and kept by every node-local filter, per node. */
  readonly feasible: Uint8Array;
  /** The node-local scores' weighted sum, per node that `feasible` keeps. */
  readonly total: Int32Array;
  /** How many nodes `feasible` keeps. */
  count = 0;
  /** Present nodes (CycleState.presentNodes): placements do not change them. */
  present = 0;
  /** What the memo belongs to: a burst, its state array, a profile, a template, the PreFilter and PreScore Skips (bit i: plugin i). */
  private burst = 0;
  private s: Int32Array | null = null;
  private profile: Profile | null = null;
  private template = -1;
  private filterSkips = 0;
  private scoreSkips = 0;
  /** The burst's placements the memo includes. */
  private placements = 0;

  constructor(nodes: number) {
    this.feasible = new Uint8Array(nodes + 1);
    this.total = new Int32Array(nodes + 1);
  }

  /** The memo holds for the cycle in cs: same burst, state array, profile, template and Skips, and no placement undone. */
  holds(cs: CycleState, profile: Profile, filterSkips: number, scoreSkips: number): boolean {
    return cs.burst !== 0 && cs.burst === this.burst && cs.s === this.s && profile === this.profile && cs.templateIndex === this.template
      && filterSkips === this.filterSkips && scoreSkips === this.scoreSkips && cs.placements >= this.placements;
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
    this.s = cs.s;
    this.profile = profile;
    this.template = cs.templateIndex;
    this.filterSkips = filterSkips;
    this.scoreSkips = scoreSkips;
    this.placements = cs.placements;
  }

  /**
   * Judges again the nodes placed on since the memo was made (its requested sums up to date, as
   * the plugins' PreFilter and PreScore left them): readiness, the `localFilters` leading filters
   * of the profile that did not Skip, then the weighted node-local scores that did not Skip, in
   * the profile's order, each added to the node's total as the cycle adds it.
   */
  catchUp(cs: CycleState, profile: Profile, localFilters: number): void {
    const filters = profile.filters;
    const scorers = profile.scores;
    for (let j = this.placements; j < cs.placements; j++) {
      const n = cs.placedNode[j];
      let keep = cs.nodeReady(n);
      for (let i = 0; i < localFilters && keep; i++) if ((this.filterSkips & (1 << i)) === 0) keep = filters[i].filter(cs, n);
      this.count += (keep ? 1 : 0) - this.feasible[n];
      this.feasible[n] = keep ? 1 : 0;
      if (!keep) continue;
      const total = this.total;
      total[n] = 0;
      for (let i = 0; i < scorers.length; i++) {
        const plugin = scorers[i].plugin;
        if (plugin.localScore === true && (this.scoreSkips & (1 << i)) === 0) total[n] += scorers[i].weight * plugin.score(cs, n);
      }
    }
    this.placements = cs.placements;
  }
}
