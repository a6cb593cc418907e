/** Quantities, intents, events, configuration folders and kubectl output, on hand-checked inputs. */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { compile } from '../src/system/compile.js';
import { InputError } from '../src/model/errors.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { parseEvents } from '../src/parsers/events.js';
import { parseIntents } from '../src/parsers/intents.js';
import { loadKubectlLogs } from '../src/parsers/kubectl-logs.js';
import { parseCpuMillis, parseMemoryMiB } from '../src/parsers/quantity.js';
import { Warnings } from '../src/parsers/warnings.js';
import { folder } from './helpers.js';

const where = { file: 'f.yaml', object: 'Deployment/x', field: 'cpu' };

const OS_ARCH = { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };

describe('Kubernetes quantities', () => {
  it('CPU in millicores, rounded up', () => {
    const table: Array<[unknown, number]> = [
      ['100m', 100], ['0.5', 500], ['2', 2000], [2, 2000], ['1e3', 1_000_000], ['1.5', 1500], ['250m', 250], ['0.0001', 1], ['1k', 1_000_000],
    ];
    for (const [v, want] of table) expect(parseCpuMillis(v, where), String(v)).toBe(want);
  });

  it('memory in MiB, rounded up', () => {
    const table: Array<[unknown, number]> = [
      ['512Mi', 512], ['1Gi', 1024], ['1G', 954], ['65910332Ki', 64366], ['64k', 1], ['1e9', 954], ['128974848', 123], [0, 0], ['17Mi', 17],
    ];
    for (const [v, want] of table) expect(parseMemoryMiB(v, where), String(v)).toBe(want);
  });

  it('a malformed quantity names file, object and field', () => {
    expect(() => parseCpuMillis('lots', where)).toThrow('f.yaml: Deployment/x: cpu: is not a Kubernetes quantity: "lots"');
    expect(() => parseCpuMillis('-1', where)).toThrow(/out of range/);
    expect(() => parseMemoryMiB({}, where)).toThrow(/must be a quantity/);
  });
});

describe('intents.json', () => {
  it('reads user and internal names, deployment names and the reference\'s expressions', () => {
    expect(parseIntents([{ name: 'pod_always_schedulable' }, { name: 'checkExpReplicas', para: { did: 'web', expReplicas: 'd[did].specReplicas-1' } }], 'i.json')).toEqual([
      { name: 'pod_always_schedulable', params: undefined },
      { name: 'checkExpReplicas', params: { deployment: 'web', expReplicas: 'spec-1' } },
    ]);
  });

  it('rejects unknown intents and deployments given by index', () => {
    expect(() => parseIntents([{ name: 'no_bugs' }], 'i.json')).toThrow('i.json: intent #1: name: unknown intent "no_bugs"');
    expect(() => parseIntents([{ name: 'no_oscillation_eviction', para: { did: 1 } }], 'i.json')).toThrow(/must name the deployment/);
    expect(() => parseIntents({ name: 'x' }, 'i.json')).toThrow(/must be a list of intents/);
  });
});

describe('misspelled keys of intents and events', () => {
  // Each of these was dropped silently: `parms` left pod_balance_across_node at maxSkew 2 (or
  // without its deployment), `after_stabel` let a node fail before the cluster settled, and
  // `nod` was reported as a missing node rather than a misspelled key.
  it('an intent\'s key or param that kivi does not read is an error naming the key meant', () => {
    expect(() => parseIntents([{ name: 'pod_balance_across_node', parms: { deployment: 'web' } }], 'i.json'))
      .toThrow('i.json: intent #1 (pod_balance_across_node): parms: unknown key (did you mean params?); expected name, params, para');
    expect(() => parseIntents([{ name: 'pod_balance_across_node', params: { deployment: 'web', maxSkw: 1 } }], 'i.json'))
      .toThrow('i.json: intent #1 (pod_balance_across_node): params.maxSkw: unknown key (did you mean maxSkew?)');
  });

  it('an event\'s key, or a para key of an event that takes some, that kivi does not read is an error', () => {
    expect(() => parseEvents([{ name: 'nodeFailure', para: { node: 'n1' }, after_stabel: true }], 'c.json', 'events_assumption'))
      .toThrow('c.json: events_assumption[0] (nodeFailure): after_stabel: unknown key (did you mean after_stable?)');
    expect(() => parseEvents([{ name: 'drain', para: { nod: 'n1' } }], 'c.json', 'userCommand'))
      .toThrow('c.json: userCommand[0] (drain): para.nod: unknown key (did you mean node?); expected node');
    // The reference's spellings still read: afterStable, params, first.
    expect(parseEvents([{ name: 'drain', params: { node: 'n1' }, afterStable: true, first: 1 }], 'c.json', 'userCommand'))
      .toEqual([{ kind: 'drain', node: 'n1', afterStable: true, first: true }]);
  });
});

