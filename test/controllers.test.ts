/** Controllers and the model's process table, driven step by step through the TransitionSystem. */
import { describe, expect, it } from 'vitest';
import { c3 } from '../src/cases/c3.js';
import { checkCluster } from '../src/check.js';
import { DEADLOCK_BASE, NO_FEASIBLE_NODE } from '../src/intents/catalog.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, D_SPEC, G_HPA_LAST, G_SCH_TIE, G_TIME, N_CPU_LEFT, N_NUM_POD, P_START, P_STATUS, POD_FREE, POD_PENDING,
  POD_RUNNING, POD_TERMINATING, Q_DC, Q_KBL, Q_SCH, depAt, nodeAt, podAt,
} from '../src/model/layout.js';
import { LineLog } from '../src/checker/log.js';
import { queueLength } from '../src/model/queues.js';

function proc(model: KiviModel, name: string): number {
  for (let p = 0; p < model.processCount; p++) if (model.processName(p) === name) return p;
  throw new Error(`no process ${name}`);
}

/** Five running pods: {1, 4} on node 1, {2, 5} on node 2, {3} on node 3 (model.md docs/model.md §8.1.1). */
function fivePods(spec: number): ClusterSpec {
  const nodes = ['n1', 'n2', 'n3'];
  return {
    name: 'five',
    nodes: nodes.map((name) => ({ name, cpu: 64, memory: 64 })),
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
    deployments: [{ name: 'app', replicas: spec, template: 'app' }],
    pods: [1, 2, 3, 1, 2].map((n) => ({ deployment: 'app', node: `n${n}`, phase: 'Running' as const })),
    spareSlots: 3,
    events: [],
    intents: [],
  };
}

/** Puts the deployment in dcQ and runs the deployment controller on s; returns its messages. */
function reconcileLog(model: KiviModel, s: Int32Array, log = new LineLog()): string[] {
  const l = model.cfg.layout;
  s[l.queueBase[Q_DC]] = 1;
  s[l.queueBase[Q_DC] + 1] = 1; // dcQ = [app]
  model.step(s, proc(model, 'deploymentController'), 0, log);
  return log.lines.map((x) => x.text);
}

