/**
 * LowNodeUtilization and HighNodeUtilization (docs/model.md §8.7.6, §8.7.7; descheduler v0.32
 * pkg/framework/plugins/nodeutilization): node usage is the requests of the pods bound to a node
 * (the requested usage client), in cpu, memory and pods, against per-node thresholds in percent
 * of allocatable. Nodes are classified (`classifyNodes`), and pods move from the source nodes
 * towards the destination nodes' spare room (`evictPodsFromSourceNodes`, `evictPods`).
 */
import { popCount } from '../../model/taints.js';
import type { ModelContext } from '../../model/context.js';
import { type CompiledDeschedulerProfile, type CompiledNodeUtilization, RES_CPU, RES_MEM, RES_PODS } from '../../model/config.js';
import { P_LOC, P_TEMPLATE, POD_WORDS, podAt } from '../../model/layout.js';
import { nodeRef } from '../../model/refs.js';
import type { Log } from '../../checker/log.js';
import { EVICTED, evict, evictorFilter, NODE_LIMIT, preEvictionFilter, TOTAL_LIMIT } from './evictor.js';
import { sortPodsLowToHigh } from './pod-order.js';
import type { PassSnapshot } from './snapshot.js';
import { resourceThresholdOf } from './thresholds.js';

const MIB = 1024 * 1024;

/** Scratch for one plugin run, allocated once. */
export class UtilizationScratch {
  /** Per node n and resource r at n · 3 + r: usage, low and high threshold. */
  readonly usage: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** dest[n] = 1: n is a destination node (underutilized for Low, the others for High). */
  readonly dest: Uint8Array;
  readonly sources: Int32Array;
  readonly available = new Float64Array(3);
  readonly average = new Float64Array(3);
  constructor(nodes: number) {
    this.usage = new Float64Array((nodes + 1) * 3);
    this.low = new Float64Array((nodes + 1) * 3);
    this.high = new Float64Array((nodes + 1) * 3);
    this.dest = new Uint8Array(nodes + 1);
    this.sources = new Int32Array(nodes);
  }
}

function allocatable(ctx: ModelContext, n: number, r: number): number {
  const cfg = ctx.cfg;
  return r === RES_CPU ? cfg.nodeAllocCpu[n] : r === RES_MEM ? cfg.nodeAllocMem[n] : cfg.nodeAllocPods[n];
}

/** Usage per Ready node, and the thresholds (`getNodeThresholds`, with `averageNodeBasicresources` for deviation). */
function measure(ctx: ModelContext, x: PassSnapshot, u: CompiledNodeUtilization, w: UtilizationScratch): void {
  const N = ctx.l.nodes;
  w.average.fill(0);
  for (let n = 1; n <= N; n++) {
    w.usage[n * 3 + RES_CPU] = x.requests.cpu[n];
    w.usage[n * 3 + RES_MEM] = x.requests.mem[n];
    w.usage[n * 3 + RES_PODS] = x.podCount[n];
    if (u.deviation && x.ready[n] === 1) for (let r = 0; r < 3; r++) w.average[r] += (w.usage[n * 3 + r] / allocatable(ctx, n, r)) * 100;
  }
  for (let r = 0; r < 3; r++) w.average[r] /= x.readyCount;
  for (let n = 1; n <= N; n++) {
    for (let r = 0; r < 3; r++) {
      const k = n * 3 + r;
      if (!u.deviation) {
        w.low[k] = u.low[k];
        w.high[k] = u.high[k];
      } else if (u.unset[r] === 1) {
        w.low[k] = allocatable(ctx, n, r);
        w.high[k] = w.low[k];
      } else {
        w.low[k] = resourceThresholdOf(w.average[r] - u.lowPercent[r], allocatable(ctx, n, r));
        w.high[k] = resourceThresholdOf(w.average[r] + u.highPercent[r], allocatable(ctx, n, r));
      }
    }
  }
}

/** `isNodeWithLowUtilization`: no resource above the low threshold. */
function isLow(w: UtilizationScratch, n: number): boolean {
  for (let r = 0; r < 3; r++) if (w.usage[n * 3 + r] > w.low[n * 3 + r]) return false;
  return true;
}

/** `isNodeAboveTargetUtilization`: some resource above the high threshold. */
function isAboveTarget(w: UtilizationScratch, n: number): boolean {
  for (let r = 0; r < 3; r++) if (w.usage[n * 3 + r] > w.high[n * 3 + r]) return true;
  return false;
}

/** `sortNodesByUsage`: the usage summed over resources, cpu in millicores, memory in bytes. */
function usageSum(w: UtilizationScratch, n: number): number {
  return w.usage[n * 3 + RES_CPU] + w.usage[n * 3 + RES_MEM] * MIB + w.usage[n * 3 + RES_PODS];
}

function sortSources(w: UtilizationScratch, count: number, ascending: boolean): void {
  const src = w.sources;
  for (let i = 1; i < count; i++) {
    const n = src[i];
    const v = usageSum(w, n);
    let j = i - 1;
    while (j >= 0 && (ascending ? usageSum(w, src[j]) > v : usageSum(w, src[j]) < v)) {
      src[j + 1] = src[j];
      j--;
    }
    src[j + 1] = n;
  }
}

