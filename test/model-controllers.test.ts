/** The controllers against worked examples (docs/model.md docs/model.md §9) and hand-built runs. */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/cases/index.js';
import { checkCluster } from '../src/check.js';
import { BALANCE_NODE, EVICTION_CYCLE, EXP_REPLICAS, KERNEL_PANIC, MIN_REPLICAS, OSCILLATION_REPLICA_NUM } from '../src/intents/catalog.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import {
  D_REPLICAS, D_SPEC, D_TEMPLATE, G_HPA_LAST, G_SCH_TIE, G_TIME, M_STAGE, N_CPU_LEFT, N_STATUS, NODE_DOWN, NODE_READY, NODE_UNHEALTHY, P_CPU,
  P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_PENDING, POD_RUNNING, POD_TERMINATING, depAt, monitorAt, nodeAt, podAt,
  N_TAINTS, P_TM_DUE,
} from '../src/model/layout.js';
import { BIT_UNREACHABLE_NO_EXECUTE, BIT_UNREACHABLE_NO_SCHEDULE } from '../src/model/taints.js';
import { Driver } from './model-helpers.js';

const nodes = (n: number, extra: Partial<ClusterSpec['nodes'][number]> = {}) =>
  Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpu: 64, memory: 64, ...extra }));

function base(over: Partial<ClusterSpec>): ClusterSpec {
  return {
    name: 'test',
    nodes: nodes(3),
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
    deployments: [{ name: 'app', replicas: 0, template: 'app' }],
    pods: [],
    spareSlots: 3,
    events: [],
    intents: [],
    ...over,
  };
}

const running = (placement: number[]) => placement.map((n) => ({ deployment: 'app', node: `n${n}`, phase: 'Running' as const }));

describe('descheduler', () => {
  it('RemoveDuplicates evicts pod 4 of node 3 in the c5 example (docs/model.md §8.7.3)', () => {
    const d = new Driver(loadCase('c5', { scale: 3 }));
    d.run('init');
    expect(d.enabled('descheduler')).toBe(1);
    d.run('descheduler');
    expect(d.shown()).toEqual([
      '[Descheduler] Duplicated Pod app-4 (status Running) on node node-3 pending for deletion!',
      '[Descheduler] Pod app-4 on node node-3 pending for deletion!',
    ]);
    expect(d.s[podAt(d.l, 4) + P_STATUS]).toBe(POD_TERMINATING);
    expect(d.s[podAt(d.l, 5) + P_STATUS]).toBe(POD_RUNNING);
  });

  it('RemoveDuplicates skips a deployment with fewer than two nodes to land on', () => {
    const d = new Driver(base({ nodes: nodes(1), deployments: [{ name: 'app', replicas: 3, template: 'app' }], pods: running([1, 1, 1]), descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] } }));
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([]);
  });

  it('RemovePodsViolatingTopologySpreadConstraint evicts the lowest pod of the fullest hostname domain (docs/model.md §8.7.4, c8)', () => {
    const spec = base({
      deployments: [{ name: 'app', replicas: 6, template: 'app' }],
      podTemplates: [{
        name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8,
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'ScheduleAnyway' }],
      }],
      pods: running([1, 2, 3, 1, 2, 1]),
      descheduler: { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] }] },
    });
    const d = new Driver(spec);
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([
      '[DeScheduler] Pod violating TopoSpread constraints (topoKey kubernetes.io/hostname), Pod app-1 pending for deletion',
      '[Descheduler] Pod app-1 on node n1 pending for deletion!',
    ]);
    // Only DoNotSchedule constraints (the -cn variant of c8): nothing to balance.
    const hardOnly = new Driver({ ...spec, descheduler: { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'] }] } });
    hardOnly.run('init');
    hardOnly.run('descheduler');
    expect(hardOnly.shown()).toEqual([]);
  });

  it('leaves system-critical pods alone unless evictSystemCriticalPods', () => {
    const spec = base({
      nodes: nodes(2),
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], critical: true }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }],
      pods: running([1, 1, 1]),
      descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] },
    });
    const d = new Driver(spec);
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([]);
    const e = new Driver({ ...spec, descheduler: { profiles: [{ plugins: ['RemoveDuplicates'], evictSystemCriticalPods: true }] } });
    e.run('init');
    e.run('descheduler');
    expect(e.shown().length).toBeGreaterThan(0);
  });

  it('waits for the cluster to be idle (or its 3000-tick period)', () => {
    const d = new Driver(loadCase('c5', { scale: 3 }));
    d.run('init');
    d.run('descheduler');
    // The eviction filled kblQ: the descheduler is not Q4-idle and its period has not elapsed.
    d.run('kubelet');
    expect(d.enabled('descheduler')).toBe(0);
  });
});

