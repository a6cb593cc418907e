/**
 * Cordon, uncordon and drains as kubectl does them (docs/model.md §9.4, §9.8), worked by hand:
 * NodeUnschedulable, evictions through the Eviction API retried while a budget refuses, the
 * wait for the pods to go, and a drain that can never finish reported with the pods that block it.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import type { ClusterSpec, PodDisruptionBudgetSpec } from '../src/model/cluster.js';
import { N_UNSCHEDULABLE, P_LOC, P_STATUS, POD_PENDING, POD_RUNNING, POD_TERMINATING, nodeAt, podAt } from '../src/model/layout.js';
import { parseEvents } from '../src/parsers/events.js';
import { Driver } from './model-helpers.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpu: 64, memory: 64 }));
const app = { matchLabels: { name: 'app' } };

/** Deployment app with pods on the given nodes (1-based), three nodes, the events and budgets. */
function spec(placement: number[], events: ClusterSpec['events'], budgets: PodDisruptionBudgetSpec[] = [], over: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'drain',
    nodes: nodes(3),
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
    deployments: [{ name: 'app', replicas: placement.length, template: 'app' }],
    pods: placement.map((n) => ({ deployment: 'app', node: `n${n}`, phase: 'Running' as const })),
    spareSlots: 3,
    events,
    intents: [],
    podDisruptionBudgets: budgets,
    ...over,
  };
}

