/**
 * The descheduler's plugins and DefaultEvictor (docs/model.md §8.7) against small clusters
 * worked out by hand from descheduler v0.32 (nodeutilization, node_affinity.go, node_taint.go,
 * removeduplicates.go, topologyspreadconstraint.go, defaultevictor.go). Each test runs one
 * descheduler pass after init and reads which pods it evicted; the reasoning is beside it.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, DeschedulerProfileSpec, NodeSpec, PodSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { Driver } from './model-helpers.js';

/** Three nodes of 1000 millicores and 1000 MiB (110 pods each). */
const node = (name: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ name, cpu: 1000, memory: 1000, ...extra });
const NODES = [node('n1'), node('n2'), node('n3')];

/** web: 200m and 100 MiB, no spread constraints (they play no part here). */
const web = (extra: Partial<PodTemplateSpec> = {}): PodTemplateSpec => ({
  name: 'web', labels: { app: 'web' }, cpuRequest: 200, memoryRequest: 100, topologySpreadConstraints: [], ...extra,
});

/** `web` pods on the given nodes (slots 1, 2, ... named web-1, web-2, ...), plus extra pods. */
function cluster(webNodes: string[], profile: DeschedulerProfileSpec, extra: Partial<ClusterSpec> = {}, more: PodSpec[] = []): ClusterSpec {
  return {
    name: 'desched',
    nodes: NODES,
    podTemplates: [web()],
    deployments: [{ name: 'web', replicas: webNodes.length, template: 'web' }],
    pods: [...webNodes.map((n) => ({ deployment: 'web', node: n, phase: 'Running' as const })), ...more],
    spareSlots: 1,
    events: [],
    intents: [],
    descheduler: { profiles: [profile] },
    ...extra,
  };
}

/** One pass; the pods it evicted, in order. */
function evicted(spec: ClusterSpec): string[] {
  const d = new Driver(spec);
  d.run('init');
  d.run('descheduler');
  return d.log.lines.filter((x) => /^Pod .* pending for deletion!$/.test(x.text) && x.component === 'Descheduler').map((x) => x.text.split(' ')[1]);
}

const LOW = (args: Partial<NonNullable<DeschedulerProfileSpec['lowNodeUtilization']>> = {}): DeschedulerProfileSpec => ({
  plugins: ['LowNodeUtilization'],
  lowNodeUtilization: { thresholds: { cpu: 25, memory: 25 }, targetThresholds: { cpu: 50, memory: 50 }, ...args },
});

