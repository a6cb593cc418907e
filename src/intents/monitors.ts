/**
 * Intent monitors in an eager form equivalent to the reference's (docs/model.md §10.2): after every
 * transition (and on the initial state) each monitor advances as far as the new state allows,
 * and a violation is reported as soon as its last stage's condition holds. checkBalanceNode
 * uses its own equivalent form (docs/model.md §10.2): once armed, any unbalanced state violates it.
 */
import type { ModelContext } from '../model/context.js';
import {
  D_FLAGS, D_HPA, D_REPLICAS, D_SPEC, D_STATUS, FLAG_ADDED, FLAG_ADDED_EVER, FLAG_EVICTED, FLAG_TM_EVICTED, M_COUNT, M_STAGE, N_STATUS, N_TAINTS,
  NODE_ABSENT, NODE_READY, NODE_WORDS, P_LOC, P_OWNER, P_STATUS, POD_RUNNING, POD_WORDS, depAt, loadAt, monitorAt, nodeAt,
} from '../model/layout.js';
import type { CompiledMonitor } from '../model/config.js';
import { deploymentRef } from '../model/refs.js';
import type { Log } from '../checker/log.js';
import {
  BALANCE_NODE, EVICTED_NOT_RESCHEDULED, EVICTION_CYCLE, EXP_REPLICAS, HPA_FLAPPING, intentByCode, MIN_READY_REPLICAS, MIN_REPLICAS, NODE_COUNT_OSCILLATION,
  OSCILLATION_REPLICA_NUM,
} from './catalog.js';
import { LIFECYCLE_NO_SCHEDULE } from '../model/taints.js';

/** LOOP_TIMES (docs/model.md §2.3): the third delete→start alternation is an eviction cycle. */
export const EVICTION_LOOPS = 3;

/** The process-like name of a monitor, for deadlock reports: `checkMinReplicas(app)`. */
export function monitorName(ctx: ModelContext, m: CompiledMonitor): string {
  const name = intentByCode(m.intent)!.internal;
  return m.deployment === 0 ? name : `${name}(${ctx.cfg.deploymentNames[m.deployment]})`;
}

/** Monitors whose first stage is not an end state (docs/model.md §10.2). */
function firstStageIsEnd(intent: number): boolean {
  return intent !== MIN_REPLICAS && intent !== EXP_REPLICAS && intent !== BALANCE_NODE && intent !== MIN_READY_REPLICAS;
}

/** Index of a monitor stuck in a non-end stage, or -1. */
export function stuckMonitor(ctx: ModelContext, s: Int32Array): number {
  const monitors = ctx.cfg.monitors;
  for (let i = 0; i < monitors.length; i++) {
    if (!firstStageIsEnd(monitors[i].intent) && s[monitorAt(ctx.l, i) + M_STAGE] === 0) return i;
  }
  return -1;
}

/** Advances every monitor on state s; returns the violated intent's code or 0. */
export function advanceMonitors(ctx: ModelContext, s: Int32Array, log: Log | null): number {
  const monitors = ctx.cfg.monitors;
  for (let i = 0; i < monitors.length; i++) {
    const code = advance(ctx, s, monitors[i], monitorAt(ctx.l, i), log);
    if (code !== 0) return code;
  }
  return 0;
}

