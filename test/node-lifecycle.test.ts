/**
 * Node lifecycle taints, DefaultTolerationSeconds and the taint manager (docs/model.md §8.5,
 * §8.6), worked by hand from Kubernetes' semantics:
 * - pkg/controller/nodelifecycle: a NotReady node gets `not-ready:NoSchedule` at once and
 *   `not-ready:NoExecute` from its zone's rate-limited tainter; recovery removes both;
 * - plugin/pkg/admission/defaulttolerationseconds: a pod without a toleration of not-ready (or
 *   unreachable) NoExecute tolerates it for 300 s;
 * - pkg/controller/tainteviction: untolerated → deleted at once; tolerationSeconds 0 → at once;
 *   N > 0 → N seconds after the taint manager saw the taint; no tolerationSeconds → never.
 * One tick is 0.1 s, so 300 s are 3000 ticks; P_TM_DUE stores the due time + 1, relative to the
 * clock after each step. The node controller taints during its queue item, which takes 1 tick,
 * so after its step a deletion due 3000 ticks after the taint is 2999 ticks away (stored 3000).
 */
import { setNodeTaints } from '../src/controllers/zone-counts.js';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, PodTemplateSpec } from '../src/model/cluster.js';
import {
  D_REPLICAS, G_TIME, N_STATUS, N_TAINTS, P_LOC, Q_NC, depAt, NODE_DOWN, P_STATUS, P_TM_DUE, POD_FREE, POD_RUNNING, POD_TERMINATING, Z_LAST_TAINT, nodeAt, podAt, zoneAt,
} from '../src/model/layout.js';
import {
  BIT_NOT_READY_NO_EXECUTE, BIT_NOT_READY_NO_SCHEDULE, BIT_UNREACHABLE_NO_SCHEDULE, LIFECYCLE_NO_EXECUTE,
} from '../src/model/taints.js';
import { allZonesFullyDisrupted, taintPeriod, ZONE_FULL_DISRUPTION, ZONE_NORMAL, ZONE_PARTIAL_DISRUPTION, zoneState } from '../src/controllers/node-lifecycle-zones.js';
import { parseEvents } from '../src/parsers/events.js';
import { compile } from '../src/system/compile.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { Warnings } from '../src/parsers/warnings.js';
import { Driver } from './model-helpers.js';
import { check } from '../src/api.js';

const NOT_READY = 'node.kubernetes.io/not-ready';

function template(name: string, tolerationSeconds?: number | 'forever'): PodTemplateSpec {
  const t: PodTemplateSpec = { name, labels: { name }, cpuRequest: 1, memoryRequest: 1, topologySpreadConstraints: [] };
  if (tolerationSeconds === 'forever') t.tolerations = [{ key: NOT_READY, operator: 'Exists', effect: 'NoExecute' }];
  else if (tolerationSeconds !== undefined) t.tolerations = [{ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }];
  return t;
}

/**
 * Five bare pods on n1 (bare, so a deletion queues nothing and the cluster is idle after it):
 * tolerationSeconds 0, 300, none (the default 300 applies), forever, and 600.
 */
function tolerationCluster(): ClusterSpec {
  const templates = [template('zero', 0), template('t300', 300), template('default'), template('forever', 'forever'), template('t600', 600)];
  return {
    name: 'tolerations',
    nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, cpu: 64, memory: 64 })),
    podTemplates: templates,
    deployments: [],
    pods: templates.map((t) => ({ name: t.name, template: t.name, node: 'n1', phase: 'Running' as const })),
    spareSlots: 0,
    events: [{ kind: 'nodeFailure', node: 'n1' }],
    intents: [],
  };
}

const due = (d: Driver, q: number): number => d.s[podAt(d.l, q) + P_TM_DUE];
const status = (d: Driver, q: number): number => d.s[podAt(d.l, q) + P_STATUS];

/**
 * The node fails and the node controller sees it: not-ready:NoSchedule. Its zone (3 nodes, 1
 * NotReady) is normal, rate 0.1 nodes/s, and the bucket has its token, so the tainting pass
 * adds not-ready:NoExecute in the same step.
 */
function failN1(d: Driver): void {
  d.run('nodeFailure(n1)'); // Ready=False
  d.run('nodeFailure(n1)'); // the node controller is told
  d.run('nodeController');
  expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(BIT_NOT_READY_NO_SCHEDULE | BIT_NOT_READY_NO_EXECUTE);
  expect(d.enabled('noExecuteTainter')).toBe(0);
}

