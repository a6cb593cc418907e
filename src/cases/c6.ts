/**
 * Case c6 (docs/model.md §15, internal s6): rolling node maintenance against soft
 * spreading.
 *
 * n nodes of 64 CPU / 64 memory, each running one pod of the deployment (spec n, no HPA), plus
 * five free slots. The pods request and use 8/8 and carry one soft topology-spread constraint:
 * hostname, maxSkew 1, minDomains 1, ScheduleAnyway. Once the cluster is stable, maintenance
 * takes the nodes down one at a time (parallel 1). The pod of the first node is recreated on
 * another node, which ScheduleAnyway allows to hold two; when that node is maintained next,
 * both its pods disappear at once and the replicas drop to spec − 2, violating
 * `replica_num_always_meet_exp` with expReplicas = spec − 1. (The reference crashes on this
 * case at HEAD; kivi provides the intended behaviour, docs/model.md §14.1.) With `-cn` the
 * expected count is 0, which always holds.
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec, PodSpec } from '../model/cluster.js';

export function c6(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${i + 1}`;
    nodes.push({ name, cpu: 64, memory: 64 });
    pods.push({ name: `app-${pods.length + 1}`, deployment: 'app', node: name, phase: 'Running' });
  }
  return {
    name: caseName('c6', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        topologySpreadConstraints: [
          { maxSkew: 1, minDomains: 1, topologyKey: 'hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' } },
        ],
      }),
    ],
    deployments: [{ name: 'app', replicas: n, template: 'app' }],
    pods,
    spareSlots: 5,
    events: [{ kind: 'maintenance', parallel: 1, afterStable: true }],
    intents: [
      { name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: nonViolation ? 0 : 'spec-1' } },
    ],
    scaling: caseScaling(scale, 2, 4),
  };
}
