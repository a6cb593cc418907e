/**
 * The descheduler's default evictor (docs/model.md §8.7.2): which pods may be evicted, and eviction
 * with the per-pass limits per node and per namespace.
 */
import type { ModelContext } from '../../model/context.js';
import { evictPod } from '../eviction.js';
import type { CompiledDeschedulerProfile } from '../../model/config.js';
import { podName } from '../../model/config.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_TERMINATING, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';

export const C = 'Descheduler';

/** Per-pass eviction counters, allocated once. */
export class EvictionLimits {
  readonly onNode: Int32Array;
  readonly inNamespace: Int32Array;
  constructor(nodes: number, namespaces: number) {
    this.onNode = new Int32Array(nodes + 1);
    this.inNamespace = new Int32Array(Math.max(1, namespaces));
  }
  reset(): void {
    this.onNode.fill(0);
    this.inNamespace.fill(0);
  }
}

/** Running and pending pods qualify; system-critical ones only if the profile says so. */
export function evictable(ctx: ModelContext, s: Int32Array, profile: CompiledDeschedulerProfile, q: number): boolean {
  const at = podAt(ctx.l, q);
  const st = s[at + P_STATUS];
  if (st === POD_FREE || st === POD_TERMINATING) return false;
  return !ctx.cfg.templates[s[at + P_TEMPLATE]].critical || profile.evictSystemCriticalPods;
}

/** Evicts q unless a limit is hit; returns false when it was not evicted. */
export function evict(
  ctx: ModelContext,
  s: Int32Array,
  profile: CompiledDeschedulerProfile,
  limits: EvictionLimits,
  q: number,
  log: Log | null,
): boolean {
  const at = podAt(ctx.l, q);
  const loc = s[at + P_LOC];
  const ns = ctx.cfg.templates[s[at + P_TEMPLATE]].namespace;
  const name = log ? podName(ctx.cfg, s, q) : ''; // names only for messages
  if (limits.onNode[loc] + 1 > profile.maxPerNode || limits.inNamespace[ns] + 1 > profile.maxPerNamespace) {
    if (log) log.emit(2, C, `Exceeded maxNoOfPodsToEvictPerNode or maxNoOfPodsToEvictPerNamespace for pod ${name}`, [podRef(ctx.cfg, s, q)]);
    return false;
  }
  if (!evictPod(ctx, s, q)) {
    if (log) log.emit(2, C, `Cannot evict pod ${name}: a PodDisruptionBudget forbids it`, [podRef(ctx.cfg, s, q)]);
    return false;
  }
  if (log) log.emit(1, C, `Pod ${name} on node ${ctx.cfg.nodeNames[loc]} pending for deletion!`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, loc)], 'Descheduled');
  limits.onNode[loc]++;
  limits.inNamespace[ns]++;
  return true;
}
