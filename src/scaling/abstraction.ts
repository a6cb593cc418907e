/**
 * The abstraction behind the scaling search's fixpoint (docs/scaling.md): a state is reduced to
 * what does not grow with the cluster's size — per deployment, whether it has fewer, as many or
 * more started pods than its spec and whether pods are pending or terminating; per node type,
 * whether some node of the type is down and whether some node of the type is full for the
 * deployment's pods; and each monitor's stage. The result is one 32-bit code (FNV-1a over those
 * small numbers), so collecting it allocates nothing per state.
 */
import type { CompiledCluster } from '../model/config.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, D_STATUS, D_TEMPLATE, M_STAGE, N_STATUS, P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS,
  NODE_READY, depAt, monitorAt, nodeAt,
} from '../model/layout.js';

function mix(h: number, v: number): number {
  return Math.imul(h ^ (v & 0xff), 0x01000193);
}

let scratch = new Int32Array(0);

/** Requested cpu and memory per node (at 2n and 2n + 1), in a buffer reused from state to state. */
function requestedScratch(cfg: CompiledCluster, s: Int32Array): Int32Array {
  const l = cfg.layout;
  if (scratch.length < 2 * (l.nodes + 1)) scratch = new Int32Array(2 * (l.nodes + 1));
  for (let n = 1; n <= l.nodes; n++) {
    scratch[2 * n] = cfg.nodeReservedCpu[n];
    scratch[2 * n + 1] = cfg.nodeReservedMem[n];
  }
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
    const n = s[at + P_LOC];
    if (n === 0 || s[at + P_STATUS] === POD_FREE) continue;
    const t = cfg.templates[s[at + P_TEMPLATE]];
    scratch[2 * n] += t.cpuRequest;
    scratch[2 * n + 1] += t.memRequest;
  }
  return scratch;
}

/** nodeType[n]: the type index of node n (names `<type>-<k>` from instantiate). */
export function abstractState(cfg: CompiledCluster, nodeType: Int32Array, types: number, s: Int32Array): number {
  const l = cfg.layout;
  let h = 0x811c9dc5 | 0;
  for (let d = 1; d <= l.deployments; d++) {
    const at = depAt(l, d);
    const diff = s[at + D_SPEC] - s[at + D_REPLICAS];
    h = mix(h, s[at + D_STATUS]);
    h = mix(h, diff < 0 ? 0 : diff === 0 ? 1 : 2);
    h = mix(h, (s[at + D_IN_CREATION] > 0 ? 1 : 0) | (s[at + D_IN_DELETION] > 0 ? 2 : 0));
  }
  const req = requestedScratch(cfg, s);
  for (let k = 0; k < types; k++) {
    let down = 0;
    let full = 0;
    for (let n = 1; n <= l.nodes; n++) {
      if (nodeType[n] !== k) continue;
      const at = nodeAt(l, n);
      if (s[at + N_STATUS] !== NODE_READY) down = 1;
      for (let d = 1; d <= l.deployments; d++) {
        const t = cfg.templates[s[depAt(l, d) + D_TEMPLATE]];
        // Full as NodeResourcesFit sees it: requests against allocatable (docs/model.md §8.2.2).
        if (req[2 * n] + t.cpuRequest > cfg.nodeAllocCpu[n] || req[2 * n + 1] + t.memRequest > cfg.nodeAllocMem[n]) full = 1;
      }
    }
    h = mix(h, down | (full << 1));
  }
  for (let m = 0; m < cfg.monitors.length; m++) h = mix(h, Math.min(s[monitorAt(l, m) + M_STAGE], 7));
  return h;
}
