/**
 * DefaultPreemption, kube-scheduler's PostFilter plugin (docs/model.md §8.2.5), as
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go (`Evaluator.Preempt`) run it when a pod's
 * scheduling cycle finds no feasible node:
 *
 * 1. `PodEligibleToPreemptOthers`: not with `preemptionPolicy: Never`, nor while a lower-priority
 *    pod on the pod's nominated node is still terminating (its victims are going away);
 * 2. `findCandidates` / `DryRunPreemption`: on every Ready node, `SelectVictimsOnNode` removes the
 *    pods of lower priority, re-runs the Filters, and if the pod fits, reprieves the removed pods
 *    highest priority first (PDB-violating ones before the others) while it still fits. Among
 *    equal priorities upstream reprieves the earlier started first (`MoreImportantPod`); kivi
 *    keeps no start times, so each order is tried (reprieve-orders.ts) and each distinct victim
 *    set is a possible outcome of the node (with `ties: 'lowest'`: slot order, and a note);
 * 3. `SelectCandidate` / `pickOneNodeForPreemption`: fewest PDB violations, then the lowest
 *    highest-victim priority, the smallest sum of priorities, the fewest victims, over every
 *    assignment of outcomes to the nodes (victim-sets.ts). Candidates still equal are each a
 *    successor (kube-scheduler's next criterion, the victims' start times, reads times the model
 *    abstracts away, and its last one takes the first of a Go map's order);
 * 4. `prepareCandidate`: the victims are deleted with graceful termination (not evicted: budgets
 *    only weigh in the choice), lower-priority pods nominated to the node lose their nomination,
 *    and the pod is nominated to the node (`status.nominatedNodeName`).
 *
 * Every buffer is allocated once; the dry run works on a scratch copy of the state, with its own
 * filter plugins and cycle state, so the burst's caches stay untouched.
 */
import { sameWords } from '../canonical-keys.js';
import type { CompiledCluster, CompiledTemplate } from '../../model/config.js';
import type { ModelContext } from '../../model/context.js';
import { podName } from '../../model/config.js';
import {
  type Layout, N_NUM_POD, N_STATUS, NODE_READY, P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_TERMINATING, POD_WORDS,
  nodeAt, nominatedAt, podAt,
} from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { evictionAllowed } from '../eviction.js';
import { markForDeletion } from '../helpers.js';
import { PREEMPTED_CLASS } from '../../model/violations.js';
import { CycleState, type FilterPlugin, SKIP } from './framework.js';
import { addToSchedulingQueue } from './queue-sort.js';
import { MAX_REPRIEVE_ORDERS, ReprieveOrders } from './reprieve-orders.js';
import { VictimSets } from './victim-sets.js';

/** What PostFilter found for the pod (`postFilter`). */
export const PREEMPT_NONE = 0; // no candidate: preemption does not help
export const PREEMPT_NEVER = 1; // preemptionPolicy: Never
export const PREEMPT_WAIT = 2; // a victim of an earlier preemption is still terminating on the nominated node
export const PREEMPT_CANDIDATES = 3; // `count` best candidate nodes

export class DefaultPreemption {
  readonly name = 'DefaultPreemption';
  private readonly l: Layout;
  private readonly templates: readonly CompiledTemplate[];
  private ctx!: ModelContext;
  private filters: FilterPlugin[] = [];
  /** The dry run's own cycle state over `scratch` (burst 0: plugins keep nothing between calls). */
  private readonly cs: CycleState;
  private readonly scratch: Int32Array;
  private readonly pdbScratch: Int32Array;
  /** One node's potential victims, most important first (equal priorities in slot order), and their priorities. */
  private readonly potential: Int32Array;
  private readonly potentialPriority: Int32Array;
  /** The orders among equal priorities that upstream takes from start times (reprieve-orders.ts). */
  private readonly orders: ReprieveOrders;
  private readonly violating: Uint8Array;
  /** The pods nominated to the node being tried, of at least the pod's priority (`nominatedOn` of them). */
  private readonly nominatedPods: Int32Array;
  private nominatedOn = 0;
  /** Every node's victim sets, one per distinct outcome of the reprieve orders (victim-sets.ts). */
  private readonly sets: VictimSets;
  /** Per node: its victims depended on an order kivi did not explore (`ties: 'lowest'`, or too many orders). */
  private readonly openOrder: Uint8Array;
  /** One reprieve's potential victims put back, `keptCount` of them. */
  private readonly kept: Int32Array;
  private keptCount = 0;
  /** After `postFilter`: its outcome and, for PREEMPT_CANDIDATES, `count` choices (node, victim set). */
  outcome = PREEMPT_NONE;
  count = 0;