describe('deployment controller', () => {
  it('scales down by deleting the pods on the nodes with most siblings, equals in canonical order: 1, 4, 2, 5', () => {
    // Pods 1..5 run on n1, n2, n3, n1, n2 (8/8 each); spec drops to 1, so 4 go. Kubernetes ranks
    // every active pod once, before deleting any (getPodsToDelete sorts ActivePodsWithRanks):
    // all are assigned, Running and Ready, so criterion 5 decides: the rank is the number of the
    // ReplicaSet's active pods on the pod's node: 2 for pods 1, 4 (n1) and 2, 5 (n2), 1 for pod 3
    // (n3). The four of rank 2 go, pod 3 stays. Among equals upstream's order is open, and kivi
    // takes the canonical order (docs/model.md §8.1.1, §8.11): unbound slots, then node by node.
    // n1 and n2 hold 2 pods each (48 free CPU), n3 one (56 free): the node words put n1 and n2
    // (equal, kept in index order) before n3, so the order is 1, 4 (n1), 2, 5 (n2), 3 (n3).
    const model = new KiviModel(compile(fivePods(1)), { reduce: false });
    const l = model.cfg.layout;
    const s = model.initialState();
    s[l.queueBase[Q_DC]] = 1;
    s[l.queueBase[Q_DC] + 1] = 1; // dcQ = [app]
    const log = new LineLog();
    expect(model.choices(s, proc(model, 'deploymentController'))).toBe(1);
    model.step(s, proc(model, 'deploymentController'), 0, log);
    expect(log.lines.filter((x) => x.text.startsWith('Deleting pod')).map((x) => x.text)).toEqual([
      'Deleting pod app-1',
      'Deleting pod app-4',
      'Deleting pod app-2',
      'Deleting pod app-5',
    ]);
    expect([1, 2, 3, 4, 5].map((q) => s[podAt(l, q) + P_STATUS])).toEqual([POD_TERMINATING, POD_TERMINATING, POD_RUNNING, POD_TERMINATING, POD_TERMINATING]);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(4);
    expect(queueLength(s, l, Q_KBL)).toBe(4);
    // The kubelet then deletes them, gives the resources back and wakes the deployment controller.
    model.step(s, proc(model, 'kubelet'), 0, null);
    expect([1, 2, 4, 5].map((q) => s[podAt(l, q) + P_STATUS])).toEqual([POD_FREE, POD_FREE, POD_FREE, POD_FREE]);
    expect(s[depAt(l, 1) + D_REPLICAS]).toBe(1);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(0);
    expect([1, 2, 3].map((n) => s[nodeAt(l, n) + N_NUM_POD])).toEqual([0, 0, 1]);
    expect([1, 2, 3].map((n) => s[nodeAt(l, n) + N_CPU_LEFT])).toEqual([64, 64, 56]);
    expect(queueLength(s, l, Q_DC)).toBe(1);
  });

  it("with ties: 'lowest' (no symmetry reduction) the rank-2 pods go in slot order: 1, 2, 4, 5", () => {
    // Same cluster and ranks; without the reduction equals are taken in slot order. The ranks are
    // taken once before any deletion (upstream sorts once), so after pods 1 and 2 go, pods 4 and
    // 5 still rank 2 and go before pod 3 (rank 1): every node keeps at most one pod, never n3 none.
    const model = new KiviModel(compile({ ...fivePods(1), scheduler: { ties: 'lowest' } }));
    const s = model.initialState();
    expect(reconcileLog(model, s).filter((x) => x.startsWith('Deleting pod'))).toEqual([
      'Deleting pod app-1',
      'Deleting pod app-2',
      'Deleting pod app-4',
      'Deleting pod app-5',
    ]);
  });

  it('scales up into the lowest free slots and hands the pods to the scheduler', () => {
    const model = new KiviModel(compile(fivePods(7)), { reduce: false });
    const l = model.cfg.layout;
    const s = model.initialState();
    const log = new LineLog();
    reconcileLog(model, s, log);
    expect(log.lines.filter((x) => x.level === 1).map((x) => x.text)).toEqual([
      'Too few replicas, need to create 2',
      'Adding a new pod app-6 to deployment app',
      'Adding a new pod app-7 to deployment app',
    ]);
    expect([6, 7, 8].map((q) => s[podAt(l, q) + P_STATUS])).toEqual([POD_PENDING, POD_PENDING, POD_FREE]);
    expect(s[depAt(l, 1) + D_IN_CREATION]).toBe(2);
    expect(queueLength(s, l, Q_SCH)).toBe(2);
    // One tick passed; the clock is kept at 0 and the HPA's last run is now one tick ago.
    expect(s[G_TIME]).toBe(0);
    expect(s[G_HPA_LAST]).toBe(-1);
    // Scheduler: spreads by least-allocated free capacity, then the kubelet starts both. app-7
    // ties between n1 and n2, which hold pods and so are not twins: the burst stops before it
    // and its next transition takes the first choice, n1 (docs/model.md §7.2, §8.2.4).
    model.step(s, proc(model, 'scheduler'), 0, log);
    expect(s[G_SCH_TIE]).toBe(1);
    model.step(s, proc(model, 'scheduler'), 0, log);
    expect(s[G_SCH_TIE]).toBe(0);
    model.step(s, proc(model, 'kubelet'), 0, log);
    expect(log.lines.filter((x) => x.level === 1).slice(3).map((x) => x.text)).toEqual([
      'Pod app-6 is scheduled on node n3',
      'Pod app-7 is scheduled on node n1',
      'Created pod app-6 on node n3, deployment app now have 6 replicas',
      'Created pod app-7 on node n1, deployment app now have 7 replicas',
    ]);
    expect(s[depAt(l, 1) + D_IN_CREATION]).toBe(0);
  });

  it('the kubelet starts every pod of one burst at its first tick (docs/model.md §8.4)', () => {
    // Two new pods (a CPU pattern keeps start times: its next step is due 1500 ticks after the
    // start) are scheduled, then one kubelet burst starts both. The clock gains a tick per item
    // (2), and both pods get the burst's first tick: after the time abstraction shifts the clock
    // to 0, both start times read −2 (the reference gave the second pod −1).
    const spec = fivePods(7);
    spec.podTemplates[0].cpuPattern = { usage: [8, 3], at: [0, 1500] };
    const model = new KiviModel(compile(spec), { reduce: false });
    const l = model.cfg.layout;
    const s = model.initialState();
    reconcileLog(model, s);
    model.step(s, proc(model, 'scheduler'), 0, null);
    if (s[G_SCH_TIE] === 1) model.step(s, proc(model, 'scheduler'), 0, null);
    expect(queueLength(s, l, Q_KBL)).toBe(2);
    model.step(s, proc(model, 'kubelet'), 0, null);
    expect([6, 7].map((q) => s[podAt(l, q) + P_STATUS])).toEqual([POD_RUNNING, POD_RUNNING]);
    expect([6, 7].map((q) => s[podAt(l, q) + P_START])).toEqual([-2, -2]);
  });

  it('waits while the kubelet has work (its guard needs an empty kblQ)', () => {
    const model = new KiviModel(compile(fivePods(1)), { reduce: false });
    const l = model.cfg.layout;
    const s = model.initialState();
    s[l.queueBase[Q_DC]] = 1;
    s[l.queueBase[Q_DC] + 1] = 1;
    s[l.queueBase[Q_KBL]] = 1;
    s[l.queueBase[Q_KBL] + 1] = 5;
    expect(model.choices(s, proc(model, 'deploymentController'))).toBe(0);
  });
});

