/**
 * The cluster autoscaler's inputs (docs/inputs.md, "Node groups and the cluster autoscaler"):
 * `nodeGroups` and `autoscaler` in the cluster profile, the safe-to-evict annotation, and the
 * mistakes reported with their file, object and field.
 */
import { describe, expect, it } from 'vitest';
import { EXPANDER_PRIORITY, UTILIZATION_SCALE } from '../src/model/config.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { Warnings } from '../src/parsers/warnings.js';
import { compile } from '../src/system/compile.js';
import { NODE_ABSENT, NODE_READY, N_STATUS, nodeAt } from '../src/model/layout.js';
import { folder } from './helpers.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}
    spec:
      containers: [{name: web, image: web, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
`;

const PROFILE = {
  nodeGroups: [
    { name: 'general', minSize: 1, maxSize: 3, initialSize: 2, template: { cpu: 4, memory: 16, zone: 'eu-1a', instanceType: 'm5.xlarge' } },
    {
      name: 'gpu', maxSize: 2,
      template: { cpu: 8, memory: 32, taint: ['nvidia.com/gpu=true:NoSchedule'], annotations: { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' } },
    },
  ],
  autoscaler: { expander: 'priority', priorities: { '10': ['^gpu'], '1': ['.*'] }, scaleDownUtilizationThreshold: 0.65, scaleDownUnneededTime: 300, provisioningTime: 90 },
};

const load = (profile: unknown): ReturnType<typeof loadConfigFolder> =>
  loadConfigFolder(folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify(profile) }), new Warnings());

describe('the cluster profile: nodeGroups and autoscaler', () => {
  it('reads groups, templates, annotations and the autoscaler flags', () => {
    const spec = load(PROFILE);
    expect(spec.unmodelled ?? []).toEqual([]);
    expect(spec.nodes).toEqual([]); // no node types, no Node manifests: only the groups' nodes
    const [general, gpu] = spec.nodeGroups!;
    expect(general).toMatchObject({ name: 'general', minSize: 1, maxSize: 3, initialSize: 2 });
    // 4 cores = 4000m, 16 GiB = 16384 MiB; the zone and instance type become well-known labels.
    expect(general.template).toMatchObject({ cpu: 4000, memory: 16384, labels: { 'topology.kubernetes.io/zone': 'eu-1a', 'node.kubernetes.io/instance-type': 'm5.xlarge' } });
    expect(gpu).toMatchObject({ name: 'gpu', minSize: 0, maxSize: 2 });
    expect(gpu.template.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
    expect(gpu.template.scaleDownDisabled).toBe(true);
    expect(spec.podTemplates[0].safeToEvict).toBe(false);

    const cfg = compile(spec);
    const ca = cfg.autoscaler!;
    // Slots: general-1..3 then gpu-1..2; general starts with 2 nodes, gpu with its minimum 0.
    expect(cfg.nodeNames.slice(1)).toEqual(['general-1', 'general-2', 'general-3', 'gpu-1', 'gpu-2']);
    const status = [1, 2, 3, 4, 5].map((n) => cfg.initial[nodeAt(cfg.layout, n) + N_STATUS]);
    expect(status).toEqual([NODE_READY, NODE_READY, NODE_ABSENT, NODE_ABSENT, NODE_ABSENT]);
    expect(ca.expander).toBe(EXPANDER_PRIORITY);
    expect(ca.groups.map((g) => g.priority)).toEqual([1, 10]);
    expect(ca.thresholdNum).toBe(0.65 * UTILIZATION_SCALE);
    // Seconds to ticks of 0.1 s; scale-down-delay-after-add keeps its default 600 s.
    expect([ca.unneededTime, ca.provisioningTime, ca.delayAfterAdd]).toEqual([3000, 900, 6000]);
    expect(Array.from(ca.scaleDownDisabled.slice(1))).toEqual([0, 0, 0, 1, 1]);
    expect(cfg.templates[1].safeToEvict).toBe(-1);
  });

  it('names the file, object and field of a mistake', () => {
    const tooSmall = { nodeGroups: [{ name: 'general', minSize: 3, maxSize: 2, template: { cpu: 4, memory: 16 } }] };
    expect(() => compile(load(tooSmall))).toThrow(/cluster_configs\.json: NodeGroup\/general: minSize: minSize \(3\) is greater than maxSize \(2\)/);
    const noMax = { nodeGroups: [{ name: 'general', template: { cpu: 4, memory: 16 } }] };
    expect(() => load(noMax)).toThrow(/nodeGroups\[0\]: maxSize: is required/);
    const badKey = { nodeGroups: [{ name: 'general', maxSize: 2, size: 3, template: { cpu: 4, memory: 16 } }] };
    expect(() => load(badKey)).toThrow(/nodeGroups\[0\]: size: unknown key "size"/);
    const expander = { ...PROFILE, autoscaler: { expander: 'most-pods' } };
    expect(() => compile(load(expander))).toThrow(/autoscaler: expander: must be random, least-waste or priority, got "most-pods"/);
    const threshold = { ...PROFILE, autoscaler: { scaleDownUtilizationThreshold: 1.5 } };
    expect(() => compile(load(threshold))).toThrow(/scaleDownUtilizationThreshold: must be a number from 0 to 1, got 1.5/);
  });

  it('the node-group intents need node groups', () => {
    const dir = folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify({ nodesTypes: [{ template: { cpu: 4, memory: 16 }, num: 2 }] }), 'user_input/intents.json': '[{"name": "pod_eventually_scheduled"}]' });
    expect(() => compile(loadConfigFolder(dir, new Warnings()))).toThrow(/pod_eventually_scheduled needs node groups/);
  });

  it('an event that names a node of a group is an input error: the node may not exist then', () => {
    const profile = { ...PROFILE, events_assumption: [{ name: 'nodeFailure', para: { node: 'general-1' } }] };
    expect(() => compile(load(profile))).toThrow(/names node "general-1" of a node group; nodeFailure takes a node that is not autoscaled/);
  });
});