describe('events', () => {
  it('reads the reference\'s shape with named targets', () => {
    expect(parseEvents([
      { name: 'eventCpuChange', para: { targetDeployment: 'web' }, after_stable: true },
      { name: 'maintenance', para: { p: 2 } },
      { name: 'kernelPanic' },
    ], 'c.json', 'events_assumption')).toEqual([
      { kind: 'eventCpuChange', deployment: 'web', afterStable: true, first: false },
      { kind: 'maintenance', parallel: 2, afterStable: false, first: false },
      { kind: 'kernelPanic' },
    ]);
    expect(() => parseEvents([{ name: 'eventCpuChange', para: {} }], 'c.json', 'events_assumption')).toThrow(/needs the target deployment by name/);
    expect(() => parseEvents([{ name: 'meteor' }], 'c.json', 'events_assumption')).toThrow(/unknown event "meteor"/);
  });
});

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
      containers:
      - name: web
        image: nginx
        resources: {requests: {cpu: 500m, memory: 256Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 4
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`;

describe('configuration folders', () => {
  it("reads a node type's allocatable (cpu, memory, pods) from the profile", () => {
    const dir = folder({
      'yaml/web.yaml': DEPLOY,
      'user_input/cluster_configs.json': JSON.stringify({
        nodesTypes: [{ template: { cpu: 4, memory: 8, allocatable: { cpu: '3500m', memory: 7, pods: 20 } }, num: 1 }],
        dTypes: [{ name: 'web', num: 2 }],
      }),
    });
    // 3500m; 7 GiB = 7168 MiB; 20 pods.
    expect(loadConfigFolder(dir, new Warnings()).nodes[0].allocatable).toEqual({ cpu: 3500, memory: 7168, pods: 20 });
    const bad = folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify({ nodesTypes: [{ template: { cpu: 4, memory: 8, allocatable: { gpus: 1 } } }] }) });
    expect(() => loadConfigFolder(bad, new Warnings())).toThrow(/template\.allocatable\.gpus: is not one of cpu, memory, pods/);
  });

  it('builds nodes from the profile, replicas from dTypes, and pod slots up to the HPA maximum', () => {
    const dir = folder({
      'yaml/web.yaml': DEPLOY,
      'user_input/cluster_configs.json': JSON.stringify({
        nodesTypes: [{ template: { cpu: 4, memory: 8, labels: { zone: 'a' } }, num: 2 }, { template: { cpu: '2', memory: '4Gi', labels: { zone: 'b' } }, num: 1 }],
        dTypes: [{ name: 'web', num: 2 }],
      }),
      'user_input/intents.json': '[{"name": "pod_always_schedulable"}]',
    });
    const w = new Warnings();
    const spec = loadConfigFolder(dir, w);
    expect(spec.nodes.map((n) => [n.name, n.cpu, n.memory, n.labels])).toEqual([
      // Profile nodes carry the kubelet's well-known os and arch labels besides their own.
      ['node-1', 4000, 8192, { ...OS_ARCH, zone: 'a' }], ['node-2', 4000, 8192, { ...OS_ARCH, zone: 'a' }], ['node-3', 2000, 4096, { ...OS_ARCH, zone: 'b' }],
    ]);
    expect(spec.deployments[0]).toMatchObject({ name: 'web', replicas: 2, created: false, hpa: { minReplicas: 3, maxReplicas: 4 } });
    expect(spec.spareSlots).toBe(4 + 3);
    expect(spec.events).toEqual([{ kind: 'createTargetDeployment', deployment: 'web' }]);
    expect(spec.podTemplates[0]).toMatchObject({ cpuRequest: 500, memoryRequest: 256 });
    expect(() => compile(spec)).not.toThrow();
  });

  it('gives profile nodes the well-known labels: instance type, zone and region when named, os and arch unless given', () => {
    const dir = folder({
      'yaml/web.yaml': DEPLOY,
      'user_input/cluster_configs.json': JSON.stringify({
        nodesTypes: [
          { template: { name: 'm5', cpu: 4, memory: 8, instanceType: 'm5.large', zone: 'eu-1a', region: 'eu-1' }, num: 1 },
          { template: { name: 'arm', cpu: 4, memory: 8, labels: { 'kubernetes.io/arch': 'arm64' } }, num: 1 },
        ],
        dTypes: [{ name: 'web', num: 1 }],
      }),
    });
    const spec = loadConfigFolder(dir, new Warnings());
    expect(spec.nodes.map((n) => n.labels)).toEqual([
      {
        ...OS_ARCH,
        'node.kubernetes.io/instance-type': 'm5.large',
        'topology.kubernetes.io/zone': 'eu-1a',
        'topology.kubernetes.io/region': 'eu-1',
      },
      // A label the template gives wins over the default.
      { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64' },
    ]);
    expect(() => compile(spec)).not.toThrow();
  });

  it('a single taint string on a node type is its taint, not dropped', () => {
    // `taint: "dedicated=gpu:NoSchedule"` without a list: before, only a list was read and a lone
    // string was dropped, so web's pods (no toleration) were "always schedulable" on nodes that
    // TaintToleration (kube-scheduler Filter) rejects for every one of them.
    const profile = (taint: unknown) => folder({
      'yaml/web.yaml': DEPLOY,
      'user_input/cluster_configs.json': JSON.stringify({ nodesTypes: [{ template: { cpu: 4, memory: 8, taint }, num: 1 }], dTypes: [{ name: 'web', num: 1 }] }),
    });
    expect(loadConfigFolder(profile('dedicated=gpu:NoSchedule'), new Warnings()).nodes[0].taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(loadConfigFolder(profile({ key: 'spot', effect: 'NoExecute' }), new Warnings()).nodes[0].taints).toEqual([{ key: 'spot', value: undefined, effect: 'NoExecute' }]);
    expect(() => loadConfigFolder(profile('dedicated=gpu:NoSchedul'), new Warnings())).toThrow(/nodesTypes\[0\]: template\.taint: must be "key=value:Effect"/);
  });

  it('a misspelled key of a node type, its template or a dTypes entry is an error naming the key meant', () => {
    // The profile is kivi's format: `nmu` left num at its default 1, `lables` dropped the zone
    // label a spread constraint counts, `mxSize` the scaling bound, all silently before.
    const load = (profile: unknown) => () => loadConfigFolder(folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify(profile) }), new Warnings());
    expect(load({ nodesTypes: [{ template: { cpu: 4, memory: 8 }, nmu: 2 }] })).toThrow('cluster_configs.json: nodesTypes[0]: nmu: unknown key (did you mean num?); expected template, num, minSize, maxSize');
    expect(load({ nodesTypes: [{ template: { cpu: 4, memory: 8, lables: { zone: 'a' } } }] })).toThrow(/nodesTypes\[0\]: template\.lables: unknown key \(did you mean labels\?\)/);
    expect(load({ nodesTypes: [{ template: { cpu: 4, memory: 8 } }], dTypes: [{ name: 'web', num: 2, mxSize: 4 }] })).toThrow('dTypes[0]: mxSize: unknown key (did you mean maxSize?); expected name, num, minSize, maxSize');
  });

  it('an allocatable above the capacity is an error', () => {
    // The kubelet's allocatable is capacity minus kube-reserved, system-reserved and the eviction
    // threshold (GetNodeAllocatableAbsolute): it never exceeds the capacity. 3 cores > 2 cores.
    const dir = (allocatable: unknown) => folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify({ nodesTypes: [{ template: { cpu: 2, memory: 4, allocatable } }] }) });
    expect(() => loadConfigFolder(dir({ cpu: 3 }), new Warnings())).toThrow('nodesTypes[0]: template.allocatable.cpu: is 3000m, more than the capacity template.cpu (2000m)');
    // 5 GiB = 5120 MiB > 4 GiB = 4096 MiB.
    expect(() => loadConfigFolder(dir({ memory: '5Gi' }), new Warnings())).toThrow('template.allocatable.memory: is 5120 MiB, more than the capacity template.memory (4096 MiB)');
    expect(loadConfigFolder(dir({ cpu: 2, memory: '4Gi' }), new Warnings()).nodes[0].allocatable).toEqual({ cpu: 2000, memory: 4096 });
  });

  it('names the file and the object for a dTypes entry without a Deployment', () => {
    const dir = folder({ 'yaml/web.yaml': DEPLOY, 'user_input/cluster_configs.json': JSON.stringify({ nodesTypes: [{ template: { cpu: 4, memory: 8 }, num: 1 }], dTypes: [{ name: 'api', num: 1 }] }) });
    expect(() => loadConfigFolder(dir, new Warnings())).toThrow(/cluster_configs\.json: dTypes\[0\]: name: no Deployment "api" in yaml\//);
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = folder({ 'yaml/bad.yaml': 'kind: Deployment\nmetadata: {name: web\n', 'user_input/cluster_configs.json': '{}' });
    try {
      loadConfigFolder(dir, new Warnings());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(/bad\.yaml: .*line \d/);
    }
  });

  it('refuses a folder without nodes or manifests', () => {
    expect(() => loadConfigFolder(folder({ 'yaml/web.yaml': DEPLOY }), new Warnings())).toThrow(/no nodes/);
    expect(() => loadConfigFolder(folder({ 'README.md': 'x' }), new Warnings())).toThrow(/has no yaml\/ folder/);
  });
});

const node = (name: string, zone: string | null, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(zone ? { zone } : {}) } },
  spec: extra,
  status: { allocatable: { cpu: '2', memory: '4Gi' }, capacity: { cpu: '2', memory: '4Gi' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

const pod = (name: string, ns: string, nodeName: string, owner: { kind: string; name: string } | null, labels: Record<string, string>, cpu = '500m') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels, ownerReferences: owner ? [{ apiVersion: 'apps/v1', controller: true, ...owner }] : undefined },
  spec: { nodeName, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }] },
  status: { phase: 'Running' },
});

describe('kubectl output', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'x', resources: { requests: { cpu: '500m' } } }] } },
    },
    status: { replicas: 2, availableReplicas: 2 },
  };
  const files = {
    'setup/nodes.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('cp', null, { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), node('w1', 'a'), node('w2', 'b')] }),
    'setup/pods.json': JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        pod('web-5d9c7-aaaaa', 'shop', 'w1', { kind: 'ReplicaSet', name: 'web-5d9c7' }, { app: 'web', 'pod-template-hash': '5d9c7' }),
        pod('web-5d9c7-bbbbb', 'shop', 'w2', { kind: 'ReplicaSet', name: 'web-5d9c7' }, { app: 'web', 'pod-template-hash': '5d9c7' }),
        // A name-prefix look-alike owned by another ReplicaSet: not a pod of "web".
        pod('web-api-7f6d8-ccccc', 'shop', 'w1', { kind: 'ReplicaSet', name: 'web-api-7f6d8' }, { app: 'api', 'pod-template-hash': '7f6d8' }, '200m'),
        pod('kindnet-x', 'kube-system', 'w2', { kind: 'DaemonSet', name: 'kindnet' }, {}, '100m'),
      ],
    }),
    'setup/deployments.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [deployment] }),
    'setup/top.txt': 'NAME               CPU(cores)   MEMORY(bytes)\nweb-5d9c7-aaaaa    600m         20Mi\nweb-5d9c7-bbbbb    400m         18Mi\n',
    'setup/hpa.csv': 'NAME,REFERENCE,TARGETS,MINPODS,MAXPODS,REPLICAS,AGE\nweb,Deployment/web,100%/50%,2,3,2,1m\n',
    'user_input/intents.json': '[{"name": "pod_always_schedulable"}]',
  };

  it('links pods through their ReplicaSet, folds other pods into node capacity and reads usage and the HPA table', () => {
    const w = new Warnings();
    const spec = loadKubectlLogs(folder(files), w);
    expect(spec.nodes.map((n) => [n.name, n.cpuLeft ?? n.cpu])).toEqual([['cp', 2000], ['w1', 2000 - 200], ['w2', 2000 - 100]]);
    expect(spec.nodes[0].taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    // The scheduler sees their requests: web-api's 200m on w1, kindnet's 100m on w2, one pod each.
    expect(spec.nodes.map((n) => n.reserved)).toEqual([undefined, { cpu: 200, memory: 0, pods: 1 }, { cpu: 100, memory: 0, pods: 1 }]);
    expect(spec.pods.map((p) => [p.name, p.deployment, p.node, p.cpu])).toEqual([
      ['web-5d9c7-aaaaa', 'web', 'w1', 600],
      ['web-5d9c7-bbbbb', 'web', 'w2', 400],
    ]);
    expect(spec.deployments).toHaveLength(1);
    expect(spec.deployments[0].hpa).toEqual({ minReplicas: 2, maxReplicas: 3, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] });
    expect(w.lines.some((l) => l.includes('Pod/web-api-7f6d8-ccccc') && l.includes('only takes capacity'))).toBe(true);
  });

  it('checks the cluster as it is: the HPA wants a third pod', async () => {
    const r = await checkCluster(loadKubectlLogs(folder(files), new Warnings()));
    // On requests: w1 holds 500m + 200m = 700m of 2000m, w2 500m + 100m = 600m; a third pod of
    // 500m fits either, so the scale-up succeeds.
    expect(r.status).toBe('holds');
  });

  it('--namespace selects the checked workloads; one without a Deployment is nothing to check (an error, not a pass)', () => {
    // kube-system has only pods here (no Deployment objects): nothing of it would be checked.
    expect(() => loadKubectlLogs(folder(files), new Warnings(), { namespace: 'kube-system' })).toThrow(
      /setup: --namespace: no Deployment in namespace "kube-system"; the deployments are in shop \(choose one with --namespace\)/,
    );
  });

  it('refuses output without nodes, naming the folder', () => {
    const { ['setup/nodes.json']: _, ...rest } = files;
    void _;
    expect(() => loadKubectlLogs(folder(rest), new Warnings())).toThrow(/setup: no nodes: add the output of `kubectl get nodes -o json`/);
  });
});