describe('LowNodeUtilization', () => {
  // n1 runs 4 web pods (800m = 80 %, 400 MiB), n2 and n3 one each (200m = 20 %, 100 MiB).
  const placement = ['n1', 'n1', 'n1', 'n1', 'n2', 'n3'];

  it('moves pods off the node above its target until it is back under it', () => {
    // Thresholds per node (resourceThreshold = trunc(p · 0.01 · 1000)): low cpu 250, memory 250,
    // pods 110 (not given: 100 %); high cpu 500, memory 500, pods 110. n2, n3: 200 ≤ 250 and
    // 100 ≤ 250 → underutilized; n1: 800 > 500 → overutilized. Room on n2 + n3 below their high
    // thresholds: cpu 600, memory 800, pods 218. n1's pods in slot order (same priority and QoS):
    // web-1 → n1 at 600 > 500, go on; web-2 → 400 ≤ 500 (memory 200, pods 2 also under) → stop.
    expect(evicted(cluster(placement, LOW()))).toEqual(['web-1', 'web-2']);
  });

  it('goes through the Eviction API: a PodDisruptionBudget refuses the second eviction, the plugin tries the next pod', () => {
    // maxUnavailable 1 over the 6 healthy web pods: disruptionsAllowed 1. web-1 is evicted (now
    // terminating, not healthy: allowed 0); web-2, web-3 and web-4 get a 429 each, which
    // evictPods logs and skips (not a limit error), so only web-1 goes.
    const pdb = { podDisruptionBudgets: [{ name: 'web', maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }] };
    expect(evicted(cluster(placement, LOW(), pdb))).toEqual(['web-1']);
  });

  it('does nothing when no more nodes than numberOfNodes are underutilized', () => {
    // Two underutilized nodes ≤ numberOfNodes 2.
    expect(evicted(cluster(placement, LOW({ numberOfNodes: 2 })))).toEqual([]);
  });

  it('with useDeviationThresholds, thresholds move with the average usage', () => {
    // cpu usage 80 %, 20 %, 20 %: average 40 %. low = trunc((40 − 10) %) = 300m, high =
    // trunc((40 + 25) %) = 650m; memory and pods are not given, so their thresholds are the
    // allocatable (MinResourcePercentage). n2, n3 (200m) are low; n1 (800m) is above 650.
    // web-1 → n1 at 600 ≤ 650 → stop.
    const p = LOW({ thresholds: { cpu: 10 }, targetThresholds: { cpu: 25 }, useDeviationThresholds: true });
    expect(evicted(cluster(placement, p))).toEqual(['web-1']);
  });

  it('skips pods that tolerate no underutilized node\'s taints (PodToleratesTaints)', () => {
    // n2 and n3 carry a NoSchedule taint web does not tolerate (0 tolerations < 1 taint).
    const tainted = [node('n1'), node('n2', { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }), node('n3', { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] })];
    expect(evicted(cluster(placement, LOW(), { nodes: tainted }))).toEqual([]);
    // With a toleration for it, the pods are moved as in the first test.
    const tolerant = { podTemplates: [web({ tolerations: [{ key: 'dedicated', operator: 'Exists' as const }] })], nodes: tainted };
    expect(evicted(cluster(placement, LOW(), tolerant))).toEqual(['web-1', 'web-2']);
  });

  it('the policy\'s nodeSelector: only the selected Ready nodes take part', () => {
    // Only n1 carries pool=a: a cluster of one node, so the pass does nothing.
    const labelled = [node('n1', { labels: { pool: 'a' } }), node('n2'), node('n3')];
    const only = { ...LOW(), nodeSelector: [{ key: 'pool', operator: 'In' as const, values: ['a'] }] };
    expect(evicted(cluster(placement, only, { nodes: labelled }))).toEqual([]);
    expect(evicted(cluster(placement, LOW(), { nodes: labelled }))).toEqual(['web-1', 'web-2']);
  });

  it('a cordoned node is not underutilized (it cannot take the pods)', () => {
    // n2 and n3 cordoned: no underutilized node, nothing to do.
    const cordoned = [node('n1'), node('n2', { unschedulable: true }), node('n3', { unschedulable: true })];
    expect(evicted(cluster(placement, LOW(), { nodes: cordoned }))).toEqual([]);
  });

  it('leaves namespaces in evictableNamespaces.exclude alone', () => {
    const p = LOW({ excludedNamespaces: ['default'] });
    expect(evicted(cluster(placement, p))).toEqual([]);
  });
});

describe('HighNodeUtilization', () => {
  it('empties the underutilized node towards the others', () => {
    // n1: 4 pods (800m), n2: 1 (200m), n3: 2 (400m). thresholds cpu 30 %: low 300m; memory and
    // pods 100 %. n2 (200 ≤ 300, 100 MiB, 1 pod) is underutilized; n1 and n3 are not, so they
    // are the destinations (target 100 %): room cpu 200 + 600, memory 600 + 800, pods 106 + 108.
    // n2's only pod web-5 is evicted.
    const p: DeschedulerProfileSpec = { plugins: ['HighNodeUtilization'], highNodeUtilization: { thresholds: { cpu: 30 } } };
    expect(evicted(cluster(['n1', 'n1', 'n1', 'n1', 'n2', 'n3', 'n3'], p))).toEqual(['web-5']);
  });

  it('does nothing when every node is underutilized', () => {
    // 800m > 300m on n1 makes it a destination; with thresholds cpu 90 % every node is low.
    const p: DeschedulerProfileSpec = { plugins: ['HighNodeUtilization'], highNodeUtilization: { thresholds: { cpu: 90 } } };
    expect(evicted(cluster(['n1', 'n1', 'n1', 'n1', 'n2', 'n3', 'n3'], p))).toEqual([]);
  });
});

