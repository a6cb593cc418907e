/**
 * The scheduler controller (docs/model.md §8.2): a burst drains sQ, running one scheduling cycle
 * per pending pod, then assumes and binds it. Where several nodes share the best score, each is
 * a successor: the burst stops before such a pod and goes on in the next transition, one per
 * best node, while no other process moves (docs/model.md §7.2, §8.2.4). There is no retry queue:
 * an unschedulable pod violates `pod_always_schedulable` on the spot (docs/model.md §10.1).
 */
import type { CompiledCluster } from '../../model/config.js';
import { podName } from '../../model/config.js';
import {
  D_FLAGS, depAt, FLAG_TM_EVICTED, G_SCH_TIE, G_TIME, P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS,
  POD_PENDING, POD_RUNNING, POD_TERMINATING, Q_HPA, Q_KBL, Q_SCH, type Layout, nominatedAt, podAt,
} from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { dequeue, enqueue, queueHead, queueItem, queueLength } from '../../model/queues.js';
import { EVICTED_NOT_RESCHEDULED, NO_FEASIBLE_NODE, PENDING_CLASS } from '../../model/violations.js';
import type { ModelContext } from '../../model/context.js';
import { DefaultPreemption, PREEMPT_CANDIDATES, PREEMPT_NEVER, PREEMPT_NONE, PREEMPT_WAIT } from './default-preemption.js';
import { assumeAndBind, CycleState, explainUnschedulable, type FilterPlugin, type Profile, runSchedulingCycle, type ScorePlugin, type WeightedScorePlugin } from './framework.js';
import { schedulerPlugin } from './registry.js';
import { Twins } from './twins.js';
import { TieOrbits } from './orbits.js';
import type { CanonicalOrder } from '../canonical-order.js';
import { NominatedPods } from './nominated-pods.js';
import { CycleMemo } from './cycle-memo.js';
import { nodesToFindTable } from './nodes-to-score.js';

/**
 * The profile of a compiled cluster: its plugins in the registry's order, each instance
 * filtering if its Filter is on and scoring with its weight if that is above 0.
 */
export function defaultProfile(cfg: CompiledCluster): Profile {
  const filters: FilterPlugin[] = [];
  const scores: WeightedScorePlugin[] = [];
  for (const p of cfg.scheduler.plugins) {
    if (!p.filter && p.weight <= 0) continue; // PostFilter plugins: see postFilterPlugin
    const plugin = schedulerPlugin(p.name)!.create(cfg);
    if (plugin === null) continue;
    if (p.filter) filters.push(plugin as FilterPlugin);
    // ties: feasible (the proof for every size): every feasible node ties at 0.
    if (p.weight > 0 && cfg.scheduler.ignoreScores !== true) scores.push({ plugin: plugin as ScorePlugin, weight: p.weight });
  }
  return { filters, scores };
}

/**
 * The profile's PostFilter plugin, DefaultPreemption (docs/model.md §8.2.5), with its own
 * instances of the Filter plugins for its dry runs; null when it is disabled or cannot act.
 */
function postFilterPlugin(cfg: CompiledCluster, ctx: ModelContext): DefaultPreemption | null {
  const reg = cfg.scheduler.plugins.find((p) => p.postFilter === true);
  const plugin = reg ? (schedulerPlugin(reg.name)!.create(cfg) as DefaultPreemption | null) : null;
  if (plugin !== null) plugin.attach(ctx, defaultProfile(cfg).filters);
  return plugin;
}

/** A context for a scheduler built without the model's (tests). */
function ownContext(cfg: CompiledCluster): ModelContext {
  const l = cfg.layout;
  return { cfg, l, perNode: new Int32Array(l.nodes + 1), flagMask: new Int32Array(l.deployments + 1), kernelPanicIntent: false, budgetIntent: false, breach: new Int32Array(1), fine: false };
}

