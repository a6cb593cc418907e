/**
 * The cluster as a transition system: the process table (init, controllers, events, user
 * commands, per-node watchers) and the dispatch from (process, choice) to the controllers' pure
 * transition functions. One transition is one controller burst, one event step, or one init
 * step (docs/model.md §12, decision 1), but a scheduler burst takes one more transition per pod
 * whose best nodes tie, and nothing else moves in between (§7.2); intent monitors advance after
 * every transition.
 */
import type { Independence, TransitionSystem } from '../checker/transition-system.js';
import { Footprints } from './footprint.js';
import type { ModelContext } from '../model/context.js';
import { ClusterAutoscaler } from '../controllers/autoscaler/cluster-autoscaler.js';
import { provisioningEnabled, provisioningStep } from '../controllers/autoscaler/provisioning.js';
import { deploymentControllerBurst, deploymentControllerEnabled } from '../controllers/deployment.js';
import { scaleDownChoices } from '../controllers/pods-to-delete.js';
import { CanonicalPodOrbits } from '../controllers/pod-orbits.js';
import { queueHead } from '../model/queues.js';
import { Descheduler } from '../controllers/descheduler/descheduler.js';
import { commandChoices, commandStep } from '../controllers/events/commands.js';
import { cpuChangeChoices, cpuChangeStep } from '../controllers/events/cpu-change.js';
import { cpuPatternEnabled, cpuPatternStep } from '../controllers/events/cpu-pattern.js';
import { kernelPanicChoices, kernelPanicStep } from '../controllers/events/kernel-panic.js';
import {
  busyMaintenanceNode, MAINT_NODE_IDLE, maintenanceChoices, maintenanceNodeChoices, maintenanceNodeDraining, maintenanceNodeStep, maintenanceStep, maintenanceStuck,
} from '../controllers/events/maintenance.js';
import { cordonCommandStep, drainChoices, drainPending, drainStep } from '../controllers/events/node-drain.js';
import { blockingPods } from '../controllers/drain.js';
import { nodeFailureChoices, nodeFailureStep } from '../controllers/events/node-failure.js';
import { EVENT_ARMED, EVENT_READY } from '../model/phases.js';
import { hpaBurst, hpaEnabled } from '../controllers/hpa.js';
import { loadChoices, loadStep } from '../controllers/events/load.js';
import { initEnabled, initStep } from '../controllers/init.js';
import { kubeletBurst, kubeletEnabled } from '../controllers/kubelet.js';
import { nodeControllerBurst, nodeControllerEnabled } from '../controllers/node-controller.js';
import { Scheduler } from '../controllers/scheduler/scheduler.js';
import { PARTIAL_SCORING_WORDS } from '../controllers/scheduler/nodes-to-score.js';
import { taintManagerEnabled, taintManagerStep } from '../controllers/taint-manager.js';
import { tainterEnabled, tainterStep } from '../controllers/node-lifecycle-zones.js';
import { VisitOrder } from '../controllers/visit-order.js';
import { BUDGET_RESPECTED, DEADLOCK_BASE, KERNEL_PANIC } from '../intents/catalog.js';
import { advanceMonitors, flagMask, monitorName, stuckMonitor } from '../intents/monitors.js';
import type { CompiledCluster } from '../model/config.js';
import { EV_CORDON, EV_CPU_CHANGE, EV_DRAIN, EV_MAINTENANCE, EV_NODE_FAILURE, EV_SCALE, EV_UNCORDON } from '../model/config.js';
import { E_PHASE, eventAt, G_MAINT_COUNT, G_RS_TIE, G_SCH_TIE, MAINT_NODE_WORDS, MN_PHASE, Q_DC } from '../model/layout.js';
import { TimeAbstraction } from './time.js';
import { Symmetry } from './symmetry.js';
import { RenamingTracker } from './replay-renaming.js';
import type { Log } from '../checker/log.js';

