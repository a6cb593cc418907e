/**
 * Time abstraction. The model clock only grows, so without this a feedback loop (a descheduler
 * fighting the scheduler, pods evicted from a tainted node) would be an infinite state space.
 * Every rule that reads the clock compares differences `time − X` with a constant, or sets
 * `time = max(time, X + c)`, for X among the HPA's and descheduler's last runs, the CPU
 * event's spawn time, a maintenance start, a pod's start time and a zone tainter's last
 * tainting; or compares the clock with a due time (the taint manager's scheduled deletions),
 * which only matters until it passes (docs/model.md §6). So after each
 * transition kivi shifts all of them by −time (the clock becomes 0) and saturates each
 * difference just past the largest constant it is compared with; a timestamp that nothing reads
 * any more becomes 0. States that differ only by a uniform shift of time, or by how long ago a
 * period elapsed, become one state, and every guard and update reads the same as before.
 */
import { type CompiledCluster, EV_CPU_CHANGE } from '../model/config.js';
import { EVENT_READY } from '../model/phases.js';
import { busyMaintenanceNode, MAINT_NODE_DOWN, MAINT_NODE_IDLE } from '../controllers/events/maintenance.js';
import { HPA_WAIT_TIME } from '../controllers/hpa.js';
import { DESCHEDULER_WAIT_TIME } from '../controllers/descheduler/descheduler.js';
import { EVENT_CPU_TIME } from '../controllers/events/cpu-change.js';
import { MAINTENANCE_WAIT_TIME } from '../controllers/events/maintenance.js';
import { eventsAt, pruneEvents, pruneRecommendations, setWake, shiftHistory, wakePending, wakeTime } from '../controllers/hpa/history.js';
import { legacyDownWindow } from '../controllers/hpa/normalize.js';
import {
  CA_LAST_SCALE_UP, CA_NODE_PROVISIONING, CA_NODE_UNNEEDED, CA_NODE_WORDS, CN_PHASE, CN_SINCE, D_HPA, E_A, E_PHASE, G_DS_LAST,
  G_HPA_LAST, G_MAINT_COUNT, G_TIME, G_TM_SCHEDULED, MAINT_NODE_WORDS, METRICS_TRUSTED, MN_PHASE, MN_START, P_CPU_IDX, P_METRICS, P_START, P_STATUS, P_TEMPLATE, P_TM_DUE,
  POD_RUNNING, POD_WORDS, Z_LAST_TAINT, depAt, eventAt, hpaHistAt, maintNodeAt, zoneAt,
} from '../model/layout.js';

/** max(x, −cap): how long ago, saturated at `cap` ticks. */
function since(x: number, cap: number): number {
  return x < -cap ? -cap : x;
}

/**
 * The abstraction above for one compiled cluster: `canonicalize` runs after every transition,
 * so what it needs from the configuration is precomputed in typed arrays.
 */
export class TimeAbstraction {
  private readonly descheduler: boolean;
  /** State offsets of the CPU change events. */
  private readonly cpuEvents: Int32Array;
  /** Per pod template: the pattern's last `at` + 1 and its length (0 and 0 without a pattern). */
  private readonly patternCap: Int32Array;
  private readonly patternLength: Int32Array;
  /** The node under maintenance after the last step with one (a place to start looking). */
  private maintHint = 1;

  constructor(private readonly cfg: CompiledCluster) {
    this.descheduler = cfg.descheduler !== null;
    const events: number[] = [];
    cfg.events.forEach((e, i) => {
      if (e.kind === EV_CPU_CHANGE) events.push(eventAt(cfg.layout, i)); // E_A is a position or unused otherwise
    });
    this.cpuEvents = Int32Array.from(events);
    this.patternCap = new Int32Array(cfg.templates.length);
    this.patternLength = new Int32Array(cfg.templates.length);
    cfg.templates.forEach((t, i) => {
      if (!t?.cpuPattern) return;
      this.patternCap[i] = t.cpuPattern.maxAt + 1;
      this.patternLength[i] = t.cpuPattern.usage.length;
    });
  }

