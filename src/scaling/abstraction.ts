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
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, D_STATUS, D_TEMPLATE, M_STAGE, N_CPU_LEFT, N_MEM_LEFT, N_STATUS,
  NODE_READY, depAt, monitorAt, nodeAt,
} from '../model/layout.js';

function mix(h: number, v: number): number {
  return Math.imul(h ^ (v & 0xff), 0x01000193);
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
  for (let k = 0; k < types; k++) {
    let down = 0;
    let full = 0;
    for (let n = 1; n <= l.nodes; n++) {
      if (nodeType[n] !== k) continue;
      const at = nodeAt(l, n);
      if (s[at + N_STATUS] !== NODE_READY) down = 1;
      for (let d = 1; d <= l.deployments; d++) {
        const t = cfg.templates[s[depAt(l, d) + D_TEMPLATE]];
        if (s[at + N_CPU_LEFT] < t.cpuRequest || s[at + N_MEM_LEFT] < t.memRequest) full = 1;
      }
    }
    h = mix(h, down | (full << 1));
  }
  for (let m = 0; m < cfg.monitors.length; m++) h = mix(h, Math.min(s[monitorAt(l, m) + M_STAGE], 7));
  return h;
}