describe('cordon and uncordon', () => {
  it('cordon sets spec.unschedulable and the scheduler leaves the node out (NodeUnschedulable); uncordon clears it', () => {
    const d = new Driver(spec([], [{ kind: 'cordon', node: 'n1' }, { kind: 'uncordon', node: 'n1' }]));
    d.run('cordon(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(1);
    expect(d.shown()).toContain('[cordon] node/n1 cordoned');
    d.run('uncordon(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(0);
    expect(d.shown()).toContain('[uncordon] node/n1 uncordoned');
  });

  it('a pending pod skips a cordoned node unless it tolerates node.kubernetes.io/unschedulable', async () => {
    // One node, cordoned from the start: a pod that does not tolerate the taint has no node.
    const one = { nodes: [{ name: 'n1', cpu: 64, memory: 64, unschedulable: true }], deployments: [{ name: 'app', replicas: 1, template: 'app' }], pods: [] };
    const r = await checkCluster(spec([], [], [], one));
    expect(r.status).toBe('violated');
    expect(r.failures[0].steps.flatMap((s) => s.lines.map((l) => l.text)).at(-1)).toContain('0/1 nodes are available: 1 node(s) were unschedulable.');
    // tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}] → it fits.
    const tolerant = { ...one, podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' as const, effect: 'NoSchedule' as const }] }] };
    expect((await checkCluster(spec([], [], [], tolerant))).status).toBe('holds');
  });

  it('the profile reads cordon, uncordon and drain with a node by name', () => {
    expect(parseEvents([{ name: 'drain', para: { node: 'n2' }, after_stable: true }, { name: 'cordon', para: { node: 'n1' } }, { name: 'uncordon', para: 'n1' }], 'c.json', 'userCommand')).toEqual([
      { kind: 'drain', node: 'n2', afterStable: true, first: false },
      { kind: 'cordon', node: 'n1', afterStable: false, first: false },
      { kind: 'uncordon', node: 'n1', afterStable: false, first: false },
    ]);
  });
});

describe('kubectl drain', () => {
  it('evicts what the budget allows, waits for a replacement to be Ready, then evicts the next, and ends once the node is empty', () => {
    // Three pods on n1, maxUnavailable 1: healthy 3, desired 2, allowed 1. The first round evicts
    // pod 1 (then healthy 2, allowed 0) and is refused for pods 2 and 3.
    const d = new Driver(spec([1, 1, 1], [{ kind: 'drain', node: 'n1' }], [{ name: 'pdb', maxUnavailable: 1, selector: app }]));
    d.run('drain(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(1);
    expect([1, 2, 3].map((q) => d.s[podAt(d.l, q) + P_STATUS])).toEqual([POD_TERMINATING, POD_RUNNING, POD_RUNNING]);
    const refused = d.log.lines.filter((l) => l.text.startsWith('error when evicting'));
    expect(refused.map((l) => l.text)).toEqual([
      `error when evicting pod "app-2" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget (PodDisruptionBudget pdb).`,
      `error when evicting pod "app-3" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget (PodDisruptionBudget pdb).`,
    ]);
    // Healthy 2 = desired: the drain waits (no choice) until something changes.
    expect(d.enabled('drain(n1)')).toBe(0);
    d.run('kubelet'); // deletes pod 1
    d.run('deploymentController'); // creates the replacement
    d.run('scheduler'); // n1 is cordoned: the replacement goes elsewhere
    const replacement = [1, 2, 3, 4, 5, 6].find((q) => d.s[podAt(d.l, q) + P_STATUS] === POD_PENDING)!;
    expect(d.s[podAt(d.l, replacement) + P_LOC]).not.toBe(1);
    expect(d.enabled('drain(n1)')).toBe(0); // pending is not healthy
    d.run('kubelet'); // starts it: healthy 3, allowed 1
    expect(d.enabled('drain(n1)')).toBe(1);
    d.run('drain(n1)');
    expect(d.s[podAt(d.l, 2) + P_STATUS]).toBe(POD_TERMINATING);
    expect(d.s[podAt(d.l, 3) + P_STATUS]).toBe(POD_RUNNING);
  });

  it('without a budget evicts every pod of the node at once and ends when they are gone; it does not uncordon', () => {
    const d = new Driver(spec([1, 1, 2], [{ kind: 'drain', node: 'n1' }]));
    d.run('drain(n1)');
    expect([1, 2, 3].map((q) => d.s[podAt(d.l, q) + P_STATUS])).toEqual([POD_TERMINATING, POD_TERMINATING, POD_RUNNING]);
    expect(d.enabled('drain(n1)')).toBe(0); // waiting for the kubelet
    d.run('kubelet');
    expect(d.enabled('drain(n1)')).toBe(1);
    d.run('drain(n1)');
    expect(d.shown().at(-1)).toBe('[drain] node/n1 drained');
    expect(d.enabled('drain(n1)')).toBe(0);
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(1);
  });

  it('a drain a budget blocks forever is an invalid end state naming the pods (minAvailable = replicas)', async () => {
    const r = await checkCluster(spec([1, 2], [{ kind: 'drain', node: 'n1' }], [{ name: 'pdb', minAvailable: 2, selector: app }]));
    expect(r.status).toBe('violated');
    const f = r.failures[0];
    expect([f.intent, f.stuckProcess, f.endStateIntent]).toEqual([null, 'drain(n1)', 'drain_completes']);
    expect(f.stuckReason).toBe('the drain of node n1 waits forever for app-1 (PodDisruptionBudget pdb)');
  });

  it('AlwaysAllow lets a drain evict a pod that is not Ready even while the budget is short', async () => {
    // Pod 1 on n1 runs on a node that is NotReady (not Ready), pod 2 is healthy on n2. minAvailable 2:
    // IfHealthyBudget refuses pod 1 (healthy 1 < 2) and the drain of n1 is stuck; AlwaysAllow evicts it.
    // The pods tolerate not-ready:NoExecute forever, so the taint manager leaves pod 1 where it is
    // (with the default 300 s toleration it would delete it, and the drain would end, docs/model.md §8.6).
    const forever = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute' as const }];
    const down = {
      nodes: [{ name: 'n1', cpu: 64, memory: 64, status: 'NotReady' as const }, ...nodes(3).slice(1)],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], tolerations: forever }],
    };
    const stuck = await checkCluster(spec([1, 2], [{ kind: 'drain', node: 'n1', first: true }], [{ name: 'pdb', minAvailable: 2, selector: app }], down));
    expect(stuck.failures.some((f) => f.stuckProcess === 'drain(n1)')).toBe(true);
    const allow = await checkCluster(spec([1, 2], [{ kind: 'drain', node: 'n1', first: true }], [{ name: 'pdb', minAvailable: 2, selector: app, unhealthyPodEvictionPolicy: 'AlwaysAllow' }], down));
    expect(allow.failures.some((f) => f.stuckProcess === 'drain(n1)')).toBe(false);
  });
});

describe('maintenance as a rolling drain (docs/model.md §9.4)', () => {
  it('cordons and evicts first, goes down only once the node is empty, and uncordons when it comes back', () => {
    const d = new Driver(spec([1, 2], [{ kind: 'maintenance', parallel: 1 }]));
    d.run('maintenance(p=1)');
    d.run('maintenanceNode(n1)');
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(1);
    expect(d.s[podAt(d.l, 1) + P_STATUS]).toBe(POD_TERMINATING);
    expect(d.enabled('maintenanceNode(n1)')).toBe(0); // the pod is still there
    d.run('kubelet');
    d.run('maintenanceNode(n1)'); // drained: goes down
    expect(d.log.lines.some((l) => l.text === 'Node n1 is drained: going down for maintenance')).toBe(true);
    d.run('nodeController');
    d.run('deploymentController');
    d.run('scheduler');
    d.run('kubelet');
    d.run('maintenanceNode(n1)'); // idle: comes back
    expect(d.s[nodeAt(d.l, 1) + N_UNSCHEDULABLE]).toBe(0);
    expect(d.shown().filter((x) => x.startsWith('[maintenanceNode]'))).toEqual(['[maintenanceNode] Starting maintenance for node n1', '[maintenanceNode] End maintenance for node n1']);
  });

  it('a maintenance blocked by a budget names its node\'s drain and the pods', async () => {
    const r = await checkCluster(spec([1, 2], [{ kind: 'maintenance', parallel: 1 }], [{ name: 'pdb', minAvailable: 2, selector: app }]));
    const f = r.failures.find((x) => x.intent === null)!;
    expect(f.stuckProcess).toBe('maintenanceNode(n1)');
    expect(f.stuckReason).toBe('the drain of node n1 waits forever for app-1 (PodDisruptionBudget pdb)');
  });
});

describe('a stuck drain in the JSON report', () => {
  it('carries stuckReason, marks drain_completes violated, and validates against the schema', async () => {
    const { readFileSync } = await import('node:fs');
    const { jsonReport } = await import('../src/report/json.js');
    const { validate } = await import('./json-schema.js');
    const schema = JSON.parse(readFileSync(new URL('../schema/kivi-report.schema.json', import.meta.url), 'utf8'));
    const s = spec([1, 2], [{ kind: 'drain', node: 'n1' }], [{ name: 'pdb', minAvailable: 2, selector: app }], { intents: [{ name: 'drain_completes' }] });
    const j = jsonReport(await checkCluster(s));
    expect(validate(schema, j)).toEqual([]);
    expect(j.violations[0]).toMatchObject({ intent: null, stuckProcess: 'drain(n1)', stuckReason: 'the drain of node n1 waits forever for app-1 (PodDisruptionBudget pdb)' });
    expect(j.intents).toContainEqual({ name: 'drain_completes', result: 'violated' });
  });
});

describe('a stuck drain in the SARIF and HTML reports', () => {
  it('says which pods block it', async () => {
    const { sarifReport } = await import('../src/report/sarif.js');
    const { htmlReport } = await import('../src/report/html.js');
    const s = spec([1, 2], [{ kind: 'drain', node: 'n1' }], [{ name: 'pdb', minAvailable: 2, selector: app }]);
    const r = await checkCluster(s, { snapshots: true });
    const why = 'the drain of node n1 waits forever for app-1 (PodDisruptionBudget pdb)';
    expect(JSON.stringify(sarifReport(r, s))).toContain(`Invalid end state: drain(n1) can never move again: ${why}`);
    expect(htmlReport(r)).toContain(why);
  });
});
