/**
 * RemovePodsViolatingTopologySpreadConstraint (docs/model.md §8.7.4, descheduler v0.32
 * topologyspreadconstraint.go `Balance`, `balanceDomains`). For every constraint of the kinds the
 * profile balances, of a template with pods listed (on Ready nodes, passing the evictor's Filter),
 * the listed pods that match are counted per domain; the domains are the values of the Ready
 * nodes that carry the key and pass the constraint's node inclusion policies
 * (`matchNodeInclusionPolicies`). An unbalanced constraint moves pods from the fullest domains
 * towards the emptiest around the ideal average sum/domains; with `topologyBalanceNodeFit` a pod
 * is only marked when it fits a node of a domain below the average. Marked pods are evicted after
 * every constraint, in slot order, if they pass the PreEvictionFilter. Upstream's order among
 * equal domains and equal pods is open (Go map iteration, `sort.Slice`); where the symmetry
 * reduction applies (docs/model.md §8.11) kivi takes pods in canonical order and equal domains by
 * the lowest canonical index of their nodes, else in slot and value-id order.
 */
import type { ModelContext } from '../../model/context.js';
import { type CompiledConstraint, type CompiledDeschedulerProfile, type CompiledTemplate, PLUGIN_TOPOLOGY_SPREAD } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_TEMPLATE, POD_WORDS, podAt } from '../../model/layout.js';
import { podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { admitted, evict, evictorFilter, NODE_LIMIT, preEvictionFilter, TOTAL_LIMIT } from './evictor.js';
import { podFitsAnyOtherNode } from './node-fit.js';
import type { PassSnapshot } from './snapshot.js';
import { VISIT_PODS, VISIT_RANKS } from '../visit-order.js';

const UNSEEN = -1;

/** Scratch sized for the largest constraint, allocated once per model. */
export class TopologySpreadScratch {
  readonly counts: Int32Array; // per domain value id
  readonly sortedValue: Int32Array;
  readonly sortedCount: Int32Array;
  readonly sortedEvict: Int32Array;
  readonly toEvict: Uint8Array; // per pod slot
  readonly nodeLimited: Uint8Array; // per node: its eviction limit was hit
  readonly belowAvg: Uint8Array; // per node: in a domain below the ideal average
  readonly tie: Int32Array; // per domain value id: the lowest canonical index of its nodes (symmetry reduction)
  constructor(maxDomains: number, pods: number, nodes: number) {
    this.tie = new Int32Array(maxDomains + 1);
    this.counts = new Int32Array(maxDomains + 1);
    this.sortedValue = new Int32Array(maxDomains);
    this.sortedCount = new Int32Array(maxDomains);
    this.sortedEvict = new Int32Array(maxDomains);
    this.toEvict = new Uint8Array(pods + 1);
    this.nodeLimited = new Uint8Array(nodes + 1);
    this.belowAvg = new Uint8Array(nodes + 1);
  }
}

/** `matchNodeInclusionPolicies`: nodeAffinityPolicy Honor (the default) and nodeTaintsPolicy Honor. */
function included(x: PassSnapshot, c: CompiledConstraint, tpl: CompiledTemplate, n: number): boolean {
  if (c.honorAffinity && tpl.requiredNodes !== null && tpl.requiredNodes[n] === 0) return false;
  if (!c.honorTaints) return true;
  // A cordoned node's node.kubernetes.io/unschedulable:NoSchedule taint is one of its taints.
  return (x.taints[n] & tpl.untoleratedScheduleMask) === 0 && !(x.unschedulable[n] === 1 && !tpl.toleratesUnschedulable);
}

/** The domain of pod q for constraint c: listed (Ready node with the key, Filter passes) and matching; 0 if not. */
function member(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, c: CompiledConstraint, q: number): number {
  const at = podAt(ctx.l, q);
  const loc = s[at + P_LOC];
  if (loc === 0 || x.ready[loc] === 0) return 0;
  const v = c.domainOf[loc];
  const t = s[at + P_TEMPLATE];
  if (v === 0 || c.matchesTemplate[t] === 0 || !admitted(profile, PLUGIN_TOPOLOGY_SPREAD, t) || !evictorFilter(ctx, s, profile, q)) return 0;
  return v;
}

/** Some pod of template t is listed: its constraints are looked at (they come from the listed pods). */
function templateListed(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, t: number): boolean {
  for (let q = 1, at = ctx.l.podBase; q <= ctx.l.pods; q++, at += POD_WORDS) {
    const loc = s[at + P_LOC];
    if (s[at + P_TEMPLATE] === t && loc !== 0 && x.ready[loc] === 1 && admitted(profile, PLUGIN_TOPOLOGY_SPREAD, t) && evictorFilter(ctx, s, profile, q)) return true;
  }
  return false;
}

export function removePodsViolatingTopologySpread(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, w: TopologySpreadScratch, log: Log | null): void {
  const l = ctx.l;
  const templates = ctx.cfg.templates;
  w.toEvict.fill(0);
  w.nodeLimited.fill(0);
  // Marking reads s without changing it and evictions come after: one order of the state as the
  // plugin finds it serves the pass (controllers/visit-order.ts).
  x.visit.start(ctx, s, x.asStored, VISIT_PODS | VISIT_RANKS);
  for (let i = 1; i < templates.length; i++) {
    const t = templates[i];
    // The descheduler reads pod.Spec.TopologySpreadConstraints only: the scheduler's system
    // default constraints of a pod that gives none are not balanced.
    if (t.systemDefaultSpread || !templateListed(ctx, s, x, profile, i)) continue;
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? t.hard : t.soft;
      if (pass === 0 ? !profile.balanceHard : !profile.balanceSoft) continue;
      for (let j = 0; j < list.length; j++) balanceConstraint(ctx, s, x, profile, list[j], t, w, log);
    }
  }
  for (let i = 0; i < l.pods; i++) {
    const q = x.visit.pod(i);
    if (w.toEvict[q] === 0) continue;
    const loc = s[podAt(l, q) + P_LOC];
    if (w.nodeLimited[loc] === 1 || !evictorFilter(ctx, s, profile, q) || !preEvictionFilter(ctx, s, x, profile, q)) continue;
    const code = evict(ctx, s, x, profile, q, log);
    if (code === NODE_LIMIT) w.nodeLimited[loc] = 1;
    else if (code === TOTAL_LIMIT) return;
  }
}