describe('tolerationSeconds decides when the taint manager deletes (0, 300, default 300, forever)', () => {
  it('at the NoExecute taint: 0 goes at once, 300 and the default are due in 3000 ticks, 600 in 6000, forever never', () => {
    const d = new Driver(tolerationCluster());
    failN1(d);
    expect(status(d, 1)).toBe(POD_TERMINATING); // tolerationSeconds 0: getMinTolerationTime 0
    expect([2, 3, 4, 5].map((q) => status(d, q))).toEqual([POD_RUNNING, POD_RUNNING, POD_RUNNING, POD_RUNNING]);
    expect([2, 3, 4, 5].map((q) => due(d, q))).toEqual([3000, 3000, 0, 6000]);
    // The kubelet has pod 1's deletion to do: the cluster is not idle and nothing is due yet.
    expect(d.enabled('taintManager')).toBe(0);
    d.run('kubelet');
    expect(status(d, 1)).toBe(POD_FREE);
    // Idle now: the earliest deletions fire, the clock moving to their due time.
    d.run('taintManager');
    expect([2, 3].map((q) => status(d, q))).toEqual([POD_TERMINATING, POD_TERMINATING]);
    expect([4, 5].map((q) => status(d, q))).toEqual([POD_RUNNING, POD_RUNNING]);
    // The clock was shifted back to 0 after the step: pod 5's deletion is 3000 ticks away.
    expect(due(d, 5)).toBe(3001);
    d.run('kubelet');
    d.run('taintManager');
    expect(status(d, 5)).toBe(POD_TERMINATING);
    d.run('kubelet');
    // The pod that tolerates forever stays, and the taint manager has nothing left to do.
    expect(status(d, 4)).toBe(POD_RUNNING);
    expect(d.enabled('taintManager')).toBe(0);
  });

  it('recovery before the time removes the taints and cancels the deletions', () => {
    const d = new Driver(tolerationCluster());
    failN1(d);
    d.run('kubelet'); // pod 1 (tolerationSeconds 0) goes
    d.run('nodeFailure(n1)'); // the node is back: markNodeAsReachable in the same step
    expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(0);
    expect([2, 3, 4, 5].map((q) => due(d, q))).toEqual([0, 0, 0, 0]);
    expect(d.enabled('taintManager')).toBe(0);
    expect([2, 3, 4, 5].map((q) => status(d, q))).toEqual([POD_RUNNING, POD_RUNNING, POD_RUNNING, POD_RUNNING]);
  });

  it('the time runs from when the taint manager saw the taint, and a due deletion fires without idleness', () => {
    const d = new Driver(tolerationCluster());
    failN1(d);
    // Not idle (kubelet work pending), but 3000 ticks later the 300 s deletions are due.
    d.s[G_TIME] = 2998;
    expect(d.enabled('taintManager')).toBe(0);
    d.s[G_TIME] = 2999;
    expect(d.enabled('taintManager')).toBe(1);
    d.run('taintManager');
    expect([2, 3, 5].map((q) => status(d, q))).toEqual([POD_TERMINATING, POD_TERMINATING, POD_RUNNING]);
  });
});

describe('DefaultTolerationSeconds and the parsed tolerations', () => {
  it('adds not-ready and unreachable NoExecute for 300 s unless the pod tolerates them itself', () => {
    const cfg = compile(tolerationCluster());
    // Bits: 0 not-ready:NoSchedule, 1 not-ready:NoExecute, 2 unreachable:NoSchedule, 3 unreachable:NoExecute.
    const ticks = (name: string) => Array.from(cfg.templates.find((t) => t?.name === name)!.tolerationTicks.slice(0, 4));
    expect(ticks('zero')).toEqual([0, 0, 0, 3000]); // its own 0 s for not-ready, the default for unreachable
    expect(ticks('t300')).toEqual([0, 3000, 0, 3000]);
    expect(ticks('default')).toEqual([0, 3000, 0, 3000]);
    expect(ticks('forever')).toEqual([0, -1, 0, 3000]);
    expect(ticks('t600')).toEqual([0, 6000, 0, 3000]);
    // An empty key with Exists and no effect tolerates every taint: no default is added.
    const all = compile({ ...tolerationCluster(), podTemplates: [{ ...template('all'), tolerations: [{ operator: 'Exists' }] }], pods: [] });
    expect(Array.from(all.templates[1].tolerationTicks.slice(0, 4))).toEqual([0, -1, 0, -1]);
  });

  it('rejects tolerationSeconds on a toleration whose effect is not NoExecute (ValidateTolerations)', () => {
    const spec = tolerationCluster();
    spec.podTemplates[1].tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }];
    expect(() => compile(spec)).toThrow(/tolerations\[0\]\.effect: effect must be 'NoExecute' when tolerationSeconds is set/);
  });
});

