/**
 * The descheduler (docs/model.md §8.7): one pass per item taken from dsQ (the item is only a
 * trigger). It runs when its period (3000 ticks) has elapsed since its last pass or the cluster
 * is Q4-idle; the reference never recorded the last pass (docs/model.md §14.2 bug 18), kivi does.
 * A pass (descheduler v0.32 `runDeschedulerLoop`, `runProfiles`) does nothing with at most one
 * Ready node; otherwise it resets the eviction counters and runs every profile's Deschedule
 * plugins, then every profile's Balance plugins, each in the profile's order. It never moves the clock.
 */
import type { ModelContext } from '../../model/context.js';
import {
  type CompiledDeschedulerProfile, PLUGIN_HIGH_NODE_UTILIZATION, PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_LOW_NODE_UTILIZATION,
  PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD,
} from '../../model/config.js';
import { G_DS_LAST, G_TIME, Q_DS } from '../../model/layout.js';
import type { Log } from '../../checker/log.js';
import { dequeue, q4Idle, queueLength } from '../../model/queues.js';
import { AntiAffinityScratch, removePodsViolatingInterPodAntiAffinity } from './inter-pod-anti-affinity.js';
import { removePodsViolatingNodeAffinity } from './node-affinity.js';
import { removePodsViolatingNodeTaints } from './node-taints.js';
import { highNodeUtilization, lowNodeUtilization, UtilizationScratch } from './node-utilization.js';
import { DuplicatesScratch, removeDuplicates } from './remove-duplicates.js';
import { PassSnapshot } from './snapshot.js';
import { removePodsViolatingTopologySpread, TopologySpreadScratch } from './topology-spread.js';

export const DESCHEDULER_WAIT_TIME = 3000;

/** Is the plugin a Deschedule plugin (the others are Balance plugins)? */
function deschedules(plugin: number): boolean {
  return plugin === PLUGIN_INTERPOD_ANTI_AFFINITY || plugin === PLUGIN_NODE_AFFINITY || plugin === PLUGIN_NODE_TAINTS;
}

export class Descheduler {
  private readonly snapshot: PassSnapshot;
  private readonly spread: TopologySpreadScratch;
  private readonly antiAffinity: AntiAffinityScratch;
  private readonly utilization: UtilizationScratch;
  private readonly duplicates: DuplicatesScratch;

  constructor(private readonly ctx: ModelContext) {
    const cfg = ctx.cfg;
    let maxDomains = 1;
    for (let t = 1; t < cfg.templates.length; t++) {
      for (const c of [...cfg.templates[t].hard, ...cfg.templates[t].soft]) maxDomains = Math.max(maxDomains, c.domainCount);
    }
    this.snapshot = new PassSnapshot(ctx);
    this.spread = new TopologySpreadScratch(maxDomains, ctx.l.pods, ctx.l.nodes);
    this.antiAffinity = new AntiAffinityScratch(ctx.l.pods);
    this.utilization = new UtilizationScratch(ctx.l.nodes);
    this.duplicates = new DuplicatesScratch(ctx.l.nodes, ctx.l.pods);
  }

  enabled(s: Int32Array): boolean {
    return queueLength(s, this.ctx.l, Q_DS) > 0 && (s[G_TIME] - s[G_DS_LAST] >= DESCHEDULER_WAIT_TIME || q4Idle(s, this.ctx.l));
  }

  burst(s: Int32Array, log: Log | null): number {
    // The transition starts from a state the search stores (canonical with the reduction).
    this.snapshot.asStored = true;
    while (this.enabled(s)) {
      this.pass(s, log);
      dequeue(s, this.ctx.l, Q_DS);
      s[G_DS_LAST] = s[G_TIME];
      if (this.ctx.fine) break; // one pass per transition (docs/model.md §7.5)
    }
    return 0;
  }

  private pass(s: Int32Array, log: Log | null): void {
    const { ctx } = this;
    if (log) log.emit(3, 'Descheduler', 'Checking for descheduling...');
    this.snapshot.take(s);
    // "The cluster size is 0 or 1 meaning eviction causes service disruption or degradation."
    if (this.snapshot.readyCount <= 1) return;
    const profiles = ctx.cfg.descheduler!;
    for (let phase = 0; phase < 2; phase++) {
      for (let i = 0; i < profiles.length; i++) {
        const profile = profiles[i];
        for (let j = 0; j < profile.plugins.length; j++) {
          if (deschedules(profile.plugins[j]) === (phase === 0)) this.run(s, profile, profile.plugins[j], log);
        }
      }
    }
  }

  private run(s: Int32Array, profile: CompiledDeschedulerProfile, plugin: number, log: Log | null): void {
    const { ctx, snapshot: x } = this;
    switch (plugin) {
      case PLUGIN_INTERPOD_ANTI_AFFINITY:
        return removePodsViolatingInterPodAntiAffinity(ctx, s, x, profile, this.antiAffinity, log);
      case PLUGIN_NODE_AFFINITY:
        return removePodsViolatingNodeAffinity(ctx, s, x, profile, log);
      case PLUGIN_NODE_TAINTS:
        return removePodsViolatingNodeTaints(ctx, s, x, profile, log);
      case PLUGIN_REMOVE_DUPLICATES:
        return removeDuplicates(ctx, s, x, profile, this.duplicates, log);
      case PLUGIN_TOPOLOGY_SPREAD:
        return removePodsViolatingTopologySpread(ctx, s, x, profile, this.spread, log);
      case PLUGIN_LOW_NODE_UTILIZATION:
        return lowNodeUtilization(ctx, s, x, profile, this.utilization, log);
      case PLUGIN_HIGH_NODE_UTILIZATION:
        return highNodeUtilization(ctx, s, x, profile, this.utilization, log);
    }
  }
}
