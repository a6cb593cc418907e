/**
 * The footprints of the fine interleaving's transitions, for the sleep-set reduction
 * (docs/model.md §7.6, src/checker/sleep-sets.ts). Only three kinds of transition get one,
 * each under conditions checked in the state; every other transition is dependent on
 * everything:
 *
 * - init's first step (queue each deployment for the HPA, the descheduler and, out of balance,
 *   the deployment controller);
 * - one scheduler item whose pod is pending and unbound, with neither preemption nor the
 *   cluster autoscaler (whose footprints kivi does not bound);
 * - one kubelet item that starts a bound pending pod that is not in sQ.
 *
 * Resources are classes of state words. R_POD_PLACE holds what the scheduler reads of a pod
 * (owner, template, node, requests, and whether it is free, terminating or alive; pending and
 * running alike count as alive in every scheduler plugin); R_POD_PHASE the rest (pending vs
 * running, start time, replica-set membership). R_DEP_REPLICAS is a deployment's started
 * replicas and in-creation count taken one by one; a kubelet start moves one from the second to
 * the first, so their sum, which init reads, stays in R_DEP. With a single deployment slot,
 * every push of a deployment id pushes the same id into a duplicate-free queue: an add.
 */
import { F_ADD, F_POP, F_PUSH, F_READ, F_VISIBLE, F_WRITE, FOOTPRINT_WORDS } from '../checker/sleep-sets.js';
import type { ModelContext } from '../model/context.js';
import {
  BALANCE_NODE, EVICTION_CYCLE, EXP_REPLICAS, HPA_FLAPPING, MIN_REPLICAS, NODE_COUNT_OSCILLATION, OSCILLATION_REPLICA_NUM,
} from '../intents/catalog.js';
import {
  FLAG_ADDED, FLAG_ADDED_EVER, G_INIT, INIT_ENQUEUE, P_LOC, P_OWNER, P_STATUS, POD_PENDING, Q_DC, Q_DS, Q_HPA, Q_KBL, Q_SCH, Q_TM, podAt,
} from '../model/layout.js';
import { queueHead, queueItem, queueLength } from '../model/queues.js';

/** Resources; the queues are bits 0..6 (their Q_* index). */
const R_CLOCK = 1 << 7; // the clock, every timestamp and what the time abstraction reads
const R_POD_PLACE = 1 << 8;
const R_POD_PHASE = 1 << 9;
const R_NODES = 1 << 10;
const R_DEP = 1 << 11; // a deployment's words but its flags, and replicas + inCreation as a sum
const R_DEP_REPLICAS = 1 << 12;
const R_DEP_FLAGS = 1 << 13;
const R_NOMINATED = 1 << 14;
const R_INIT = 1 << 15;
const R_OTHER = 1 << 16; // load levels and everything not named
const R_NODE_TAINTS = 1 << 17; // a node's taints (N_TAINTS), apart from its other words
const ALL = 0x3ffff;

/** The resources the monitors of ctx's intents read or write (docs/model.md §10.2). */
function monitored(ctx: ModelContext): number {
  let m = 0;
  for (const mon of ctx.cfg.monitors) {
    switch (mon.intent) {
      case OSCILLATION_REPLICA_NUM:
      case MIN_REPLICAS:
      case EXP_REPLICAS:
        m |= R_DEP | R_DEP_REPLICAS;
        break;
      case EVICTION_CYCLE:
        m |= R_DEP | R_DEP_REPLICAS | R_DEP_FLAGS;
        break;
      case HPA_FLAPPING:
        m |= R_DEP | R_OTHER;
        break;
      case NODE_COUNT_OSCILLATION:
        m |= R_NODES | R_NODE_TAINTS;
        break;
      case BALANCE_NODE:
        m |= R_DEP | R_DEP_REPLICAS | R_DEP_FLAGS | R_POD_PLACE | R_POD_PHASE | R_NODES | R_NODE_TAINTS;
        break;
      default:
        m |= ALL;
    }
  }
  return m;
}

function contains(s: Int32Array, ctx: ModelContext, q: number, id: number): boolean {
  const n = queueLength(s, ctx.l, q);
  for (let i = 0; i < n; i++) if (queueItem(s, ctx.l, q, i) === id) return true;
  return false;
}

export class Footprints {
  private readonly visible: number;
  /** How a push of a deployment id counts: an add with one deployment slot, else a write. */
  private readonly depPush: number;
  /** Start times are read (HPA samples, CPU patterns): a kubelet start writes the clock's resource. */
  private readonly startsRead: boolean;
  private readonly schedulerKnown: boolean;

  constructor(private readonly ctx: ModelContext, preemption: boolean) {
    const cfg = ctx.cfg;
    this.visible = monitored(ctx);
    this.depPush = ctx.l.deployments === 1 ? F_ADD : F_WRITE;
    this.startsRead = cfg.hpaOn || cfg.cpuPatternOn;
    this.schedulerKnown = !preemption && !cfg.autoscaler;
  }

