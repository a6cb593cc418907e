/**
 * The capacity proof of pod_always_schedulable (src/system/capacity-proof.ts, docs/model.md
 * §8.2.8). Every number below is worked out by hand from NodeResourcesFit's Filter
 * (`fitsRequest`: the requests bound to a node plus the pod's must not exceed allocatable, and the
 * pod count + 1 must not exceed allocatable pods, 110 by default).
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import type { ClusterSpec, EventSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { capacityProof, podsToFill } from '../src/system/capacity-proof.js';

describe('c1 -cn: pods of 8/8 on nodes of 64/64, at most 2n + 5 pods', () => {
  // One node of 64 CPU refuses an 8-CPU pod only with more than 64 − 8 = 56 CPU bound: at least
  // ⌈57 / 8⌉ = 8 pods of 8 (memory the same; 110 pods allowed), so b(n) = 8 and filling all n
  // nodes takes 8n pods. 2n + 5 slots leave 2n + 4 other pods while one is scheduled:
  // 2n + 4 < 8n for every n ≥ 1.
  for (const [n, other, needed] of [[3, 10, 24], [500, 1004, 4000], [2000, 4004, 16000]]) {
    it(`scale ${n}: ${other} other pods < ${needed} needed`, () => {
      const v = capacityProof(compile(loadCase('c1', { scale: n, nonViolation: true })));
      expect(v).toEqual({
        applies: true,
        proof: { intent: 'pod_always_schedulable', otherPods: other, templates: [{ template: 'app', nodes: n, needed }], tightest: { template: 'app', nodes: n, needed } },
      });
    });
  }

  it('checkCluster answers holds with 0 states; with capacityProof false it searches and holds too', async () => {
    const spec = loadCase('c1', { scale: 3, nonViolation: true });
    const proved = await checkCluster(spec);
    expect(proved.status).toBe('holds');
    expect(proved.stats.states).toBe(0);
    expect(proved.capacityProof?.otherPods).toBe(10);
    const searched = await checkCluster(spec, { capacityProof: false });
    expect(searched.status).toBe('holds');
    expect(searched.stats.states).toBeGreaterThan(0);
    expect(searched.capacityProof).toBeUndefined();
  });

  it('the violating c1 checks another intent: no proof, the search finds the oscillation', async () => {
    const spec = loadCase('c1', { scale: 3 });
    expect(capacityProof(compile(spec)).applies).toBe(false);
    const r = await checkCluster(spec);
    expect(r.status).toBe('violated');
  });
});

/**
 * Two nodes of 8 CPU / 8 memory and pods of 4/4: a node refuses a pod with more than 8 − 4 = 4
 * bound, at least ⌈5 / 4⌉ = 2 pods; filling both takes 4. With `slots` pod slots, `slots − 1`
 * other pods: the proof applies for slots ≤ 4.
 */
function twoNodes(slots: number, replicas: number, extra: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'capacity',
    nodes: [{ name: 'n1', cpu: 8, memory: 8 }, { name: 'n2', cpu: 8, memory: 8 }],
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 4, memoryRequest: 4 }],
    deployments: [{ name: 'app', replicas, template: 'app' }],
    pods: [],
    spareSlots: slots,
    events: [],
    intents: [],
    ...extra,
  };
}

