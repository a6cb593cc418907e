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
import { cluster, cycleFor } from './helpers.js';
import { NodeResourcesFit } from '../src/controllers/scheduler/node-resources-fit.js';
import { explainUnschedulable } from '../src/controllers/scheduler/framework.js';

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

describe('extended resources', () => {
  it('reads container requests (defaulted from limits) and node allocatable for domain-prefixed names', () => {
    const w = new Warnings();
    const m = readManifests(parseDocuments(`kind: Node
metadata: {name: gpu-1}
status: {allocatable: {cpu: "8", memory: 32Gi, pods: "110", nvidia.com/gpu: "2", hugepages-2Mi: "0"}}
---
apiVersion: v1
kind: Pod
metadata: {name: train}
spec:
  containers:
  - {name: a, resources: {limits: {nvidia.com/gpu: 1}}}
  - {name: b, resources: {requests: {nvidia.com/gpu: "1", cpu: "1"}, limits: {nvidia.com/gpu: "1"}}}
`, FILE), w);
    expect(m.nodes[0].allocatable).toEqual({ pods: 110, extended: { 'nvidia.com/gpu': 2 } });
    // a: the limit stands in for the missing request, 1; b: 1. The pod asks for 2 GPUs.
    expect(m.podTemplates[0].extendedRequests).toEqual({ 'nvidia.com/gpu': 2 });
    expect(w.lines).toEqual([]);
  });

  it('fails a node with too few, or none, of the resource: Insufficient <name>', () => {
    // The pod asks for 1 GPU. n1 has 2 and one pod there holds 1: 1 + 1 ≤ 2 fits. n2 has 1 and
    // one pod holds it: 1 + 1 > 1. n3 advertises no GPU: 0 allocatable, 1 > 0.
    const cfg = compile(cluster({
      nodes: [
        { name: 'n1', cpu: 64, memory: 64, allocatable: { extended: { 'nvidia.com/gpu': 2 } } },
        { name: 'n2', cpu: 64, memory: 64, allocatable: { extended: { 'nvidia.com/gpu': 1 } } },
        { name: 'n3', cpu: 64, memory: 64 },
      ],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, extendedRequests: { 'nvidia.com/gpu': 1 }, topologySpreadConstraints: [] },
      placement: [1, 2],
    }));
    expect(cfg.extendedResources).toEqual(['nvidia.com/gpu']);
    const cs = cycleFor(cfg);
    const fit = new NodeResourcesFit(cfg);
    fit.preFilter(cs);
    expect([1, 2, 3].map((n) => fit.filter(cs, n))).toEqual([true, false, false]);
    expect(fit.reasons(cs, 2)).toEqual(['Insufficient nvidia.com/gpu']);
    expect(explainUnschedulable({ filters: [fit], scores: [] }, cs)).toBe('0/3 nodes are available: 2 Insufficient nvidia.com/gpu.');
  });

  it('counts what pods outside the slots hold of it (reserved)', () => {
    // n1 has 1 GPU, held by a pod kivi does not model: 1 + 1 > 1.
    const cfg = compile(cluster({
      nodes: [{ name: 'n1', cpu: 64, memory: 64, allocatable: { extended: { 'nvidia.com/gpu': 1 } }, reserved: { extended: { 'nvidia.com/gpu': 1 } } }],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, extendedRequests: { 'nvidia.com/gpu': 1 }, topologySpreadConstraints: [] },
      placement: [],
    }));
    const cs = cycleFor(cfg);
    const fit = new NodeResourcesFit(cfg);
    fit.preFilter(cs);
    expect(fit.reasons(cs, 1)).toEqual(['Insufficient nvidia.com/gpu']);
  });
});

describe('non-zero requests for scoring (NonMissingContainerRequests)', () => {
  const template = (containers: string) =>
    readManifests(parseDocuments(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: ${containers}
`, FILE), new Warnings()).podTemplates[0];

  it('gives a container that names no cpu or memory 100m and 200 MiB, per container', () => {
    // a: 500m and nothing for memory → 500m, 200 MiB; b: nothing → 100m, 200 MiB.
    // Sum 600m and 400 MiB, where the requests themselves are 500m and 0.
    const t = template('[{name: a, resources: {requests: {cpu: 500m}}}, {name: b}]');
    expect([t.cpuRequest, t.memoryRequest]).toEqual([500, 0]);
    const cfg = compile(cluster({ nodes: [{ name: 'n1', cpu: 4000, memory: 8192 }], template: { ...t, name: 'app' }, placement: [] }));
    expect([cfg.templates[1].cpuNonZero, cfg.templates[1].memNonZero]).toEqual([600, 400]);
  });

  it('keeps an explicit 0 at 0', () => {
    // cpu: "0" is given, so no default; memory is missing → 200 MiB.
    const t = template('[{name: a, resources: {requests: {cpu: "0"}}}]');
    const cfg = compile(cluster({ nodes: [{ name: 'n1', cpu: 4000, memory: 8192 }], template: { ...t, name: 'app' }, placement: [] }));
    expect([cfg.templates[1].cpuNonZero, cfg.templates[1].memNonZero]).toEqual([0, 200]);
  });
});
