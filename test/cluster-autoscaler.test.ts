/**
 * The cluster autoscaler (docs/model.md §8.10): scale-up through the expander, the
 * pod_eventually_scheduled intent, and scale-down eligibility. Every expectation is worked out by
 * hand from cluster-autoscaler's rules in the comments beside it.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { ClusterSimulator } from '../src/controllers/autoscaler/simulator.js';
import {
  BLOCKED_BY_POD, BLOCKING_REASONS, MIN_SIZE_REACHED, NO_PLACE_TO_MOVE_PODS, NOT_UNDERUTILIZED, REMOVABLE, SCALE_DOWN_DISABLED,
  ScaleDownPlan,
} from '../src/controllers/autoscaler/scale-down.js';
import type { AutoscalerSpec, ClusterSpec, NodeGroupSpec, PodSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { CA_NODE_PROVISIONING, CN_PHASE, caNodeAt } from '../src/model/layout.js';
import { Driver } from './model-helpers.js';

const web: PodTemplateSpec = { name: 'web', labels: { app: 'web' }, cpuRequest: 3000, memoryRequest: 1024 };
const group = (name: string, maxSize: number, initialSize: number, cpu = 4000, memory = 4096, minSize = 0): NodeGroupSpec => ({
  name, minSize, maxSize, initialSize, template: { cpu, memory },
});

function spec(over: Partial<ClusterSpec>): ClusterSpec {
  return {
    name: 'ca',
    nodes: [{ name: 'fixed', cpu: 4000, memory: 4096 }],
    podTemplates: [web],
    deployments: [{ name: 'web', replicas: 3, template: 'web' }],
    pods: [],
    spareSlots: 3,
    events: [],
    intents: [],
    ...over,
  };
}

describe('pod_eventually_scheduled', () => {
  // Each node (fixed, and every pool node: 4000m) takes one web pod (3000m; two would need
  // 6000m), so three replicas need three nodes: fixed plus two of the pool.
  it('holds while the group that fits the pending pods can grow', async () => {
    // pool may grow to 2: whatever the interleaving, the autoscaler adds nodes for the pods that
    // wait (and no pod waits while the pool is at 2, since then every pod has a node).
    const r = await checkCluster(spec({ nodeGroups: [group('pool', 2, 1)] }));
    expect(r.intents).toEqual(['pod_eventually_scheduled']);
    expect(r.status).toBe('holds');
  });

  it('is violated when the only group that fits is at its maximum', async () => {
    // pool is at its maximum 1 from the start: web-1 and web-2 take fixed and pool-1, web-3 fits
    // nowhere and no group can grow: the autoscaler reports NotTriggerScaleUp.
    const r = await checkCluster(spec({ nodeGroups: [group('pool', 1, 1)] }));
    expect(r.status).toBe('violated');
    expect(r.failures[0].intent).toBe('pod_eventually_scheduled');
    const last = r.failures[0].steps.at(-1)!;
    expect(last.process).toBe('clusterAutoscaler');
    expect(last.lines.map((x) => x.text)).toContain("Pod web-3 didn't trigger scale-up: 1 max node group size reached");
  });

  it('a pod no group template fits is a violation too (every fitting group, none, is at its maximum)', async () => {
    // pool nodes have 2000m: a 3000m pod fits no template; fixed takes one pod only.
    const r = await checkCluster(spec({ nodeGroups: [group('pool', 3, 0, 2000)], deployments: [{ name: 'web', replicas: 2, template: 'web' }] }));
    expect(r.status).toBe('violated');
    expect(r.failures[0].intent).toBe('pod_eventually_scheduled');
  });

  it('pod_always_schedulable, when named, still fails at the first unschedulable pod', async () => {
    // Named, it keeps its meaning "no pod ever waits for a node": web-2 waits for the pool.
    const r = await checkCluster(spec({ nodeGroups: [group('pool', 2, 0)], intents: [{ name: 'pod_always_schedulable' }] }));
    expect(r.status).toBe('violated');
    expect(r.failures.map((f) => f.intent)).toContain('pod_always_schedulable');
  });
});

/** One 3000m pod pending on a cluster whose only fixed node is too small for it (1000m). */
function expanderCluster(autoscaler: AutoscalerSpec): Driver {
  const d = new Driver(spec({
    nodes: [{ name: 'fixed', cpu: 1000, memory: 4096 }],
    nodeGroups: [group('small', 1, 0, 4000, 4096), group('big', 1, 0, 16000, 16384)],
    deployments: [{ name: 'web', replicas: 1, template: 'web' }],
    autoscaler,
  }));
  d.run('init');
  d.run('deploymentController');
  d.run('scheduler'); // web-1 fits no node: it waits, unbound
  return d;
}