describe('taints', () => {
  const tainted = (effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule', tolerate = false): ClusterSpec =>
    base({
      nodes: [{ name: 'n1', cpu: 64, memory: 64, taints: [{ key: 'k', value: 'v', effect }] }, { name: 'n2', cpu: 64, memory: 40 }],
      podTemplates: [{
        name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [],
        tolerations: tolerate ? [{ key: 'k', operator: 'Equal', value: 'v' }] : [],
      }],
      deployments: [{ name: 'app', replicas: 1, template: 'app' }],
      pods: [{ deployment: 'app', phase: 'Pending' }],
    });

  it('TaintToleration filters untolerated NoSchedule and NoExecute taints', () => {
    for (const effect of ['NoSchedule', 'NoExecute'] as const) {
      const d = new Driver(tainted(effect));
      d.run('scheduler');
      expect(d.shown()).toEqual(['[Scheduler] Pod app-1 is scheduled on node n2']);
      const t = new Driver(tainted(effect, true));
      t.run('scheduler');
      expect(t.shown()).toEqual(['[Scheduler] Pod app-1 is scheduled on node n1']);
    }
  });

  it('TaintToleration scores PreferNoSchedule down without filtering (node 1 has more free memory)', () => {
    const d = new Driver(tainted('PreferNoSchedule'));
    d.run('scheduler');
    expect(d.shown()).toEqual(['[Scheduler] Pod app-1 is scheduled on node n2']);
  });

  it('the taint manager evicts a started pod that does not tolerate NoExecute (c7)', () => {
    const d = new Driver(loadCase('c7', { scale: 3 }));
    d.run('createTargetDeployment(app)');
    d.run('deploymentController');
    d.run('kubelet');
    expect(d.enabled('taintManager')).toBe(1);
    d.run('taintManager');
    expect(d.shown().at(-1)).toBe('[taintManger] The pod app-1 is pending for eviction as it cannot tolerate the taint on node node-1');
    expect(d.s[podAt(d.l, 1) + P_STATUS]).toBe(POD_TERMINATING);
    expect(d.s[podAt(d.l, 2) + P_STATUS]).toBe(POD_RUNNING); // one item per transition
  });

  it('nodeName pods use and give back their node\'s resources', () => {
    const d = new Driver(loadCase('c7', { scale: 3 }));
    d.run('createTargetDeployment(app)');
    d.run('deploymentController');
    expect(d.s[nodeAt(d.l, 1) + N_CPU_LEFT]).toBe(64 - 3 * 8);
    d.run('kubelet');
    d.run('taintManager');
    d.run('kubelet');
    expect(d.s[nodeAt(d.l, 1) + N_CPU_LEFT]).toBe(64 - 2 * 8);
  });
});

describe('node controller and kernel panic', () => {
  it('a node with ≤ 2 % free CPU panics (guard, then body), is tainted unreachable, its pods go after 300 s, and it recovers (docs/model.md §9.5, §8.5)', () => {
    const spec = base({
      nodes: nodes(2),
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 21, memoryRequest: 21, topologySpreadConstraints: [] }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }],
      pods: running([1, 1, 1]),
      events: [{ kind: 'kernelPanic' }],
      intents: [{ name: 'no_kernel_panic' }],
    });
    const d = new Driver(spec);
    expect(d.enabled('kernelPanic(n1)')).toBe(1); // 1/64 free
    expect(d.enabled('kernelPanic(n2)')).toBe(0);
    d.run('kernelPanic(n1)'); // arm
    expect(d.s[nodeAt(d.l, 1) + N_STATUS]).toBe(NODE_READY);
    d.run('kernelPanic(n1)'); // panic
    expect(d.s[nodeAt(d.l, 1) + N_STATUS]).toBe(NODE_UNHEALTHY);
    expect(d.shown()).toEqual(['node n1 kernel panic, times 1']);
    // A silent kubelet is Ready=Unknown: TaintNodesByCondition's unreachable:NoSchedule (bit 2),
    // and the zone's tainter (one zone of 2 nodes, 1 NotReady: normal, rate 0.1/s, its token
    // there) adds unreachable:NoExecute in the same step. The node controller deletes no pod
    // itself: each pod tolerates the taint for the default 300 s = 3000 ticks.
    d.run('nodeController');
    expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(BIT_UNREACHABLE_NO_SCHEDULE | BIT_UNREACHABLE_NO_EXECUTE);
    expect([1, 2, 3].map((q) => d.s[podAt(d.l, q) + P_STATUS])).toEqual([POD_RUNNING, POD_RUNNING, POD_RUNNING]);
    // Due 3000 ticks after the taint, which came 1 tick before the step ended; stored + 1.
    expect([1, 2, 3].map((q) => d.s[podAt(d.l, q) + P_TM_DUE])).toEqual([3000, 3000, 3000]);
    // Idle, the taint manager's timer fires and the clock moves to the due time.
    d.run('taintManager');
    expect([1, 2, 3].map((q) => d.s[podAt(d.l, q) + P_STATUS])).toEqual([POD_TERMINATING, POD_TERMINATING, POD_TERMINATING]);
    d.run('kubelet');
    expect(d.s[nodeAt(d.l, 1) + N_CPU_LEFT]).toBe(64);
    d.run('kernelPanic(n1)');
    d.run('kernelPanic(n1)');
    expect(d.shown().at(-1)).toBe('node n1 kernel panic recovered');
    expect(d.s[nodeAt(d.l, 1) + N_STATUS]).toBe(NODE_READY);
    // Both taints come off with the recovery (markNodeAsReachable).
    expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(0);
  });

  it('the third panic of one node violates no_kernel_panic (c4 through the checker)', async () => {
    const r = await checkCluster(loadCase('c4', { scale: 3 }));
    const f = r.failures.find((x) => x.intent === 'no_kernel_panic')!;
    const lines = f.steps.flatMap((s) => s.lines.filter((x) => x.level === 1).map((x) => x.text));
    expect(lines.filter((x) => /kernel panic, times/.test(x))).toEqual([
      'node node-1 kernel panic, times 1',
      'node node-1 kernel panic, times 2',
      'node node-1 kernel panic, times 3',
    ]);
    expect(KERNEL_PANIC).toBe(2);
  });

  it('the taint manager does not count an already terminating pod again (docs/model.md §14.2 bug 16)', () => {
    const d = new Driver(base({ deployments: [{ name: 'app', replicas: 2, template: 'app' }], pods: running([1, 1]), events: [{ kind: 'nodeFailure', node: 'n1' }] }));
    d.s[podAt(d.l, 1) + P_STATUS] = POD_TERMINATING;
    d.s[depAt(d.l, 1) + 4] = 1; // D_IN_DELETION
    d.run('nodeFailure(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_STATUS]).toBe(NODE_DOWN);
    d.run('nodeFailure(n1)'); // tell the node controller
    d.run('nodeController'); // not-ready:NoSchedule and NoExecute; pod 2 is due in 300 s, pod 1 is being deleted already
    expect(d.s[podAt(d.l, 1) + P_TM_DUE]).toBe(0);
    expect(d.s[podAt(d.l, 2) + P_TM_DUE]).not.toBe(0);
    d.run('taintManager');
    expect(d.s[depAt(d.l, 1) + 4]).toBe(2);
    d.run('nodeFailure(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_STATUS]).toBe(NODE_READY);
    expect(d.enabled('nodeFailure(n1)')).toBe(0);
  });
});