  private begin(out: Int32Array, at: number): void {
    for (let i = 0; i < FOOTPRINT_WORDS; i++) out[at + i] = 0;
  }

  private end(out: Int32Array, at: number): true {
    const touched = out[at + F_WRITE] | out[at + F_ADD] | out[at + F_PUSH] | out[at + F_POP];
    // A monitor consumes the deployment flags: whoever reads them is visible too.
    out[at + F_VISIBLE] = (touched & this.visible) !== 0 || (out[at + F_READ] & R_DEP_FLAGS) !== 0 ? 1 : 0;
    return true;
  }

  /** init's first step (src/controllers/init.ts). */
  init(s: Int32Array, out: Int32Array, at: number): boolean {
    if (s[G_INIT] !== INIT_ENQUEUE) return false;
    const cfg = this.ctx.cfg;
    this.begin(out, at);
    out[at + F_READ] = R_INIT | R_DEP;
    out[at + F_WRITE] = R_INIT;
    let pushes = 1 << Q_DC;
    if (cfg.hpaOn) pushes |= 1 << Q_HPA;
    if (cfg.descheduler) pushes |= 1 << Q_DS;
    out[at + this.depPush] |= pushes;
    return this.end(out, at);
  }

  /** One scheduler item (fine interleaving) whose head pod is pending and unbound. */
  scheduler(s: Int32Array, out: Int32Array, at: number): boolean {
    const l = this.ctx.l;
    if (!this.schedulerKnown || queueLength(s, l, Q_SCH) === 0) return false;
    const pod = queueHead(s, l, Q_SCH);
    const pat = podAt(l, pod);
    if (s[pat + P_STATUS] !== POD_PENDING || s[pat + P_LOC] !== 0) return false;
    this.begin(out, at);
    const nominated = l.nominatedBase >= 0 ? R_NOMINATED : 0;
    // The scheduling cycle reads pods' placement and the nodes; binding writes the pod's node and
    // the node's free amounts (src/controllers/scheduler/scheduler.ts burst).
    out[at + F_READ] = R_POD_PLACE | R_NODES | R_NODE_TAINTS | nominated;
    out[at + F_WRITE] = R_POD_PLACE | R_NODES | nominated;
    out[at + F_POP] = 1 << Q_SCH;
    out[at + F_ADD] = R_CLOCK; // time += 1
    // The bound pod goes to the kubelet: a fresh id unless kblQ already holds it.
    out[at + (contains(s, this.ctx, Q_KBL, pod) ? F_WRITE : F_PUSH)] |= 1 << Q_KBL;
    if (this.ctx.cfg.hpaOn && s[pat + P_OWNER] > 0) out[at + this.depPush] |= 1 << Q_HPA;
    return this.end(out, at);
  }

  /** One kubelet item that starts a bound pending pod (src/controllers/kubelet.ts handle). */
  kubelet(s: Int32Array, out: Int32Array, at: number): boolean {
    const ctx = this.ctx;
    const l = ctx.l;
    if (queueLength(s, l, Q_KBL) === 0) return false;
    const pod = queueHead(s, l, Q_KBL);
    const pat = podAt(l, pod);
    // In sQ the scheduler would read its phase; the scheduler never holds a bound pod there.
    if (s[pat + P_STATUS] !== POD_PENDING || s[pat + P_LOC] === 0 || contains(s, ctx, Q_SCH, pod)) return false;
    this.begin(out, at);
    const owner = s[pat + P_OWNER];
    // Reads the pod, (inRollout) its deployment's template and pods, and its node's taints.
    out[at + F_READ] = R_POD_PLACE | R_POD_PHASE | R_DEP | R_NODE_TAINTS;
    out[at + F_WRITE] = R_POD_PHASE;
    out[at + F_POP] = 1 << Q_KBL;
    // time += 1; the start time is the clock's, and the time abstraction reads pod phases, when
    // anything reads start times (src/system/time.ts).
    out[at + (this.startsRead ? F_WRITE : F_ADD)] |= R_CLOCK;
    if (owner > 0) {
      out[at + F_WRITE] |= R_DEP_REPLICAS;
      if ((ctx.flagMask[owner] & (FLAG_ADDED | FLAG_ADDED_EVER)) !== 0) out[at + F_WRITE] |= R_DEP_FLAGS;
      let pushes = 1 << Q_DC; // a rollout moves on
      if (ctx.cfg.descheduler) pushes |= 1 << Q_DS;
      out[at + this.depPush] |= pushes;
    }
    // On a node with a NoExecute taint the pod goes to the taint manager.
    if (ctx.cfg.taintsOn || ctx.cfg.noExecuteMask !== 0) out[at + (contains(s, ctx, Q_TM, pod) ? F_WRITE : F_PUSH)] |= 1 << Q_TM;
    return this.end(out, at);
  }
}