describe('zone states and rates (ComputeZoneState, setLimiterInZone, ReducedQPSFunc)', () => {
  /**
   * `sizes` nodes per zone; `down[z]` of zone z seen NotReady (their NoSchedule taint set by hand,
   * with the zone's counts: zone-counts.ts).
   */
  function zones(sizes: number[], down: number[], lifecycle: ClusterSpec['nodeLifecycle'] = undefined): Driver {
    const nodes = sizes.flatMap((k, z) => Array.from({ length: k }, (_, i) => ({ name: `z${z}-${i}`, cpu: 8, memory: 8, labels: { 'topology.kubernetes.io/zone': `z${z}` } })));
    const d = new Driver({
      name: 'zones', nodes, podTemplates: [template('app')], deployments: [], pods: [], spareSlots: 0,
      events: [{ kind: 'nodeFailure', node: nodes[0].name }], intents: [], ...(lifecycle ? { nodeLifecycle: lifecycle } : {}),
    });
    let n = 1;
    sizes.forEach((k, z) => {
      for (let i = 0; i < k; i++, n++) if (i < down[z]) setNodeTaints(d.model.cfg, d.s, n, BIT_NOT_READY_NO_SCHEDULE);
    });
    return d;
  }
  const state = (d: Driver, z: number) => zoneState(d.model.ctx, d.s, d.model.cfg.nodeLifecycle!, z);
  const period = (d: Driver, z: number) => taintPeriod(d.model.ctx, d.s, d.model.cfg.nodeLifecycle!, z);

  it('normal: at most two NotReady, or below 55 %; rate 0.1 nodes/s = one node per 100 ticks', () => {
    const d = zones([3, 20, 3], [2, 10, 0]);
    expect([state(d, 0), state(d, 1), state(d, 2)]).toEqual([ZONE_NORMAL, ZONE_NORMAL, ZONE_NORMAL]); // 2 is not > 2; 10/20 = 0.5 < 0.55
    expect([period(d, 0), period(d, 1)]).toEqual([100, 100]);
  });

  it('partial disruption: > 2 and ≥ 55 % NotReady; a zone of ≤ 50 nodes stops tainting, a larger one uses 0.01 nodes/s', () => {
    const d = zones([20, 60, 4], [11, 33, 3]);
    // 11/20 = 0.55 ≥ 0.55; 33/60 = 0.55; 3/4 = 0.75 with 3 > 2.
    expect([state(d, 0), state(d, 1), state(d, 2)]).toEqual([ZONE_PARTIAL_DISRUPTION, ZONE_PARTIAL_DISRUPTION, ZONE_PARTIAL_DISRUPTION]);
    expect([period(d, 0), period(d, 1), period(d, 2)]).toEqual([0, 1000, 0]); // 20 and 4 ≤ 50: none; 60 > 50: 10/0.01
  });

  it('full disruption of one zone keeps the normal rate; of every zone, stops tainting and removes the NoExecute taints', () => {
    const one = zones([2, 3], [2, 0]);
    expect([state(one, 0), state(one, 1)]).toEqual([ZONE_FULL_DISRUPTION, ZONE_NORMAL]);
    expect(period(one, 0)).toBe(100); // HealthyQPSFunc
    const all = zones([2, 3], [2, 3]);
    expect(allZonesFullyDisrupted(all.model.ctx, all.s, all.model.cfg.nodeLifecycle!)).toBe(true);
    expect([period(all, 0), period(all, 1)]).toEqual([0, 0]);
    // Node 1 carried not-ready:NoExecute; the node controller's pass (handleDisruption) removes it.
    setNodeTaints(all.model.cfg, all.s, 1, all.s[nodeAt(all.l, 1) + N_TAINTS] | BIT_NOT_READY_NO_EXECUTE);
    all.run('nodeFailure(z0-0)');
    all.run('nodeFailure(z0-0)');
    all.run('nodeController');
    for (let n = 1; n <= 5; n++) expect(all.s[nodeAt(all.l, n) + N_TAINTS] & LIFECYCLE_NO_EXECUTE).toBe(0);
    expect(all.enabled('noExecuteTainter')).toBe(0);
  });

  it('the node controller taints at once while the bucket has a token; a second NotReady node 10 ticks later waits', () => {
    const spec = tolerationCluster();
    spec.events = [{ kind: 'nodeFailure', node: 'n1' }, { kind: 'nodeFailure', node: 'n2' }];
    const d = new Driver(spec);
    failN1(d);
    d.run('nodeFailure(n2)');
    d.run('nodeFailure(n2)');
    d.s[G_TIME] = 10; // 1 s after n1 was tainted at 0 (the clock was shifted back to 0)
    d.run('nodeController');
    // 2 of 3 NotReady is still a normal zone (partial needs more than 2): rate 0.1, but n1 took the token.
    expect(d.s[nodeAt(d.l, 2) + N_TAINTS]).toBe(BIT_NOT_READY_NO_SCHEDULE);
    // n1's tainting was 1 tick before the first step ended, 10 + 1 before this one ended.
    expect(d.s[zoneAt(d.l, 0) + Z_LAST_TAINT]).toBe(-12);
    expect(d.enabled('noExecuteTainter')).toBe(0); // the kubelet still has pod 1's deletion to do
    d.run('kubelet');
    expect(d.enabled('noExecuteTainter')).toBe(1); // idle: the next token may come early (§6.1)
  });

  it('a small cluster where a zone is partially disrupted leaves its NotReady pods bound: no NoExecute taint', () => {
    const d = zones([4], [3]);
    expect(d.enabled('noExecuteTainter')).toBe(0);
  });

  it('the rates come from the profile: nodeEvictionRate 0.5 is one node per 20 ticks', () => {
    const d = zones([3], [1], { nodeEvictionRate: 0.5, secondaryNodeEvictionRate: 0 });
    expect(period(d, 0)).toBe(20);
    expect(d.model.cfg.nodeLifecycle!.secondaryEvictionPeriod).toBe(0);
    expect(() => zones([3], [1], { unhealthyZoneThreshold: 2 })).toThrow(/nodeLifecycle: unhealthyZoneThreshold: must be a number from 0 to 1/);
  });

  it('one node per rate period: the second NotReady node of a zone waits 100 ticks unless the cluster is idle', () => {
    const d = zones([5], [2]);
    // Node 5 waiting in ncQ keeps the cluster from being idle (docs/model.md §2.2).
    const nc = d.l.queueBase[Q_NC];
    d.s[nc] = 1;
    d.s[nc + 1] = 5;
    // The zone's bucket is full (its last tainting long ago): the lowest NotReady node goes now.
    d.run('noExecuteTainter');
    expect([1, 2].map((n) => d.s[nodeAt(d.l, n) + N_TAINTS] & LIFECYCLE_NO_EXECUTE)).toEqual([BIT_NOT_READY_NO_EXECUTE, 0]);
    expect(d.s[zoneAt(d.l, 0) + Z_LAST_TAINT]).toBe(0);
    expect(d.enabled('noExecuteTainter')).toBe(0);
    d.s[G_TIME] = 99;
    expect(d.enabled('noExecuteTainter')).toBe(0);
    d.s[G_TIME] = 100; // 1 / 0.1 nodes per second = 10 s later
    expect(d.enabled('noExecuteTainter')).toBe(1);
    // Idle, the next one may go at once (the model's timers fire early when nothing else moves).
    d.s[G_TIME] = 0;
    d.s[nc] = 0;
    d.s[nc + 1] = 0;
    expect(d.enabled('noExecuteTainter')).toBe(1);
    d.run('noExecuteTainter');
    expect(d.s[nodeAt(d.l, 2) + N_TAINTS] & LIFECYCLE_NO_EXECUTE).toBe(BIT_NOT_READY_NO_EXECUTE);
    expect(d.s[zoneAt(d.l, 0) + Z_LAST_TAINT]).toBe(0); // the clock moved to last + 100, then back to 0
  });
});