describe('RemovePodsViolatingNodeAffinity', () => {
  const disks = [node('n1', { labels: { disk: 'ssd' } }), node('n2', { labels: { disk: 'hdd' } }), node('n3', { labels: { disk: 'ssd' } })];
  const ssd = { matchLabels: {}, matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };

  it('required: evicts a pod whose node no longer matches, when another node fits it', () => {
    // web requires disk=ssd; web-1 runs on n2 (hdd, labelled after it was scheduled), web-2 on n1.
    // web-1 violates and fits n1 or n3 (PodFitsAnyNode); web-2 matches its node.
    const extra = { nodes: disks, podTemplates: [web({ nodeAffinity: { required: [ssd] } })] };
    const p: DeschedulerProfileSpec = { plugins: ['RemovePodsViolatingNodeAffinity'], nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'] };
    expect(evicted(cluster(['n2', 'n1'], p, extra))).toEqual(['web-1']);
    // The ssd nodes have 100m: a 200m pod fits none of them, so it stays.
    const small = [node('n1', { cpu: 100, labels: { disk: 'ssd' } }), node('n2', { labels: { disk: 'hdd' } }), node('n3', { cpu: 100, labels: { disk: 'ssd' } })];
    expect(evicted(cluster(['n2'], p, { ...extra, nodes: small }))).toEqual([]);
  });

  it('preferred: evicts a pod when some Ready node has a larger preferred weight than its own', () => {
    // Preferred weight 10 for ssd: web-1 on n2 has 0 < 10 (n1, n3) → evicted; web-2 on n1 has 10.
    const extra = { nodes: disks, podTemplates: [web({ nodeAffinity: { preferred: [{ weight: 10, term: ssd }] } })] };
    const p: DeschedulerProfileSpec = { plugins: ['RemovePodsViolatingNodeAffinity'], nodeAffinityType: ['preferredDuringSchedulingIgnoredDuringExecution'] };
    expect(evicted(cluster(['n2', 'n1'], p, extra))).toEqual(['web-1']);
    // Only the required type: preferred terms are not looked at.
    const req: DeschedulerProfileSpec = { ...p, nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'] };
    expect(evicted(cluster(['n2', 'n1'], req, extra))).toEqual([]);
  });
});

describe('RemovePodsViolatingNodeTaints', () => {
  const taintN1 = (effect: 'NoSchedule' | 'PreferNoSchedule') => ({ nodes: [node('n1', { taints: [{ key: 'dedicated', value: 'infra', effect }] }), node('n2'), node('n3')] });
  const TAINTS = (args: DeschedulerProfileSpec['nodeTaints'] = {}): DeschedulerProfileSpec => ({ plugins: ['RemovePodsViolatingNodeTaints'], nodeTaints: args });

  it('evicts pods that do not tolerate a NoSchedule taint of their node', () => {
    // web-1 on the tainted n1 is evicted; web-2 on n2 stays.
    expect(evicted(cluster(['n1', 'n2'], TAINTS(), taintN1('NoSchedule')))).toEqual(['web-1']);
  });

  it('excludedTaints by key or key=value', () => {
    expect(evicted(cluster(['n1', 'n2'], TAINTS({ excludedTaints: ['dedicated'] }), taintN1('NoSchedule')))).toEqual([]);
    expect(evicted(cluster(['n1', 'n2'], TAINTS({ excludedTaints: ['dedicated=infra'] }), taintN1('NoSchedule')))).toEqual([]);
    expect(evicted(cluster(['n1', 'n2'], TAINTS({ excludedTaints: ['dedicated=other'] }), taintN1('NoSchedule')))).toEqual(['web-1']);
  });

  it('a cordoned node carries node.kubernetes.io/unschedulable:NoSchedule', () => {
    // Cordoning n1 taints it; web does not tolerate that taint, so web-1 is evicted, unless the
    // taint is excluded.
    const cordoned = { nodes: [node('n1', { unschedulable: true }), node('n2'), node('n3')] };
    expect(evicted(cluster(['n1', 'n2'], TAINTS(), cordoned))).toEqual(['web-1']);
    expect(evicted(cluster(['n1', 'n2'], TAINTS({ excludedTaints: ['node.kubernetes.io/unschedulable'] }), cordoned))).toEqual([]);
  });

  it('the plugin\'s own namespaces and labelSelector filters', () => {
    // web runs in namespace default with app=web.
    const only = (f: NonNullable<DeschedulerProfileSpec['pluginFilters']>['RemovePodsViolatingNodeTaints']) => ({ ...TAINTS(), pluginFilters: { RemovePodsViolatingNodeTaints: f } });
    expect(evicted(cluster(['n1', 'n2'], only({ excludeNamespaces: ['default'] }), taintN1('NoSchedule')))).toEqual([]);
    expect(evicted(cluster(['n1', 'n2'], only({ includeNamespaces: ['default'] }), taintN1('NoSchedule')))).toEqual(['web-1']);
    expect(evicted(cluster(['n1', 'n2'], only({ includeNamespaces: ['prod'] }), taintN1('NoSchedule')))).toEqual([]);
    expect(evicted(cluster(['n1', 'n2'], only({ labelSelector: { matchLabels: { app: 'other' } } }), taintN1('NoSchedule')))).toEqual([]);
  });

  it('PreferNoSchedule only with includePreferNoSchedule', () => {
    expect(evicted(cluster(['n1', 'n2'], TAINTS(), taintN1('PreferNoSchedule')))).toEqual([]);
    expect(evicted(cluster(['n1', 'n2'], TAINTS({ includePreferNoSchedule: true }), taintN1('PreferNoSchedule')))).toEqual(['web-1']);
  });
});

describe('RemoveDuplicates (v0.32)', () => {
  const RD: DeschedulerProfileSpec = { plugins: ['RemoveDuplicates'] };

  it('a ReplicaSet\'s second pod on a node is a duplicate', () => {
    // web-1, web-2 on n1: 2 pods, 3 target nodes, upperAvg = ceil(2/3) = 1; n1 has 1 duplicate
    // and 1 + 1 > 1, so pods[upperAvg − 1:] = the duplicate web-2 is evicted.
    expect(evicted(cluster(['n1', 'n1'], RD))).toEqual(['web-2']);
  });

  it('excludeOwnerKinds ReplicaSet: a deployment\'s pods are never duplicates', () => {
    expect(evicted(cluster(['n1', 'n1'], { ...RD, excludeOwnerKinds: ['ReplicaSet'] }))).toEqual([]);
    expect(evicted(cluster(['n1', 'n1'], { ...RD, excludeOwnerKinds: ['Job'] }))).toEqual(['web-2']);
  });

  it('pods of two ReplicaSets of one deployment are not duplicates of each other', () => {
    // The owner is the ReplicaSet (a pod template, in kivi): web-1 (web) and web-2 (web-v2) differ.
    const extra = { podTemplates: [web(), web({ name: 'web-v2', labels: { app: 'web', v: '2' } })] };
    const spec = cluster([], RD, extra, [
      { deployment: 'web', template: 'web', node: 'n1', phase: 'Running' },
      { deployment: 'web', template: 'web-v2', node: 'n1', phase: 'Running' },
    ]);
    spec.deployments[0].replicas = 2;
    expect(evicted(spec)).toEqual([]);
  });

  it('takes a node\'s pods in slot order, or in canonical order where the symmetry reduction applies', () => {
    // web-1, web-2, web-3 on n1, n2 and n3 empty: 3 pods, 3 target nodes, upperAvg = ceil(3/3) =
    // 1; n1 has 2 duplicates and 2 + 1 > 1, so pods[0:] = both duplicates go and the original
    // stays. Which pod is the original is the listing order, which upstream leaves open
    // (`ListPodsOnANode` reads an informer index). web-2 uses 100m, the others 200m.
    const three = cluster([], RD, {}, [
      { deployment: 'web', node: 'n1', phase: 'Running' },
      { deployment: 'web', node: 'n1', phase: 'Running', cpu: 100 },
      { deployment: 'web', node: 'n1', phase: 'Running' },
    ]);
    three.deployments[0].replicas = 3;
    // With the reduction (docs/model.md §8.11.3) pods go in canonical order, by their words:
    // status and owner equal, then usage, so web-2 (100) comes first and stays; web-1 and web-3
    // have equal keys and keep their slot order.
    expect(evicted(three)).toEqual(['web-1', 'web-3']);
    // With ties to the lowest node the reduction is off: slot order, web-1 stays.
    expect(evicted({ ...three, scheduler: { ties: 'lowest' } })).toEqual(['web-2', 'web-3']);
  });

  it('visits nodes in canonical order where the reduction applies, which decides what a total limit leaves', () => {
    // n1 holds web-1, web-2, web-3 using 100m each, n2 holds web-4, web-5, web-6 using 200m
    // each, n3 is empty: 6 pods, 3 target nodes, upperAvg = ceil(6/3) = 2; n1 and n2 each have
    // 2 duplicates and 2 + 1 > 2, so each gives pods[1:] = 1 pod. With maxNoOfPodsToEvictTotal
    // 1 the first node visited gives its pod, then the total limit ends the plugin.
    const on = (node: string, cpu: number): PodSpec => ({ deployment: 'web', node, phase: 'Running', cpu });
    const six = cluster([], { ...RD, maxNoOfPodsToEvictTotal: 1 }, {}, [on('n1', 100), on('n1', 100), on('n1', 100), on('n2', 200), on('n2', 200), on('n2', 200)]);
    six.deployments[0].replicas = 6;
    // Canonical order of nodes: by their words, free CPU first: n2 (1000 − 600 = 400 free)
    // before n1 (700 free), so n2 is visited first; its pods have equal keys (slot order):
    // web-4 stays and web-5 goes.
    expect(evicted(six)).toEqual(['web-5']);
    // In index order (no reduction): n1 first, web-1 stays and web-2 goes.
    expect(evicted({ ...six, scheduler: { ties: 'lowest' } })).toEqual(['web-2']);
  });
});

describe('RemovePodsViolatingTopologySpreadConstraint: topologyBalanceNodeFit', () => {
  // Zone A: n1, n2 (1000m); zone B: n3 with 100m. web spreads over zones, maxSkew 1.
  const zoned = [node('n1', { labels: { zone: 'A' } }), node('n2', { labels: { zone: 'A' } }), node('n3', { cpu: 100, labels: { zone: 'B' } })];
  const spread = web({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] });

  it('moves a pod only if it fits a node of a domain below the average', () => {
    // A has 3 pods, B 0: ideal average 1.5; move min(ceil(3 − 1.5), ceil(1.5 − 0), ceil((3 − 0 − 1)/2)) = 1
    // pod from A. The nodes below the average are n3, where a 200m pod does not fit: with
    // topologyBalanceNodeFit (the default) nothing is evicted; without it, web-1 (first in A).
    const p: DeschedulerProfileSpec = { plugins: ['RemovePodsViolatingTopologySpreadConstraint'] };
    expect(evicted(cluster(['n1', 'n1', 'n2'], p, { nodes: zoned, podTemplates: [spread] }))).toEqual([]);
    expect(evicted(cluster(['n1', 'n1', 'n2'], { ...p, topologyBalanceNodeFit: false }, { nodes: zoned, podTemplates: [spread] }))).toEqual(['web-1']);
  });

  it('does not balance the scheduler\'s system default constraints', () => {
    // web gives no constraints: kube-scheduler applies hostname maxSkew 3 (ScheduleAnyway), but
    // the descheduler reads the pod's own list, which is empty. 5 pods on n1, none elsewhere,
    // even with soft constraints balanced: nothing is evicted.
    const p: DeschedulerProfileSpec = { plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'], topologyBalanceNodeFit: false };
    const { topologySpreadConstraints: _none, ...defaults } = web();
    expect(evicted(cluster(['n1', 'n1', 'n1', 'n1', 'n1'], p, { podTemplates: [defaults] }))).toEqual([]);
  });
});

describe('the DefaultEvictor (evicting with RemovePodsViolatingNodeTaints from the tainted n1)', () => {
  const tainted = [node('n1', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }), node('n2'), node('n3')];
  const bare = (name: string, extra: Partial<PodTemplateSpec> = {}): [PodTemplateSpec, PodSpec] => [
    web({ name, labels: { app: name }, ...extra }),
    { name, template: name, node: 'n1', phase: 'Running' },
  ];
  function run(pods: [PodTemplateSpec, PodSpec][], profile: Partial<DeschedulerProfileSpec> = {}, webNodes = ['n2']): string[] {
    const spec = cluster(webNodes, { plugins: ['RemovePodsViolatingNodeTaints'], ...profile }, { nodes: tainted, podTemplates: [web(), ...pods.map((p) => p[0])] }, pods.map((p) => p[1]));
    return evicted(spec);
  }

  it('owner references: bare pods and DaemonSet and mirror pods stay, other owners go', () => {
    expect(run([
      bare('naked'),
      bare('sts', { ownerKind: 'StatefulSet' }),
      bare('ds', { ownerKind: 'DaemonSet' }),
      bare('mirror', { ownerKind: 'Node', mirror: true }),
      bare('annotated', { evictAnnotation: true }), // HaveEvictAnnotation: evicted whatever else
    ])).toEqual(['sts', 'annotated']);
  });

  it('system-critical pods only with evictSystemCriticalPods; priorityThreshold', () => {
    const pods = [bare('crit', { ownerKind: 'ReplicaSet', priority: 2_000_000_000 }), bare('hi', { ownerKind: 'ReplicaSet', priority: 1000 }), bare('lo', { ownerKind: 'ReplicaSet', priority: 999 })];
    expect(run(pods)).toEqual(['hi', 'lo']);
    // IsPodEvictableBasedOnPriority: priority < threshold.
    expect(run(pods, { priorityThreshold: 1000 })).toEqual(['lo']);
    // With evictSystemCriticalPods the threshold is not applied either (DefaultEvictor New).
    expect(run(pods, { priorityThreshold: 1000, evictSystemCriticalPods: true })).toEqual(['crit', 'hi', 'lo']);
  });

  it('local storage unless evictLocalStoragePods; PVC pods with ignorePvcPods', () => {
    const pods = [bare('scratch', { ownerKind: 'ReplicaSet', localStorage: true }), bare('data', { ownerKind: 'StatefulSet', pvc: true })];
    expect(run(pods)).toEqual(['data']);
    expect(run(pods, { evictLocalStoragePods: true, ignorePvcPods: true })).toEqual(['scratch']);
  });

  it('labelSelector and minReplicas', () => {
    // web's ReplicaSet has 1 pod on n1 and 1 on n2: 2 < minReplicas 3, so it stays.
    expect(run([], { minReplicas: 3 }, ['n1', 'n2'])).toEqual([]);
    expect(run([], { minReplicas: 2 }, ['n1', 'n2'])).toEqual(['web-1']);
    expect(run([], { labelSelector: { matchLabels: { app: 'other' } } }, ['n1', 'n2'])).toEqual([]);
    expect(run([], { labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }, ['n1', 'n2'])).toEqual(['web-1']);
  });

  it('ignorePodsWithoutPDB: only pods a PodDisruptionBudget covers', () => {
    // A budget selects app=covered only; minAvailable 0 allows its eviction (an integer
    // minAvailable needs no controller scale, which a bare pod lacks: getExpectedPodCount).
    const pods = [bare('covered', { ownerKind: 'StatefulSet' }), bare('loose', { ownerKind: 'StatefulSet' })];
    const tainted3 = [node('n1', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }), node('n2'), node('n3')];
    const spec = cluster(['n2'], { plugins: ['RemovePodsViolatingNodeTaints'], ignorePodsWithoutPDB: true }, {
      nodes: tainted3, podTemplates: [web(), ...pods.map((p) => p[0])],
      podDisruptionBudgets: [{ name: 'covered', minAvailable: 0, selector: { matchLabels: { app: 'covered' } } }],
    }, pods.map((p) => p[1]));
    expect(evicted(spec)).toEqual(['covered']);
    expect(run(pods)).toEqual(['covered', 'loose']);
  });

  it('nodeFit: the pod must fit another Ready node (its requests against what is left)', () => {
    // big requests 900m; n2 and n3 run a 200m web pod each, leaving 800m: it fits nowhere else.
    const big = bare('big', { ownerKind: 'StatefulSet', cpuRequest: 900 });
    expect(run([big], { nodeFit: true }, ['n2', 'n3'])).toEqual([]);
    expect(run([big], {}, ['n2', 'n3'])).toEqual(['big']);
    // With n3 empty, 900 ≤ 1000 fits there.
    expect(run([big], { nodeFit: true }, ['n2'])).toEqual(['big']);
    // Unless the evictor's nodeSelector leaves n3 out (nodeutil.ReadyNodes(nodeSelector)).
    const pinned = cluster(['n2'], { plugins: ['RemovePodsViolatingNodeTaints'], nodeFit: true, evictorNodeSelector: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1', 'n2'] }] }, { nodes: tainted, podTemplates: [web(), big[0]] }, [big[1]]);
    expect(evicted(pinned)).toEqual([]);
    // Or n3 is cordoned: "node is not schedulable".
    const spec = cluster(['n2'], { plugins: ['RemovePodsViolatingNodeTaints'], nodeFit: true }, { nodes: [tainted[0], tainted[1], node('n3', { unschedulable: true })], podTemplates: [web(), big[0]] }, [big[1]]);
    expect(evicted(spec)).toEqual([]);
  });

  it('limits per node, per namespace and in total, per pass', () => {
    const pods = [bare('a', { ownerKind: 'StatefulSet' }), bare('b', { ownerKind: 'StatefulSet' }), bare('c', { ownerKind: 'StatefulSet' })];
    expect(run(pods, { maxNoOfPodsToEvictPerNode: 2 })).toEqual(['a', 'b']);
    expect(run(pods, { maxNoOfPodsToEvictTotal: 1 })).toEqual(['a']);
  });
});

describe('a pass', () => {
  it('runs every profile\'s Deschedule plugins before any profile\'s Balance plugins', () => {
    // Profile 1 balances (RemoveDuplicates), profile 2 deschedules (NodeTaints). web-1, web-2 on
    // the tainted n1: NodeTaints runs first and evicts both; RemoveDuplicates then lists no
    // pod on n1 (terminating pods are not evictable) and evicts nothing.
    const tainted = [node('n1', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }), node('n2'), node('n3')];
    const spec = cluster(['n1', 'n1'], { plugins: ['RemoveDuplicates'] }, { nodes: tainted });
    spec.descheduler!.profiles.push({ name: 'taints', plugins: ['RemovePodsViolatingNodeTaints'] });
    const d = new Driver(spec);
    d.run('init');
    d.run('descheduler');
    expect(d.shown().filter((x) => x.includes('pending for deletion'))).toEqual([
      '[Descheduler] Pod web-1 on node n1 pending for deletion!',
      '[Descheduler] Pod web-2 on node n1 pending for deletion!',
    ]);
    expect(d.shown().some((x) => x.startsWith('[Descheduler] Duplicated'))).toBe(false);
  });
});