export class Scheduler {
  readonly cycle: CycleState;
  readonly profile: Profile;
  private readonly l: Layout;
  private readonly twins: Twins;
  /** Where the symmetry reduction applies: the first pod's tie classes up to it (orbits.ts), else null. */
  private readonly orbits: TieOrbits | null;
  /** During `burst`: the first pending pod's nodes are grouped already (orbits.group). */
  private grouped = false;
  /** After `schedule`: the distinct best nodes (no two twins), in node order; `options` of them. */
  private readonly best: Int32Array;
  /** During `schedule`: the first node of each class of twins met so far (nodes that may have one). */
  private readonly classFirst: Int32Array;
  /**
   * `loaded`: the array the last choices' cycle ran on, that cycle's origin (CycleState.origin),
   * and the pod slots that may differ from its state since (marked with hintStamp in hintMark);
   * hintCount -1: not known.
   */
  private hintArray: Int32Array | null = null;
  /** The array `loaded` named last, until something else writes it. */
  private loadedArray: Int32Array | null = null;
  private hintOrigin = 0;
  private readonly hintSlots: Int32Array;
  private readonly hintMark: Int32Array;
  private hintStamp = 0;
  private hintCount = -1;
  /** Per node that starts a run of alike nodes, its run's last node (orbits.ts `runs`). */
  private readonly runEnd: Int32Array;
  /** The first cycle `choices` ran, for the bursts of the same state (cycle-memo.ts). */
  private readonly memo: CycleMemo;
  options = 0;
  /** An unschedulable pod violates pod_always_schedulable (no node groups, or the intent named). */
  private readonly strict: boolean;

  /** DefaultPreemption, the PostFilter plugin; null when preemption cannot happen. */
  readonly preemption: DefaultPreemption | null;
  /** Fine interleaving: one item of sQ per transition (docs/model.md §7.5). */
  private readonly fine: boolean;

  /**
   * `canonical`: the symmetry reduction's canonical order when the model applies the reduction
   * (docs/model.md §8.11.7): the first pending pod's best nodes are then offered one per class
   * of nodes equal up to it. Null (the unreduced model, or no reduction): one per class of twins.
   */
  constructor(
    private readonly cfg: CompiledCluster,
    ctx: ModelContext = ownContext(cfg),
    canonical: CanonicalOrder | null = null,
  ) {
    this.l = cfg.layout;
    this.fine = ctx.fine;
    this.strict = !cfg.autoscaler || cfg.intents.includes(NO_FEASIBLE_NODE);
    this.cycle = new CycleState(cfg, cfg.layout);
    // With `ties: feasible` every feasible node is a successor already: a superset of what kube-scheduler may pick among those it scores.
    const toFind = cfg.scheduler.ignoreScores === true ? null : nodesToFindTable(cfg.scheduler.percentageOfNodesToScore, cfg.layout.nodes);
    if (toFind !== null && ctx.partialScoring !== undefined) {
      this.cycle.nodesToFind = toFind;
      this.cycle.partialScoring = ctx.partialScoring;
    }
    this.profile = defaultProfile(cfg);
    this.preemption = postFilterPlugin(cfg, ctx);
    // RunFilterPluginsWithNominatedPods (docs/model.md §8.2.5): nominated pods keep their room.
    if (this.preemption !== null) this.profile.filters.push(new NominatedPods(this.preemption, cfg.layout.nodes));
    this.twins = new Twins(cfg, cfg.layout, (ctx.canonical ?? null) !== null);
    this.orbits = canonical !== null && cfg.scheduler.branchOnTies && cfg.scheduler.mergeTwins ? new TieOrbits(canonical) : null;
    this.best = new Int32Array(cfg.layout.nodes + 1);
    this.classFirst = new Int32Array(cfg.layout.nodes + 1);
    this.runEnd = new Int32Array(cfg.layout.nodes + 1);
    this.hintSlots = new Int32Array(cfg.layout.pods);
    this.hintMark = new Int32Array(cfg.layout.pods + 1);
    this.memo = new CycleMemo(cfg.layout.words, cfg.layout.nodes);
  }

  /**
   * The scheduler's choices in s: 0 with sQ empty; otherwise the number of distinct nodes (no
   * two of them twins, twins.ts, or with the reduction equal up to it, orbits.ts) sharing the
   * best score for the first pending pod of sQ (the first pod `burst` runs a cycle for), or 1
   * when that is one node, none, or no pod of sQ is pending.
   */
  choices(s: Int32Array): number {
    const l = this.l;
    this.memo.clear();
    const len = queueLength(s, l, Q_SCH);
    if (len === 0) return 0;
    if (!this.cfg.scheduler.branchOnTies) return 1;
    // Fine interleaving: the transition takes the head of sQ only.
    for (let i = 0; i < (this.fine ? 1 : len); i++) {
      const pod = queueItem(s, l, Q_SCH, i);
      if (s[podAt(l, pod) + P_STATUS] !== POD_PENDING) continue;
      this.cycle.beginBurst();
      this.grouped = false;
      // s is canonical: alike nodes share the cycle's node-local judgement (framework.ts runEnd).
      // The reduction does not apply with the cluster autoscaler, whose words no signature holds.
      if (this.orbits !== null && l.caNodeBase < 0) this.cycle.runEnd = this.orbits.runs(s, l.nodes, this.runEnd, l.nodes >> 3) ? this.runEnd : null;
      // s as the search loaded it, the cycle before at the state before: the counts kept there
      // are brought over by the slots that differ (loaded).
      const cs = this.cycle;
      if (this.hintCount >= 0 && s === this.hintArray) {
        cs.hintOrigin = this.hintOrigin;
        cs.hintSlots = this.hintSlots;
        cs.hintCount = this.hintCount;
      }
      const node = this.schedule(s, pod, 0, true);
      cs.runEnd = null;
      cs.hintOrigin = 0;
      // From here on, when s is the array the search loads, its loads say what differs from the
      // state this cycle counted.
      if (s === this.loadedArray) {
        this.hintArray = s;
        this.hintCount = 0;
        this.hintStamp++;
        this.hintOrigin = cs.origin;
      } else this.hintCount = -1;
      if (node !== 0) this.memo.save(s, pod, node, this.best, this.options, this.cycle.origin);
      return this.options > 1 ? this.options : 1;
    }
    return 1;
  }