const K_INIT = 0;
const K_DC = 1;
const K_SCH = 2;
const K_HPA = 3;
const K_NC = 4;
const K_KBL = 5;
const K_TM = 6;
const K_DS = 7;
const K_CPU_PATTERN = 8;
const K_CPU_CHANGE = 9; // arg: event index
const K_MAINTENANCE = 10; // arg: event index
const K_NODE_FAILURE = 11; // arg: event index
const K_COMMAND = 12; // arg: event index
const K_SCALE = 13; // arg: event index
const K_MAINT_NODE = 14; // arg: node index
const K_KERNEL_PANIC = 15; // arg: node index
const K_CORDON = 16; // arg: event index (cordon or uncordon)
const K_DRAIN = 17; // arg: event index
const K_CA = 18; // the cluster autoscaler (docs/model.md §8.10)
const K_PROVISION = 19; // the cloud provider registering requested nodes
const K_LOAD = 20; // arg: deployment index
const K_TAINTER = 21; // the node lifecycle controller's NoExecute tainter (docs/model.md §8.5)

/** The process kind of an event or user command. */
function processKind(ev: number): number {
  switch (ev) {
    case EV_CPU_CHANGE: return K_CPU_CHANGE;
    case EV_MAINTENANCE: return K_MAINTENANCE;
    case EV_NODE_FAILURE: return K_NODE_FAILURE;
    case EV_SCALE: return K_SCALE;
    case EV_CORDON:
    case EV_UNCORDON: return K_CORDON;
    case EV_DRAIN: return K_DRAIN;
    default: return K_COMMAND;
  }
}

/** How the model is explored (docs/model.md §7.5). */
export type Interleaving = 'coarse' | 'fine';

export interface ModelOptions {
  /** 'coarse' (default): one burst per transition; 'fine': one queue item per transition. */
  interleaving?: Interleaving;
  /**
   * false: no symmetry reduction, and the controllers keep the canonical order where it would
   * apply (docs/model.md §8.11; the oracle of its tests and the replay of its counterexamples).
   */
  reduce?: boolean;
  /**
   * false (`--no-symmetry`): the model as where the reduction does not apply (docs/model.md
   * §8.11.5): no reduction, and the controllers take nodes and pods in index and slot order.
   */
  symmetry?: boolean;
  /**
   * false: with the reduction, the scheduler still offers every best node but twins, not one per
   * class of nodes equal up to the reduction (docs/model.md §8.11.7; the oracle of its test).
   */
  tieOrbits?: boolean;
  /**
   * true: after each step the time abstraction passes over every timer, not only where the
   * transition can have moved one (the oracle of its test, test/derived-words.test.ts).
   */
  fullTime?: boolean;
}

export class KiviModel implements TransitionSystem {
  readonly stateWords: number;
  readonly processCount: number;
  readonly propertyCodes: readonly number[];
  /**
   * What the search saw that kivi does not model exactly: the scheduler's record of cycles
   * kube-scheduler would not score in full (ModelContext.partialScoring), then whether a
   * preemption's victims depended on the order among equal priorities (ModelContext.reprieveOrder).
   */
  readonly observed = new Int32Array(PARTIAL_SCORING_WORDS + 1);
  readonly observedRecords: readonly number[] = [PARTIAL_SCORING_WORDS, 1];
  readonly ctx: ModelContext;
  private readonly scheduler: Scheduler;
  private readonly descheduler: Descheduler | null;
  private readonly autoscaler: ClusterAutoscaler | null;
  private readonly time: TimeAbstraction;
  /** The symmetry reduction applied after each transition, or null (docs/model.md §8.11). */
  private readonly symmetry: Symmetry | null;
  private unreducedModel: KiviModel | null = null;
  /**
   * How many times `choices` found the scheduler branching on a tie, or a scale-down on its victims: 0
   * means the searches so far met no state where the search of every tie differs from the one
   * taking the lowest-index node (check.ts).
   */
  tieStates = 0;
  /** With the symmetry reduction: the state a step starts from (the canonical parent). */
  private readonly parent: Int32Array;
  /** The drains' and the rolling maintenance's visiting order (controllers/visit-order.ts). */
  private readonly visit: VisitOrder;
  /** Per process: its kind and argument. */
  private readonly kinds: Int32Array;
  private readonly args: Int32Array;
  private readonly names: string[];
  /** Processes of `first` commands: while one is pending, nothing else runs (docs/model.md §7.3). */
  private readonly firstProcs: Int32Array;
  /** isFirst[p] = 1 for the processes in firstProcs. */
  private readonly isFirst: Uint8Array;
  /** Fine interleaving only: footprints for the sleep-set reduction (docs/model.md §7.6). */
  readonly independence?: Independence;
  /** The scheduler's process; the first maintenanceNode process (node 1), or -1 (`candidates`). */
  private readonly schedulerProc: number;
  /** The deployment controller's process index (-1 if none). */
  private readonly dcProc: number;
  private readonly maintFirst: number;
  /** The node under maintenance in the last state `candidates` saw with one (a place to start looking). */
  private maintHint = 1;

