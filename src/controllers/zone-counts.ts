/**
 * The per-zone node counts that the node lifecycle controller's zone state reads (docs/model.md
 * §8.5, `ComputeZoneState`): in each zone, the present nodes seen not Ready (a lifecycle
 * NoSchedule taint) and the others, and the nodes the zone's NoExecute tainter has to take (a
 * lifecycle NoSchedule taint and no NoExecute one). They are state words (Z_NOT_READY, Z_READY,
 * Z_WAITING), functions of the nodes' N_STATUS and N_TAINTS words: every write of a node's
 * taints or of its presence goes through `setNodeTaints` / `setNodeStatus`, which move the
 * node's contribution, so a zone's state costs no scan of its nodes; `countZones` recounts
 * them from scratch (initial states, and the property test's oracle). No renaming of nodes
 * changes a count, so the symmetry reduction leaves them as they are.
 */
import type { CompiledCluster, CompiledNodeLifecycle } from '../model/config.js';
import { type Layout, N_STATUS, N_TAINTS, NODE_ABSENT, Z_NOT_READY, Z_READY, Z_WAITING, nodeAt, zoneAt } from '../model/layout.js';
import { LIFECYCLE_NO_EXECUTE, LIFECYCLE_NO_SCHEDULE } from '../model/taints.js';

/** Adds `sign` times the contribution of a node with this status and these taints to zone z's counts. */
function count(s: Int32Array, l: Layout, z: number, status: number, taints: number, sign: number): void {
  const at = zoneAt(l, z);
  const noSchedule = (taints & LIFECYCLE_NO_SCHEDULE) !== 0;
  if (status !== NODE_ABSENT) s[at + (noSchedule ? Z_NOT_READY : Z_READY)] += sign; // an absent node-group slot is no node
  if (noSchedule && (taints & LIFECYCLE_NO_EXECUTE) === 0) s[at + Z_WAITING] += sign;
}

/** s[node n + N_TAINTS] = taints, with its zone's counts. */
export function setNodeTaints(cfg: CompiledCluster, s: Int32Array, n: number, taints: number): void {
  setNode(cfg, s, n, s[nodeAt(cfg.layout, n) + N_STATUS], taints);
}

/** s[node n + N_STATUS] = status, with its zone's counts. */
export function setNodeStatus(cfg: CompiledCluster, s: Int32Array, n: number, status: number): void {
  setNode(cfg, s, n, status, s[nodeAt(cfg.layout, n) + N_TAINTS]);
}

/** Node n's status and taints, its zone's counts moved from the old words to the new. */
function setNode(cfg: CompiledCluster, s: Int32Array, n: number, status: number, taints: number): void {
  const l = cfg.layout;
  const at = nodeAt(l, n);
  const nl = cfg.nodeLifecycle;
  if (nl !== null && l.zoneBase >= 0) {
    count(s, l, nl.zoneOf[n], s[at + N_STATUS], s[at + N_TAINTS], -1);
    count(s, l, nl.zoneOf[n], status, taints, 1);
  }
  s[at + N_STATUS] = status;
  s[at + N_TAINTS] = taints;
}

/** Sets every zone's counts from its nodes' words (l: the layout, nl: the cluster's node lifecycle). */
export function countZones(l: Layout, nl: CompiledNodeLifecycle | null, s: Int32Array): void {
  if (nl === null || l.zoneBase < 0) return;
  for (let z = 0; z < nl.zoneNames.length; z++) {
    const at = zoneAt(l, z);
    s[at + Z_NOT_READY] = 0;
    s[at + Z_READY] = 0;
    s[at + Z_WAITING] = 0;
  }
  for (let n = 1; n <= l.nodes; n++) count(s, l, nl.zoneOf[n], s[nodeAt(l, n) + N_STATUS], s[nodeAt(l, n) + N_TAINTS], 1);
}
