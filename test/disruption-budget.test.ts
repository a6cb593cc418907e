/**
 * PodDisruptionBudgets and the Eviction API (docs/model.md §8.9), against numbers worked by hand
 * from pkg/controller/disruption/disruption.go (getExpectedPodCount, countHealthyPods,
 * updatePdbStatus) and pkg/registry/core/pod/storage/eviction.go (EvictionREST.Create).
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, PodDisruptionBudgetSpec } from '../src/model/cluster.js';
import {
  PDB_ALLOWED, PDB_DESIRED, PDB_EXPECTED, PDB_HEALTHY, PDB_STATUS_WORDS, budgetStatus, scaledPercentUp,
} from '../src/controllers/disruption.js';
import {
  EVICTION_NOT_FOUND, EVICTION_OK, EVICTION_SEVERAL_BUDGETS, EVICTION_TOO_MANY_REQUESTS, evictionAnswer, evictPod,
} from '../src/controllers/eviction.js';
import {
  D_IN_DELETION, D_SPEC, N_STATUS, NODE_DOWN, P_STATUS, POD_FREE, POD_PENDING, POD_RUNNING, POD_TERMINATING, depAt, nodeAt, podAt,
} from '../src/model/layout.js';
import { Driver } from './model-helpers.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpu: 64, memory: 64 }));

/** `replicas` running pods of deployment app (labels name=app), pod i on node n(i+1) (1-based slots), and the budgets. */
function cluster(replicas: number, budgets: PodDisruptionBudgetSpec[], over: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'pdb',
    nodes: nodes(Math.max(replicas, 1)),
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
    deployments: [{ name: 'app', replicas, template: 'app' }],
    pods: Array.from({ length: replicas }, (_, i) => ({ deployment: 'app', node: `n${i + 1}`, phase: 'Running' as const })),
    spareSlots: 2,
    events: [],
    intents: [],
    podDisruptionBudgets: budgets,
    ...over,
  };
}

const app = { matchLabels: { name: 'app' } };

function status(d: Driver, b = 0): { expected: number; healthy: number; desired: number; allowed: number } {
  const out = new Int32Array(PDB_STATUS_WORDS);
  budgetStatus(d.model.ctx, d.s, b, out);
  return { expected: out[PDB_EXPECTED], healthy: out[PDB_HEALTHY], desired: out[PDB_DESIRED], allowed: out[PDB_ALLOWED] };
}

describe('intstr.GetScaledValueFromIntOrPercent with roundUp', () => {
  it('rounds a percentage of the total up', () => {
    // ceil(50·3/100) = ceil(1.5) = 2; ceil(25·4/100) = 1 exactly; ceil(1·1/100) = 1; 0 % of anything is 0.
    expect([scaledPercentUp(50, 3), scaledPercentUp(25, 4), scaledPercentUp(1, 1), scaledPercentUp(0, 7), scaledPercentUp(100, 5)]).toEqual([2, 1, 1, 0, 5]);
  });
});

