/**
 * DaemonSets: each puts one pod on every node its placement admits, and that pod's requests
 * count on the node (docs/model.md §8.2.2). Placement follows the DaemonSet controller's
 * `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go): `spec.nodeName`, if
 * set, must name the node; the node selector and required node affinity must match; and every
 * NoSchedule or NoExecute taint must be tolerated, counting the tolerations the controller adds
 * to every daemon pod (`AddOrUpdateDaemonPodTolerations`, pkg/controller/daemon/util): so a
 * cordoned or not-ready node still runs its daemons. The node's readiness plays no part.
 */
import type { ClusterSpec, TolerationSpec } from '../../model/cluster.js';
import { InputError } from '../../model/errors.js';
import { tolerates } from '../../controllers/scheduler/taint-toleration.js';
import { requireInt } from './input.js';
import type { CompiledNodes } from './nodes.js';
import { extendedRequest, requiredNodes } from './templates.js';

/** What the DaemonSet controller adds to every daemon pod (hostNetwork's network-unavailable aside). */
const DAEMON_POD_TOLERATIONS: TolerationSpec[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** Add each DaemonSet's pod to the reserved requests and pod count of the nodes it runs on. */
export function reserveDaemonSets(spec: ClusterSpec, nodes: CompiledNodes): void {
  for (const ds of spec.daemonSets ?? []) {
    const t = ds.template;
    const object = `DaemonSet/${ds.name}`;
    const cpu = requireInt(t.cpuRequest, object, 'cpuRequest');
    const mem = requireInt(t.memoryRequest, object, 'memoryRequest');
    if (t.nodeName !== undefined && !spec.nodes.some((n) => n.name === t.nodeName)) {
      throw new InputError(`node "${t.nodeName}" does not exist`, object, 'nodeName');
    }
    const required = requiredNodes(t, nodes.labels, nodes.names);
    const ext = extendedRequest(t, nodes.extended, object);
    const tolerations = [...(t.tolerations ?? []), ...DAEMON_POD_TOLERATIONS];
    spec.nodes.forEach((node, i) => {
      const n = i + 1;
      if (t.nodeName !== undefined && t.nodeName !== node.name) return;
      if (required !== null && required[n] === 0) return;
      const untolerated = (node.taints ?? []).some(
        (taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((tol) => tolerates(tol, taint)),
      );
      if (untolerated) return;
      nodes.reservedCpu[n] += cpu;
      nodes.reservedMem[n] += mem;
      nodes.reservedPods[n] += 1;
      const R = nodes.extended.length;
      if (ext !== null) for (let r = 0; r < R; r++) nodes.reservedExtended[n * R + r] += ext[r];
    });
  }
}