function advance(ctx: ModelContext, s: Int32Array, m: CompiledMonitor, at: number, log: Log | null): number {
  if (m.intent === NODE_COUNT_OSCILLATION) return nodeCountMonitor(ctx, s, at, log);
  const l = ctx.l;
  const d = m.deployment;
  const dat = depAt(l, d);
  const replicas = s[dat + D_REPLICAS];
  const name = ctx.cfg.deploymentNames[d];
  switch (m.intent) {
    case OSCILLATION_REPLICA_NUM: {
      const hpa = s[dat + D_HPA];
      if (hpa === 0) return 0;
      const { minReplicas: min, maxReplicas: max } = ctx.cfg.hpas[hpa];
      if (s[at + M_STAGE] === 0) {
        if (min === max || replicas !== max) return 0;
        s[at + M_STAGE] = 1;
        if (log) log.emit(2, 'checkOscillationReplicaNum', 'Entering stage 2 for check!', [deploymentRef(ctx.cfg, d)]);
      }
      if (replicas === min || replicas <= max - 3) {
        if (log) log.emit(1, 'checkOscillationReplicaNum', `The number of replicas was oscillating, now ${replicas}`, [deploymentRef(ctx.cfg, d)]);
        return OSCILLATION_REPLICA_NUM;
      }
      return 0;
    }
    case MIN_REPLICAS:
    case EXP_REPLICAS: {
      let threshold: number;
      if (m.intent === MIN_REPLICAS) {
        const hpa = s[dat + D_HPA];
        threshold = hpa !== 0 ? ctx.cfg.hpas[hpa].minReplicas : s[dat + D_SPEC];
      } else {
        threshold = (m.expFromSpec ? s[dat + D_SPEC] : 0) + m.expOffset;
      }
      if (s[at + M_STAGE] === 0) {
        if (replicas < threshold) return 0;
        s[at + M_STAGE] = 1;
        if (log) log.emit(2, m.intent === MIN_REPLICAS ? 'checkMinReplicas' : 'checkExpReplicas', 'Entering stage 2 for check! The deployment is stable', [deploymentRef(ctx.cfg, d)]);
      }
      if (replicas >= threshold) return 0;
      if (log) {
        if (m.intent === MIN_REPLICAS) {
          log.emit(1, 'checkMinReplicas', `The number of replicas in deployment ${name} is less than the minimum/spec replicas! Now ${replicas}.`, [deploymentRef(ctx.cfg, d)]);
        } else {
          log.emit(1, 'checkExpReplicas', `The number of replicas in deployment ${name} is less than the expected replicas! Now ${replicas}, expected ${threshold}.`, [deploymentRef(ctx.cfg, d)]);
        }
      }
      return m.intent;
    }
    case EVICTION_CYCLE: {
      // Stage 0 waits for a deletion, stage 1 for a start; the flags are sticky until consumed.
      for (;;) {
        const flags = s[dat + D_FLAGS];
        if (s[at + M_STAGE] === 0) {
          if ((flags & FLAG_EVICTED) === 0) return 0;
          s[dat + D_FLAGS] = flags & ~FLAG_EVICTED;
          s[at + M_STAGE] = 1;
          if (log) log.emit(2, 'checkEvictionCycle', `times ${s[at + M_COUNT]} the pod on deployment ${name} has been evicted`, [deploymentRef(ctx.cfg, d)]);
        } else {
          if ((flags & FLAG_ADDED) === 0) return 0;
          s[dat + D_FLAGS] = flags & ~FLAG_ADDED;
          s[at + M_STAGE] = 0;
          const count = ++s[at + M_COUNT];
          if (log) log.emit(2, 'checkEvictionCycle', `times ${count} the pod on deployment ${name} has been added`, [deploymentRef(ctx.cfg, d)]);
          if (count >= EVICTION_LOOPS) {
            if (log) log.emit(1, 'checkEvictionCycle', `Pods are being scheduled and descheduled in deployment ${name}!`, [deploymentRef(ctx.cfg, d)]);
            return EVICTION_CYCLE;
          }
        }
      }
    }
    case MIN_READY_REPLICAS:
      return advanceMinReady(ctx, s, m, at, log);
    case BALANCE_NODE: {
      if (s[at + M_STAGE] === 0) {
        if (replicas < s[dat + D_SPEC]) return 0;
        s[at + M_STAGE] = 1;
      }
      if ((s[dat + D_FLAGS] & FLAG_ADDED_EVER) === 0) return 0;
      const skew = nodeSkew(ctx, s, d);
      if (skew <= m.maxSkew) return 0;
      if (log) log.emit(1, 'checkBalanceNode', `The pods are unbalanced on Node! With a skew ${skew}`, [deploymentRef(ctx.cfg, d)]);
      return BALANCE_NODE;
    }
    case HPA_FLAPPING:
      return advanceFlapping(ctx, s, d, at, log);
    default:
      return 0;
  }
}

/** M_STAGE of hpa_no_flapping: bit 0 a baseline was taken, bits 1–2 the direction, bits 3+ the load level. */
const FLAP_SEEN = 1;
const FLAP_UP = 1;
const FLAP_DOWN = 2;

/**
 * hpa_no_flapping (docs/model.md §10.1): while the deployment's load level stays the same,
 * spec.replicas moves in one direction only. M_COUNT is the spec last seen; a change of the load
 * level starts a new stretch.
 */
function advanceFlapping(ctx: ModelContext, s: Int32Array, d: number, at: number, log: Log | null): number {
  const l = ctx.l;
  const dat = depAt(l, d);
  if (s[dat + D_STATUS] !== 1) return 0;
  const spec = s[dat + D_SPEC];
  const level = l.loadBase >= 0 && ctx.cfg.loads[d] !== null ? s[loadAt(l, d)] : 0;
  const stage = s[at + M_STAGE];
  if ((stage & FLAP_SEEN) === 0) {
    s[at + M_STAGE] = FLAP_SEEN | (level << 3);
    s[at + M_COUNT] = spec;
    return 0;
  }
  let dir = stage >> 3 === level ? (stage >> 1) & 3 : 0;
  const last = s[at + M_COUNT];
  if (spec !== last) {
    const now = spec > last ? FLAP_UP : FLAP_DOWN;
    if (dir !== 0 && dir !== now) {
      if (log) {
        const name = ctx.cfg.deploymentNames[d];
        log.emit(1, 'checkHpaFlapping', `spec.replicas of deployment ${name} went ${dir === FLAP_UP ? 'up' : 'down'} and now ${now === FLAP_UP ? 'up' : 'down'} to ${spec} under an unchanged load`, [deploymentRef(ctx.cfg, d)]);
      }
      return HPA_FLAPPING;
    }
    dir = now;
  }
  s[at + M_STAGE] = FLAP_SEEN | (dir << 1) | (level << 3);
  s[at + M_COUNT] = spec;
  return 0;
}