  /**
   * A zone's tainter takes its next node when time − last ≥ its period (docs/model.md §8.5): the
   * last tainting saturates at the longest period. A scheduled deletion is due at a time: once
   * that passed, how long ago does not matter, so it saturates at now (stored + 1, 0 = none).
   */
  private canonicalizeTaintTimers(s: Int32Array, t: number, step: boolean): void {
    const l = this.cfg.layout;
    const nl = this.cfg.nodeLifecycle;
    if (nl !== null) for (let z = 0; z < nl.zoneNames.length; z++) {
      const at = zoneAt(l, z) + Z_LAST_TAINT;
      s[at] = since(s[at] - t, nl.maxPeriod);
    }
    if (!this.cfg.taintsOn || t === 0 || (step && s[G_TM_SCHEDULED] === 0)) return; // none scheduled (tm-due.ts)
    for (let at = l.podBase + P_TM_DUE, q = 1; q <= l.pods; q++, at += POD_WORDS) {
      const w = s[at];
      if (w !== 0) s[at] = w - 1 - t < 0 ? 1 : w - t;
    }
  }

  /**
   * The cluster autoscaler's timestamps (docs/model.md §8.10): the last scale-up, read as
   * `time − last ≥ delay-after-add`; a provisioning node's request time and an unneeded node's
   * unneeded-since time, read against the provisioning and unneeded times. Other phases keep none.
   */
  private autoscaler(s: Int32Array, t: number): void {
    const l = this.cfg.layout;
    const ca = this.cfg.autoscaler!;
    s[l.caBase + CA_LAST_SCALE_UP] = since(s[l.caBase + CA_LAST_SCALE_UP] - t, ca.delayAfterAdd);
    for (let n = 1, at = l.caNodeBase; n <= l.nodes; n++, at += CA_NODE_WORDS) {
      const phase = s[at + CN_PHASE];
      const cap = phase === CA_NODE_PROVISIONING ? ca.provisioningTime : phase === CA_NODE_UNNEEDED ? ca.unneededTime : -1;
      s[at + CN_SINCE] = cap < 0 ? 0 : since(s[at + CN_SINCE] - t, cap);
    }
  }

