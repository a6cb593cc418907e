/**
 * Case c7 (docs/model.md §15, internal d1): pods pinned with `nodeName` onto a
 * NoExecute-tainted node cause an eviction loop.
 *
 * n empty nodes of 64 CPU / 64 memory; node-1 carries the taint `key1=value1:NoExecute`. There
 * are n free pod slots. The deployment does not exist yet: a user command creates it with spec
 * 5n (never reachable with n slots; no HPA). Its pods request 8/8, are pinned to node-1 with
 * `nodeName` (the scheduler is bypassed, they go straight to the kubelet) and tolerate nothing;
 * the template's one-entry CPU pattern never fires and only sets new pods' usage. The taint
 * manager evicts every pod that starts on node-1 and the deployment recreates it: three rounds
 * violate `no_oscillation_eviction`. With `-cn` node-1 has no taint; the intent is kept.
 */
import { appTemplate, caseName, caseScaling, caseScheduler } from './common.js';
import type { ClusterSpec, NodeSpec } from '../model/cluster.js';

export function c7(scale: number, nonViolation: boolean): ClusterSpec {
  const n = scale;
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < n; i++) {
    const node: NodeSpec = { name: `node-${i + 1}`, cpu: 64, memory: 64 };
    if (i === 0 && !nonViolation) node.taints = [{ key: 'key1', value: 'value1', effect: 'NoExecute' }];
    nodes.push(node);
  }
  return {
    name: caseName('c7', scale, nonViolation),
    scheduler: caseScheduler(),
    nodes,
    podTemplates: [
      appTemplate({
        nodeName: 'node-1',
        cpuPattern: { usage: [8], at: [0] },
      }),
    ],
    deployments: [{ name: 'app', replicas: 5 * n, template: 'app', created: false }],
    pods: [],
    spareSlots: n,
    events: [{ kind: 'createTargetDeployment', deployment: 'app' }],
    intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
    scaling: caseScaling(scale),
  };
}
