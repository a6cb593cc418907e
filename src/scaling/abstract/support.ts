/**
 * What the proof for every size supports (docs/scaling.md, "What the proof supports"). Each
 * reason names a feature whose behaviour can depend on the number of nodes in a way the
 * abstraction does not follow; a configuration with one is answered "cannot prove" (exit 3).
 */
import {
  type CompiledCluster, EV_APPLY, EV_CPU_CHANGE, EV_CREATE, EV_CREATE_TARGET, EV_SCALE,
} from '../../model/config.js';
import { N_STATUS, NODE_ABSENT, NODE_READY, nodeAt } from '../../model/layout.js';

const SUPPORTED_EVENTS = new Set([EV_CPU_CHANGE, EV_CREATE_TARGET, EV_APPLY, EV_CREATE, EV_SCALE]);

/** Why the abstraction cannot follow this cluster; empty when it can. */
export function unsupportedFeatures(cfg: CompiledCluster): string[] {
  const out: string[] = [];
  // LowNodeUtilization and HighNodeUtilization stop midway through an ordered node list,
  // RemoveDuplicates compares with an average over the nodes (descheduler v0.32).
  if (cfg.descheduler) out.push('the descheduler (its plugins compare nodes with averages and orders over all nodes)');
  if (cfg.autoscaler) out.push('node groups (the cluster autoscaler changes the node count)');
  // pickOneNodeForPreemption (default_preemption.go) takes the first of equal candidates.
  if (cfg.preemptionOn) out.push('preemption (DefaultPreemption takes the first of equally good nodes)');
  if (cfg.budgets.length > 0) out.push('PodDisruptionBudgets');
  if (cfg.kernelPanicOn) out.push('kernel panics (one process per node)');
  // Its zone tainter's rate depends on how many nodes of a zone are NotReady (docs/model.md §8.5).
  if (cfg.nodeLifecycle) out.push('the node lifecycle controller (nodes that can become NotReady)');
  if (cfg.loads.some((x) => x !== null)) out.push('HPA load models');
  for (const e of cfg.events) if (!SUPPORTED_EVENTS.has(e.kind) || e.node) out.push(`the ${e.kindName} event`);
  for (let t = 1; t < cfg.templates.length; t++) {
    const tp = cfg.templates[t];
    if (!tp) continue;
    // PodTopologySpread Score weighs each ScheduleAnyway constraint by log(domains + 2)
    // (scoring.go topologyNormalizingWeight): with the hostname key that is the node count.
    if (tp.soft.length > 0 && cfg.scheduler.ignoreScores !== true) out.push(`ScheduleAnyway topology spread of pod template ${tp.name}${tp.systemDefaultSpread ? ' (the system defaults, as it sets no constraints)' : ''}: its score weight log(domains + 2) grows with the node count`);
    // minDomains counts domains (filtering.go): with the hostname key, nodes.
    if (tp.hard.some((c) => c.minDomains > 1)) out.push(`minDomains in pod template ${tp.name}`);
    if (tp.nodeName > 0) out.push(`pod template ${tp.name} names a node (nodeName)`);
  }
  const l = cfg.layout;
  for (let n = 1; n <= l.nodes; n++) {
    const st = cfg.initial[nodeAt(l, n) + N_STATUS];
    if (st !== NODE_READY && st !== NODE_ABSENT) {
      out.push('nodes that are not Ready at the start');
      break;
    }
  }
  return [...new Set(out)];
}