  /**
   * `reduce: false` keeps the states as the controllers leave them (the oracle the symmetry
   * reduction is tested against, and the replay of its counterexamples): the controllers still
   * take equally ranked pods in canonical order where the reduction applies (§8.11).
   */
  constructor(
    readonly cfg: CompiledCluster,
    private readonly opts: ModelOptions = {},
  ) {
    const l = cfg.layout;
    const symmetry = opts.symmetry === false ? null : Symmetry.of(cfg, opts.interleaving === 'fine');
    this.symmetry = opts.reduce === false ? null : symmetry;
    this.parent = new Int32Array(this.symmetry === null ? 0 : l.words);
    this.ctx = {
      cfg,
      l,
      perNode: new Int32Array(l.nodes + 1),
      flagMask: flagMask(cfg.monitors, l.deployments, cfg.intents),
      kernelPanicIntent: cfg.intents.includes(KERNEL_PANIC),
      budgetIntent: cfg.intents.includes(BUDGET_RESPECTED),
      breach: new Int32Array(1),
      started: new Int32Array(1),
      partialScoring: this.observed.subarray(0, PARTIAL_SCORING_WORDS),
      reprieveOrder: this.observed.subarray(PARTIAL_SCORING_WORDS),
      canonical: symmetry?.order ?? null,
      canonicalStates: this.symmetry !== null,
      podOrbits: symmetry !== null ? new CanonicalPodOrbits(symmetry.order, l) : null,
      orbitChoices: this.symmetry !== null && opts.tieOrbits !== false,
      fine: opts.interleaving === 'fine',
    };
    this.scheduler = new Scheduler(cfg, this.ctx, this.symmetry !== null && opts.tieOrbits !== false ? this.symmetry.order : null);
    this.visit = new VisitOrder(l);
    this.descheduler = cfg.descheduler ? new Descheduler(this.ctx) : null;
    this.autoscaler = cfg.autoscaler ? new ClusterAutoscaler(this.ctx) : null;
    this.time = new TimeAbstraction(cfg);
    this.stateWords = l.words;
    this.propertyCodes = cfg.goalIntents;
    const kinds: number[] = [];
    const args: number[] = [];
    const names: string[] = [];
    const add = (kind: number, arg: number, name: string): void => {
      kinds.push(kind);
      args.push(arg);
      names.push(name);
    };
    add(K_INIT, 0, 'init');
    add(K_DC, 0, 'deploymentController');
    add(K_SCH, 0, 'scheduler');
    if (cfg.hpaOn) add(K_HPA, 0, 'hpa');
    add(K_NC, 0, 'nodeController');
    add(K_KBL, 0, 'kubelet');
    if (cfg.taintsOn) add(K_TM, 0, 'taintManager');
    if (cfg.nodeLifecycle) add(K_TAINTER, 0, 'noExecuteTainter');
    if (cfg.descheduler) add(K_DS, 0, 'descheduler');
    if (cfg.cpuPatternOn) add(K_CPU_PATTERN, 0, 'podCpuChangeWithPattern');
    if (cfg.autoscaler) {
      add(K_CA, 0, 'clusterAutoscaler');
      add(K_PROVISION, 0, 'nodeProvisioner');
    }
    const first: number[] = [];
    cfg.events.forEach((e, i) => {
      const kind = processKind(e.kind);
      const target = e.deployment ? cfg.deploymentNames[e.deployment] : e.node ? cfg.nodeNames[e.node] : e.kind === EV_MAINTENANCE ? `p=${e.parallel}` : '';
      if (e.first) first.push(kinds.length);
      add(kind, i, `${e.kindName}(${target})`);
    });
    if (l.maintNodeBase >= 0) for (let n = 1; n <= l.nodes; n++) add(K_MAINT_NODE, n, `maintenanceNode(${cfg.nodeNames[n]})`);
    if (cfg.kernelPanicOn) for (let n = 1; n <= l.nodes; n++) add(K_KERNEL_PANIC, n, `kernelPanic(${cfg.nodeNames[n]})`);
    for (let d = 1; d < cfg.loads.length; d++) if (cfg.loads[d]) add(K_LOAD, d, `load(${cfg.deploymentNames[d]})`);
    this.kinds = Int32Array.from(kinds);
    this.args = Int32Array.from(args);
    this.names = names;
    this.firstProcs = Int32Array.from(first);
    this.processCount = kinds.length;
    this.isFirst = new Uint8Array(this.processCount);
    for (const p of first) this.isFirst[p] = 1;
    this.schedulerProc = kinds.indexOf(K_SCH);
    this.dcProc = kinds.indexOf(K_DC);
    this.maintFirst = kinds.indexOf(K_MAINT_NODE);
    if (this.ctx.fine) {
      const fps = new Footprints(this.ctx, this.scheduler.preemption !== null);
      const candidates = new Uint8Array(this.processCount);
      for (let p = 0; p < this.processCount; p++) candidates[p] = this.kinds[p] === K_INIT || this.kinds[p] === K_SCH || this.kinds[p] === K_KBL ? 1 : 0;
      this.independence = { footprint: (s, p, out, at) => this.footprint(fps, s, p, out, at), candidates };
    }
  }