describe('case c3 through the library', () => {
  it('violates pod_always_schedulable in 8 transitions whose messages are the reference shape', async () => {
    const r = await checkCluster(c3(3, false));
    expect(r.status).toBe('violated');
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0];
    expect(f.intent).toBe('pod_always_schedulable');
    expect(f.steps.map((s) => s.process)).toEqual([
      'init', 'hpa', 'init', 'eventCpuChange(app)', 'eventCpuChange(app)', 'hpa', 'deploymentController', 'scheduler',
    ]);
    const shown = f.steps.flatMap((s) => s.lines.filter((x) => x.level === 1).map((x) => `[${x.component}] ${x.text}`));
    expect(shown).toEqual([
      '[CPU Change] CPU change 1 on pod app-1, now 9, and node node-1, now 47',
      '[HPA] Need to rescale, pod number change from 5 to 6',
      '[Deployment] Too few replicas, need to create 1',
      '[Deployment] Adding a new pod app-6 to deployment app',
      "[Scheduler - no_feasible_node] No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.",
    ]);
  });

  it('holds with -cn, and the new pod lands on the one-pod middle node', async () => {
    const spec = c3(3, true);
    const r = await checkCluster(spec);
    expect(r.status).toBe('holds');
    expect(r.failures).toEqual([]);
    const model = new KiviModel(compile(spec), { reduce: false });
    const s = model.initialState();
    const l = model.cfg.layout;
    s[depAt(l, 1) + D_SPEC] = 6;
    s[l.queueBase[Q_DC]] = 1;
    s[l.queueBase[Q_DC] + 1] = 1;
    const log = new LineLog();
    model.step(s, proc(model, 'deploymentController'), 0, log);
    expect(model.step(s, proc(model, 'scheduler'), 0, log)).toBe(0);
    expect(log.lines.at(-1)!.text).toBe('Pod app-6 is scheduled on node node-2');
  });

  it('reports the violation code of the scheduler when the cycle finds no node', () => {
    const model = new KiviModel(compile(c3(3, false)), { reduce: false });
    const s = model.initialState();
    const l = model.cfg.layout;
    s[depAt(l, 1) + D_SPEC] = 6;
    s[l.queueBase[Q_DC]] = 1;
    s[l.queueBase[Q_DC] + 1] = 1;
    model.step(s, proc(model, 'deploymentController'), 0, null);
    expect(model.step(s, proc(model, 'scheduler'), 0, null)).toBe(NO_FEASIBLE_NODE);
  });
});