describe('the disruption controller\'s status, worked by hand', () => {
  it('integer minAvailable: expected = the selected pods, desired = minAvailable', () => {
    // 3 healthy pods, minAvailable 2: allowed 3 − 2 = 1.
    expect(status(new Driver(cluster(3, [{ name: 'b', minAvailable: 2, selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 2, allowed: 1 });
    // minAvailable 3 = the replica count: nothing may go.
    expect(status(new Driver(cluster(3, [{ name: 'b', minAvailable: 3, selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 3, allowed: 0 });
  });

  it('percentage minAvailable: expected = the Deployment\'s spec.replicas, desired rounds up', () => {
    // 50 % of 3 = ceil(1.5) = 2 healthy needed: allowed 1.
    expect(status(new Driver(cluster(3, [{ name: 'b', minAvailable: '50%', selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 2, allowed: 1 });
    // The scale is spec.replicas, not the pods: spec 5 with 3 pods → desired ceil(2.5) = 3, allowed 0.
    const d = new Driver(cluster(3, [{ name: 'b', minAvailable: '50%', selector: app }]));
    d.s[depAt(d.l, 1) + D_SPEC] = 5;
    expect(status(d)).toEqual({ expected: 5, healthy: 3, desired: 3, allowed: 0 });
  });

  it('maxUnavailable, integer and percentage: desired = scale − maxUnavailable (rounded up), never below 0', () => {
    expect(status(new Driver(cluster(3, [{ name: 'b', maxUnavailable: 1, selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 2, allowed: 1 });
    // 50 % of 3 rounds up to 2 unavailable: desired 1, allowed 2.
    expect(status(new Driver(cluster(3, [{ name: 'b', maxUnavailable: '50%', selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 1, allowed: 2 });
    // maxUnavailable 0 forbids every eviction; maxUnavailable 5 > 3 gives desired 0 and allows 3.
    expect(status(new Driver(cluster(3, [{ name: 'b', maxUnavailable: 0, selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 3, allowed: 0 });
    expect(status(new Driver(cluster(3, [{ name: 'b', maxUnavailable: 5, selector: app }])))).toEqual({ expected: 3, healthy: 3, desired: 0, allowed: 3 });
  });

  it('unhealthy pods: pending, terminating and on a node that is not Ready do not count as healthy', () => {
    const d = new Driver(cluster(4, [{ name: 'b', minAvailable: 2, selector: app }]));
    d.s[podAt(d.l, 1) + P_STATUS] = POD_PENDING; // not started
    d.s[podAt(d.l, 2) + P_STATUS] = POD_TERMINATING; // being deleted: still a selected pod
    d.s[nodeAt(d.l, 3) + N_STATUS] = NODE_DOWN; // pod 3 runs on a NotReady node
    // 4 selected pods, 1 healthy (pod 4), desired 2: 1 − 2 < 0 → allowed 0.
    expect(status(d)).toEqual({ expected: 4, healthy: 1, desired: 2, allowed: 0 });
  });

  it('a budget that expects no pod allows nothing (updatePdbStatus), and neither field means desired 0', () => {
    // maxUnavailable on a deployment scaled to 0 whose pods still run: expected 0 → allowed 0.
    const d = new Driver(cluster(2, [{ name: 'b', maxUnavailable: 1, selector: app }]));
    d.s[depAt(d.l, 1) + D_SPEC] = 0;
    expect(status(d)).toEqual({ expected: 0, healthy: 2, desired: 0, allowed: 0 });
    // No minAvailable, no maxUnavailable: expected 0, so no disruption is allowed.
    expect(status(new Driver(cluster(2, [{ name: 'b', selector: app }])))).toEqual({ expected: 0, healthy: 2, desired: 0, allowed: 0 });
  });

  it('a nil selector selects nothing, `{}` every pod of the namespace, another namespace none', () => {
    expect(status(new Driver(cluster(2, [{ name: 'b', minAvailable: 1 }])))).toEqual({ expected: 0, healthy: 0, desired: 1, allowed: 0 });
    expect(status(new Driver(cluster(2, [{ name: 'b', minAvailable: 1, selector: {} }])))).toEqual({ expected: 2, healthy: 2, desired: 1, allowed: 1 });
    expect(status(new Driver(cluster(2, [{ name: 'b', namespace: 'other', minAvailable: 1, selector: {} }])))).toEqual({ expected: 0, healthy: 0, desired: 1, allowed: 0 });
    // matchExpressions: name NotIn [web] selects app's pods.
    const expr = { matchExpressions: [{ key: 'name', operator: 'NotIn' as const, values: ['web'] }] };
    expect(status(new Driver(cluster(2, [{ name: 'b', minAvailable: 1, selector: expr }])))).toEqual({ expected: 2, healthy: 2, desired: 1, allowed: 1 });
  });
});

describe('the Eviction API (EvictionREST.Create)', () => {
  it('evicts while disruptionsAllowed > 0 and each eviction lowers the healthy count (checkAndDecrement)', () => {
    // minAvailable 1 of 3: allowed 2. Evict pod 1 → healthy 2, allowed 1; pod 2 → healthy 1, allowed 0; pod 3 refused with 429.
    const d = new Driver(cluster(3, [{ name: 'b', minAvailable: 1, selector: app }]));
    expect(evictPod(d.model.ctx, d.s, 1)).toBe(true);
    expect(d.s[podAt(d.l, 1) + P_STATUS]).toBe(POD_TERMINATING);
    expect(status(d)).toEqual({ expected: 3, healthy: 2, desired: 1, allowed: 1 });
    expect(evictPod(d.model.ctx, d.s, 2)).toBe(true);
    expect(evictionAnswer(d.model.ctx, d.s, 3)).toBe(EVICTION_TOO_MANY_REQUESTS);
    expect(evictPod(d.model.ctx, d.s, 3)).toBe(false);
    expect(d.s[podAt(d.l, 3) + P_STATUS]).toBe(POD_RUNNING);
    expect(d.s[depAt(d.l, 1) + D_IN_DELETION]).toBe(2);
  });

  it('a pod without a budget is always evicted; a pod two budgets select is refused (500)', () => {
    const none = new Driver(cluster(1, []));
    expect(evictionAnswer(none.model.ctx, none.s, 1)).toBe(EVICTION_OK);
    const two = new Driver(cluster(3, [{ name: 'a', maxUnavailable: 3, selector: app }, { name: 'b', maxUnavailable: 3, selector: {} }]));
    expect(evictionAnswer(two.model.ctx, two.s, 1)).toBe(EVICTION_SEVERAL_BUDGETS);
  });

  it('pending and terminating pods are deleted without asking the budget (canIgnorePDB); a free slot is 404', () => {
    const d = new Driver(cluster(2, [{ name: 'b', minAvailable: 2, selector: app }]));
    expect(evictionAnswer(d.model.ctx, d.s, 1)).toBe(EVICTION_TOO_MANY_REQUESTS);
    d.s[podAt(d.l, 1) + P_STATUS] = POD_PENDING;
    expect(evictionAnswer(d.model.ctx, d.s, 1)).toBe(EVICTION_OK);
    d.s[podAt(d.l, 2) + P_STATUS] = POD_TERMINATING;
    expect(evictionAnswer(d.model.ctx, d.s, 2)).toBe(EVICTION_OK);
    // Evicting a terminating pod leaves it as it is: no second deletion is counted.
    const before = d.s[depAt(d.l, 1) + D_IN_DELETION];
    expect(evictPod(d.model.ctx, d.s, 2)).toBe(true);
    expect(d.s[depAt(d.l, 1) + D_IN_DELETION]).toBe(before);
    expect(d.s[podAt(d.l, 3) + P_STATUS]).toBe(POD_FREE); // a spare slot
    expect(evictionAnswer(d.model.ctx, d.s, 3)).toBe(EVICTION_NOT_FOUND);
  });

  it('IfHealthyBudget: an unhealthy pod goes only while currentHealthy ≥ desiredHealthy > 0', () => {
    // 3 pods, pod 1 on a NotReady node (running, not Ready). minAvailable 2: healthy 2 ≥ 2 → its eviction is allowed
    // although disruptionsAllowed is 0; a healthy pod's is not.
    const d = new Driver(cluster(3, [{ name: 'b', minAvailable: 2, selector: app }]));
    d.s[nodeAt(d.l, 1) + N_STATUS] = NODE_DOWN;
    expect(status(d).allowed).toBe(0);
    expect(evictionAnswer(d.model.ctx, d.s, 1)).toBe(EVICTION_OK);
    expect(evictionAnswer(d.model.ctx, d.s, 2)).toBe(EVICTION_TOO_MANY_REQUESTS);
    // minAvailable 3: healthy 2 < 3, the application is disrupted: the unhealthy pod stays (429).
    const e = new Driver(cluster(3, [{ name: 'b', minAvailable: 3, selector: app }]));
    e.s[nodeAt(e.l, 1) + N_STATUS] = NODE_DOWN;
    expect(evictionAnswer(e.model.ctx, e.s, 1)).toBe(EVICTION_TOO_MANY_REQUESTS);
  });

  it('AlwaysAllow: an unhealthy pod goes even while the application is disrupted; healthy ones still need the budget', () => {
    const d = new Driver(cluster(3, [{ name: 'b', minAvailable: 3, selector: app, unhealthyPodEvictionPolicy: 'AlwaysAllow' }]));
    d.s[nodeAt(d.l, 1) + N_STATUS] = NODE_DOWN;
    expect(evictionAnswer(d.model.ctx, d.s, 1)).toBe(EVICTION_OK);
    expect(evictionAnswer(d.model.ctx, d.s, 2)).toBe(EVICTION_TOO_MANY_REQUESTS);
  });
});

describe('budget input errors', () => {
  it('rejects both fields, a percentage over 100 and a string that is no percentage, naming the budget', async () => {
    const { compile } = await import('../src/system/compile.js');
    expect(() => compile(cluster(1, [{ name: 'b', minAvailable: 1, maxUnavailable: 1, selector: app }]))).toThrow(/PodDisruptionBudget\/b.*minAvailable and maxUnavailable cannot be both set|cannot be both set/);
    expect(() => compile(cluster(1, [{ name: 'b', minAvailable: '150%', selector: app }]))).toThrow(/greater than 100%/);
    expect(() => compile(cluster(1, [{ name: 'b', maxUnavailable: 'two', selector: app }]))).toThrow(/integer or a percentage/);
  });
});

describe('PodDisruptionBudget manifests', () => {
  const ROOT = new URL('..', import.meta.url).pathname;
  async function load(pdbYaml: string): Promise<ClusterSpec> {
    const { cpSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadConfigFolder } = await import('../src/api.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'kivi-pdb-')), 'cluster');
    cpSync(join(ROOT, 'examples/capacity-ok'), dir, { recursive: true });
    writeFileSync(join(dir, 'yaml/pdb.yaml'), pdbYaml);
    return loadConfigFolder(dir);
  }

  it('reads minAvailable/maxUnavailable, the selector, namespace and policy, with no warning', async () => {
    const spec = await load([
      'apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', '  name: api', 'spec:', '  maxUnavailable: 25%',
      '  unhealthyPodEvictionPolicy: AlwaysAllow', '  selector:', '    matchLabels:', '      app: api',
      '    matchExpressions:', '    - {key: tier, operator: NotIn, values: [batch]}',
    ].join('\n'));
    expect(spec.podDisruptionBudgets).toEqual([{
      name: 'api', namespace: 'default', maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }] },
    }]);
    expect((spec.unmodelled ?? []).filter((w) => w.message.includes('PodDisruptionBudget'))).toEqual([]);
  });

  it('policy/v1beta1: neither field defaults to minAvailable 1, and `{}` selects nothing', async () => {
    const spec = await load('apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: old\nspec:\n  selector: {}\n');
    expect(spec.podDisruptionBudgets).toEqual([{ name: 'old', namespace: 'default', minAvailable: 1 }]);
  });

  it('a bad field is an input error naming file, object and field', async () => {
    await expect(load('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  minAvailable: 1\n  maxUnavailable: 1\n'))
      .rejects.toThrow(/pdb\.yaml.*PodDisruptionBudget\/api.*minAvailable and maxUnavailable cannot be both set/);
    await expect(load('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\nspec:\n  minAvailable: "2"\n'))
      .rejects.toThrow(/spec\.minAvailable: must be an integer or a percentage/);
  });
});

describe('PodDisruptionBudgets in kubectl output (-log)', () => {
  it('reads the budgets of the checked namespaces, without a warning; a kube-system one is left out', async () => {
    const { cpSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadLogs } = await import('../src/api.js');
    const dir = join(mkdtempSync(join(tmpdir(), 'kivi-pdb-logs-')), 'cluster');
    cpSync(new URL('../examples/c3-logs', import.meta.url).pathname, dir, { recursive: true });
    // The output of `kubectl get pdb -A -o yaml`: web's budget in the checked namespace shop, one in kube-system.
    writeFileSync(join(dir, 'setup/pdb.yaml'), [
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: policy/v1', '  kind: PodDisruptionBudget', '  metadata: {name: web, namespace: shop}',
      '  spec: {minAvailable: "60%", selector: {matchLabels: {app: web}}}', '  status: {currentHealthy: 5, desiredHealthy: 3, disruptionsAllowed: 2, expectedPods: 5}',
      '- apiVersion: policy/v1', '  kind: PodDisruptionBudget', '  metadata: {name: coredns, namespace: kube-system}',
      '  spec: {maxUnavailable: 1, selector: {matchLabels: {k8s-app: kube-dns}}}',
    ].join('\n'));
    const spec = loadLogs(dir);
    expect(spec.podDisruptionBudgets).toEqual([{ name: 'web', namespace: 'shop', minAvailable: '60%', selector: { matchLabels: { app: 'web' } } }]);
    expect((spec.unmodelled ?? []).filter((w) => w.message.includes('PodDisruptionBudget'))).toEqual([]);
  });
});