  /** Process p's footprint in s where footprint.ts bounds it (fine interleaving). */
  private footprint(fps: Footprints, s: Int32Array, p: number, out: Int32Array, at: number): boolean {
    if (s[G_SCH_TIE] !== 0 || s[G_RS_TIE] !== 0 || (this.firstProcs.length > 0 && this.firstPending(s))) return false;
    switch (this.kinds[p]) {
      case K_INIT:
        return fps.init(s, out, at);
      case K_SCH:
        return fps.scheduler(s, out, at);
      case K_KBL:
        return fps.kubelet(s, out, at);
      default:
        return false;
    }
  }

  /**
   * The initial state with the monitors advanced over it. No monitor can be violated there: each
   * last-stage condition contradicts the condition that entered the stage, and the flags start
   * clear.
   */
  initialState(): Int32Array {
    const s = this.cfg.initial.slice();
    advanceMonitors(this.ctx, s, null);
    this.time.canonicalize(s);
    this.symmetry?.canonicalize(s);
    return s;
  }

  /** The same model without the symmetry reduction, when it has one (checker/replay.ts). */
  get unreduced(): KiviModel | undefined {
    if (this.symmetry === null) return undefined;
    this.unreducedModel ??= new KiviModel(this.cfg, { ...this.opts, reduce: false });
    return this.unreducedModel;
  }

