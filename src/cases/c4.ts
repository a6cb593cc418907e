/**
 * Case c4 (docs/model.md §15, internal s4): kernel panic from over-packing.
 *
 * n empty nodes of 64 CPU / 64 memory and 2n + 2 free pod slots. The deployment does not exist
 * yet: a user command creates it with spec 2n + 1 (no HPA). Its pods request 21/21, so three of
 * them on one node leave 1/64 ≈ 1.6 % free CPU, at or under the 2 % threshold of the
 * `kernelPanic` watchers (one per node): the node panics, its pods are evicted, recreated and
 * scheduled back onto it once it recovers. The third panic on one node violates
 * `no_kernel_panic`. With `-cn` the pods request 8/8, which never gets a node that low; the
 * intent is kept.
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec } from '../model/cluster.js';

export function c4(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < n; i++) nodes.push({ name: `node-${i + 1}`, cpu: 64, memory: 64 });
  const request = nonViolation ? 8 : 21;
  return {
    name: caseName('c4', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [appTemplate({ cpuRequest: request, memoryRequest: request })],
    deployments: [{ name: 'app', replicas: 2 * n + 1, template: 'app', created: false }],
    pods: [],
    spareSlots: 2 * n + 2,
    events: [{ kind: 'createTargetDeployment', deployment: 'app' }, { kind: 'kernelPanic' }],
    intents: [{ name: 'no_kernel_panic' }],
    scaling: caseScaling(scale, 2, 4),
  };
}
