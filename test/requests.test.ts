/**
 * What takes a node's capacity in kube-scheduler's eyes (docs/model.md §8.2.2): DaemonSet pods
 * placed as the DaemonSet controller places them, allocatable from Node objects and the cluster
 * profile. Every expected number is worked out by hand beside it.
 */
import { describe, expect, it } from 'vitest';
import { readManifests } from '../src/parsers/manifests.js';
import { parseDocuments } from '../src/parsers/documents.js';
import { Warnings } from '../src/parsers/warnings.js';
import { compile } from '../src/system/compile.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { cluster } from './helpers.js';

const FILE = 'test.yaml';

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs, namespace: kube-system}
spec:
  selector: {matchLabels: {app: logs}}
  template:
    metadata: {labels: {app: logs}}
    spec:
      nodeSelector: {pool: general}
      containers:
      - {name: agent, resources: {requests: {cpu: 200m, memory: 256Mi}}}
      initContainers:
      - {name: setup, resources: {requests: {cpu: 500m, memory: 64Mi}}}
`;

describe('kind: DaemonSet', () => {
  it('reads the pod template with PodRequests, from any namespace', () => {
    const w = new Warnings();
    const m = readManifests(parseDocuments(DS, FILE), w, { namespace: 'prod' });
    // Requests: cpu max(200, 500) = 500 millicores (the init container), memory max(256, 64) = 256 MiB.
    expect(m.daemonSets).toHaveLength(1);
    expect(m.daemonSets![0].name).toBe('logs');
    expect(m.daemonSets![0].template).toMatchObject({ cpuRequest: 500, memoryRequest: 256, nodeSelector: { pool: 'general' }, namespace: 'kube-system' });
    expect(w.lines).toEqual([]);
  });

  it('reserves one pod per node it runs on, as NodeShouldRunDaemonPod places it', () => {
    // n1: pool=general, no taint → runs. n2: pool=gpu → the selector excludes it. n3:
    // pool=general, cordoned (unschedulable:NoSchedule) → runs: daemon pods tolerate it. n4:
    // pool=general, dedicated=db:NoSchedule not tolerated → does not run. n5: same taint, but
    // a toleration for it in the DaemonSet → runs.
    const base = cluster({
      nodes: [
        { name: 'n1', cpu: 4000, memory: 8192, labels: { pool: 'general' } },
        { name: 'n2', cpu: 4000, memory: 8192, labels: { pool: 'gpu' } },
        { name: 'n3', cpu: 4000, memory: 8192, labels: { pool: 'general' }, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
        { name: 'n4', cpu: 4000, memory: 8192, labels: { pool: 'general' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
        { name: 'n5', cpu: 4000, memory: 8192, labels: { pool: 'general', tolerant: 'yes' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
      ],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 100, memoryRequest: 100 },
      placement: [],
    });
    const tpl = { name: 'logs', labels: { app: 'logs' }, cpuRequest: 500, memoryRequest: 256, nodeSelector: { pool: 'general' } };
    const spec: ClusterSpec = {
      ...base,
      daemonSets: [
        { name: 'logs', template: tpl },
        { name: 'db-agent', template: { ...tpl, name: 'db-agent', cpuRequest: 100, memoryRequest: 10, nodeSelector: { tolerant: 'yes' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } },
      ],
    };
    const cfg = compile(spec);
    expect([...cfg.nodeReservedCpu].slice(1)).toEqual([500, 0, 500, 0, 100]);
    expect([...cfg.nodeReservedMem].slice(1)).toEqual([256, 0, 256, 0, 10]);
    expect([...cfg.nodeReservedPods].slice(1)).toEqual([1, 0, 1, 0, 1]);
  });
});

describe('allocatable', () => {
  it('reads status.allocatable.pods of a Node, else status.capacity.pods', () => {
    const node = (status: string) => `kind: Node
metadata: {name: n1}
status: ${status}
`;
    const a = readManifests(parseDocuments(node('{allocatable: {cpu: "2", memory: 4Gi, pods: "30"}, capacity: {cpu: "2", memory: 4Gi, pods: "40"}}'), FILE), new Warnings());
    expect(a.nodes[0].allocatable).toEqual({ pods: 30 });
    const c = readManifests(parseDocuments(node('{capacity: {cpu: "2", memory: 4Gi, pods: "40"}}'), FILE), new Warnings());
    expect(c.nodes[0].allocatable).toEqual({ pods: 40 });
    const none = readManifests(parseDocuments(node('{capacity: {cpu: "2", memory: 4Gi}}'), FILE), new Warnings());
    // No pods given: the compiled node gets the kubelet's default maxPods, 110.
    expect(none.nodes[0].allocatable).toBeUndefined();
  });

  it('defaults to the capacity for cpu and memory and to 110 pods', () => {
    const cfg = compile(cluster({
      nodes: [{ name: 'n1', cpu: 4000, memory: 8192 }, { name: 'n2', cpu: 4000, memory: 8192, allocatable: { cpu: 3500, pods: 20 } }],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 100, memoryRequest: 100 },
      placement: [],
    }));
    expect([[...cfg.nodeAllocCpu], [...cfg.nodeAllocMem], [...cfg.nodeAllocPods]]).toEqual([[0, 4000, 3500], [0, 8192, 8192], [0, 110, 20]]);
  });
});