  /**
   * The replay's unreduced execution as a renaming of the reduced path (checker/replay.ts,
   * docs/model.md §8.11.4): a node's kernel-panic watcher and maintenance process are renamed with their node.
   */
  replayTracker(): RenamingTracker {
    if (this.symmetry === null) throw new Error('internal error: a replay tracker without the symmetry reduction');
    const perNode = (p: number): number => (this.kinds[p] === K_KERNEL_PANIC || this.kinds[p] === K_MAINT_NODE ? this.args[p] : 0);
    return new RenamingTracker(this.symmetry, this.time, this.unreduced!.initialState(), perNode);
  }

  /**
   * The reductions `step` applies after a transition that violates nothing: the time abstraction
   * and the symmetry reduction (s becomes its canonical form, docs/model.md §8.11).
   */
  reduce(s: Int32Array): void {
    this.time.canonicalize(s);
    this.symmetry?.canonicalize(s);
  }

  private firstPending(s: Int32Array): boolean {
    const procs = this.firstProcs;
    for (let i = 0; i < procs.length; i++) {
      if (s[eventAt(this.ctx.l, this.args[procs[i]]) + E_PHASE] === EVENT_READY) return true;
    }
    return false;
  }

  /**
   * The processes that may have choices in s, ascending: every process but the maintenanceNode
   * ones that are idle (no choices, maintenance.ts), which G_MAINT_COUNT counts out without
   * asking them one by one; during a scheduler tie, the scheduler alone (§7.2).
   */
  candidates(s: Int32Array, out: Int32Array): number {
    if (s[G_SCH_TIE] !== 0) {
      out[0] = this.schedulerProc;
      return 1;
    }
    if (s[G_RS_TIE] !== 0) {
      out[0] = this.dcProc;
      return 1;
    }
    const P = this.processCount;
    const m0 = this.maintFirst;
    let k = 0;
    for (let p = 0; p < P; p++) {
      if (p !== m0) out[k++] = p;
      else {
        k = this.maintenanceCandidates(s, out, k);
        p += this.ctx.l.nodes - 1;
      }
    }
    return k;
  }

  /**
   * The maintenanceNode processes whose node is not idle, appended at out[k..]: G_MAINT_COUNT
   * of them (a node's maintenance starts and ends with the count, maintenance.ts), so the scan
   * stops at the last.
   */
  private maintenanceCandidates(s: Int32Array, out: Int32Array, k: number): number {
    const l = this.ctx.l;
    let left = s[G_MAINT_COUNT];
    if (left === 1) {
      // One node: looked for where the last one was (busyMaintenanceNode).
      const n = busyMaintenanceNode(l, s, this.maintHint);
      if (n === 0) return k;
      this.maintHint = n;
      out[k++] = this.maintFirst + n - 1;
      return k;
    }
    for (let n = 1, at = l.maintNodeBase + MN_PHASE; left > 0 && n <= l.nodes; n++, at += MAINT_NODE_WORDS) {
      if (s[at] === MAINT_NODE_IDLE) continue;
      out[k++] = this.maintFirst + n - 1;
      left--;
    }
    return k;
  }

  /** A waiting scale-down's choices in s, counted in `tieStates` when it branches. */
  private victimChoices(s: Int32Array): number {
    const n = scaleDownChoices(this.ctx, s, queueHead(s, this.ctx.l, Q_DC));
    if (n > 1) this.tieStates++;
    return n;
  }

  /** The scheduler's choices in s, counting the states where it branches (`tieStates`). */
  private schedulerChoices(s: Int32Array): number {
    const n = this.scheduler.choices(s);
    if (n > 1) this.tieStates++;
    return n;
  }

