/**
 * Case c5 (docs/model.md §15, internal s1): the descheduler's RemoveDuplicates plugin
 * fights the scheduler.
 *
 * Three kinds of 64 CPU / 64 memory nodes, in this order: t1 = ⌈3n/5⌉ nearly full nodes running
 * one pod each, with only 4/4 free (the reference's value: something kivi does not model uses
 * the rest, so it is given explicitly, and requests it too: 52/52 reserved, since the scheduler
 * fits requests, not usage); t2 = ⌈n/5⌉ nodes running three pods (40/40 free); and
 * t3 = max(0, n − t1 − t2) nodes running four pods (32/32 free). For small n the node count
 * exceeds n (n = 1 gives 2 nodes). Pods are placed walking the nodes in order; the deployment
 * runs them all (spec = t1 + 3·t2 + 4·t3, no HPA) and three free slots remain. Pods request
 * and use 8/8; the template's one-entry CPU pattern never fires and only sets new pods' usage.
 * RemoveDuplicates evicts a duplicate from a three-pod node; the only other nodes have 4 < 8
 * free, so the scheduler puts the pod back on the same node, over and over: three rounds
 * violate `no_oscillation_eviction`. With `-cn` the type-1 nodes have 56/56 free (their own pod
 * only), so the evicted pod can land elsewhere; the intent is kept.
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec, PodSpec } from '../model/cluster.js';

export function c5(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const t1 = Math.ceil((3 * n) / 5);
  const t2 = Math.ceil(n / 5);
  const t3 = Math.max(0, n - t1 - t2);
  const kinds: { count: number; pods: number; left?: number }[] = [
    { count: t1, pods: 1, left: nonViolation ? undefined : 4 },
    { count: t2, pods: 3 },
    { count: t3, pods: 4 },
  ];
  const nodes: NodeSpec[] = [];
  const pods: PodSpec[] = [];
  for (const kind of kinds) {
    for (let k = 0; k < kind.count; k++) {
      const name = `node-${nodes.length + 1}`;
      const node: NodeSpec = { name, cpu: 64, memory: 64 };
      if (kind.left !== undefined) {
        node.cpuLeft = kind.left;
        node.memLeft = kind.left;
        // The scheduler sees requests, not usage (docs/model.md §8.2.2): what uses the rest also
        // requests it, 64 − 8 (the node's own pod) − 4 = 52 of each, in a pod kivi does not model.
        node.reserved = { cpu: 64 - 8 - kind.left, memory: 64 - 8 - kind.left, pods: 1 };
      }
      nodes.push(node);
      for (let p = 0; p < kind.pods; p++) pods.push({ name: `app-${pods.length + 1}`, deployment: 'app', node: name, phase: 'Running' });
    }
  }
  return {
    name: caseName('c5', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        cpuPattern: { usage: [8], at: [0] },
      }),
    ],
    deployments: [{ name: 'app', replicas: pods.length, template: 'app' }],
    pods,
    spareSlots: 3,
    events: [],
    intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
    descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] },
    scaling: caseScaling(scale, 1),
  };
}