/** Counts per domain into w; returns the number of member pods. */
function countDomains(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, c: CompiledConstraint, tpl: CompiledTemplate, w: TopologySpreadScratch): number {
  const counts = w.counts;
  counts.fill(UNSEEN, 0, c.domainCount + 1);
  for (let n = 1; n <= ctx.l.nodes; n++) {
    const v = c.domainOf[n];
    if (v !== 0 && x.ready[n] === 1 && included(x, c, tpl, n)) counts[v] = 0;
  }
  let sumPods = 0;
  for (let q = 1; q <= ctx.l.pods; q++) {
    const v = member(ctx, s, x, profile, c, q);
    if (v === 0) continue;
    // A pod in a domain no eligible node has still makes it a domain (the map entry is created).
    if (counts[v] === UNSEEN) counts[v] = 0;
    counts[v]++;
    sumPods++;
  }
  return sumPods;
}

/**
 * Domains sorted by count ascending, ties in value-id order, or with the symmetry reduction by
 * the lowest canonical index of their nodes (two nodes that may be renamed into each other share
 * every domain with more nodes, so those domains keep their place); returns how many.
 */
function sortDomains(ctx: ModelContext, x: PassSnapshot, c: CompiledConstraint, w: TopologySpreadScratch): number {
  const ranked = x.visit.canonical;
  if (ranked) {
    w.tie.fill(ctx.l.nodes + 1, 0, c.domainCount + 1);
    for (let n = 1; n <= ctx.l.nodes; n++) if (x.visit.rank(n) < w.tie[c.domainOf[n]]) w.tie[c.domainOf[n]] = x.visit.rank(n);
  }
  let domains = 0;
  for (let v = 1; v <= c.domainCount; v++) {
    if (w.counts[v] === UNSEEN) continue;
    let b = domains - 1;
    while (b >= 0 && (w.sortedCount[b] > w.counts[v] || (ranked && w.sortedCount[b] === w.counts[v] && w.tie[w.sortedValue[b]] > w.tie[v]))) {
      w.sortedValue[b + 1] = w.sortedValue[b];
      w.sortedCount[b + 1] = w.sortedCount[b];
      b--;
    }
    w.sortedValue[b + 1] = v;
    w.sortedCount[b + 1] = w.counts[v];
    domains++;
  }
  for (let k = 0; k < domains; k++) w.sortedEvict[k] = 0;
  return domains;
}