describe('maintenance', () => {
  it('drains node 1, brings it back when idle, then node 2 (c6, docs/model.md §9.4)', async () => {
    const r = await checkCluster(loadCase('c6', { scale: 3 }));
    const f = r.failures.find((x) => x.intent === 'replica_num_always_meet_exp')!;
    const maint = f.steps.flatMap((s) => s.lines.filter((x) => x.level === 1 && x.component === 'maintenanceNode').map((x) => x.text));
    expect(maint).toEqual(['Starting maintenance for node node-1', 'End maintenance for node node-1', 'Starting maintenance for node node-2']);
  });

  it('with parallel 2 the first two Ready nodes go down together', () => {
    const d = new Driver(base({ deployments: [{ name: 'app', replicas: 0, template: 'app' }], events: [{ kind: 'maintenance', parallel: 2 }] }));
    d.run('maintenance(p=2)');
    expect(d.enabled('maintenanceNode(n1)')).toBe(1);
    expect(d.enabled('maintenanceNode(n2)')).toBe(1);
    expect(d.enabled('maintenanceNode(n3)')).toBe(0);
    expect(d.enabled('maintenance(p=2)')).toBe(0); // waits for a free maintenance slot
  });

  it('a maintenance that can never reach a node is a deadlock naming it', async () => {
    const r = await checkCluster(base({ nodes: [{ name: 'n1', cpu: 64, memory: 64, status: 'NotReady' }], events: [{ kind: 'maintenance', parallel: 1 }] }));
    expect(r.status).toBe('violated');
    expect(r.failures[0].intent).toBeNull();
    expect(r.failures[0].stuckProcess).toBe('maintenance(p=1)');
  });
});