describe('eventCpuChange', () => {
  it('offers replicas × 6 choices once armed, and each bumps one pod by 1..6', () => {
    const model = new KiviModel(compile(c3(3, false)), { reduce: false });
    const p = proc(model, 'eventCpuChange(app)');
    const init = proc(model, 'init');
    const s = model.initialState();
    expect(model.choices(s, p)).toBe(0); // after-stable: not spawned yet
    model.step(s, init, 0, null); // enqueue the HPA trigger
    model.step(s, proc(model, 'hpa'), 0, null); // no change: inside the tolerance
    // The first HPA run moved the clock past hpaLast + 150; it just ran, so its last run is now.
    expect(s[G_HPA_LAST]).toBe(s[G_TIME]);
    model.step(s, init, 0, null); // stable: spawn the event
    expect(model.choices(s, p)).toBe(1);
    model.step(s, p, 0, null); // idle: arm
    expect(model.choices(s, p)).toBe(5 * 6);
    const log = new LineLog();
    model.step(s, p, 3 * 6 + 5, log); // member index 3 (pod app-4 on node-3), +6
    expect(log.lines.find((x) => x.level === 1)!.text).toBe('CPU change 6 on pod app-4, now 14, and node node-3, now 42');
    expect(model.choices(s, p)).toBe(0);
  });

  it('gives up for good when polled while the cluster is busy', () => {
    const spec = c3(3, false);
    spec.events[0].afterStable = false;
    const model = new KiviModel(compile(spec), { reduce: false });
    const p = proc(model, 'eventCpuChange(app)');
    const s = model.initialState();
    model.step(s, proc(model, 'init'), 0, null); // hpaQ is busy now, time 0 < 600
    model.step(s, p, 0, null);
    expect(model.choices(s, p)).toBe(0);
  });

  it('an armed event whose deployment never has pods is a deadlock naming it', async () => {
    const spec: ClusterSpec = {
      name: 'stuck',
      nodes: [{ name: 'n1', cpu: 64, memory: 64 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 0, template: 'app' }],
      pods: [],
      spareSlots: 1,
      events: [{ kind: 'eventCpuChange', deployment: 'app' }],
      intents: [],
    };
    const r = await checkCluster(spec);
    expect(r.status).toBe('violated');
    expect(r.failures[0].intent).toBeNull();
    expect(r.failures[0].stuckProcess).toBe('eventCpuChange(app)');
    const model = new KiviModel(compile(spec), { reduce: false });
    expect(model.endState(replayEnd(model))).toBe(DEADLOCK_BASE + proc(model, 'eventCpuChange(app)'));
  });
});

/** Runs the single enabled process until nothing is enabled (deterministic clusters only). */
function replayEnd(model: KiviModel): Int32Array {
  const s = model.initialState();
  for (let guard = 0; guard < 100; guard++) {
    let moved = false;
    for (let p = 0; p < model.processCount && !moved; p++) {
      if (model.choices(s, p) > 0) {
        model.step(s, p, 0, null);
        moved = true;
      }
    }
    if (!moved) return s;
  }
  throw new Error('did not stop');
}

describe('compile errors name the object and field', () => {
  it('rejects an HPA whose minimum exceeds its maximum', () => {
    const spec = c3(3, false);
    spec.deployments[0].hpa!.minReplicas = 9;
    expect(() => compile(spec)).toThrow(/minReplicas \(9\) is greater than maxReplicas \(6\)/);
  });

  it('rejects a pod on an unknown node', () => {
    const spec = c3(3, false);
    spec.pods[0].node = 'nowhere';
    expect(() => compile(spec)).toThrow('node "nowhere" does not exist');
  });

  it('rejects a Utilization metric without a request', () => {
    const spec = c3(3, false);
    spec.podTemplates[0].cpuRequest = 0;
    expect(() => compile(spec)).toThrow(/a Utilization target needs a cpu request/);
  });

  it('derives free capacity and pod counts from the placed pods', () => {
    const cfg = compile(c3(3, false));
    const l = cfg.layout;
    expect([1, 2, 3].map((n) => cfg.initial[nodeAt(l, n) + N_CPU_LEFT])).toEqual([48, 56, 48]);
    expect([1, 2, 3].map((n) => cfg.initial[nodeAt(l, n) + N_NUM_POD])).toEqual([2, 1, 2]);
    expect(cfg.initial[depAt(l, 1) + D_REPLICAS]).toBe(5);
  });
});