function balanceConstraint(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, c: CompiledConstraint, tpl: CompiledTemplate, w: TopologySpreadScratch, log: Log | null): void {
  const sumPods = countDomains(ctx, s, x, profile, c, tpl, w);
  const domains = sortDomains(ctx, x, c, w);
  // topologyIsBalanced
  if (domains === 0 || w.sortedCount[domains - 1] - w.sortedCount[0] <= c.maxSkew) {
    if (log) log.emit(2, 'DeScheduler', `Skipping constraint ${c.index} in podTemplates ${tpl.name}, it's balanced`);
    return;
  }
  const idealAvg = sumPods / domains;
  // filterNodesBelowIdealAvg over the eligible Ready nodes, before any move.
  for (let n = 1; n <= ctx.l.nodes; n++) {
    const v = c.domainOf[n];
    w.belowAvg[n] = v !== 0 && x.ready[n] === 1 && included(x, c, tpl, n) && w.counts[v] < idealAvg ? 1 : 0;
  }
  let a = 0;
  let b = domains - 1;
  while (a < b) {
    if (w.sortedCount[b] <= idealAvg) b--; // nothing above the average to give (one check, as upstream)
    const skew = w.sortedCount[b] - w.sortedCount[a];
    if (skew <= c.maxSkew) {
      a++;
      continue;
    }
    const move = Math.min(Math.ceil(w.sortedCount[b] - idealAvg), Math.ceil(idealAvg - w.sortedCount[a]), Math.ceil((skew - c.maxSkew) / 2));
    if (move <= 0) {
      a++;
      continue;
    }
    if (log) {
      log.emit(3, 'DeScheduler', `For constraint with topologyKey ${c.topologyKey}, domain ${c.domainNames[w.sortedValue[b]]} should evict ${move} pods (so domain ${c.domainNames[w.sortedValue[a]]} can potentially add ${move} pods)`);
    }
    w.sortedEvict[b] += move;
    w.sortedCount[b] -= move;
    w.sortedCount[a] += move;
  }
  for (let k = 0; k < domains; k++) if (w.sortedEvict[k] > 0) markDomain(ctx, s, x, profile, c, w, w.sortedValue[k], w.sortedEvict[k], log);
}

/**
 * The pods a domain gives: `sortDomains` puts pods with a node selector or affinity before the
 * others and moves take them from the back, so pods without come first (slot order within each).
 * Each counts as moved; with topologyBalanceNodeFit only those that fit a node below the average are marked.
 */
function markDomain(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, c: CompiledConstraint, w: TopologySpreadScratch, v: number, count: number, log: Log | null): void {
  let left = count;
  for (let pass = 0; pass < 2 && left > 0; pass++) {
    for (let i = 0; i < ctx.l.pods && left > 0; i++) {
      const q = x.visit.pod(i);
      if (member(ctx, s, x, profile, c, q) !== v) continue;
      const tpl = ctx.cfg.templates[s[podAt(ctx.l, q) + P_TEMPLATE]];
      if (tpl.selectorOrAffinity !== (pass === 1)) continue;
      left--;
      if (profile.topologyBalanceNodeFit && !podFitsAnyOtherNode(ctx, s, x, q, w.belowAvg)) {
        if (log) log.emit(2, 'DeScheduler', `ignoring pod ${podName(ctx.cfg, s, q)} for eviction as it does not fit on any other node`, [podRef(ctx.cfg, s, q)]);
        continue;
      }
      if (log) log.emit(1, 'DeScheduler', `Pod violating TopoSpread constraints (topoKey ${c.topologyKey}), Pod ${podName(ctx.cfg, s, q)} pending for deletion`, [podRef(ctx.cfg, s, q)], 'Descheduled');
      w.toEvict[q] = 1;
    }
  }
}