function provisioning(d: Driver): string[] {
  const cfg = d.model.cfg;
  return cfg.nodeNames.filter((_, n) => n > 0 && d.s[caNodeAt(d.l, n) + CN_PHASE] === CA_NODE_PROVISIONING);
}

describe('absent nodes', () => {
  it('a zone whose only nodes are absent group slots is no topology domain', () => {
    // web: DoNotSchedule on the zone, maxSkew 1; fixed is in zone a, the pool's template in zone
    // b, with no node yet. Zone b has no node, so it is no domain (PodTopologySpread counts the
    // domains of existing nodes): the global minimum is zone a's own count and both pods fit
    // fixed (2 · 1000m ≤ 4000m). Were zone b counted with 0 pods, the second pod would break
    // the skew (1 + 1 − 0 > 1) and wait.
    const zoned: PodTemplateSpec = {
      ...web, cpuRequest: 1000,
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
    };
    const d = new Driver(spec({
      nodes: [{ name: 'fixed', cpu: 4000, memory: 4096, labels: { 'topology.kubernetes.io/zone': 'a' } }],
      nodeGroups: [{ name: 'pool', minSize: 0, maxSize: 1, initialSize: 0, template: { cpu: 4000, memory: 4096, labels: { 'topology.kubernetes.io/zone': 'b' } } }],
      podTemplates: [zoned],
      deployments: [{ name: 'web', replicas: 2, template: 'web' }],
    }));
    d.run('init');
    d.run('deploymentController');
    d.run('scheduler');
    expect(d.shown()).toEqual(['[Deployment] Too few replicas, need to create 2', '[Deployment] Adding a new pod web-1 to deployment web',
      '[Deployment] Adding a new pod web-2 to deployment web', '[Scheduler] Pod web-1 is scheduled on node fixed', '[Scheduler] Pod web-2 is scheduled on node fixed']);
  });
});

describe('FilterOutSchedulable', () => {
  it('a pod that fits an existing node now goes back to kube-scheduler instead of a scale-up', () => {
    // fixed (4000m) runs other-1 (3000m); web-1 (3000m) finds no node and waits. Once other is
    // applied with 0 replicas and its pod deleted, fixed has room: the autoscaler's run finds
    // that web-1 fits an existing node and hands it back, although pool could grow.
    const d = new Driver(spec({
      nodeGroups: [group('pool', 1, 0)],
      podTemplates: [web, { ...web, name: 'other', labels: { app: 'other' } }],
      deployments: [{ name: 'web', replicas: 1, template: 'web' }, { name: 'other', replicas: 1, template: 'other' }],
      pods: [{ deployment: 'other', node: 'fixed', phase: 'Running' }],
      manifests: [{ name: 'other', replicas: 0 }],
      events: [{ kind: 'applyDeployment', manifest: 'other', afterStable: true }],
    }));
    d.run('init');
    d.run('deploymentController');
    d.run('scheduler'); // web-1: 0/1 nodes are available
    d.run('init'); // Q5-idle: the apply is spawned
    d.run('applyDeployment(other)');
    d.run('deploymentController'); // other-1 marked for deletion
    d.run('kubelet'); // and deleted: fixed is empty
    d.run('deploymentController');
    expect(d.enabled('clusterAutoscaler')).toBe(1);
    d.run('clusterAutoscaler');
    expect(provisioning(d)).toEqual([]);
    expect(d.log.lines.map((x) => x.text)).toContain('Pod web-2 fits an existing node: kube-scheduler retries it');
    d.run('scheduler');
    expect(d.shown()).toContain('[Scheduler] Pod web-2 is scheduled on node fixed');
  });
});

