/**
 * Case c2 (docs/model.md §15, internal h2): `kubectl apply` of a manifest without
 * `replicas` resets the replica count below the HPA minimum.
 *
 * n nodes of 64 CPU / 64 memory labelled `zone: 1`, each running one pod of the deployment. The
 * pods request 8/8 but use 16/16 (200 % of the request); the nodes' free CPU/memory is 56/56 as
 * the reference sets it (capacity minus the request, not the usage), so it is given explicitly.
 * Three free slots remain. The deployment is live with spec n; its HPA targets 50 % CPU with
 * min n and max n + 2, so it scales up to n + 2. Once the cluster is stable the user applies
 * the manifest `app`, which has no `replicas` and therefore means 1: the deployment controller
 * deletes pods down to 1, below the HPA minimum, violating `replica_num_always_meet_min`. With
 * `-cn` the setup is identical but that intent is not checked (only the default
 * `pod_always_schedulable`, which `-o` proves without a search: n + 2 other pods cannot fill n
 * nodes of 8 pods each, docs/model.md §8.2.8).
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec, PodSpec } from '../model/cluster.js';

export function c2(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${i + 1}`;
    nodes.push({ name, cpu: 64, memory: 64, cpuLeft: 56, memLeft: 56, labels: { zone: '1' } });
    pods.push({ name: `app-${pods.length + 1}`, deployment: 'app', node: name, phase: 'Running', cpu: 16, memory: 16 });
  }
  return {
    name: caseName('c2', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [appTemplate()],
    deployments: [
      {
        name: 'app',
        replicas: n,
        template: 'app',
        hpa: { minReplicas: n, maxReplicas: n + 2, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] },
      },
    ],
    pods,
    spareSlots: 3,
    manifests: [{ name: 'app' }],
    events: [{ kind: 'applyDeployment', manifest: 'app', afterStable: true }],
    intents: nonViolation ? [] : [{ name: 'replica_num_always_meet_min', params: { deployment: 'app' } }],
    scaling: caseScaling(scale),
  };
}