/**
 * A pod is Ready while it runs on a node the node controller has not seen NotReady: seeing it,
 * the controller marks the node's pods NotReady (`MarkPodsNotReady`, pkg/controller/util/node)
 * as it adds the node's NoSchedule not-ready or unreachable taint (docs/model.md §10.1).
 */
function readyReplicas(ctx: ModelContext, s: Int32Array, d: number): number {
  const l = ctx.l;
  let ready = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] !== POD_RUNNING || s[at + P_OWNER] !== d) continue;
    if ((s[nodeAt(l, s[at + P_LOC]) + N_TAINTS] & LIFECYCLE_NO_SCHEDULE) === 0) ready++;
  }
  return ready;
}

/** checkMinReadyReplicas: once the ready replicas reached the threshold, they never drop below it. */
function advanceMinReady(ctx: ModelContext, s: Int32Array, m: CompiledMonitor, at: number, log: Log | null): number {
  const d = m.deployment;
  const dat = depAt(ctx.l, d);
  const hpa = s[dat + D_HPA];
  const threshold = m.minReady >= 0 ? m.minReady : hpa !== 0 ? ctx.cfg.hpas[hpa].minReplicas : s[dat + D_SPEC];
  const ready = readyReplicas(ctx, s, d);
  if (s[at + M_STAGE] === 0) {
    if (ready < threshold) return 0;
    s[at + M_STAGE] = 1;
    if (log) log.emit(2, 'checkMinReadyReplicas', 'Entering stage 2 for check! The deployment is ready', [deploymentRef(ctx.cfg, d)]);
  }
  if (ready >= threshold) return 0;
  if (log) log.emit(1, 'checkMinReadyReplicas', `The ready replicas of deployment ${ctx.cfg.deploymentNames[d]} are fewer than ${threshold}! Now ${ready}.`, [deploymentRef(ctx.cfg, d)]);
  return MIN_READY_REPLICAS;
}

/**
 * no_oscillation_node_count (docs/model.md §10.2): the number of nodes that exist (every node
 * but absent node-group slots) went up, then down, then up again. M_COUNT holds the last count;
 * M_STAGE is 0 before the first state, then 1, 2 after a rise, 3 after a rise and a fall.
 */
function nodeCountMonitor(ctx: ModelContext, s: Int32Array, at: number, log: Log | null): number {
  const l = ctx.l;
  let count = 0;
  for (let n = 1, nat = l.nodeBase + N_STATUS; n <= l.nodes; n++, nat += NODE_WORDS) if (s[nat] !== NODE_ABSENT) count++;
  const stage = s[at + M_STAGE];
  const last = s[at + M_COUNT];
  s[at + M_COUNT] = count;
  if (stage === 0) {
    s[at + M_STAGE] = 1;
    return 0;
  }
  if (count > last && stage !== 3) s[at + M_STAGE] = 2;
  else if (count < last && stage === 2) s[at + M_STAGE] = 3;
  else if (count > last && stage === 3) {
    if (log) log.emit(1, 'checkNodeCountOscillation', `The number of nodes went up, down and up again: now ${count}`);
    return NODE_COUNT_OSCILLATION;
  }
  if (log && s[at + M_STAGE] !== stage) log.emit(2, 'checkNodeCountOscillation', `The number of nodes went ${count > last ? 'up' : 'down'} to ${count}`);
  return 0;
}

/**
 * Largest difference between a Ready node's running pods of d and the least loaded Ready node's
 * (the reference counted every deployment's pods, docs/model.md §14.2 bug 27).
 */
function nodeSkew(ctx: ModelContext, s: Int32Array, d: number): number {
  const l = ctx.l;
  const perNode = ctx.perNode;
  perNode.fill(0);
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_STATUS] === POD_RUNNING && s[at + P_OWNER] === d) perNode[s[at + P_LOC]] += 1;
  }
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let n = 1; n <= l.nodes; n++) {
    if (s[nodeAt(l, n) + N_STATUS] !== NODE_READY) continue;
    if (perNode[n] < min) min = perNode[n];
    if (perNode[n] > max) max = perNode[n];
  }
  return min === Number.MAX_SAFE_INTEGER ? 0 : max - min;
}

/**
 * The FLAG_* bits the kubelet and the taint manager must keep for deployment d's monitors, and
 * FLAG_TM_EVICTED on every deployment when evicted_pod_rescheduled is checked.
 */
export function flagMask(monitors: CompiledMonitor[], deployments: number, intents: readonly number[]): Int32Array {
  const mask = new Int32Array(deployments + 1);
  if (intents.includes(EVICTED_NOT_RESCHEDULED)) mask.fill(FLAG_TM_EVICTED, 1);
  for (const m of monitors) {
    if (m.intent === EVICTION_CYCLE) mask[m.deployment] |= FLAG_EVICTED | FLAG_ADDED;
    if (m.intent === BALANCE_NODE) mask[m.deployment] |= FLAG_ADDED_EVER;
  }
  return mask;
}
