/**
 * The descheduler's DefaultEvictor and pod evictor (docs/model.md §8.7.2, descheduler v0.32
 * pkg/framework/plugins/defaultevictor/defaultevictor.go and pkg/descheduler/evictions/evictions.go):
 * which pods may be evicted (`Filter`, `PreEvictionFilter`), and eviction through the Eviction
 * API with the per-pass limits per node, per namespace and in total.
 */
import type { ModelContext } from '../../model/context.js';
import { evictPod } from '../eviction.js';
import { type CompiledDeschedulerProfile, OWNER_DAEMONSET, OWNER_NONE, podName } from '../../model/config.js';
import { P_LOC, P_OWNER, P_STATUS, P_TEMPLATE, POD_FREE, POD_TERMINATING, POD_WORDS, podAt } from '../../model/layout.js';
import { nodeRef, podRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { podFitsAnyOtherNode } from './node-fit.js';
import type { PassSnapshot } from './snapshot.js';

export const C = 'Descheduler';

/** `utils.SystemCriticalPriority`: pods at or above it are system-critical. */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** What `evict` did: evicted, or which limit or refusal stopped it (the evictions.go error types). */
export const EVICTED = 0;
export const NODE_LIMIT = 1;
export const NAMESPACE_LIMIT = 2;
export const TOTAL_LIMIT = 3;
export const REFUSED = 4;

/** Per-pass eviction counters (`PodEvictor.ResetCounters` each descheduling loop), allocated once. */
export class EvictionLimits {
  readonly onNode: Int32Array;
  readonly inNamespace: Int32Array;
  total = 0;
  constructor(nodes: number, namespaces: number) {
    this.onNode = new Int32Array(nodes + 1);
    this.inNamespace = new Int32Array(Math.max(1, namespaces));
  }
  reset(): void {
    this.onNode.fill(0);
    this.inNamespace.fill(0);
    this.total = 0;
  }
}

/** Pods of pod q's ReplicaSet (its deployment's pods with its template), terminating ones included. */
function replicaSetSize(ctx: ModelContext, s: Int32Array, q: number): number {
  const at = podAt(ctx.l, q);
  const owner = s[at + P_OWNER];
  if (owner === 0) return 1; // a bare pod's other owners' pods are not known to kivi
  const t = s[at + P_TEMPLATE];
  let n = 0;
  for (let u = 1, a = ctx.l.podBase; u <= ctx.l.pods; u++, a += POD_WORDS) {
    if (s[a + P_OWNER] === owner && s[a + P_TEMPLATE] === t && s[a + P_STATUS] !== POD_FREE) n++;
  }
  return n;
}

/** Does the plugin's own pod filter (`namespaces`, `labelSelector`) admit pods of template t? */
export function admitted(profile: CompiledDeschedulerProfile, plugin: number, t: number): boolean {
  const a = profile.pluginAdmits[plugin];
  return a === null || a[t] === 1;
}

/** `DefaultEvictor.Filter` with the constraints `New` adds for the profile's args. */
export function evictorFilter(ctx: ModelContext, s: Int32Array, profile: CompiledDeschedulerProfile, q: number): boolean {
  const at = podAt(ctx.l, q);
  const st = s[at + P_STATUS];
  // A free slot is no pod; a terminating pod is never evicted again (IsPodTerminating).
  if (st === POD_FREE || st === POD_TERMINATING) return false;
  const t = s[at + P_TEMPLATE];
  const tpl = ctx.cfg.templates[t];
  if (tpl.evictAnnotation) return true; // HaveEvictAnnotation: every other check is skipped
  if (tpl.mirror) return false; // IsMirrorPod, IsStaticPod
  // Without ownerReferences: not evicted (evictFailedBarePods only admits Failed ones, which kivi does not keep).
  if (s[at + P_OWNER] === 0 && tpl.ownerKind === OWNER_NONE) return false;
  if (s[at + P_OWNER] === 0 && tpl.ownerKind === OWNER_DAEMONSET) return false; // IsDaemonsetPod
  if (!profile.evictSystemCriticalPods) {
    if (tpl.critical || tpl.priority >= SYSTEM_CRITICAL_PRIORITY) return false; // IsCriticalPriorityPod
    if (profile.priorityThreshold !== null && tpl.priority >= profile.priorityThreshold) return false; // IsPodEvictableBasedOnPriority
  }
  if (!profile.evictLocalStoragePods && tpl.localStorage) return false; // IsPodWithLocalStorage
  if (profile.ignorePvcPods && tpl.pvc) return false; // IsPodWithPVC
  if (profile.selects !== null && profile.selects[t] === 0) return false;
  if (profile.minReplicas > 1 && replicaSetSize(ctx, s, q) < profile.minReplicas) return false;
  // IsPodCoveredByPDB: some budget of the pod's namespace selects it.
  if (profile.ignorePodsWithoutPDB && (ctx.cfg.budgetOfTemplate[t] ?? 0) === 0) return false;
  return true;
}

/** `DefaultEvictor.PreEvictionFilter`: with `nodeFit`, the pod must fit some other Ready node. */
export function preEvictionFilter(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, q: number): boolean {
  return !profile.nodeFit || podFitsAnyOtherNode(ctx, s, x, q, profile.evictorNodes);
}

/** Both filters, as plugins that list pods with `WrapFilterFuncs(Filter, PreEvictionFilter)` use them. */
export function evictable(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, q: number): boolean {
  return evictorFilter(ctx, s, profile, q) && preEvictionFilter(ctx, s, x, profile, q);
}

/**
 * `PodEvictor.EvictPod`: the total, per-node and per-namespace limits in that order, then the
 * Eviction API (which a PodDisruptionBudget may refuse). Returns EVICTED or the reason it was not.
 */
export function evict(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, q: number, log: Log | null): number {
  const limits = x.limits;
  const at = podAt(ctx.l, q);
  const loc = s[at + P_LOC];
  const ns = ctx.cfg.templates[s[at + P_TEMPLATE]].namespace;
  const name = log ? podName(ctx.cfg, s, q) : ''; // names only for messages
  let code = EVICTED;
  if (limits.total + 1 > profile.maxTotal) code = TOTAL_LIMIT;
  else if (loc !== 0 && limits.onNode[loc] + 1 > profile.maxPerNode) code = NODE_LIMIT;
  else if (limits.inNamespace[ns] + 1 > profile.maxPerNamespace) code = NAMESPACE_LIMIT;
  if (code !== EVICTED) {
    if (log) log.emit(2, C, `Exceeded maxNoOfPodsToEvictTotal, maxNoOfPodsToEvictPerNode or maxNoOfPodsToEvictPerNamespace for pod ${name}`, [podRef(ctx.cfg, s, q)]);
    return code;
  }
  if (!evictPod(ctx, s, q)) {
    if (log) log.emit(2, C, `Cannot evict pod ${name}: a PodDisruptionBudget forbids it`, [podRef(ctx.cfg, s, q)]);
    return REFUSED;
  }
  if (log) log.emit(1, C, `Pod ${name} on node ${ctx.cfg.nodeNames[loc]} pending for deletion!`, [podRef(ctx.cfg, s, q), nodeRef(ctx.cfg, loc)], 'Descheduled');
  x.asStored = false; // a pod marked terminating and queued for the kubelet: the state moved
  limits.total++;
  limits.onNode[loc]++;
  limits.inNamespace[ns]++;
  return EVICTED;
}