  constructor(cfg: CompiledCluster) {
    const l = cfg.layout;
    this.l = l;
    this.templates = cfg.templates;
    this.cs = new CycleState(cfg, l);
    this.scratch = new Int32Array(l.words);
    this.pdbScratch = new Int32Array(l.words);
    this.potential = new Int32Array(l.pods);
    this.potentialPriority = new Int32Array(l.pods);
    this.orders = new ReprieveOrders(l.pods);
    this.violating = new Uint8Array(l.pods + 1);
    this.nominatedPods = new Int32Array(l.pods);
    this.sets = new VictimSets(l.nodes, l.pods);
    this.openOrder = new Uint8Array(l.nodes + 1);
    this.kept = new Int32Array(l.pods);
  }

  /** The model context (for the Eviction API's budgets) and the profile's Filter plugins, as separate instances. */
  attach(ctx: ModelContext, filters: FilterPlugin[]): void {
    this.ctx = ctx;
    this.filters = filters;
  }

  private priorityOf(s: Int32Array, q: number): number {
    return this.templates[s[podAt(this.l, q) + P_TEMPLATE]].priority;
  }

  /**
   * PostFilter's decision for `pod`, whose cycle found no feasible node in s; s is not changed.
   * Sets `outcome` and, with candidates, `count`: the (node, victim set) pairs that
   * pickOneNodeForPreemption may choose under some start times (victim-sets.ts `pick`).
   * Returns `count` (0 without candidates). (`Evaluator.Preempt` up to `SelectCandidate`.)
   */
  postFilter(s: Int32Array, pod: number): number {
    this.count = 0;
    const l = this.l;
    const t = this.templates[s[podAt(l, pod) + P_TEMPLATE]];
    // PodEligibleToPreemptOthers
    if (t.preemptNever) {
      this.outcome = PREEMPT_NEVER;
      return 0;
    }
    const nominated = s[nominatedAt(l, pod)];
    if (nominated !== 0 && s[nodeAt(l, nominated) + N_STATUS] === NODE_READY && this.terminatingBelow(s, nominated, t.priority)) {
      this.outcome = PREEMPT_WAIT;
      return 0;
    }
    this.sets.clear();
    for (let n = 1; n <= l.nodes; n++) {
      this.openOrder[n] = 0;
      this.sets.beginNode(n);
      if (s[nodeAt(l, n) + N_STATUS] !== NODE_READY) continue; // the not-ready taint: unresolvable
      this.selectVictimsOnNode(s, pod, t.priority, n);
    }
    this.count = this.sets.pick();
    this.outcome = this.count > 0 ? PREEMPT_CANDIDATES : PREEMPT_NONE;
    return this.count;
  }