describe('CPU usage patterns (docs/docs/model.md §10.2)', () => {
  it('move pods to their next usage once due or idle, and jump the clock to the due time', () => {
    const spec = base({
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], cpuPattern: { usage: [8, 3], at: [0, 300] } }],
      deployments: [{ name: 'app', replicas: 2, template: 'app' }],
      pods: running([1, 2]),
    });
    const d = new Driver(spec);
    d.run('init');
    expect(d.enabled('podCpuChangeWithPattern')).toBe(1); // idle
    d.run('podCpuChangeWithPattern');
    expect([1, 2].map((q) => d.s[podAt(d.l, q) + P_CPU])).toEqual([3, 3]);
    expect(d.s[nodeAt(d.l, 1) + N_CPU_LEFT]).toBe(61);
    // The clock jumped to the due time, 300 ticks: the HPA's 150-tick period has passed.
    expect(d.s[G_TIME]).toBe(0);
    expect(d.s[G_HPA_LAST]).toBe(-151);
    expect(d.shown()).toEqual(['[CPU Change] CPU change -5 on pod app-1, now 3, and node n1, now 61', '[CPU Change] CPU change -5 on pod app-2, now 3, and node n2, now 61']);
    expect(d.enabled('podCpuChangeWithPattern')).toBe(0);
  });
});