  /**
   * `step`: s is a successor of a state this left canonical (the model's step), so only what a
   * transition can have made non-canonical is looked at: the nodes in maintenance (an idle
   * node's start is 0 already), the pods' deletion times when one is scheduled, and the pods'
   * start times, where nothing reads them, only when `started` (the transition started a pod).
   */
  canonicalize(s: Int32Array, step = false, started = true): void {
    const l = this.cfg.layout;
    const t = s[G_TIME];
    s[G_TIME] = 0;
    // HPA: time − hpaLast ≥ 150, time = max(time + 1, hpaLast + 151).
    s[G_HPA_LAST] = since(s[G_HPA_LAST] - t, HPA_WAIT_TIME + 1);
    // Descheduler: time − dsLast ≥ 3000.
    s[G_DS_LAST] = this.descheduler ? since(s[G_DS_LAST] - t, DESCHEDULER_WAIT_TIME) : 0;
    const events = this.cpuEvents;
    for (let i = 0; i < events.length; i++) {
      const at = events[i];
      // eventCpuChange polls with time − spawnTime ≥ 600; once it has polled nothing reads it.
      s[at + E_A] = s[at + E_PHASE] === EVENT_READY ? since(s[at + E_A] - t, EVENT_CPU_TIME) : 0;
    }
    if (l.maintNodeBase >= 0) this.canonicalizeMaintenance(s, t, step);
    this.canonicalizeTaintTimers(s, t, step);
    if (l.caBase >= 0) this.autoscaler(s, t);
    if (l.hpaHistBase >= 0) this.canonicalizeHpaHistory(s, t);
    // A running pod with CPU-pattern steps left is due at startTime + at[k]; the HPA reads a
    // running pod's start time until its CPU sample is trusted, hpaCpuSampleAfter ticks after it
    // (docs/model.md §8.3.1). No other rule reads a start time. Without either, every start time becomes 0.
    if (!this.cfg.cpuPatternOn && !this.cfg.hpaOn) {
      if (step && !started) return;
      for (let q = 1, at = l.podBase + P_START; q <= l.pods; q++, at += POD_WORDS) if (s[at] !== 0) s[at] = 0;
      return;
    }
    const cap = this.patternCap;
    const length = this.patternLength;
    const sampleAfter = this.cfg.hpaOn ? this.cfg.hpaCpuSampleAfter : null;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      const start = s[at + P_START];
      if (start === 0 && t === 0) continue;
      const tm = s[at + P_TEMPLATE];
      const running = s[at + P_STATUS] === POD_RUNNING;
      const pending = running && s[at + P_CPU_IDX] < length[tm];
      const sample = running && sampleAfter !== null && s[at + P_METRICS] !== METRICS_TRUSTED ? sampleAfter[tm] : 0;
      // Saturated past the larger constant, a start time reads the same in both rules.
      const c = pending ? Math.max(cap[tm], sample) : sample;
      let x = c > 0 && start - t > -c ? start - t : c > 0 ? -c : 0;
      // The next HPA run is at hpaLast + 151 or later: a sample trusted by then is trusted at
      // every future run, as if it were long ago (docs/model.md §8.3.1).
      if (!pending && sample > 0 && x + sample <= s[G_HPA_LAST] + HPA_WAIT_TIME + 1) x = -sample;
      s[at + P_START] = x;
    }
  }

  /**
   * A node under maintenance returns when time − start ≥ 600; time = max(time, start + 600). Its
   * start is read only while it is down. After a step, only the G_MAINT_COUNT nodes whose
   * maintenance is under way (maintenance.ts) can have a start time to change.
   */
  private canonicalizeMaintenance(s: Int32Array, t: number, step: boolean): void {
    const l = this.cfg.layout;
    let left = step ? s[G_MAINT_COUNT] : l.nodes;
    if (left === 1 && step) {
      // One node: looked for where the last one was (maintenance.ts busyMaintenanceNode).
      const n = busyMaintenanceNode(l, s, this.maintHint);
      if (n === 0) return;
      this.maintHint = n;
      const at = maintNodeAt(l, n);
      s[at + MN_START] = s[at + MN_PHASE] === MAINT_NODE_DOWN ? since(s[at + MN_START] - t, MAINTENANCE_WAIT_TIME) : 0;
      return;
    }
    for (let n = 1, at = l.maintNodeBase; left > 0 && n <= l.nodes; n++, at += MAINT_NODE_WORDS) {
      const phase = s[at + MN_PHASE];
      if (step && phase === MAINT_NODE_IDLE) continue;
      left--;
      s[at + MN_START] = phase === MAINT_NODE_DOWN ? since(s[at + MN_START] - t, MAINTENANCE_WAIT_TIME) : 0;
    }
  }

  /**
   * The HPA's recommendations and scale events (docs/model.md §8.3.3): timestamps shift by −time
   * and what no later run can read is dropped, so a history is as short as its future allows.
   * A deployment without an HPA has an empty history.
   */
  private canonicalizeHpaHistory(s: Int32Array, t: number): void {
    const l = this.cfg.layout;
    const ctrl = this.cfg.hpaController;
    for (let d = 1; d <= l.deployments; d++) {
      const h = hpaHistAt(l, d);
      const hpaIdx = s[depAt(l, d) + D_HPA];
      if (hpaIdx === 0) {
        for (let w = 0; w < l.hpaHistWords; w++) s[h + w] = 0;
        continue;
      }
      shiftHistory(s, h, l, t);
      // A wake-up due before the HPA's period is up reads as due (its guard waits for the period).
      if (wakePending(s, h) && wakeTime(s, h) <= s[G_HPA_LAST] + HPA_WAIT_TIME + 1) setWake(s, h, 0, true);
      const b = this.cfg.hpas[hpaIdx].behavior;
      if (b === null) {
        pruneRecommendations(s, h, l, 0, 0, legacyDownWindow(ctrl));
        continue;
      }
      pruneRecommendations(s, h, l, 0, b.scaleUp.window, b.scaleDown.window);
      const keep = Math.max(b.scaleUp.longestPeriod, b.scaleDown.longestPeriod);
      pruneEvents(s, eventsAt(l, h, true), l.hpaEventSlots, 0, keep);
      pruneEvents(s, eventsAt(l, h, false), l.hpaEventSlots, 0, keep);
    }
  }
}