  choices(s: Int32Array, p: number): number {
    const ctx = this.ctx;
    const kind = this.kinds[p];
    // A scheduler burst waiting at a tie is still one burst: nothing else moves (docs/model.md §7.2).
    if (s[G_SCH_TIE] !== 0) return kind === K_SCH ? this.schedulerChoices(s) : 0;
    // So is a scale-down waiting at a choice of victims (§8.1.1).
    if (s[G_RS_TIE] !== 0) return kind === K_DC ? this.victimChoices(s) : 0;
    if (this.firstProcs.length > 0 && this.isFirst[p] === 0 && this.firstPending(s)) return 0;
    switch (kind) {
      case K_INIT:
        return initEnabled(ctx, s) ? 1 : 0;
      case K_DC:
        return deploymentControllerEnabled(ctx, s) ? 1 : 0;
      case K_SCH:
        return this.schedulerChoices(s);
      case K_HPA:
        return hpaEnabled(ctx, s) ? 1 : 0;
      case K_LOAD:
        return loadChoices(ctx, s, this.args[p]);
      case K_NC:
        return nodeControllerEnabled(ctx, s) ? 1 : 0;
      case K_KBL:
        return kubeletEnabled(ctx, s) ? 1 : 0;
      case K_TM:
        return taintManagerEnabled(ctx, s) ? 1 : 0;
      case K_DS:
        return this.descheduler!.enabled(s) ? 1 : 0;
      case K_CPU_PATTERN:
        return cpuPatternEnabled(ctx, s) ? 1 : 0;
      case K_CPU_CHANGE:
        return cpuChangeChoices(ctx, s, this.args[p]);
      case K_MAINTENANCE:
        return maintenanceChoices(ctx, s, this.args[p], this.visit);
      case K_NODE_FAILURE:
        return nodeFailureChoices(ctx, s, this.args[p]);
      case K_COMMAND:
        return commandChoices(ctx, s, this.args[p], false);
      case K_SCALE:
        return commandChoices(ctx, s, this.args[p], true);
      case K_MAINT_NODE:
        return maintenanceNodeChoices(ctx, s, this.args[p]);
      case K_TAINTER:
        return tainterEnabled(ctx, s) ? 1 : 0;
      case K_CA:
        return this.autoscaler!.choices(s);
      case K_PROVISION:
        return provisioningEnabled(ctx, s) ? 1 : 0;
      case K_CORDON:
        return commandChoices(ctx, s, this.args[p], false);
      case K_DRAIN:
        return drainChoices(ctx, s, this.args[p]);
      default:
        return kernelPanicChoices(ctx, s, this.args[p]);
    }
  }

  /** The search loaded s (transition-system.ts): the scheduler carries its counts over to it. */
  loaded(s: Int32Array, pairs: Int32Array, at: number, n: number): void {
    this.scheduler.loaded(s, pairs, at, n);
  }

  /**
   * One transition of process p with its choice-th choice, in place. With the symmetry reduction
   * s must be canonical (the initial state or a successor `step` returned with code 0, as the
   * search and the replay step them): the successor's canonical form re-places only what the
   * transition touched (docs/model.md §8.11.6). `parent`: s as it was on entry, which the
   * caller keeps (the search's state being expanded); without it, the model copies s.
   */
  step(s: Int32Array, p: number, choice: number, log: Log | null, parent?: Int32Array): number {
    this.scheduler.written(s);
    this.ctx.breach[0] = 0;
    this.ctx.started![0] = 0;
    const sym = this.symmetry;
    let from = this.parent;
    if (sym !== null) {
      if (parent === undefined) this.parent.set(s);
      else from = parent;
      sym.order.parent = from;
    }
    const code = this.processStep(s, p, choice, log);
    if (sym !== null) sym.order.parent = null;
    if (code !== 0) return code;
    if (this.ctx.breach[0] !== 0) return BUDGET_RESPECTED;
    // A scale-down waiting for its victims is inside one reconcile: the monitors see it ended (§8.1.1).
    const monitor = s[G_RS_TIE] !== 0 ? 0 : advanceMonitors(this.ctx, s, log);
    if (monitor === 0) {
      this.time.canonicalize(s, this.opts.fullTime !== true, this.ctx.started![0] !== 0);
      sym?.canonicalizeAfter(s, from);
    }
    return monitor;
  }