  /**
   * The search loaded s (TransitionSystem.loaded): its words differ from what s held before only
   * at the pairs' indices (n < 0: anywhere). While every load of this array since the last
   * choices' cycle on it says where, the pod slots of those words are all that can differ from
   * the state that cycle kept its counts at (NodeRequests, PodTopologySpread's pods per node):
   * the next choices' cycle looks at them alone (CycleState.hintOrigin).
   */
  loaded(s: Int32Array, pairs: Int32Array, at: number, n: number): void {
    this.loadedArray = s;
    if (n < 0 || this.hintCount < 0 || s !== this.hintArray) {
      this.hintCount = -1;
      return;
    }
    const l = this.l;
    const lo = l.podBase;
    const hi = l.podBase + l.pods * POD_WORDS;
    const slots = this.hintSlots;
    const mark = this.hintMark;
    const stamp = this.hintStamp;
    // Past half the slots, counting them all is as cheap.
    const most = l.pods >> 1;
    let k = this.hintCount;
    for (let j = at, e = at + 2 * n; j < e; j += 2) {
      const w = pairs[j];
      if (w < lo || w >= hi) continue;
      const q = ((w - lo) / POD_WORDS | 0) + 1;
      if (mark[q] === stamp) continue;
      if (k === most) {
        this.hintCount = -1;
        return;
      }
      mark[q] = stamp;
      slots[k++] = q;
    }
    this.hintCount = k;
  }

  /** s is written other than by a load (a step in place): what `loaded` knew of it is void. */
  written(s: Int32Array): void {
    if (s !== this.loadedArray) return;
    this.loadedArray = null;
    this.hintArray = null;
    this.hintCount = -1;
  }