describe('user commands', () => {
  it('applyDeployment without replicas resets the spec to 1 (c2)', () => {
    const d = new Driver(loadCase('c2', { scale: 3 }));
    d.run('init');
    d.run('hpa');
    d.run('deploymentController');
    // The scheduler's burst stops before each pod whose best nodes are not twins (nodes
    // holding pods never are) and goes on in its next transition (docs/model.md §7.2).
    d.run('scheduler');
    while (d.s[G_SCH_TIE] !== 0) d.run('scheduler');
    d.run('kubelet');
    d.run('hpa');
    d.run('init');
    d.run('applyDeployment(app)');
    expect(d.s[depAt(d.l, 1) + D_SPEC]).toBe(1);
    expect(d.shown().at(-1)).toBe('[applyDeployment] Applying the manifest app to existing deployment app');
  });

  it('createDeployment of an existing deployment fails without changing it', () => {
    const d = new Driver(base({ deployments: [{ name: 'app', replicas: 2, template: 'app' }], pods: running([1, 2]), manifests: [{ name: 'app', replicas: 5 }], events: [{ kind: 'createDeployment', manifest: 'app' }] }));
    d.run('createDeployment(app)');
    expect(d.shown()).toEqual(['[createDeployment] deployments.apps "app" already exists']);
    expect(d.s[depAt(d.l, 1) + D_SPEC]).toBe(2);
  });

  it('a manifest for a new deployment creates it', () => {
    const d = new Driver(base({ deployments: [], manifests: [{ name: 'web', replicas: 2, template: 'app' }], events: [{ kind: 'applyDeployment', manifest: 'web' }] }));
    d.run('applyDeployment(web)');
    d.run('deploymentController');
    expect(d.shown()).toEqual([
      '[applyDeployment] Applying the manifest web to new deployment web',
      '[Deployment] Too few replicas, need to create 2',
      '[Deployment] Adding a new pod web-1 to deployment web',
      '[Deployment] Adding a new pod web-2 to deployment web',
    ]);
  });

  it('scaleDeployment offers −3..+3 per deployment and never goes below 0', () => {
    const d = new Driver(base({ deployments: [{ name: 'app', replicas: 1, template: 'app' }], pods: running([1]), events: [{ kind: 'scaleDeployment' }] }));
    expect(d.enabled('scaleDeployment()')).toBe(7);
    d.run('scaleDeployment()', 0); // −3
    expect(d.s[depAt(d.l, 1) + D_SPEC]).toBe(0);
  });

  it('first commands run before anything else', () => {
    const d = new Driver(base({ deployments: [{ name: 'app', replicas: 1, template: 'app', created: false }], events: [{ kind: 'createTargetDeployment', deployment: 'app', first: true }] }));
    expect(d.enabled('init')).toBe(0);
    d.run('createTargetDeployment(app)');
    expect(d.enabled('init')).toBe(1);
  });
});

describe('rollouts terminate and respect the strategy (docs/model.md §12, decision 7)', () => {
  function rollout(strategy: ClusterSpec['deployments'][number]['strategy']) {
    return base({
      nodes: nodes(3),
      podTemplates: [
        { name: 'v1', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] },
        { name: 'v2', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] },
      ],
      deployments: [{ name: 'app', replicas: 4, template: 'v1', strategy }],
      pods: running([1, 2, 3, 1]),
      spareSlots: 4,
      manifests: [{ name: 'app', replicas: 4, template: 'v2' }],
      events: [{ kind: 'applyDeployment', manifest: 'app' }],
    });
  }

  /** Runs every enabled process in a fixed order until nothing is enabled; returns the max pods alive and min running. */
  function settle(d: Driver): { maxAlive: number; minRunning: number } {
    let maxAlive = 0;
    let minRunning = Number.MAX_SAFE_INTEGER;
    for (let steps = 0; steps < 500; steps++) {
      let moved = false;
      for (let p = 0; p < d.model.processCount && !moved; p++) {
        if (d.model.choices(d.s, p) > 0) {
          expect(d.model.step(d.s, p, 0, d.log)).toBe(0);
          moved = true;
        }
      }
      let alive = 0;
      let run = 0;
      for (let q = 1; q <= d.l.pods; q++) {
        const st = d.s[podAt(d.l, q) + P_STATUS];
        if (st === POD_RUNNING || st === POD_PENDING) alive++;
        if (st === POD_RUNNING) run++;
      }
      maxAlive = Math.max(maxAlive, alive);
      if (d.s[depAt(d.l, 1) + D_TEMPLATE] === 2) minRunning = Math.min(minRunning, run);
      if (!moved) return { maxAlive, minRunning };
    }
    throw new Error('rollout did not terminate');
  }

  function templates(d: Driver): number[] {
    const out: number[] = [];
    for (let q = 1; q <= d.l.pods; q++) if (d.s[podAt(d.l, q) + P_STATUS] === POD_RUNNING) out.push(d.s[podAt(d.l, q) + P_TEMPLATE]);
    return out;
  }

  it('RollingUpdate (25 %/25 %): at most 5 pods alive, at least 3 running, ends with 4 new pods', () => {
    const d = new Driver(rollout({ type: 'RollingUpdate' }));
    const { maxAlive, minRunning } = settle(d);
    expect(templates(d)).toEqual([2, 2, 2, 2]);
    expect(d.s[depAt(d.l, 1) + D_REPLICAS]).toBe(4);
    expect(maxAlive).toBeLessThanOrEqual(5);
    expect(minRunning).toBeGreaterThanOrEqual(3);
  });

  it('Recreate: all old pods go before new ones start', () => {
    const d = new Driver(rollout({ type: 'Recreate' }));
    const { minRunning } = settle(d);
    expect(templates(d)).toEqual([2, 2, 2, 2]);
    expect(minRunning).toBe(0);
  });
});

