/**
 * DeschedulerPolicy input (docs/inputs.md): descheduler/v1alpha2 profiles with every modelled
 * plugin's args, and descheduler/v1alpha1 strategies converted as descheduler v0.30's
 * `V1alpha1ToInternal` did (one profile per enabled strategy, the policy's evictor settings in
 * each). Fields are asserted as parsed, then compiled; errors name the field.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, DeschedulerSpec } from '../src/model/cluster.js';
import { InputError } from '../src/model/errors.js';
import { parseDocuments } from '../src/parsers/documents.js';
import { deschedulerFromObject } from '../src/parsers/kinds/descheduler-policy.js';
import { Warnings } from '../src/parsers/warnings.js';
import { compile } from './helpers.js';
import { PLUGIN_LOW_NODE_UTILIZATION, PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS } from '../src/model/config.js';

const FILE = 'policy.yaml';
const one = (text: string, w = new Warnings()): DeschedulerSpec => deschedulerFromObject(parseDocuments(text, FILE)[0].value, { file: FILE, line: 1 }, w);
const error = (text: string): string => {
  try {
    one(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

const V1ALPHA2 = `apiVersion: descheduler/v1alpha2
kind: DeschedulerPolicy
maxNoOfPodsToEvictPerNode: 5
maxNoOfPodsToEvictTotal: 9
profiles:
- name: all
  pluginConfig:
  - name: DefaultEvictor
    args:
      evictLocalStoragePods: true
      ignorePvcPods: true
      nodeFit: true
      minReplicas: 2
      priorityThreshold: {value: 10000}
      labelSelector: {matchLabels: {tier: web}}
  - name: LowNodeUtilization
    args:
      thresholds: {cpu: 20, memory: 20, pods: 20}
      targetThresholds: {cpu: 50, memory: 50, pods: 50}
      numberOfNodes: 1
      evictableNamespaces: {exclude: [kube-system]}
  - name: RemovePodsViolatingNodeAffinity
    args: {nodeAffinityType: [requiredDuringSchedulingIgnoredDuringExecution]}
  - name: RemovePodsViolatingNodeTaints
    args: {includePreferNoSchedule: true, excludedTaints: [dedicated]}
  - name: RemovePodsViolatingTopologySpreadConstraint
    args: {constraints: [DoNotSchedule], topologyBalanceNodeFit: false}
  plugins:
    deschedule:
      enabled: [RemovePodsViolatingNodeAffinity, RemovePodsViolatingNodeTaints]
    balance:
      enabled: [LowNodeUtilization, RemovePodsViolatingTopologySpreadConstraint, RemoveDuplicates]
      disabled: [RemoveDuplicates]
    filter: {enabled: [DefaultEvictor]}
    preEvictionFilter: {enabled: [DefaultEvictor]}
- name: packing
  pluginConfig:
  - name: HighNodeUtilization
    args: {thresholds: {cpu: 40}}
  - name: DefaultEvictor
    args: {priorityThreshold: {name: system-cluster-critical}, evictSystemCriticalPods: false}
  plugins:
    balance: {enabled: [HighNodeUtilization]}
`;

describe('descheduler/v1alpha2', () => {
  it('reads profiles, each plugin\'s args and the DefaultEvictor\'s', () => {
    const w = new Warnings();
    expect(one(V1ALPHA2, w)).toEqual({
      profiles: [
        {
          name: 'all',
          // Deschedule plugins, then balance ones; RemoveDuplicates is disabled again.
          plugins: ['RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingNodeTaints', 'LowNodeUtilization', 'RemovePodsViolatingTopologySpreadConstraint'],
          evictLocalStoragePods: true,
          ignorePvcPods: true,
          nodeFit: true,
          minReplicas: 2,
          priorityThreshold: 10000,
          labelSelector: { matchLabels: { tier: 'web' } },
          lowNodeUtilization: {
            thresholds: { cpu: 20, memory: 20, pods: 20 },
            targetThresholds: { cpu: 50, memory: 50, pods: 50 },
            numberOfNodes: 1,
            excludedNamespaces: ['kube-system'],
          },
          nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'],
          nodeTaints: { includePreferNoSchedule: true, excludedTaints: ['dedicated'] },
          constraints: ['DoNotSchedule'],
          topologyBalanceNodeFit: false,
          maxNoOfPodsToEvictPerNode: 5,
          maxNoOfPodsToEvictTotal: 9,
        },
        {
          name: 'packing',
          plugins: ['HighNodeUtilization'],
          highNodeUtilization: { thresholds: { cpu: 40 } },
          // system-cluster-critical's value.
          priorityThreshold: 2_000_000_000,
          evictSystemCriticalPods: false,
          maxNoOfPodsToEvictPerNode: 5,
          maxNoOfPodsToEvictTotal: 9,
        },
      ],
    });
    expect(w.lines).toEqual([]);
  });

  it('compiles thresholds per node from allocatable (resourceThreshold truncates)', () => {
    const spec: ClusterSpec = {
      name: 'p', nodes: [{ name: 'n1', cpu: 1500, memory: 999 }, { name: 'n2', cpu: 1000, memory: 1000 }],
      podTemplates: [], deployments: [], pods: [], spareSlots: 0, events: [], intents: [], descheduler: one(V1ALPHA2),
    };
    const cfg = compile(spec);
    const [all, packing] = cfg.descheduler!;
    expect(all.plugins).toEqual([PLUGIN_NODE_AFFINITY, PLUGIN_NODE_TAINTS, PLUGIN_LOW_NODE_UTILIZATION, 2]);
    const u = all.lowUtilization!;
    // n1: cpu 20 % of 1500 = 300, memory trunc(0.2 · 999) = 199, pods 20 % of 110 = 22; targets 750, 499, 55.
    expect(Array.from(u.low.slice(3, 6))).toEqual([300, 199, 22]);
    expect(Array.from(u.high.slice(3, 6))).toEqual([750, 499, 55]);
    expect([all.maxPerNode, all.maxTotal, all.nodeFit, all.priorityThreshold, all.topologyBalanceNodeFit]).toEqual([5, 9, true, 10000, false]);
    // HighNodeUtilization: memory and pods default to 100 %, the target is 100 % everywhere.
    const h = packing.highUtilization!;
    expect(Array.from(h.low.slice(6, 9))).toEqual([400, 1000, 110]);
    expect(Array.from(h.high.slice(6, 9))).toEqual([1000, 1000, 110]);
  });

  it('warns about plugins and options kivi does not model', () => {
    const w = new Warnings();
    one(`apiVersion: descheduler/v1alpha2
kind: DeschedulerPolicy
nodeSelector: pool=a
profiles:
- name: p
  pluginConfig:
  - name: DefaultEvictor
    args: {minPodAge: 5m, evictDaemonSetPods: true}
  - name: LowNodeUtilization
    args: {thresholds: {cpu: 10, nvidia.com/gpu: 10}, targetThresholds: {cpu: 20, nvidia.com/gpu: 20}, metricsUtilization: {metricsServer: true}}
  plugins:
    deschedule: {enabled: [PodLifeTime]}
    balance: {enabled: [LowNodeUtilization]}
`, w);
    expect(w.lines).toEqual([
      'policy.yaml: DeschedulerPolicy: profiles[0].plugins.deschedule.enabled[0]: deschedule plugin PodLifeTime is not modelled, ignored',
      'policy.yaml: DeschedulerPolicy: profiles[0].pluginConfig[0].args.minPodAge: DefaultEvictor option not modelled, ignored',
      'policy.yaml: DeschedulerPolicy: profiles[0].pluginConfig[0].args.evictDaemonSetPods: DaemonSet pods are not pod slots in kivi: they are never evicted',
      'policy.yaml: DeschedulerPolicy: profiles[0].pluginConfig[1].args.metricsUtilization: actual usage from the metrics server is not modelled: kivi uses requests',
      'policy.yaml: DeschedulerPolicy: profiles[0].pluginConfig[1].args.thresholds.nvidia.com/gpu: thresholds on nvidia.com/gpu are not modelled (cpu, memory and pods only), ignored',
      'policy.yaml: DeschedulerPolicy: profiles[0].pluginConfig[1].args.targetThresholds.nvidia.com/gpu: thresholds on nvidia.com/gpu are not modelled (cpu, memory and pods only), ignored',
    ]);
  });

  it('reads the policy\'s and the DefaultEvictor\'s nodeSelector (label selector strings)', () => {
    const d = one(`apiVersion: descheduler/v1alpha2
kind: DeschedulerPolicy
nodeSelector: "pool=a,zone in (x, y),!spot,tier!=db"
profiles:
- name: p
  pluginConfig:
  - name: DefaultEvictor
    args: {nodeFit: true, nodeSelector: "kubernetes.io/os=linux"}
  plugins: {balance: {enabled: [RemoveDuplicates]}}
`);
    expect(d.profiles[0].nodeSelector).toEqual([
      { key: 'pool', operator: 'In', values: ['a'] },
      { key: 'zone', operator: 'In', values: ['x', 'y'] },
      { key: 'spot', operator: 'DoesNotExist' },
      { key: 'tier', operator: 'NotIn', values: ['db'] },
    ]);
    expect(d.profiles[0].evictorNodeSelector).toEqual([{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }]);
    expect(error('apiVersion: descheduler/v1alpha2\nkind: DeschedulerPolicy\nnodeSelector: "a b"\nprofiles: []\n')).toContain('nodeSelector: unable to parse requirement "a b"');
  });

  it('reads the plugins\' own namespaces and labelSelector filters', () => {
    const w = new Warnings();
    const d = one(`apiVersion: descheduler/v1alpha2
kind: DeschedulerPolicy
profiles:
- name: p
  pluginConfig:
  - name: RemovePodsViolatingNodeTaints
    args: {namespaces: {exclude: [kube-system]}, labelSelector: {matchLabels: {tier: web}}}
  - name: RemoveDuplicates
    args: {namespaces: {include: [prod]}}
  plugins:
    deschedule: {enabled: [RemovePodsViolatingNodeTaints]}
    balance: {enabled: [RemoveDuplicates]}
`, w);
    expect(d.profiles[0].pluginFilters).toEqual({
      RemovePodsViolatingNodeTaints: { excludeNamespaces: ['kube-system'], labelSelector: { matchLabels: { tier: 'web' } } },
      RemoveDuplicates: { includeNamespaces: ['prod'] },
    });
    expect(w.lines).toEqual([]);
    expect(error('apiVersion: descheduler/v1alpha2\nkind: DeschedulerPolicy\nprofiles:\n- name: p\n  pluginConfig: [{name: RemoveDuplicates, args: {namespaces: {include: [a], exclude: [b]}}}]\n'))
      .toContain('only one of Include/Exclude namespaces can be set');
  });

  it('rejects unknown plugins, a plugin at the wrong extension point and invalid args', () => {
    const head = 'apiVersion: descheduler/v1alpha2\nkind: DeschedulerPolicy\nprofiles:\n- name: p\n';
    expect(error(`${head}  plugins: {balance: {enabled: [Nope]}}\n`)).toContain('profiles[0].plugins.balance.enabled[0]: unknown plugin "Nope"');
    expect(error(`${head}  plugins: {deschedule: {enabled: [LowNodeUtilization]}}\n`)).toContain('LowNodeUtilization is not a deschedule plugin');
    expect(error(`${head}  pluginConfig: [{name: RemovePodsViolatingNodeTaints, args: {includedTaints: [a], excludedTaints: [b]}}]\n`)).toContain('either includedTaints or excludedTaints');
    expect(error(`${head}  pluginConfig: [{name: LowNodeUtilization, args: {thresholds: {cpu: 120}}}]\n`)).toContain('thresholds.cpu: must be a percentage between 0 and 100');
    expect(error(`${head}  pluginConfig: [{name: DefaultEvictor, args: {priorityThreshold: {value: 1, name: x}}}]\n`)).toContain('only one of value and name');
  });

  it('rejects at compile time what ValidateLowNodeUtilizationArgs rejects', () => {
    const base: Omit<ClusterSpec, 'descheduler'> = { name: 'p', nodes: [{ name: 'n1', cpu: 1, memory: 1 }], podTemplates: [], deployments: [], pods: [], spareSlots: 0, events: [], intents: [] };
    const bad = (lowNodeUtilization: object) => () => compile({ ...base, descheduler: { profiles: [{ plugins: ['LowNodeUtilization'], lowNodeUtilization: lowNodeUtilization as never }] } });
    expect(bad({ thresholds: { cpu: 60 }, targetThresholds: { cpu: 50 } })).toThrow('thresholds.cpu (60) is greater than targetThresholds.cpu (50)');
    expect(bad({ thresholds: { cpu: 10 }, targetThresholds: { memory: 50 } })).toThrow('thresholds names cpu but targetThresholds does not');
    expect(bad({ thresholds: {}, targetThresholds: {} })).toThrow('no resource threshold is configured');
    expect(() => compile({ ...base, descheduler: { profiles: [{ plugins: ['RemovePodsViolatingNodeAffinity'] }] } })).toThrow('nodeAffinityType needs to be set');
  });
});

describe('descheduler/v1alpha1', () => {
  it('converts each enabled strategy to its own profile with the policy\'s evictor settings', () => {
    const w = new Warnings();
    const d = one(`apiVersion: descheduler/v1alpha1
kind: DeschedulerPolicy
evictLocalStoragePods: true
ignorePvcPods: true
maxNoOfPodsToEvictPerNamespace: 4
strategies:
  LowNodeUtilization:
    enabled: true
    params:
      nodeResourceUtilizationThresholds:
        thresholds: {cpu: 20, pods: 20}
        targetThresholds: {cpu: 50, pods: 50}
        numberOfNodes: 2
      nodeFit: true
  RemovePodsViolatingNodeTaints:
    enabled: true
    params: {excludedTaints: [dedicated=infra], thresholdPriority: 100}
  RemovePodsViolatingNodeAffinity:
    enabled: true
    params: {nodeAffinityType: [requiredDuringSchedulingIgnoredDuringExecution], thresholdPriorityClassName: system-cluster-critical}
  HighNodeUtilization:
    enabled: false
`, w);
    expect(d).toEqual({
      profiles: [
        {
          name: 'strategy-LowNodeUtilization-profile',
          plugins: ['LowNodeUtilization'],
          evictLocalStoragePods: true,
          ignorePvcPods: true,
          nodeFit: true,
          lowNodeUtilization: { thresholds: { cpu: 20, pods: 20 }, targetThresholds: { cpu: 50, pods: 50 }, numberOfNodes: 2 },
          maxNoOfPodsToEvictPerNamespace: 4,
        },
        {
          name: 'strategy-RemovePodsViolatingNodeTaints-profile',
          plugins: ['RemovePodsViolatingNodeTaints'],
          evictLocalStoragePods: true,
          ignorePvcPods: true,
          priorityThreshold: 100,
          nodeTaints: { excludedTaints: ['dedicated=infra'] },
          maxNoOfPodsToEvictPerNamespace: 4,
        },
        {
          name: 'strategy-RemovePodsViolatingNodeAffinity-profile',
          plugins: ['RemovePodsViolatingNodeAffinity'],
          evictLocalStoragePods: true,
          ignorePvcPods: true,
          // system-cluster-critical's value.
          priorityThreshold: 2_000_000_000,
          nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'],
          maxNoOfPodsToEvictPerNamespace: 4,
        },
      ],
    });
    expect(w.lines).toEqual(['policy.yaml: DeschedulerPolicy: apiVersion: descheduler/v1alpha1 is deprecated (use descheduler/v1alpha2 profiles)']);
  });

  it('rejects an unknown strategy and both priority threshold fields', () => {
    expect(error('apiVersion: descheduler/v1alpha1\nkind: DeschedulerPolicy\nstrategies: {Nope: {enabled: true}}\n')).toContain('strategies.Nope: unknown strategy name "Nope"');
    expect(error('apiVersion: descheduler/v1alpha1\nkind: DeschedulerPolicy\nstrategies: {RemoveDuplicates: {enabled: true, params: {thresholdPriority: 1, thresholdPriorityClassName: x}}}\n'))
      .toContain('only one of thresholdPriority and thresholdPriorityClassName');
    // system-node-critical is 2000001000 > SystemCriticalPriority (GetPriorityValueFromPriorityThreshold).
    expect(error('apiVersion: descheduler/v1alpha1\nkind: DeschedulerPolicy\nstrategies: {RemoveDuplicates: {enabled: true, params: {thresholdPriorityClassName: system-node-critical}}}\n'))
      .toContain("priority threshold can't be greater than 2000000000");
  });
});