describe('expanders', () => {
  // A new small node would waste (4000 − 3000)/4000 + (4096 − 1024)/4096 = 0.25 + 0.75 = 1.0;
  // a big one (16000 − 3000)/16000 + (16384 − 1024)/16384 = 0.8125 + 0.9375 = 1.75.
  it('least-waste picks the group with the least wasted cpu and memory fraction', () => {
    const d = expanderCluster({ expander: 'least-waste' });
    expect(d.enabled('clusterAutoscaler')).toBe(1);
    d.run('clusterAutoscaler');
    expect(provisioning(d)).toEqual(['small-1']);
  });

  it('random makes every fitting group a successor', () => {
    const d = expanderCluster({ expander: 'random' });
    expect(d.enabled('clusterAutoscaler')).toBe(2);
    const s0 = d.s.slice();
    d.run('clusterAutoscaler', 0);
    expect(provisioning(d)).toEqual(['small-1']);
    d.s.set(s0);
    d.run('clusterAutoscaler', 1);
    expect(provisioning(d)).toEqual(['big-1']);
  });

  it('priority picks the highest priority whose regular expression matches the group name', () => {
    // big matches "^big" at 10 and ".*" at 1: priority 10; small only ".*": 1.
    const d = expanderCluster({ expander: 'priority', priorities: { '10': ['^big'], '1': ['.*'] } });
    expect(d.enabled('clusterAutoscaler')).toBe(1);
    d.run('clusterAutoscaler');
    expect(provisioning(d)).toEqual(['big-1']);
  });

  it('the new node registers Ready after the provisioning time and takes the pod', () => {
    const d = expanderCluster({ expander: 'least-waste' });
    d.run('clusterAutoscaler');
    expect(d.enabled('nodeProvisioner')).toBe(1); // Q5-idle: it may register at once
    d.run('nodeProvisioner');
    d.run('scheduler');
    expect(d.shown()).toContain('[Scheduler] Pod web-1 is scheduled on node small-1');
  });
});

/** Two pool nodes of 4000m/4096Mi; `pods` run on them. */
function downPlan(pods: PodSpec[], templates: PodTemplateSpec[], groupOver: Partial<NodeGroupSpec> = {}, over: Partial<ClusterSpec> = {}): { plan: ScaleDownPlan; s: Int32Array } {
  const d = new Driver(spec({
    ...over,
    nodes: [{ name: 'fixed', cpu: 100, memory: 100 }],
    nodeGroups: [{ ...group('pool', 2, 2), ...groupOver }],
    podTemplates: templates,
    deployments: [{ name: 'web', replicas: pods.filter((p) => p.deployment === 'web').length, template: templates[0].name }],
    pods,
  }));
  const plan = new ScaleDownPlan(d.model.ctx, new ClusterSimulator(d.model.cfg));
  plan.prepare(d.s);
  return { plan, s: d.s };
}

const POOL1 = 2; // node indices: fixed is 1, pool-1 2, pool-2 3
const tmpl = (name: string, cpu: number, extra: Partial<PodTemplateSpec> = {}): PodTemplateSpec => ({ name, labels: { app: name }, cpuRequest: cpu, memoryRequest: 256, ...extra });
const on = (node: string, template: string, deployment?: string): PodSpec => ({ node, template, phase: 'Running', ...(deployment ? { deployment } : {}) });

