/**
 * Case c1 (docs/model.md §15, internal h1): HPA oscillation. New pods start CPU-hot and
 * cool down 150 s later, so the HPA scales all the way up and then back down.
 *
 * n empty nodes of 64 CPU / 64 memory (abstract units, no labels) and 2n + 5 free pod slots. The
 * deployment does not exist yet: a user command creates it concurrently from the start, with
 * spec r0 = 1 if n < 5, else ⌊n/5⌋. Its HPA targets 50 % CPU with min r0 and max 2n. The pods
 * request 8/8; their CPU pattern starts them at 8 (100 % of the request, twice the target) and
 * drops them to 3 (37.5 %) 1500 ticks (150 s) after they start, or earlier once the cluster is
 * idle. The HPA doubles the replicas up to max, then scales back down when the pods cool:
 * reaching max and later falling to ≤ max − 3 violates `no_oscillation_replica_num`. With `-cn`
 * the setup is identical but that intent is not checked (only the default
 * `pod_always_schedulable`, which `-o` proves without a search: 2n + 4 other pods cannot fill
 * n nodes of 8 pods each, docs/model.md §8.2.8).
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec } from '../model/cluster.js';

export function c1(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < n; i++) nodes.push({ name: `node-${i + 1}`, cpu: 64, memory: 64 });
  const r0 = n < 5 ? 1 : Math.floor(n / 5);
  return {
    name: caseName('c1', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        // 150 s: long enough for the HPA to see the spike through its readiness handling and
        // double the count round after round up to 2n (docs/model.md §15).
        cpuPattern: { usage: [8, 3], at: [0, 1500] },
      }),
    ],
    deployments: [
      {
        name: 'app',
        replicas: r0,
        template: 'app',
        created: false,
        hpa: { minReplicas: r0, maxReplicas: 2 * n, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] },
      },
    ],
    pods: [],
    spareSlots: 2 * n + 5,
    events: [{ kind: 'createTargetDeployment', deployment: 'app' }],
    intents: nonViolation ? [] : [{ name: 'no_oscillation_replica_num', params: { deployment: 'app' } }],
    scaling: caseScaling(scale),
  };
}