describe('the boundary of the inequality', () => {
  it('4 slots: 3 other pods < 4 needed, proved; the search agrees (4 pods fill both nodes exactly)', async () => {
    const spec = twoNodes(4, 4);
    const v = capacityProof(compile(spec));
    expect(v.applies && v.proof.tightest).toEqual({ template: 'app', nodes: 2, needed: 4 });
    expect((await checkCluster(spec, { capacityProof: false })).status).toBe('holds');
  });

  it('5 slots: 4 other pods = 4 needed, not proved; the search finds the fifth pod without a node', async () => {
    const spec = twoNodes(5, 5);
    const v = capacityProof(compile(spec));
    expect(v).toEqual({ applies: false, why: 'pod template app: 4 other pods can fill its 2 feasible nodes (4 needed)' });
    const r = await checkCluster(spec);
    expect(r.status).toBe('violated');
    expect(r.failures[0].intent).toBe('pod_always_schedulable');
    expect(r.capacityProof).toBeUndefined();
  });

  it('the inequality loosened by one (≤ instead of <) would prove that violating cluster', () => {
    // The test of the test: the off-by-one proof "applies" exactly where the search above fails.
    expect(capacityProof(compile(twoNodes(5, 5)), -1).applies).toBe(true);
  });

  it('b_x by hand: ⌈(A − r + 1) / R⌉, 0 when the pod never fits, unbounded when no pod requests it', () => {
    expect(podsToFill(8, 4, 4)).toBe(2);
    expect(podsToFill(64, 8, 8)).toBe(8);
    expect(podsToFill(9, 4, 4)).toBe(2); // 2 pods leave 1 free: 9 − 8 < 4
    expect(podsToFill(12, 4, 4)).toBe(3);
    expect(podsToFill(3, 4, 4)).toBe(0);
    expect(podsToFill(8, 4, 0)).toBe(Number.POSITIVE_INFINITY);
    // A mix: pods of 2 beside a largest request of 6: more than 8 − 2 = 6 bound takes ⌈7 / 6⌉ = 2.
    expect(podsToFill(8, 2, 6)).toBe(2);
  });

  it('the largest request of every template bounds b: a template of 2 beside one of 6', () => {
    // n1, n2 of 8: for the 2-CPU pod, b = ⌈(8 − 2 + 1) / 6⌉ = 2 per node, 4 in all; for the 6-CPU
    // pod, ⌈(8 − 6 + 1) / 6⌉ = 1 per node, 2 in all: the tightest. 2 slots: 1 other pod < 2.
    const spec: ClusterSpec = {
      ...twoNodes(2, 1),
      podTemplates: [
        { name: 'small', labels: { name: 'small' }, cpuRequest: 2, memoryRequest: 2 },
        { name: 'big', labels: { name: 'big' }, cpuRequest: 6, memoryRequest: 6 },
      ],
      deployments: [{ name: 'small', replicas: 1, template: 'small' }, { name: 'big', replicas: 1, template: 'big' }],
    };
    const v = capacityProof(compile(spec));
    expect(v.applies && v.proof.templates).toEqual([{ template: 'small', nodes: 2, needed: 4 }, { template: 'big', nodes: 2, needed: 2 }]);
    expect(v.applies && v.proof.tightest.template).toBe('big');
    expect(capacityProof(compile({ ...spec, spareSlots: 3 })).applies).toBe(false); // 2 other pods = 2 needed
  });

  it('only nodes the other filters keep count: a required node affinity to n1 halves the room', () => {
    const spec = twoNodes(2, 2, {
      nodes: [{ name: 'n1', cpu: 8, memory: 8, labels: { pool: 'a' } }, { name: 'n2', cpu: 8, memory: 8, labels: { pool: 'b' } }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 4, memoryRequest: 4, nodeSelector: { pool: 'a' } }],
    });
    const v = capacityProof(compile(spec));
    // N_t = {n1}: 2 pods fill it; 2 slots leave 1 other pod < 2.
    expect(v.applies && v.proof.tightest).toEqual({ template: 'app', nodes: 1, needed: 2 });
    expect(capacityProof(compile({ ...spec, spareSlots: 3 })).applies).toBe(false);
  });

  it('a nodeName template takes room (its request bounds b) but only reaches the scheduler from an unbound initial pod', async () => {
    // 'app' 4/4 on nodes of 8 beside 'pinned' 6/6 with nodeName n1 (its deployment's pods go
    // straight to n1, controllers/deployment.ts). R_cpu = 6: for app, more than 8 − 4 = 4 bound
    // takes ⌈5 / 6⌉ = 1 pod per node, 2 in all. 2 slots: 1 other pod < 2, and only app is counted.
    const pinned = { name: 'pinned', labels: { name: 'pinned' }, cpuRequest: 6, memoryRequest: 6, nodeName: 'n1' };
    const spec = twoNodes(2, 1, {
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 4, memoryRequest: 4 }, pinned],
      deployments: [{ name: 'app', replicas: 1, template: 'app' }, { name: 'pinned', replicas: 1, template: 'pinned' }],
    });
    const v = capacityProof(compile(spec));
    expect(v.applies && v.proof.templates).toEqual([{ template: 'app', nodes: 2, needed: 2 }]);
    expect((await checkCluster(spec, { capacityProof: false })).status).toBe('holds');
    // A bare pod of 'pinned' waiting unbound at the start goes through the scheduler, where the
    // NodeName filter keeps n1 alone: ⌈(8 − 6 + 1) / 6⌉ = 1 pod fills it. With that pod and one
    // spare slot, 1 other pod = 1 needed: no proof.
    const bare = { ...spec, deployments: [{ name: 'app', replicas: 1, template: 'app' }], pods: [{ name: 'p', template: 'pinned', phase: 'Pending' as const }], spareSlots: 1 };
    expect(capacityProof(compile(bare))).toEqual({ applies: false, why: 'pod template pinned: 1 other pods can fill its 1 feasible nodes (1 needed)' });
  });

  it('a NoSchedule taint the pod does not tolerate takes the node out', () => {
    const spec = twoNodes(2, 2, {
      nodes: [{ name: 'n1', cpu: 8, memory: 8 }, { name: 'n2', cpu: 8, memory: 8, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }],
    });
    const v = capacityProof(compile(spec));
    expect(v.applies && v.proof.tightest).toEqual({ template: 'app', nodes: 1, needed: 2 });
  });
});