describe('scale-down eligibility', () => {
  it('a node under the utilization threshold whose pods fit elsewhere is unneeded', () => {
    // pool-1: 1000m of 4000m = 0.25 and 256 of 4096 memory: max 0.25 < 0.5. Its pod fits pool-2
    // (1000m used there, 3000m free).
    const { plan, s } = downPlan([on('pool-1', 'web', 'web'), on('pool-2', 'web', 'web')], [tmpl('web', 1000)]);
    expect(plan.reason(s, POOL1)).toBe(REMOVABLE);
  });

  it('utilization is compared as "utilization >= threshold": exactly half is not under it', () => {
    // 2000m / 4000m = 0.5, not < 0.5; 1999m / 4000m < 0.5.
    const half = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 2000)]);
    expect(half.plan.reason(half.s, POOL1)).toBe(NOT_UNDERUTILIZED);
    const under = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 1999)]);
    expect(under.plan.reason(under.s, POOL1)).toBe(REMOVABLE);
  });

  it('safe-to-evict "false", a bare pod and a kube-system pod block; safe-to-evict "true" lets a bare pod go', () => {
    const blocked = (t: PodTemplateSpec, deployment?: string): string => {
      const { plan, s } = downPlan([on('pool-1', t.name, deployment)], [t]);
      expect(plan.reason(s, POOL1)).toBe(BLOCKED_BY_POD);
      return BLOCKING_REASONS[plan.blockingReason];
    };
    expect(blocked(tmpl('web', 500, { safeToEvict: false }), 'web')).toBe('NotSafeToEvictAnnotation');
    expect(blocked(tmpl('web', 500))).toBe('NotReplicated');
    expect(blocked(tmpl('web', 500, { namespace: 'kube-system' }), 'web')).toBe('UnmovableKubeSystemPod');
    const ok = downPlan([on('pool-1', 'web')], [tmpl('web', 500, { safeToEvict: true })]);
    expect(ok.plan.reason(ok.s, POOL1)).toBe(REMOVABLE);
  });

  it('a node whose pods fit nowhere else, a group at its minimum, and the scale-down-disabled annotation keep the node', () => {
    // pool-2 already runs 1500m + 1500m = 3000m of 4000m: pool-1's 1500m pod does not fit there,
    // nor on fixed (100m). Utilization of pool-1: 1500/4000 < 0.5.
    const full = downPlan([on('pool-1', 'web', 'web'), on('pool-2', 'web', 'web'), on('pool-2', 'web', 'web')], [tmpl('web', 1500)]);
    expect(full.plan.reason(full.s, POOL1)).toBe(NO_PLACE_TO_MOVE_PODS);
    const min = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 500)], { minSize: 2 });
    expect(min.plan.reason(min.s, POOL1)).toBe(MIN_SIZE_REACHED);
    const disabled = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 500)], { template: { cpu: 4000, memory: 4096, scaleDownDisabled: true } });
    expect(disabled.plan.reason(disabled.s, POOL1)).toBe(SCALE_DOWN_DISABLED);
  });

  it('a PodDisruptionBudget that allows no disruption blocks the node (NotEnoughPdb)', () => {
    // web has one running pod, on pool-1; minAvailable 1 leaves disruptionsAllowed = 1 healthy −
    // 1 desired = 0, so the Eviction API would answer 429 and the pdb rule blocks the drain.
    // With minAvailable 0 the budget allows 1 disruption and the node is unneeded.
    const pdb = (minAvailable: number): Partial<ClusterSpec> => ({ podDisruptionBudgets: [{ name: 'web', minAvailable, selector: { matchLabels: { app: 'web' } } }] });
    const refused = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 500)], {}, pdb(1));
    expect(refused.plan.reason(refused.s, POOL1)).toBe(BLOCKED_BY_POD);
    expect(BLOCKING_REASONS[refused.plan.blockingReason]).toBe('NotEnoughPdb');
    const allowed = downPlan([on('pool-1', 'web', 'web')], [tmpl('web', 500)], {}, pdb(0));
    expect(allowed.plan.reason(allowed.s, POOL1)).toBe(REMOVABLE);
  });
});