  /** A pod of lower priority on node n is terminating (`podTerminatingByPreemption`, any cause here). */
  private terminatingBelow(s: Int32Array, n: number, priority: number): boolean {
    const l = this.l;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      if (s[at + P_STATUS] === POD_TERMINATING && s[at + P_LOC] === n && this.priorityOf(s, q) < priority) return true;
    }
    return false;
  }

  /**
   * `SelectVictimsOnNode` for node n, once per order among potential victims of equal priority
   * (upstream: by start time, `MoreImportantPod`, which kivi's state does not keep; with
   * `ties: 'lowest'` slot order only): each distinct outcome, a set of the pods of lower priority
   * whose removal lets the pod pass every Filter, goes to `sets` with its PDB violations. None
   * when the pod does not fit with all of them gone (n is no candidate).
   */
  private selectVictimsOnNode(s: Int32Array, pod: number, priority: number, n: number): void {
    const l = this.l;
    const potential = this.potential;
    const prio = this.potentialPriority;
    let k = 0;
    for (let q = 1, pat = l.podBase; q <= l.pods; q++, pat += POD_WORDS) {
      if (s[pat + P_STATUS] === POD_FREE || s[pat + P_LOC] !== n) continue;
      const p = this.priorityOf(s, q);
      if (p >= priority) continue; // isPreemptionAllowed: lower priority only
      // Sorted by MoreImportantPod: higher priority first; equal ones in slot order here (their orders below).
      let i = k++;
      while (i > 0 && prio[i - 1] < p) {
        potential[i] = potential[i - 1];
        prio[i] = prio[i - 1];
        i--;
      }
      potential[i] = q;
      prio[i] = p;
    }
    if (k === 0) return; // "No preemption victims found for incoming pod"
    this.scratch.set(s);
    this.nominatedOn = this.collectNominated(s, pod, priority, n);
    for (let i = 0; i < k; i++) this.remove(potential[i], n);
    if (!this.fits(pod, n)) return;
    const orders = this.orders;
    const every = this.ctx.cfg.scheduler.branchOnTies;
    if (every) orders.begin(s, l, potential, prio, k);
    if (!every || orders.count > MAX_REPRIEVE_ORDERS) {
      // One order, slot order among equal priorities (kivi's former rule, docs/model.md §8.2.5).
      this.reprieve(s, pod, n, potential, k);
      this.openOrder[n] = this.orderMatters(s) ? 1 : 0;
      return;
    }
    do this.reprieve(s, pod, n, orders.order, k);
    while (orders.next());
  }

  /**
   * One reprieve over the potential victims in `order` (all of them removed from the scratch
   * state): `filterPodsWithPDBViolation` in that order, then each is put back, the violating
   * ones first, and kept if the pod still fits, otherwise it is a victim. Adds the victim set to
   * `sets` (if not there yet) and leaves the scratch state with every potential victim removed.
   */
  private reprieve(s: Int32Array, pod: number, n: number, order: Int32Array, k: number): void {
    this.groupByPDBViolation(s, order, k);
    const sets = this.sets;
    sets.beginSet();
    let violations = 0;
    this.keptCount = 0;
    for (let pass = 1; pass >= 0; pass--) {
      for (let i = 0; i < k; i++) {
        const q = order[i];
        if (this.violating[q] !== pass) continue;
        this.restore(s, q, n);
        if (this.fits(pod, n)) {
          this.kept[this.keptCount++] = q; // reprieved
          continue;
        }
        this.remove(q, n);
        sets.addVictim(q, this.priorityOf(s, q));
        if (pass === 1) violations++;
      }
    }
    for (let i = 0; i < this.keptCount; i++) this.remove(this.kept[i], n);
    // Victims in order of importance again (upstream re-sorts when both groups were non-empty),
    // equal priorities in slot order, so that equal sets compare equal.
    sets.endSet(violations);
  }

  /**
   * With one order taken (slot order): whether another order could have given other victims.
   * It could when one potential victim was reprieved and another of the same priority and PDB
   * group was not, and the two differ (different words: another owner, template, phase or
   * usage). If all of such a group are reprieved, or none, any order gives the same where a pod
   * fits less well as more are put back (NodeResourcesFit); alike pods give the same cluster.
   */
  private orderMatters(s: Int32Array): boolean {
    const l = this.l;
    const sets = this.sets;
    const o = sets.last();
    if (o < 0) return false;
    for (let i = 0; i < this.keptCount; i++) {
      const u = this.kept[i];
      const pu = this.priorityOf(s, u);
      for (let j = 0; j < sets.size(o); j++) {
        const v = sets.victim(o, j);
        if (this.priorityOf(s, v) !== pu || this.violating[v] !== this.violating[u]) continue;
        if (!sameWords(s, podAt(l, u), podAt(l, v), POD_WORDS)) return true;
      }
    }
    return false;
  }

  /**
   * `filterPodsWithPDBViolation`: in order of importance, a potential victim violates a budget
   * when the Eviction API would refuse it once the victims before it are gone (each one
   * decrements its budgets' disruptionsAllowed, whether it violates or not).
   */
  private groupByPDBViolation(s: Int32Array, order: Int32Array, k: number): void {
    const pdb = this.pdbScratch;
    pdb.set(s);
    for (let i = 0; i < k; i++) {
      const q = order[i];
      this.violating[q] = evictionAllowed(this.ctx, pdb, q) ? 0 : 1;
      pdb[podAt(this.l, q) + P_STATUS] = POD_TERMINATING;
    }
  }

  /** `RemovePod` on the dry run's copy: the pod is gone from node n. */
  private remove(q: number, n: number): void {
    this.scratch[podAt(this.l, q) + P_STATUS] = POD_FREE;
    this.scratch[nodeAt(this.l, n) + N_NUM_POD] -= 1;
  }

  /** `AddPodInfo`: the pod is back on node n as it is in s. */
  private restore(s: Int32Array, q: number, n: number): void {
    const at = podAt(this.l, q) + P_STATUS;
    this.scratch[at] = s[at];
    this.scratch[nodeAt(this.l, n) + N_NUM_POD] += 1;
  }

  /**
   * The pending pods nominated to node n with a priority at least the pod's, other than the pod
   * (`addNominatedPods`): written to `nominatedPods`; returns how many.
   */
  private collectNominated(s: Int32Array, pod: number, priority: number, n: number): number {
    const l = this.l;
    let k = 0;
    for (let q = 1; q <= l.pods; q++) {
      if (q === pod || s[nominatedAt(l, q)] !== n || s[podAt(l, q) + P_LOC] !== 0) continue;
      if (s[podAt(l, q) + P_STATUS] === POD_FREE || s[podAt(l, q) + P_STATUS] === POD_TERMINATING) continue;
      if (this.priorityOf(s, q) >= priority) this.nominatedPods[k++] = q;
    }
    return k;
  }

  /** Puts the collected nominated pods on node n of the scratch state (as if bound there), or takes them off. */
  private placeNominated(n: number, on: boolean): void {
    const scratch = this.scratch;
    for (let i = 0; i < this.nominatedOn; i++) scratch[podAt(this.l, this.nominatedPods[i]) + P_LOC] = on ? n : 0;
    scratch[nodeAt(this.l, n) + N_NUM_POD] += on ? this.nominatedOn : -this.nominatedOn;
  }

  /**
   * `RunFilterPluginsWithNominatedPods` on node n of the scratch state: the Filters pass with the
   * nominated pods of at least the pod's priority on n and, if there are any, without them too.
   */
  private fits(pod: number, n: number): boolean {
    if (this.nominatedOn === 0) return this.filtersPass(pod, n);
    this.placeNominated(n, true);
    const withNominated = this.filtersPass(pod, n);
    this.placeNominated(n, false);
    return withNominated && this.filtersPass(pod, n);
  }

  /**
   * `RunFilterPluginsWithNominatedPods` in an ordinary cycle, for a node that passed every Filter
   * in s: the pod must pass them too with the pods nominated to n (priority at least its own)
   * placed there. True when none is nominated to n.
   */
  nominatedFit(s: Int32Array, pod: number, n: number): boolean {
    this.nominatedOn = this.collectNominated(s, pod, this.priorityOf(s, pod), n);
    if (this.nominatedOn === 0) return true;
    this.scratch.set(s);
    this.placeNominated(n, true);
    return this.filtersPass(pod, n);
  }

  /** Why nominatedFit fails on node n: the first failing Filter's reasons there (messages only). */
  nominatedReasons(s: Int32Array, pod: number, n: number): string[] {
    if (this.nominatedFit(s, pod, n)) return [];
    const cs = this.cs;
    for (const f of this.filters) {
      if (f.preFilter && f.preFilter(cs) === SKIP) continue;
      if (!f.filter(cs, n)) return f.reasons(cs, n);
    }
    return [];
  }

  /** The Filters on node n of the scratch state. */
  private filtersPass(pod: number, n: number): boolean {
    const cs = this.cs;
    const scratch = this.scratch;
    cs.s = scratch;
    cs.pod = pod;
    cs.templateIndex = scratch[podAt(this.l, pod) + P_TEMPLATE];
    cs.template = this.templates[cs.templateIndex];
    cs.burst = 0;
    cs.feasible.fill(0);
    cs.feasible[n] = 1;
    const filters = this.filters;
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i];
      if (f.preFilter && f.preFilter(cs) === SKIP) continue;
      if (f.filterNodes ? !f.filterNodes(cs) : !f.filter(cs, n)) return false;
    }
    return true;
  }

  /**
   * `prepareCandidate` on the choice-th best candidate of the last `postFilter` (for the same s
   * and pod): deletes its victims, clears lower-priority nominations to its node (they go back to
   * the queue) and nominates the pod there. Returns PREEMPTED_CLASS when a victim's class is
   * watched by priority_class_never_preempted, else 0.
   */
  preempt(s: Int32Array, pod: number, choice: number, log: Log | null): number {
    const l = this.l;
    const cfg = this.ctx.cfg;
    const sets = this.sets;
    const set = sets.choice(choice < this.count ? choice : this.count - 1);
    const node = sets.nodeOf(set);
    const p = this.priorityOf(s, pod);
    // The victims rest on an order kivi did not explore: a hold is not exact (docs/model.md §8.2.5).
    if (this.openOrder[node] === 1 && this.ctx.reprieveOrder !== undefined) this.ctx.reprieveOrder[0] = 1;
    if (log) log.emit(1, 'Scheduler - preemption', this.choiceMessage(s, pod, set), [podRef(cfg, s, pod), nodeRef(cfg, node)]);
    if (log && sets.setsOn(node) > 1) log.emit(1, 'Scheduler - preemption', this.orderMessage(s, pod, set), [podRef(cfg, s, pod), nodeRef(cfg, node)]);
    const watch = cfg.watchPreempted;
    let watched = 0; // the first victim of a class priority_class_never_preempted watches
    for (let i = 0; i < sets.size(set); i++) {
      const q = sets.victim(set, i);
      const at = podAt(l, q);
      if (watched === 0 && watch !== null && watch[s[at + P_TEMPLATE]] === 1) watched = q;
      if (log) log.emit(1, 'Scheduler - preemption', `Preempted pod ${podName(cfg, s, q)} (priority ${this.priorityOf(s, q)}) on node ${cfg.nodeNames[node]} for pod ${podName(cfg, s, pod)} (priority ${p})`, [podRef(cfg, s, q), nodeRef(cfg, node), podRef(cfg, s, pod)], 'Preempted');
      // A victim already terminating needs no second deletion.
      if (s[at + P_STATUS] !== POD_TERMINATING) markForDeletion(this.ctx, s, q);
    }
    // getLowerPriorityNominatedPods + clearNominatedNodeName: they go back to the active queue.
    for (let q = 1; q <= l.pods; q++) {
      if (q === pod || s[nominatedAt(l, q)] !== node || this.priorityOf(s, q) >= p) continue;
      s[nominatedAt(l, q)] = 0;
      addToSchedulingQueue(s, l, this.templates, q);
    }
    s[nominatedAt(l, pod)] = node;
    if (watched === 0) return 0;
    if (log) log.emit(1, 'checkNeverPreempted', `Pod ${podName(cfg, s, watched)} of priority class ${this.templates[s[podAt(l, watched) + P_TEMPLATE]].priorityClass} was preempted`, [podRef(cfg, s, watched)]);
    return PREEMPTED_CLASS;
  }

  /** Why the node was chosen, with upstream's criteria (messages only). */
  private choiceMessage(s: Int32Array, pod: number, set: number): string {
    const cfg = this.ctx.cfg;
    const sets = this.sets;
    const node = sets.nodeOf(set);
    const others: string[] = [];
    let orders = sets.setsOn(node) > 1;
    for (let i = 0; i < this.count; i++) {
      const n = sets.nodeOf(sets.choice(i));
      if (sets.setsOn(n) > 1) orders = true;
      const name = cfg.nodeNames[n];
      if (n !== node && !others.includes(name)) others.push(name);
    }
    const one = others.length === 1;
    const why = orders ? ` may be picked instead (as good by every criterion, or for other start times of pods of equal priority): another execution takes ${one ? 'it' : 'each'}` : ` ${one ? 'is' : 'are'} as good by every criterion, another execution takes ${one ? 'it' : 'each'}`;
    const tie = others.length > 0 ? `; ${others.join(', ')}${why}` : '';
    const count = sets.size(set);
    return `Pod ${podName(cfg, s, pod)} preempts ${count} pod(s) on node ${cfg.nodeNames[node]} (PDB violations ${sets.violationsOf(set)}, highest victim priority ${sets.highestOf(set)}, victims ${count})${tie}`;
  }

  /** The reprieve order the victims came from, when the node's orders give several sets (messages only). */
  private orderMessage(s: Int32Array, pod: number, set: number): string {
    const cfg = this.ctx.cfg;
    const l = this.l;
    const sets = this.sets;
    const node = sets.nodeOf(set);
    const p = this.priorityOf(s, pod);
    const victims: string[] = [];
    for (let i = 0; i < sets.size(set); i++) victims.push(podName(cfg, s, sets.victim(set, i)));
    const kept: string[] = [];
    for (let q = 1; q <= l.pods; q++) {
      const at = podAt(l, q);
      if (s[at + P_STATUS] === POD_FREE || s[at + P_LOC] !== node || this.priorityOf(s, q) >= p) continue;
      if (!victims.includes(podName(cfg, s, q))) kept.push(podName(cfg, s, q));
    }
    const keeps = kept.length > 0 ? `keeps ${kept.join(', ')} and ` : '';
    return `This execution ${keeps}preempts ${victims.join(', ')} on node ${cfg.nodeNames[node]}: one of ${sets.setsOn(node)} victim sets the reprieve order among pods of equal priority gives, which Kubernetes takes from their start times (the earlier started is reprieved first, MoreImportantPod); another execution takes each`;
  }
}

/**
 * After the kubelet deletes a pod (an AssignedPodDelete event moves unschedulable pods to the
 * active queue): every pending pod waiting with a nominated node goes back to sQ, in
 * PrioritySort order. The deleted slot's own nomination is cleared.
 */
export function requeueNominated(ctx: ModelContext, s: Int32Array, deleted: number): void {
  const l = ctx.l;
  if (l.nominatedBase < 0) return;
  s[nominatedAt(l, deleted)] = 0;
  for (let q = 1; q <= l.pods; q++) {
    if (s[nominatedAt(l, q)] === 0) continue;
    const at = podAt(l, q);
    if (s[at + P_STATUS] === POD_FREE || s[at + P_LOC] !== 0 || s[at + P_STATUS] === POD_TERMINATING) continue;
    addToSchedulingQueue(s, l, ctx.cfg.templates, q);
  }
}