describe('exactly one condition fails: no proof, the search runs', () => {
  // twoNodes(4, 4) is proved (above); each cluster below changes one thing.
  const limit = { maxStates: 50_000 };
  const cases: Array<[string, ClusterSpec, RegExp, 'holds' | 'violated' | 'any']> = [
    [
      'a DoNotSchedule spread constraint (2 pods per node keep the skew at 0: holds)',
      twoNodes(4, 4, { podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 4, memoryRequest: 4, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { name: 'app' } }] }] }),
      /DoNotSchedule/,
      'holds',
    ],
    [
      'a taint command (n1 tainted before the pods are placed leaves n2 alone for 4 pods: violated)',
      twoNodes(4, 4, { events: [{ kind: 'taint', node: 'n1', taint: { key: 'k', value: 'v', effect: 'NoSchedule' }, remove: false } as EventSpec] }),
      /taint/,
      'violated',
    ],
    ['a maintenance event (one node down leaves room for 2 of the 4 pods: violated)', twoNodes(4, 4, { events: [{ kind: 'maintenance', parallel: 1 }] }), /maintenance/, 'violated'],
    ['a kernel-panic watcher (full nodes panic)', twoNodes(4, 4, { events: [{ kind: 'kernelPanic' }] }), /kernel-panic/, 'any'],
    ['another intent (a monitor)', twoNodes(4, 4, { intents: [{ name: 'replica_num_always_meet_min', params: { deployment: 'app' } }] }), /intent/, 'any'],
    [
      'a node NotReady at the start (n1 alone holds 2 of the 4 pods: violated)',
      twoNodes(4, 4, { nodes: [{ name: 'n1', cpu: 8, memory: 8 }, { name: 'n2', cpu: 8, memory: 8, status: 'NotReady' }] }),
      /NotReady|not Ready/,
      'violated',
    ],
    ['a cordoned node (n1 alone holds 2 of the 4 pods: violated)', twoNodes(4, 4, { nodes: [{ name: 'n1', cpu: 8, memory: 8 }, { name: 'n2', cpu: 8, memory: 8, unschedulable: true }] }), /cordoned/, 'violated'],
  ];
  for (const [what, spec, why, verdict] of cases) {
    it(what, async () => {
      const v = capacityProof(compile(spec));
      expect(v.applies).toBe(false);
      expect(!v.applies && v.why).toMatch(why);
      const r = await checkCluster(spec, limit);
      expect(r.capacityProof).toBeUndefined();
      expect(r.stats.states).toBeGreaterThan(0);
      if (verdict !== 'any') expect(r.status).toBe(verdict);
      if (verdict === 'violated') expect(r.failures.some((f) => f.intent === 'pod_always_schedulable')).toBe(true);
    });
  }
});