describe('scale-down and the node count', () => {
  it('drains an unneeded node through the Eviction API and deletes it; its pod moves to a node that stays', async () => {
    // fixed (4000m) is no group's node; pool-1 runs web's one 1000m pod: 1000/4000 = 0.25 < 0.5
    // and the pod fits fixed, so pool-1 is unneeded; pool-2 is empty (0 < 0.5) and unneeded too.
    const d = new Driver(spec({
      nodeGroups: [group('pool', 2, 2)],
      podTemplates: [tmpl('web', 1000)],
      deployments: [{ name: 'web', replicas: 1, template: 'web' }],
      pods: [on('pool-1', 'web', 'web')],
    }));
    d.run('clusterAutoscaler'); // both become unneeded
    d.run('clusterAutoscaler'); // the lowest index, pool-1, is drained: tainted, its pod evicted
    expect(d.shown()).toContain('[clusterAutoscaler] Scale-down: removing node pool-1 (tainted ToBeDeletedByClusterAutoscaler:NoSchedule)');
    d.run('kubelet'); // the evicted pod is deleted
    expect(d.enabled('clusterAutoscaler')).toBe(0); // not Q4-idle: the deployment controller has work
    d.run('deploymentController'); // a replacement pod
    // fixed and pool-2 are empty 4000m nodes: they tie for the best score. pool-1 is no
    // candidate: the ToBeDeletedByClusterAutoscaler taint keeps the scheduler off it.
    expect(d.enabled('scheduler')).toBe(2);
    d.run('scheduler', 0);
    expect(d.shown().some((x) => /Pod web-\d+ is scheduled on node fixed$/.test(x))).toBe(true);
    d.run('kubelet');
    expect(d.enabled('clusterAutoscaler')).toBe(1); // pool-1 has no pod left: it can be deleted
    d.run('clusterAutoscaler');
    expect(d.shown()).toContain('[clusterAutoscaler] Node pool-1 deleted');
  });

  it('no_oscillation_node_count: a scale-up, a scale-down and a scale-up again violate it', async () => {
    // web-1 (3000m) fits no fixed node (1000m): pool grows to 1 node (2 nodes in all). Two
    // `kubectl scale` commands may take web to 0 (pool-1 empties, is unneeded, drained and
    // deleted: 1 node) and back to 1 (the pool grows again: 2 nodes): up, down, up.
    const r = await checkCluster(spec({
      nodes: [{ name: 'fixed', cpu: 1000, memory: 4096 }],
      nodeGroups: [group('pool', 1, 0)],
      deployments: [{ name: 'web', replicas: 1, template: 'web' }],
      events: [{ kind: 'scaleDeployment', afterStable: true }, { kind: 'scaleDeployment', afterStable: true }],
      intents: [{ name: 'no_oscillation_node_count' }],
    }));
    const f = r.failures.find((x) => x.intent === 'no_oscillation_node_count');
    expect(f).toBeDefined();
    const text = f!.steps.flatMap((x) => x.lines.filter((y) => y.level === 1).map((y) => y.text));
    expect(text.filter((x) => /registered and is Ready/.test(x))).toHaveLength(2);
    expect(text).toContain('Node pool-1 deleted');
  });

  it('without the commands the pool grows once and the node count holds', async () => {
    const r = await checkCluster(spec({
      nodes: [{ name: 'fixed', cpu: 1000, memory: 4096 }],
      nodeGroups: [group('pool', 1, 0)],
      deployments: [{ name: 'web', replicas: 1, template: 'web' }],
      intents: [{ name: 'no_oscillation_node_count' }],
    }));
    expect(r.status).toBe('holds');
  });
});