/** `PodToleratesTaints`: the pod tolerates every taint of some destination node, with at least as many tolerations as taints. */
function toleratesSomeDestination(ctx: ModelContext, x: PassSnapshot, w: UtilizationScratch, t: number): boolean {
  const tpl = ctx.cfg.templates[t];
  const untolerated = tpl.untoleratedScheduleMask | tpl.untoleratedPreferMask;
  for (let n = 1; n <= ctx.l.nodes; n++) {
    // The node's taints are state (docs/model.md §8.6): counted and matched as they are now.
    if (w.dest[n] === 0 || tpl.tolerationCount < popCount(x.taints[n])) continue;
    if ((x.taints[n] & untolerated) === 0) return true;
  }
  return false;
}

/** The continue condition: Low also needs the node still above its target. */
function keepGoing(w: UtilizationScratch, n: number, low: boolean): boolean {
  if (low && !isAboveTarget(w, n)) return false;
  for (let r = 0; r < 3; r++) if (w.available[r] <= 0) return false;
  return true;
}

/** `evictPods` for one source node; returns NODE_LIMIT or TOTAL_LIMIT when the evictor stopped it. */
function evictFromNode(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, u: CompiledNodeUtilization, w: UtilizationScratch, n: number, low: boolean, log: Log | null): number {
  const l = ctx.l;
  // classifyPods with the evictor's Filter: the removable pods, sorted low to high priority.
  let count = 0;
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    if (s[at + P_LOC] === n && evictorFilter(ctx, s, profile, q)) x.podList[count++] = q;
  }
  if (count === 0 || !keepGoing(w, n, low)) return EVICTED;
  sortPodsLowToHigh(ctx, s, x.podList, count);
  for (let i = 0; i < count; i++) {
    const q = x.podList[i];
    const t = s[podAt(l, q) + P_TEMPLATE];
    const tpl = ctx.cfg.templates[t];
    if (!toleratesSomeDestination(ctx, x, w, t)) continue;
    if (u.excludedNamespace[tpl.namespace] === 1 || !preEvictionFilter(ctx, s, x, profile, q)) continue;
    const code = evict(ctx, s, x, profile, q, log);
    if (code === NODE_LIMIT || code === TOTAL_LIMIT) return code;
    if (code !== EVICTED) continue;
    w.usage[n * 3 + RES_CPU] -= tpl.cpuRequest;
    w.usage[n * 3 + RES_MEM] -= tpl.memRequest;
    w.usage[n * 3 + RES_PODS] -= 1;
    w.available[RES_CPU] -= tpl.cpuRequest;
    w.available[RES_MEM] -= tpl.memRequest;
    w.available[RES_PODS] -= 1;
    if (!keepGoing(w, n, low)) break;
  }
  return EVICTED;
}

/** `evictPodsFromSourceNodes`: the destination nodes' room below their high threshold, then the source nodes in order. */
function evictFromSources(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, u: CompiledNodeUtilization, w: UtilizationScratch, sources: number, low: boolean, log: Log | null): void {
  w.available.fill(0);
  for (let n = 1; n <= ctx.l.nodes; n++) {
    if (w.dest[n] === 0) continue;
    for (let r = 0; r < 3; r++) w.available[r] += w.high[n * 3 + r] - w.usage[n * 3 + r];
  }
  sortSources(w, sources, !low);
  for (let i = 0; i < sources; i++) {
    const n = w.sources[i];
    if (log) log.emit(3, C_DS, `Evicting pods from node ${ctx.cfg.nodeNames[n]}`, [nodeRef(ctx.cfg, n)]);
    if (evictFromNode(ctx, s, x, profile, u, w, n, low, log) === TOTAL_LIMIT) return;
  }
}

const C_DS = 'DeScheduler';

/** LowNodeUtilization's `Balance`. */
export function lowNodeUtilization(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, w: UtilizationScratch, log: Log | null): void {
  const u = profile.lowUtilization!;
  measure(ctx, x, u, w);
  let lowNodes = 0;
  let sources = 0;
  for (let n = 1; n <= ctx.l.nodes; n++) {
    w.dest[n] = 0;
    if (x.ready[n] === 0) continue;
    // "The node has to be schedulable (to be able to move workload there)."
    if (x.unschedulable[n] === 0 && isLow(w, n)) {
      w.dest[n] = 1;
      lowNodes++;
    } else if (isAboveTarget(w, n)) w.sources[sources++] = n;
  }
  if (log) log.emit(3, C_DS, `LowNodeUtilization: ${lowNodes} underutilized and ${sources} overutilized nodes`);
  if (lowNodes === 0 || lowNodes <= u.numberOfNodes || lowNodes === x.readyCount || sources === 0) return;
  evictFromSources(ctx, s, x, profile, u, w, sources, true, log);
}

/** HighNodeUtilization's `Balance`: underutilized nodes are emptied towards the others. */
export function highNodeUtilization(ctx: ModelContext, s: Int32Array, x: PassSnapshot, profile: CompiledDeschedulerProfile, w: UtilizationScratch, log: Log | null): void {
  const u = profile.highUtilization!;
  measure(ctx, x, u, w);
  let sources = 0;
  let highNodes = 0;
  for (let n = 1; n <= ctx.l.nodes; n++) {
    w.dest[n] = 0;
    if (x.ready[n] === 0) continue;
    if (isLow(w, n)) w.sources[sources++] = n;
    else if (x.unschedulable[n] === 0) {
      w.dest[n] = 1;
      highNodes++;
    }
  }
  if (log) log.emit(3, C_DS, `HighNodeUtilization: ${sources} underutilized nodes`);
  if (sources === 0 || sources <= u.numberOfNodes || sources === x.readyCount || highNodes === 0) return;
  evictFromSources(ctx, s, x, profile, u, w, sources, false, log);
}
