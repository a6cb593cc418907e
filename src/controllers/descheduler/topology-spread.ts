/**
 * RemovePodsViolatingTopologySpreadConstraint (docs/model.md §8.7.4, descheduler v0.27). For every
 * pod template's constraints of the kinds the profile balances, pods are counted per domain
 * over Ready nodes; a constraint whose domains differ by more than maxSkew is balanced by moving
 * pods from the fullest domains towards the emptiest (integer floor/ceil averages), evicting
 * the lowest-index pods of a domain first. Nodes without the topology key take no part
 * (docs/model.md §12, decision 4; the reference made them a phantom empty domain, docs/model.md §14.2 bug 20).
 */
import { ceilDiv, idiv } from '../arith.js';
import type { ModelContext } from '../../model/context.js';
import type { CompiledConstraint, CompiledDeschedulerProfile } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { N_STATUS, NODE_READY, P_LOC, P_TEMPLATE, POD_WORDS, nodeAt } from '../../model/layout.js';
import { podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { evict, evictable, type EvictionLimits } from './evictor.js';

const UNSEEN = -1;

/** Scratch sized for the largest constraint, allocated once per model. */
export class TopologySpreadScratch {
  readonly counts: Int32Array; // per domain value id
  readonly sortedValue: Int32Array;
  readonly sortedCount: Int32Array;
  readonly sortedEvict: Int32Array;
  readonly toEvict: Uint8Array; // per pod slot
  constructor(maxDomains: number, pods: number) {
    this.counts = new Int32Array(maxDomains + 1);
    this.sortedValue = new Int32Array(maxDomains);
    this.sortedCount = new Int32Array(maxDomains);
    this.sortedEvict = new Int32Array(maxDomains);
    this.toEvict = new Uint8Array(pods + 1);
  }
}

/** Does pod q count for constraint c: evictable, on a Ready node that has the key, matching. */
function member(ctx: ModelContext, s: Int32Array, profile: CompiledDeschedulerProfile, c: CompiledConstraint, q: number): number {
  const at = ctx.l.podBase + (q - 1) * POD_WORDS;
  const loc = s[at + P_LOC];
  if (loc === 0 || s[nodeAt(ctx.l, loc) + N_STATUS] !== NODE_READY) return 0;
  const v = c.domainOf[loc];
  if (v === 0 || c.matchesTemplate[s[at + P_TEMPLATE]] === 0 || !evictable(ctx, s, profile, q)) return 0;
  return v;
}

export function removePodsViolatingTopologySpread(
  ctx: ModelContext,
  s: Int32Array,
  profile: CompiledDeschedulerProfile,
  limits: EvictionLimits,
  x: TopologySpreadScratch,
  log: Log | null,
): void {
  const l = ctx.l;
  const templates = ctx.cfg.templates;
  x.toEvict.fill(0);
  for (let i = 1; i < templates.length; i++) {
    const t = templates[i];
    for (let pass = 0; pass < 2; pass++) {
      const list = pass === 0 ? t.hard : t.soft;
      if (pass === 0 ? !profile.balanceHard : !profile.balanceSoft) continue;
      for (let j = 0; j < list.length; j++) balanceConstraint(ctx, s, profile, list[j], t.name, x, log);
    }
  }
  for (let q = 1; q <= l.pods; q++) if (x.toEvict[q] === 1) evict(ctx, s, profile, limits, q, log); // limit hits ignored
}

function balanceConstraint(
  ctx: ModelContext,
  s: Int32Array,
  profile: CompiledDeschedulerProfile,
  c: CompiledConstraint,
  templateName: string,
  x: TopologySpreadScratch,
  log: Log | null,
): void {
  const l = ctx.l;
  const counts = x.counts;
  // Domains: the values of Ready nodes that carry the key.
  counts.fill(UNSEEN, 0, c.domainCount + 1);
  for (let n = 1; n <= l.nodes; n++) {
    const v = c.domainOf[n];
    if (v !== 0 && s[nodeAt(l, n) + N_STATUS] === NODE_READY) counts[v] = 0;
  }
  let sumPods = 0;
  for (let q = 1; q <= l.pods; q++) {
    const v = member(ctx, s, profile, c, q);
    if (v !== 0) {
      counts[v]++;
      sumPods++;
    }
  }
  let domains = 0;
  let min = Number.MAX_SAFE_INTEGER;
  let max = -1;
  for (let v = 1; v <= c.domainCount; v++) {
    if (counts[v] === UNSEEN) continue;
    x.sortedValue[domains] = v;
    x.sortedCount[domains] = counts[v];
    x.sortedEvict[domains] = 0;
    domains++;
    if (counts[v] < min) min = counts[v];
    if (counts[v] > max) max = counts[v];
  }
  if (domains === 0 || max - min <= c.maxSkew) {
    if (log) log.emit(2, 'DeScheduler', `Skipping constraint ${c.index} in podTemplates ${templateName}, it's balanced`);
    return;
  }
  // Stable sort by count, ascending (ties keep ascending value ids).
  for (let a = 1; a < domains; a++) {
    const v = x.sortedValue[a];
    const k = x.sortedCount[a];
    let b = a - 1;
    while (b >= 0 && x.sortedCount[b] > k) {
      x.sortedValue[b + 1] = x.sortedValue[b];
      x.sortedCount[b + 1] = x.sortedCount[b];
      b--;
    }
    x.sortedValue[b + 1] = v;
    x.sortedCount[b + 1] = k;
  }
  const avgFloor = idiv(sumPods, domains);
  const avgCeil = ceilDiv(sumPods, domains);
  let a = 0;
  let b = domains - 1;
  while (a < b) {
    if (x.sortedCount[b] <= avgCeil) b--; // nothing above the average to give (one check, as the reference)
    const skew = x.sortedCount[b] - x.sortedCount[a];
    if (skew <= c.maxSkew) {
      a++;
      continue;
    }
    const move = Math.min(x.sortedCount[b] - avgFloor, avgCeil - x.sortedCount[a], ceilDiv(skew - c.maxSkew, 2));
    if (move <= 0) {
      a++;
      continue;
    }
    if (log) {
      const key = c.topologyKey;
      log.emit(3, 'DeScheduler', `For constraint with topologyKey ${key}, domain ${c.domainNames[x.sortedValue[b]]} should evict ${move} pods (so domain ${c.domainNames[x.sortedValue[a]]} can potentially add ${move} pods)`);
    }
    x.sortedEvict[b] += move;
    x.sortedCount[b] -= move;
    x.sortedCount[a] += move;
  }
  // Mark the first `evict` members of each domain, in ascending pod index.
  for (let k = 0; k < domains; k++) {
    let left = x.sortedEvict[k];
    const v = x.sortedValue[k];
    for (let q = 1; q <= l.pods && left > 0; q++) {
      if (member(ctx, s, profile, c, q) !== v) continue;
      if (log) log.emit(1, 'DeScheduler', `Pod violating TopoSpread constraints (topoKey ${c.topologyKey}), Pod ${podName(ctx.cfg, s, q)} pending for deletion`, [podRef(ctx.cfg, s, q)], 'Descheduled');
      x.toEvict[q] = 1;
      left--;
    }
  }
}
