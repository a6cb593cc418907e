/**
 * Case c3 (docs/model.md §15, internal s3): two topology-spread constraints (zone and
 * hostname, DoNotSchedule, maxSkew 1) plus an HPA scale-up that no node can take.
 *
 * n' = 2⌊n/2⌋ + 1 nodes of 64 CPU / 64 memory (abstract units). Zone 1 holds the first
 * (n'+1)/2 nodes, zone 2 the rest. Every node runs two pods except the middle one, which runs
 * one: zone 1 has n' pods, zone 2 n' − 1, nodes 2 or 1. The deployment runs 2n' − 1 pods
 * requesting 8/8 and using 8/8; its HPA targets 91 % CPU with min 2n' − 1 and max 2n'. Once
 * the cluster is stable, one CPU bump of 1..6 on one pod may push the HPA over its 10 %
 * tolerance: the extra pod must go to zone 2 (zone skew) and to the middle node (hostname
 * skew), which is in zone 1. With `-cn` only the hostname constraint is set.
 */
import { appTemplate, caseName, caseScaling, caseScheduler, spreadApp } from './common.js';
import type { ClusterSpec, NodeSpec, PodSpec } from '../model/cluster.js';

export function c3(scale: number, nonViolation: boolean): ClusterSpec {
  const n = 2 * Math.floor(scale / 2) + 1;
  const middle = Math.floor(n / 2);
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${i + 1}`;
    nodes.push({ name, cpu: 64, memory: 64, labels: { zone: i > n / 2 ? '2' : '1' } });
    const count = i === middle ? 1 : 2;
    for (let k = 0; k < count; k++) pods.push({ name: `app-${pods.length + 1}`, deployment: 'app', node: name, phase: 'Running' });
  }
  const replicas = 2 * n - 1;
  const spread = (topologyKey: string) => spreadApp(topologyKey, 'DoNotSchedule');
  return {
    name: caseName('c3', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        topologySpreadConstraints: nonViolation ? [spread('hostname')] : [spread('hostname'), spread('zone')],
      }),
    ],
    deployments: [
      {
        name: 'app',
        replicas,
        template: 'app',
        hpa: { minReplicas: replicas, maxReplicas: 2 * n, metrics: [{ resource: 'cpu', type: 'Utilization', target: 91 }] },
      },
    ],
    pods,
    spareSlots: 1,
    events: [{ kind: 'eventCpuChange', deployment: 'app', afterStable: true }],
    intents: [],
    scaling: caseScaling(scale),
  };
}