describe('kernel panic is Unknown: unreachable, not not-ready', () => {
  it('a panicked node gets unreachable:NoSchedule; a failed one not-ready:NoSchedule', () => {
    const spec = tolerationCluster();
    spec.nodes[1].status = 'Unhealthy';
    spec.nodes[2].status = 'NotReady';
    const d = new Driver(spec);
    expect(d.s[nodeAt(d.l, 2) + N_TAINTS]).toBe(BIT_UNREACHABLE_NO_SCHEDULE);
    expect(d.s[nodeAt(d.l, 3) + N_TAINTS]).toBe(BIT_NOT_READY_NO_SCHEDULE);
    expect(d.s[nodeAt(d.l, 3) + N_STATUS]).toBe(NODE_DOWN);
  });
});

describe('the taint command (kubectl taint nodes)', () => {
  it('parses key=value:Effect, key:Effect- and key-', () => {
    const events = parseEvents([
      { name: 'taint', para: { node: 'n1', taint: 'dedicated=gpu:NoExecute' } },
      { name: 'taint', para: { node: 'n1', taint: 'dedicated:NoExecute-' } },
      { name: 'taint', para: { node: 'n1', taint: 'dedicated-' } },
    ], 'p.json', 'userCommand');
    expect(events).toEqual([
      { kind: 'taint', node: 'n1', taint: { key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, remove: false, afterStable: false, first: false },
      { kind: 'taint', node: 'n1', taint: { key: 'dedicated', effect: 'NoExecute' }, remove: true, afterStable: false, first: false },
      { kind: 'taint', node: 'n1', taint: { key: 'dedicated' }, remove: true, afterStable: false, first: false },
    ]);
    expect(() => parseEvents([{ name: 'taint', para: { node: 'n1', taint: 'dedicated=gpu' } }], 'p.json', 'userCommand')).toThrow(
      /userCommand\[0\] \(taint\): para\.taint: must be "key=value:Effect"/,
    );
  });

  it('a NoExecute taint deletes the pods that do not tolerate it at once, schedules those with tolerationSeconds, and its removal cancels', () => {
    const spec: ClusterSpec = {
      ...tolerationCluster(),
      podTemplates: [
        template('plain'),
        { ...template('tolerant'), tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute', tolerationSeconds: 60 }] },
      ],
      pods: [{ name: 'plain', template: 'plain', node: 'n1', phase: 'Running' }, { name: 'tolerant', template: 'tolerant', node: 'n1', phase: 'Running' }],
      events: [
        { kind: 'taint', node: 'n1', taint: { key: 'dedicated', value: 'gpu', effect: 'NoExecute' }, remove: false },
        { kind: 'taint', node: 'n1', taint: { key: 'dedicated', effect: 'NoExecute' }, remove: true, afterStable: true },
      ],
    };
    const d = new Driver(spec);
    d.run('taint(n1)');
    expect(d.shown()).toContain('[taint] node/n1 tainted');
    expect(status(d, 1)).toBe(POD_TERMINATING);
    expect(due(d, 2)).toBe(601); // 60 s = 600 ticks
    d.run('kubelet');
    d.run('init');
    d.run('init'); // idle: spawns the after-stable removal
    // Both commands are named taint(n1); the second process is the removal.
    const procs = Array.from({ length: d.model.processCount }, (_, p) => p).filter((p) => d.model.processName(p) === 'taint(n1)');
    expect(d.model.choices(d.s, procs[1])).toBe(1);
    d.model.step(d.s, procs[1], 0, d.log);
    expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(0);
    expect(due(d, 2)).toBe(0);
    expect(status(d, 2)).toBe(POD_RUNNING);
  });
});

describe('examples/notready-300s, followed past its counterexample (README step 3)', () => {
  it('the failed node keeps web-1 bound for 300 s and the deployment controller replaces nothing', () => {
    const d = new Driver(loadConfigFolder('examples/notready-300s', new Warnings()));
    // Drive the shortest path of the counterexample: create, schedule one per node, start.
    const drain = (names: string[]) => {
      for (let moved = true; moved; ) {
        moved = false;
        for (const name of names) if (d.enabled(name) > 0) {
          d.run(name);
          moved = true;
        }
      }
    };
    d.run('createTargetDeployment(web)');
    drain(['deploymentController', 'scheduler', 'kubelet']);
    const web = [1, 2, 3];
    expect(web.map((q) => d.s[podAt(d.l, q) + P_STATUS])).toEqual([POD_RUNNING, POD_RUNNING, POD_RUNNING]);
    const onPool1 = web.find((q) => d.s[podAt(d.l, q) + P_LOC] === 1)!;
    drain(['init']); // idle: the after-stable nodeFailure is spawned
    failPool1(d);
    expect(d.s[nodeAt(d.l, 1) + N_TAINTS]).toBe(BIT_NOT_READY_NO_SCHEDULE | BIT_NOT_READY_NO_EXECUTE);
    expect(status(d, onPool1)).toBe(POD_RUNNING);
    // 300 s after the taint, which came 1 tick before the node controller's step ended (the
    // monitor's violation left the clock unshifted: compare with it).
    expect(due(d, onPool1) - 1 - d.s[G_TIME]).toBe(2999);
    // The pod is still a replica: nothing for the deployment controller to do.
    expect(d.s[depAt(d.l, 1) + D_REPLICAS]).toBe(3);
    expect(d.enabled('deploymentController')).toBe(0);
  });
});

function failPool1(d: Driver): void {
  d.run('nodeFailure(pool-1)');
  d.run('nodeFailure(pool-1)');
  d.run('nodeController');
}

/**
 * evicted_pod_rescheduled (docs/model.md §10.1), worked by hand. `web` runs 2 replicas of a
 * 3-CPU pod, already Running one per node; every node has 4 CPU, so a node takes one pod. n1
 * fails (nodeFailure): the node lifecycle controller taints it not-ready:NoSchedule, and its
 * zone (one zone, 1 of N nodes NotReady: a normal zone, ComputeZoneState) gets
 * not-ready:NoExecute at the normal rate. The pod has only the DefaultTolerationSeconds
 * toleration (300 s), so the taint manager deletes it 300 s later (processPodOnNode); the
 * ReplicaSet creates a replacement. TaintToleration rejects n1 (NoSchedule not-ready is not
 * tolerated), so the replacement needs a node with 3 CPU free.
 */
function evictionCluster(nodes: number, tolerationSeconds?: 'forever'): ClusterSpec {
  const web = template('web', tolerationSeconds);
  web.cpuRequest = 3;
  return {
    name: 'evicted',
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `n${i + 1}`, cpu: 4, memory: 64 })),
    podTemplates: [web],
    deployments: [{ name: 'web', replicas: 2, template: 'web' }],
    pods: [1, 2].map((n) => ({ deployment: 'web', node: `n${n}`, phase: 'Running' as const })),
    spareSlots: 2,
    events: [{ kind: 'nodeFailure', node: 'n1', afterStable: true }],
    intents: [{ name: 'evicted_pod_rescheduled' }],
  };
}