  /**
   * One scheduler transition: drains sQ. The first pending pod goes to its choice-th best node
   * (choices(s) counts them); a later pod with several best nodes is left at the head of sQ and
   * G_SCH_TIE set, so the next transition, which only the scheduler may take, branches on it.
   * Returns a violation code (NO_FEASIBLE_NODE) or 0.
   */
  burst(s: Int32Array, choice: number, log: Log | null): number {
    const l = this.l;
    const cfg = this.cfg;
    // The state `choices` was asked about: its first cycle is known (messages need the cycle's own
    // arrays: with a log, only while no other cycle has run since, as when a replay steps the
    // action right after asking its choices).
    const memo = (log === null || this.memo.current) && this.memo.matches(s) ? this.memo : null;
    this.cycle.beginBurst(memo !== null ? memo.origin : 0);
    s[G_SCH_TIE] = 0;
    let first = true;
    // The first pending pod's tie classes read the pods as choices(s) saw them: group them now
    // when the burst will first skip (dequeue) pods that are not pending.
    this.grouped = false;
    if (memo === null && this.orbits !== null && queueLength(s, l, Q_SCH) > 0 && s[podAt(l, queueHead(s, l, Q_SCH)) + P_STATUS] !== POD_PENDING) {
      this.orbits.group(s);
      this.grouped = true;
    }
    while (queueLength(s, l, Q_SCH) > 0) {
      const pod = queueHead(s, l, Q_SCH);
      const at = podAt(l, pod);
      const status = s[at + P_STATUS];
      const owner = s[at + P_OWNER];
      if (status === POD_RUNNING) {
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} has been scheduled!`, [podRef(cfg, s, pod)]);
      } else if (status === POD_FREE) {
        // Deleted while it waited (a rollout removes old pending pods): nothing to schedule.
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} was deleted, skip it!`, [podRef(cfg, s, pod)]);
      } else if (status === POD_TERMINATING) {
        if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} is pending for deletion, skip it!`, [podRef(cfg, s, pod)]);
      } else {
        const node = memo !== null && first && pod === memo.pod ? this.remembered(memo, choice) : this.schedule(s, pod, first ? choice : 0, first);
        const ties = this.options;
        const first0 = first;
        if (ties > 1 && !first) {
          // Several best nodes: the burst waits here, and its next transition branches on them.
          s[G_SCH_TIE] = 1;
          if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} has ${ties} nodes with the best score: the next step takes each`, [podRef(cfg, s, pod)]);
          return 0;
        }
        first = false;
        if (log) log.emit(2, 'Scheduler', `Attempting to schedule Pod ${podName(cfg, s, pod)}`, [podRef(cfg, s, pod)]);
        if (node === 0) {
          const pre = this.preemption;
          const outcome = pre === null ? PREEMPT_NONE : pre.outcome;
          let code = 0;
          if (outcome === PREEMPT_CANDIDATES) {
            // PostFilter: the pod waits, nominated, for its victims to go (docs/model.md §8.2.5).
            code = pre!.preempt(s, pod, first0 ? choice : 0, log);
          } else if (outcome === PREEMPT_WAIT) {
            if (log) log.emit(2, 'Scheduler', `Pod ${podName(cfg, s, pod)} waits for the pods it preempted to terminate`, [podRef(cfg, s, pod)]);
          } else {
            code = this.unschedulable(s, pod, outcome, log);
            if (code !== 0) return code;
          }
          dequeue(s, l, Q_SCH);
          s[G_TIME] += 1; // SCHEDULER_RUN_TIME (docs/model.md §6.1)
          if (outcome === PREEMPT_CANDIDATES) this.cycle.beginBurst(); // victims are terminating: the burst's counts are stale
          if (code !== 0 || this.fine) return code;
          continue;
        }
        if (l.nominatedBase >= 0) s[nominatedAt(l, pod)] = 0; // bound: the nomination is done
        if (log && ties > 1) log.emit(2, 'Scheduler', this.tieMessage(s, pod, node), [podRef(cfg, s, pod), nodeRef(cfg, node)]);
        if (log) log.emit(1, 'Scheduler', `Pod ${podName(cfg, s, pod)} is scheduled on node ${cfg.nodeNames[node]}`, [podRef(cfg, s, pod), nodeRef(cfg, node)], 'Scheduled');
        assumeAndBind(this.cycle, s, pod, node);
        enqueue(s, l, Q_KBL, pod);
        if (owner > 0 && cfg.hpaOn) enqueue(s, l, Q_HPA, owner);
      }
      dequeue(s, l, Q_SCH);
      s[G_TIME] += 1; // SCHEDULER_RUN_TIME (docs/model.md §6.1)
      if (this.fine) return 0; // one item per transition (docs/model.md §7.5)
    }
    return 0;
  }

  /** `schedule`'s answer for the first pod of the state `memo` was made for. */
  private remembered(memo: CycleMemo, choice: number): number {
    this.options = memo.options;
    return memo.node(choice);
  }

  /**
   * The pod has no node and preemption cannot help: the violation code (NO_FEASIBLE_NODE, or
   * priority_class_never_pending's when that intent watches the pod's class), or 0 when the pod
   * waits for the cluster autoscaler.
   */
  private unschedulable(s: Int32Array, pod: number, outcome: number, log: Log | null): number {
    const cfg = this.cfg;
    if (log) {
      const why = explainUnschedulable(this.profile, this.cycle);
      const pre = this.preemption === null ? '' : outcome === PREEMPT_NEVER ? ' preemption: not eligible due to preemptionPolicy=Never.' : ' preemption: no node has lower-priority pods whose removal lets it fit.';
      log.emit(1, this.strict ? 'Scheduler - no_feasible_node' : 'Scheduler', `No feasible node for pod ${podName(cfg, s, pod)}: ${why}${pre}`, [podRef(cfg, s, pod)], 'FailedScheduling');
    }
    const watch = cfg.watchPending;
    // With node groups the pod waits for the cluster autoscaler, and the autoscaler's intents judge it.
    if (watch !== null && !cfg.autoscaler && watch[s[podAt(this.l, pod) + P_TEMPLATE]] === 1) {
      if (log) log.emit(1, 'checkNeverPending', `Pod ${podName(cfg, s, pod)} of priority class ${cfg.templates[s[podAt(this.l, pod) + P_TEMPLATE]].priorityClass} is left pending`, [podRef(cfg, s, pod)]);
      return PENDING_CLASS;
    }
    // evicted_pod_rescheduled (docs/model.md §10.1): the taint manager deleted a pod of this
    // deployment (FLAG_TM_EVICTED is kept only when the intent is checked) and a pod of it finds no node.
    const owner = s[podAt(this.l, pod) + P_OWNER];
    if (owner > 0 && !cfg.autoscaler && (s[depAt(this.l, owner) + D_FLAGS] & FLAG_TM_EVICTED) !== 0) {
      if (log) log.emit(1, 'checkEvictedRescheduled', `Pod ${podName(cfg, s, pod)} replaces a pod the taint manager evicted from deployment ${cfg.deploymentNames[owner]}, and no node takes it`, [podRef(cfg, s, pod)]);
      return EVICTED_NOT_RESCHEDULED;
    }
    // pod_always_schedulable is always checked (docs/model.md §10.3): the burst ends here.
    // With node groups it is checked only when named; otherwise the pod waits, unbound and
    // out of sQ, for the cluster autoscaler (docs/model.md §8.10, §10.1): 0.
    return this.strict ? NO_FEASIBLE_NODE : 0;
  }

  /** `node-1, node-2 share the best score 310 for pod app-4; this execution takes node-2` (messages only). */
  private tieMessage(s: Int32Array, pod: number, node: number): string {
    const { feasible, total } = this.cycle;
    const bestScore = total[node];
    const names: string[] = [];
    for (let n = 1; n < feasible.length; n++) if (feasible[n] === 1 && total[n] === bestScore) names.push(this.cfg.nodeNames[n]);
    const distinct = names.length > this.options ? ` (${this.options} up to twins)` : '';
    return `${names.join(', ')} share the best score ${bestScore}${distinct} for pod ${podName(this.cfg, s, pod)}; this execution takes ${this.cfg.nodeNames[node]}`;
  }

  /**
   * One scheduling cycle for `pod`: its choice-th distinct best node, or 0 if none is feasible.
   * `options` says how many distinct best nodes there are (twins count once, twins.ts; for the
   * burst's first pod, `first`, nodes equal up to the symmetry reduction count once, orbits.ts).
   */
  schedule(s: Int32Array, pod: number, choice = 0, first = false): number {
    const cs = this.cycle;
    this.memo.current = false;
    cs.s = s;
    cs.pod = pod;
    cs.templateIndex = s[podAt(this.l, pod) + P_TEMPLATE];
    cs.template = this.cfg.templates[cs.templateIndex];
    const top = runSchedulingCycle(this.profile, cs, 0);
    if (top === 0 && this.preemption !== null) {
      // PostFilter (docs/model.md §8.2.5): candidates the criteria cannot tell apart are choices.
      const k = this.preemption.postFilter(s, pod);
      this.options = k > 1 && this.cfg.scheduler.branchOnTies ? k : k === 0 ? 0 : 1;
      return 0;
    }
    if (cs.ties <= 1 || !this.cfg.scheduler.branchOnTies) {
      this.options = cs.ties === 0 ? 0 : 1;
      return top;
    }
    // Several best nodes: one choice per class of twins, at its lowest index.
    const { feasible, total } = cs;
    const bestScore = total[top];
    const best = this.best;
    if (first && this.orbits !== null) {
      // The transition's own choice: one per class of nodes equal up to the symmetry (orbits.ts).
      if (!this.grouped) this.orbits.group(s);
      const k = this.orbits.distinct(s, feasible, total, bestScore, top, best);
      this.options = k;
      return best[choice < k ? choice : k - 1];
    }
    let k = 0;
    const merge = this.cfg.scheduler.mergeTwins;
    if (merge) this.twins.prepare(s);
    // A node that cannot have a twin (it holds a pod, twins.ts) is a class of its own. Twins are
    // an equivalence (equal words), so another node is compared with the first node of each class
    // met so far, not with every best node: linear in the tied nodes where most hold pods.
    const firsts = this.classFirst;
    let classes = 0;
    for (let n = top; n < feasible.length; n++) {
      if (feasible[n] === 0 || total[n] !== bestScore) continue;
      if (!merge || !this.twins.mayTwin(n)) {
        best[k++] = n;
        continue;
      }
      let twin = false;
      for (let i = 0; i < classes && !twin; i++) twin = this.twins.twins(s, firsts[i], n);
      if (twin) continue;
      best[k++] = n;
      firsts[classes++] = n;
    }
    this.options = k;
    return best[choice < k ? choice : k - 1];
  }
}