  private processStep(s: Int32Array, p: number, choice: number, log: Log | null): number {
    const ctx = this.ctx;
    switch (this.kinds[p]) {
      case K_INIT:
        return initStep(ctx, s, log);
      case K_DC:
        return deploymentControllerBurst(ctx, s, choice, log);
      case K_SCH:
        return this.scheduler.burst(s, choice, log);
      case K_HPA:
        return hpaBurst(ctx, s, log);
      case K_LOAD:
        return loadStep(ctx, s, this.args[p], choice, log);
      case K_NC:
        return nodeControllerBurst(ctx, s, log);
      case K_KBL:
        return kubeletBurst(ctx, s, log);
      case K_TM:
        return taintManagerStep(ctx, s, log);
      case K_DS:
        return this.descheduler!.burst(s, log);
      case K_CPU_PATTERN:
        return cpuPatternStep(ctx, s, log);
      case K_CPU_CHANGE:
        return cpuChangeStep(ctx, s, this.args[p], choice, log);
      case K_MAINTENANCE:
        return maintenanceStep(ctx, s, this.args[p], this.visit, log);
      case K_NODE_FAILURE:
        return nodeFailureStep(ctx, s, this.args[p], log);
      case K_COMMAND:
      case K_SCALE:
        return commandStep(ctx, s, this.args[p], choice, log);
      case K_MAINT_NODE:
        return maintenanceNodeStep(ctx, s, this.args[p], this.visit, log);
      case K_TAINTER:
        return tainterStep(ctx, s, log);
      case K_CA:
        return this.autoscaler!.step(s, choice, log);
      case K_PROVISION:
        return provisioningStep(ctx, s, log);
      case K_CORDON:
        return cordonCommandStep(ctx, s, this.args[p], log);
      case K_DRAIN:
        return drainStep(ctx, s, this.args[p], this.visit, log);
      default:
        return kernelPanicStep(ctx, s, this.args[p], log);
    }
  }

  /**
   * A state without successors is an invalid end state when an armed CPU event still waits for
   * pods, the maintenance process still waits for a node, or a monitor never left a stage that
   * is not an end state (docs/model.md §7.4). The stuck process is named; monitors are numbered
   * after the processes.
   */
  endState(s: Int32Array): number {
    const l = this.ctx.l;
    // A drain that waits for pods a budget keeps comes first: it is why a maintenance waits too.
    for (let p = 0; p < this.processCount; p++) if (this.drainNode(s, p) > 0) return DEADLOCK_BASE + p;
    for (let p = 0; p < this.processCount; p++) {
      const kind = this.kinds[p];
      if (kind === K_CPU_CHANGE && s[eventAt(l, this.args[p]) + E_PHASE] === EVENT_ARMED) return DEADLOCK_BASE + p;
      if (kind === K_MAINTENANCE && maintenanceStuck(this.ctx, s, this.args[p])) return DEADLOCK_BASE + p;
    }
    const m = stuckMonitor(this.ctx, s);
    return m >= 0 ? DEADLOCK_BASE + this.processCount + m : 0;
  }

  /** The node process p is draining and waiting on, or 0. */
  private drainNode(s: Int32Array, p: number): number {
    const kind = this.kinds[p];
    if (kind === K_DRAIN && drainPending(this.ctx, s, this.args[p])) return this.cfg.events[this.args[p]].node;
    if (kind === K_MAINT_NODE && maintenanceNodeDraining(this.ctx, s, this.args[p])) return this.args[p];
    return 0;
  }

  /**
   * Why process p is stuck in end state s, when kivi can say more than its name: the pods that
   * keep a drain waiting (docs/model.md §9.8). Only for reports.
   */
  stuckReason(s: Int32Array, p: number): string | undefined {
    const n = p < this.processCount ? this.drainNode(s, p) : 0;
    if (n === 0) return undefined;
    return `the drain of node ${this.cfg.nodeNames[n]} waits forever for ${blockingPods(this.ctx, s, n).join(', ')}`;
  }

  processName(p: number): string {
    if (p < this.processCount) return this.names[p];
    return `${monitorName(this.ctx, this.cfg.monitors[p - this.processCount])} monitor`;
  }
}