describe('evicted_pod_rescheduled', () => {
  it('two nodes: n2 has 1 CPU free, so the replacement of the evicted pod finds no node (violated)', async () => {
    const r = await check(evictionCluster(2));
    expect(r.status).toBe('violated');
    const v = r.violations[0];
    expect(v.intent).toBe('evicted_pod_rescheduled');
    const messages = v.steps.map((s) => s.message);
    // The taint manager's deletion comes before the failed scheduling of the replacement.
    const deleted = messages.findIndex((m) => /taint manager|ran out/.test(m));
    const last = messages[messages.length - 1];
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(last).toMatch(/replaces a pod the taint manager evicted from deployment web, and no node takes it/);
    expect(messages.some((m) => /No feasible node for pod web-\d: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) had untolerated taint/.test(m))).toBe(true);
  });

  it('three nodes: the replacement takes the empty n3 (holds)', async () => {
    expect((await check(evictionCluster(3))).status).toBe('holds');
  });

  it('a toleration of not-ready without tolerationSeconds keeps the pod bound: nothing is evicted (holds)', async () => {
    expect((await check(evictionCluster(2, 'forever'))).status).toBe('holds');
  });

  it('without a NoExecute taint any node can get, the intent is an input error', async () => {
    const spec = evictionCluster(2);
    spec.events = [];
    await expect(check(spec)).rejects.toThrow(/evicted_pod_rescheduled needs a NoExecute taint some node can get/);
  });
});