describe('intent monitors on hand-built runs', () => {
  const withIntent = (intent: string, params: Record<string, unknown>, over: Partial<ClusterSpec> = {}) =>
    base({
      deployments: [{ name: 'app', replicas: 3, template: 'app', hpa: { minReplicas: 2, maxReplicas: 5, metrics: [{ resource: 'cpu', type: 'Utilization', target: 50 }] } }],
      pods: running([1, 2, 3]),
      intents: [{ name: intent, params: { deployment: 'app', ...params } }],
      ...over,
    });

  function setReplicas(d: Driver, r: number): number {
    d.s[depAt(d.l, 1) + D_REPLICAS] = r;
    // Any transition runs the monitors afterwards; the kubelet with an empty queue is not enabled,
    // so drive the model's step with the init process.
    return d.model.step(d.s, d.proc('init'), 0, d.log);
  }

  it('checkOscillationReplicaNum: max, then ≤ max − 3 or min, violates', () => {
    const d = new Driver(withIntent('no_oscillation_replica_num', {}));
    expect(setReplicas(d, 5)).toBe(0);
    expect(d.s[monitorAt(d.l, 0) + M_STAGE]).toBe(1);
    d.s[2] = 0; // G_INIT back to its first step so init can run again
    expect(setReplicas(d, 2)).toBe(OSCILLATION_REPLICA_NUM);
  });

  it('checkMinReplicas: reaching the HPA minimum, then dropping below it, violates', () => {
    const d = new Driver(withIntent('replica_num_always_meet_min', {}));
    expect(d.s[monitorAt(d.l, 0) + M_STAGE]).toBe(1); // 3 ≥ 2 on the initial state
    expect(setReplicas(d, 1)).toBe(MIN_REPLICAS);
    expect(d.shown().at(-1)).toBe('[checkMinReplicas] The number of replicas in deployment app is less than the minimum/spec replicas! Now 1.');
  });

  it('checkExpReplicas follows the live spec (spec-1)', () => {
    const d = new Driver(withIntent('replica_num_always_meet_exp', { expReplicas: 'spec-1' }));
    expect(setReplicas(d, 2)).toBe(0); // spec 3 − 1 = 2
    d.s[2] = 0;
    expect(setReplicas(d, 1)).toBe(EXP_REPLICAS);
  });

  it('checkEvictionCycle needs three delete → start alternations', async () => {
    const r = await checkCluster(loadCase('c5', { scale: 3 }));
    const f = r.failures[0];
    const deletes = f.steps.flatMap((s) => s.lines.filter((x) => x.level === 1 && x.text.startsWith('Deleted')));
    expect(deletes).toHaveLength(3);
    expect(EVICTION_CYCLE).toBe(f.intent === 'no_oscillation_eviction' ? 6 : -1);
  });

  it('checkBalanceNode: once replicas reach spec and a pod started, a skew above maxSkew violates', async () => {
    const spec = base({
      nodes: nodes(3),
      deployments: [{ name: 'app', replicas: 4, template: 'app' }],
      pods: running([1, 1, 1]),
      spareSlots: 2,
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, nodeAffinity: { required: [{ matchLabels: { 'kubernetes.io/hostname': 'n1' } }] }, topologySpreadConstraints: [] }],
      intents: [{ name: 'pod_balance_across_node', params: { deployment: 'app', maxSkew: 2 } }],
    });
    const r = await checkCluster(spec);
    expect(r.failures.map((f) => f.intent)).toContain('pod_balance_across_node');
    expect(BALANCE_NODE).toBe(7);
    const balanced = await checkCluster({ ...spec, podTemplates: [{ ...spec.podTemplates[0], nodeAffinity: undefined }], pods: running([1, 2, 3]) });
    expect(balanced.status).toBe('holds');
  });

  it('a first stage never reached at the end is an invalid end state naming the monitor', async () => {
    const r = await checkCluster(base({
      nodes: nodes(1),
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 100, memoryRequest: 8, topologySpreadConstraints: [] }],
      deployments: [{ name: 'app', replicas: 0, template: 'app' }],
      intents: [{ name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: 2 } }],
    }));
    expect(r.status).toBe('violated');
    expect(r.failures[0].stuckProcess).toBe('checkExpReplicas(app) monitor');
  });
});

