/**
 * The descheduler (docs/model.md §8.7): one pass per item taken from dsQ (the item is only a
 * trigger). It runs when its period (3000 ticks) has elapsed since its last pass or the cluster
 * is Q4-idle; the reference never recorded the last pass (docs/model.md §14.2 bug 18), kivi does. A pass runs
 * every profile's deschedule plugins, then every profile's balance plugins in order. It never
 * moves the clock.
 */
import type { ModelContext } from '../../model/context.js';
import { PLUGIN_INTERPOD_ANTI_AFFINITY, PLUGIN_REMOVE_DUPLICATES, PLUGIN_TOPOLOGY_SPREAD } from '../../model/config.js';
import { G_DS_LAST, G_TIME, N_STATUS, NODE_READY, Q_DS, nodeAt } from '../../model/layout.js';
import type { Log } from '../../checker/log.js';
import { dequeue, q4Idle, queueLength } from '../../model/queues.js';
import { EvictionLimits } from './evictor.js';
import { AntiAffinityScratch, removePodsViolatingInterPodAntiAffinity } from './inter-pod-anti-affinity.js';
import { removeDuplicates } from './remove-duplicates.js';
import { removePodsViolatingTopologySpread, TopologySpreadScratch } from './topology-spread.js';

export const DESCHEDULER_WAIT_TIME = 3000;

export class Descheduler {
  private readonly limits: EvictionLimits;
  private readonly spread: TopologySpreadScratch;
  private readonly antiAffinity: AntiAffinityScratch;

  constructor(private readonly ctx: ModelContext) {
    const cfg = ctx.cfg;
    let maxDomains = 1;
    for (let t = 1; t < cfg.templates.length; t++) {
      for (const c of [...cfg.templates[t].hard, ...cfg.templates[t].soft]) maxDomains = Math.max(maxDomains, c.domainCount);
    }
    this.limits = new EvictionLimits(ctx.l.nodes, cfg.namespaces.length);
    this.spread = new TopologySpreadScratch(maxDomains, ctx.l.pods);
    this.antiAffinity = new AntiAffinityScratch(ctx.l.pods, cfg.templates.length - 1);
  }

  enabled(s: Int32Array): boolean {
    return queueLength(s, this.ctx.l, Q_DS) > 0 && (s[G_TIME] - s[G_DS_LAST] >= DESCHEDULER_WAIT_TIME || q4Idle(s, this.ctx.l));
  }

  burst(s: Int32Array, log: Log | null): number {
    while (this.enabled(s)) {
      this.pass(s, log);
      dequeue(s, this.ctx.l, Q_DS);
      s[G_DS_LAST] = s[G_TIME];
    }
    return 0;
  }

  private pass(s: Int32Array, log: Log | null): void {
    const { ctx } = this;
    if (log) log.emit(3, 'Descheduler', 'Checking for descheduling...');
    let ready = 0;
    for (let n = 1; n <= ctx.l.nodes; n++) if (s[nodeAt(ctx.l, n) + N_STATUS] === NODE_READY) ready++;
    if (ready <= 1) return;
    this.limits.reset();
    const profiles = ctx.cfg.descheduler!;
    // Every profile's Deschedule plugins run before any profile's Balance plugins (runProfiles).
    for (let i = 0; i < profiles.length; i++) {
      const profile = profiles[i];
      for (let j = 0; j < profile.plugins.length; j++) {
        if (profile.plugins[j] === PLUGIN_INTERPOD_ANTI_AFFINITY) {
          removePodsViolatingInterPodAntiAffinity(ctx, s, profile, this.limits, this.antiAffinity, log);
        }
      }
    }
    for (let i = 0; i < profiles.length; i++) {
      const profile = profiles[i];
      for (let j = 0; j < profile.plugins.length; j++) {
        const plugin = profile.plugins[j];
        if (plugin === PLUGIN_REMOVE_DUPLICATES) removeDuplicates(ctx, s, profile, this.limits, log);
        else if (plugin === PLUGIN_TOPOLOGY_SPREAD) removePodsViolatingTopologySpread(ctx, s, profile, this.limits, this.spread, log);
      }
    }
  }
}