describe('compile errors for the new inputs', () => {
  it('names the field', () => {
    expect(() => compile(base({ intents: [{ name: 'no_oscillation_eviction' }] }))).toThrow(/names no deployment/);
    expect(() => compile(base({ intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'nope' } }] }))).toThrow(/deployment "nope" does not exist/);
    expect(() => compile(base({ intents: [{ name: 'no_kernel_panic' }] }))).toThrow(/needs the kernelPanic event/);
    expect(() => compile(base({ intents: [{ name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: 'half' } }] }))).toThrow(/must be a number or "spec", "spec-K", "spec\+K", got "half"/);
    expect(() => compile(base({ events: [{ kind: 'applyDeployment', manifest: 'x' }] }))).toThrow(/manifest "x" does not exist/);
    expect(() => compile(base({ nodes: [{ name: 'n1', cpu: 64, memory: 64, taints: [{ key: 'a', effect: 'Sometimes' as 'NoSchedule' }] }] }))).toThrow(/taints\[0\]\.effect/);
  });

  it('keeps the reference constants visible in states', () => {
    const d = new Driver(base({ pods: running([1]), deployments: [{ name: 'app', replicas: 1, template: 'app' }] }));
    expect(d.s[podAt(d.l, 1) + P_LOC]).toBe(1);
    expect(d.s[podAt(d.l, 2) + P_STATUS]).toBe(POD_FREE);
  });
});

describe('time abstraction (src/model/time.ts)', () => {
  it('makes feedback loops finite: c5, c7 and c8 without their eviction intent terminate and hold', async () => {
    for (const id of ['c5', 'c7', 'c8']) {
      const spec = loadCase(id, { scale: 3 });
      spec.intents = [];
      const r = await checkCluster(spec, { maxStates: 200_000 });
      expect(r.status, id).toBe('holds');
    }
  });

  it('keeps every guard: the HPA waits 150 ticks unless idle, whatever the absolute time', () => {
    const d = new Driver(loadCase('c3', { scale: 3 }));
    d.run('init');
    d.run('hpa');
    // Just ran: its last run is "now".
    expect(d.s[G_HPA_LAST]).toBe(0);
    expect(d.s[G_TIME]).toBe(0);
  });
});

describe('pod names', () => {
  it('an initial pod keeps its real name; a pod created later in its slot is <deployment>-<slot>', () => {
    const d = new Driver(base({
      deployments: [{ name: 'web', replicas: 1, template: 'app' }],
      pods: [{ name: 'web-5d9c7-aaaaa', deployment: 'web', node: 'n1', phase: 'Running' }],
      spareSlots: 0,
    }));
    d.s[podAt(d.l, 1) + P_STATUS] = POD_TERMINATING;
    d.s[depAt(d.l, 1) + 4] = 1; // D_IN_DELETION
    d.s[d.l.queueBase[4]] = 1; // kblQ = [1]
    d.s[d.l.queueBase[4] + 1] = 1;
    d.run('kubelet');
    d.run('deploymentController');
    expect(d.shown()).toEqual([
      '[Kubelet] Deleted pod web-5d9c7-aaaaa on node n1, deployment web now have 0 replicas',
      '[Deployment] Too few replicas, need to create 1',
      '[Deployment] Adding a new pod web-1 to deployment web',
    ]);
  });
});
