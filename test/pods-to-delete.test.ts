/**
 * The ReplicaSet's scale-down as Kubernetes does it (docs/model.md §8.1, §8.1.1):
 * pkg/controller/replicaset/replica_set.go manageReplicas counts the active pods (pending and
 * running, not terminating) and getPodsToDelete deletes the surplus ranked by
 * pkg/controller/controller_utils.go ActivePodsWithRanks.Less. Every expectation below is worked
 * out from those functions, not read off kivi.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, PodSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import {
  D_IN_CREATION, D_IN_DELETION, D_REPLICAS, N_CPU_LEFT, N_NUM_POD, N_STATUS, NODE_DOWN, P_STATUS, POD_FREE, POD_PENDING,
  D_TEMPLATE, G_RS_TIE, P_LOC, POD_RUNNING, POD_TERMINATING, Q_DC, Q_KBL, Q_SCH, depAt, nodeAt, podAt,
} from '../src/model/layout.js';
import { queueItem, queueLength } from '../src/model/queues.js';

function proc(model: KiviModel, name: string): number {
  for (let p = 0; p < model.processCount; p++) if (model.processName(p) === name) return p;
  throw new Error(`no process ${name}`);
}

/** Three nodes of 64/64, one deployment `app` of pods requesting 8/8, the pods given. */
function cluster(spec: number, pods: PodSpec[]): ClusterSpec {
  return {
    name: 'victims',
    nodes: ['n1', 'n2', 'n3'].map((name) => ({ name, cpu: 64, memory: 64 })),
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] }],
    deployments: [{ name: 'app', replicas: spec, template: 'app' }],
    pods,
    spareSlots: 2,
    events: [],
    intents: [],
  };
}

const running = (node: string): PodSpec => ({ deployment: 'app', node, phase: 'Running' });
const unbound: PodSpec = { deployment: 'app', phase: 'Pending' };

/**
 * Runs the deployment controller with dcQ = [app] until its reconcile ends: one transition, and
 * one more per victim chosen while the scale-down waits at a choice (G_RS_TIE, docs/model.md
 * §8.1.1). Returns the pods marked for deletion, each as where it was: its node's name, or
 * 'pending' for an unbound pending pod, sorted (the symmetry reduction renumbers slots, and
 * upstream deletes the chosen pods in parallel, so only the set matters). Every choice is
 * explored (`outcomes`); s follows the first.
 */
function scaleDown(model: KiviModel, s: Int32Array): string[] {
  return explore(model, s).victims[0];
}

/** Every end of the scale-down from s (s follows the first), and the choices met on the way. */
function explore(model: KiviModel, s: Int32Array): { victims: string[][]; choices: number[] } {
  const l = model.cfg.layout;
  const before = slots(model).map((q) => s[podAt(l, q) + P_STATUS]);
  s[l.queueBase[Q_DC]] = 1;
  s[l.queueBase[Q_DC] + 1] = 1;
  const dc = proc(model, 'deploymentController');
  const ends: Int32Array[] = [];
  const choices: number[] = [];
  const go = (t: Int32Array, choice: number): void => {
    model.step(t, dc, choice, null);
    if (t[G_RS_TIE] === 0) {
      ends.push(t);
      return;
    }
    const n = model.choices(t, dc);
    choices.push(n);
    for (let c = 0; c < n; c++) go(t.slice(), c);
  };
  go(s, 0);
  const victims = ends.map((t) =>
    slots(model)
      .filter((q, i) => before[i] !== POD_TERMINATING && t[podAt(l, q) + P_STATUS] === POD_TERMINATING)
      .map((q) => where(model, t, q))
      .sort(),
  );
  s.set(ends[0]);
  const seen = new Set<string>();
  return { victims: victims.filter((v) => !seen.has(v.join()) && seen.add(v.join()) !== undefined), choices };
}

function slots(model: KiviModel): number[] {
  return Array.from({ length: model.cfg.layout.pods }, (_, i) => i + 1);
}

function where(model: KiviModel, s: Int32Array, q: number): string {
  const loc = s[podAt(model.cfg.layout, q) + P_LOC];
  return loc === 0 ? 'pending' : model.cfg.nodeNames[loc];
}

/** The slots of s holding a pod with the given status on node `node` ('pending': unbound). */
function podsAt(model: KiviModel, s: Int32Array, node: string, status: number): number[] {
  const l = model.cfg.layout;
  return slots(model).filter((q) => s[podAt(l, q) + P_STATUS] === status && where(model, s, q) === node);
}

describe.each([
  ['without the symmetry reduction', false],
  ['with the symmetry reduction', true],
])('scale-down victims (%s)', (_name, reduce) => {
  it('spec 4 → 2 with one pending pod and three running, two on one node: the pending pod and one of the pair go', () => {
    // Two pods run on n1, one on n2, and one is pending with no node (it sits in sQ).
    // FilterActivePods: all four are active, so diff = 4 − 2 = 2 (kivi used to count only the
    // three started pods and delete one running pod). Less: the pending pod is unassigned, so it
    // comes first (criterion 1). The rest are assigned, Running and Ready; criterion 5 ranks each
    // by the active pods of the set on its node: the n1 pair rank 2, the n2 pod 1. So the second
    // victim is one of the n1 pair (which one is open upstream; the two are alike).
    const model = new KiviModel(compile(cluster(2, [running('n1'), running('n1'), running('n2'), unbound])), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    expect(queueLength(s, l, Q_SCH)).toBe(1);
    expect(s[depAt(l, 1) + D_IN_CREATION]).toBe(1);
    const [pending] = podsAt(model, s, 'pending', POD_PENDING);
    // The pending pod goes at once; the reconcile then waits for the second victim, a choice
    // between the two alike n1 pods: two choices, or one where a renaming exchanges them.
    const { victims, choices } = explore(model, s);
    expect(victims).toEqual([['n1', 'pending']]);
    expect(choices).toEqual([reduce ? 1 : 2]);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(2);
    // The kubelet deletes both. The pending pod never started: it leaves inCreation (not
    // replicas), it held no node, and the scheduler's queue forgets it (the scheduler's informer
    // drops a deleted pod, deletePodFromSchedulingQueue). The running one gives n1 back 8/8.
    model.step(s, proc(model, 'kubelet'), 0, null);
    expect(s[podAt(l, pending) + P_STATUS]).toBe(POD_FREE);
    expect(s[depAt(l, 1) + D_IN_CREATION]).toBe(0);
    expect(s[depAt(l, 1) + D_REPLICAS]).toBe(2);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(0);
    expect(queueLength(s, l, Q_SCH)).toBe(0);
    expect([1, 2, 3].map((n) => s[nodeAt(l, n) + N_NUM_POD])).toEqual([1, 1, 0]);
    expect([1, 2, 3].map((n) => s[nodeAt(l, n) + N_CPU_LEFT])).toEqual([56, 56, 64]);
    // One running pod per node n1, n2 and spec 2: the controller has nothing more to delete.
    expect(podsAt(model, s, 'n1', POD_RUNNING)).toHaveLength(1);
    expect(podsAt(model, s, 'n2', POD_RUNNING)).toHaveLength(1);
    expect(scaleDown(model, s)).toEqual([]);
  });

  it('pending pods that cover the difference are deleted (they used to stay)', () => {
    // spec 3; three pods run on n1, n2, n3 and a fourth is pending unbound (an HPA or a user
    // lowered spec from 4 before it was scheduled). Upstream: 4 active pods, diff 1, and the
    // unassigned pod ranks first: it is deleted. kivi used to compare spec with the started pods
    // only (3 = 3) and leave the pending pod for the scheduler to place: a fourth replica.
    const model = new KiviModel(compile(cluster(3, [running('n1'), running('n2'), running('n3'), unbound])), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    const [pending] = podsAt(model, s, 'pending', POD_PENDING);
    expect(scaleDown(model, s)).toEqual(['pending']);
    expect(queueItem(s, l, Q_KBL, 0)).toBe(pending);
    model.step(s, proc(model, 'kubelet'), 0, null);
    expect(s[podAt(l, pending) + P_STATUS]).toBe(POD_FREE);
    expect(s[depAt(l, 1) + D_IN_CREATION]).toBe(0);
    expect(queueLength(s, l, Q_SCH)).toBe(0);
    expect(['n1', 'n2', 'n3'].map((n) => podsAt(model, s, n, POD_RUNNING).length)).toEqual([1, 1, 1]);
  });

  it('a running pod that is not Ready goes before Ready ones, whatever its node holds', () => {
    // Two pods run on n1, one on n2; spec 3 → 2, diff 1. n2 is down (Ready=False): the node
    // lifecycle controller marks its pods NotReady (MarkPodsNotReady), so n2's pod is not Ready.
    // Criterion 3 (not ready < ready) comes before criterion 5 (the n1 pair rank 2 against the
    // n2 pod's 1), so n2's pod goes, not one of the n1 pair.
    const model = new KiviModel(compile(cluster(2, [running('n1'), running('n1'), running('n2')])), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    s[nodeAt(l, 2) + N_STATUS] = NODE_DOWN;
    expect(scaleDown(model, s)).toEqual(['n2']);
    // With n2 Ready, criterion 5 decides: one of the n1 pair goes.
    expect(scaleDown(model, model.initialState())).toEqual(['n1']);
  });

  it('unassigned pending pods go before running ones, then the ranks are taken once', () => {
    // spec 5 → 1 with three pods on n1, one on n2 and one pending: 5 active, diff 4. The pending
    // pod is unassigned (first); then ranks: n1's three pods 3, n2's pod 1. Ranked once before
    // deleting (sort.Sort, then the first diff), all three n1 pods go and n2's pod stays, though
    // after two deletions n1 would hold only as many as n2.
    const model = new KiviModel(compile(cluster(1, [running('n1'), running('n1'), running('n1'), running('n2'), unbound])), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    expect(scaleDown(model, s)).toEqual(['n1', 'n1', 'n1', 'pending']);
    expect(podsAt(model, s, 'n2', POD_RUNNING)).toHaveLength(1);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(4);
  });

  it('terminating pods are not active: they neither count nor go again', () => {
    // n1's pod is already terminating (inDeletion 1), two more run on n2 and n3; spec 1.
    // FilterActivePods drops the terminating pod (deletionTimestamp set): 2 active, diff 1, and
    // getPodsRankedByRelatedPodsOnSameNode counts active pods only, so the n2 and n3 pods both
    // rank 1: one of them goes, and n1's pod is not marked a second time.
    const model = new KiviModel(compile(cluster(1, [running('n1'), running('n2'), running('n3')])), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    const [first] = podsAt(model, s, 'n1', POD_RUNNING);
    s[podAt(l, first) + P_STATUS] = POD_TERMINATING;
    s[depAt(l, 1) + D_IN_DELETION] = 1;
    // Either may go (upstream: ready time, then UID). The two nodes are alike, each with its
    // one pod: a renaming exchanges them, so the first in canonical order goes, with no choice
    // (in both models: the unreduced one is the symmetric model without the reduction).
    const { victims, choices } = explore(model, s);
    expect(choices).toEqual([]);
    expect([['n2'], ['n3']]).toContainEqual(victims[0]);
    expect(victims).toHaveLength(1);
    expect(s[depAt(l, 1) + D_IN_DELETION]).toBe(2);
  });
});

describe('pods counted in creation without a slot (docs/model.md §14.2 bug 7)', () => {
  it('a pod counted in creation but never created is not active and is not deleted', () => {
    // spec 3 with three pods running, and inCreation 1 for a pod that found no free slot (kept
    // bug 7): no such pod exists for upstream's informer, so 3 active pods = spec: nothing to
    // delete (counting inCreation as active would delete a running pod for a phantom).
    const model = new KiviModel(compile(cluster(3, [running('n1'), running('n2'), running('n3')])), { reduce: false });
    const l = model.cfg.layout;
    const s = model.initialState();
    s[depAt(l, 1) + D_IN_CREATION] = 1;
    expect(scaleDown(model, s)).toEqual([]);
    expect(['n1', 'n2', 'n3'].map((n) => podsAt(model, s, n, POD_RUNNING).length)).toEqual([1, 1, 1]);
  });
});

describe.each([
  ['without the symmetry reduction', false],
  ['with the symmetry reduction', true],
])('a rolling update scales the old replica set down the same way (%s)', (_name, reduce) => {
  it('the old pod that goes is one of the co-located pair, not the lowest slot', () => {
    // Three v1 pods: the first (lowest slot) on n2, two on n1; spec 3, RollingUpdate with
    // maxSurge 0 and maxUnavailable 34 % (⌊3 · 34 / 100⌋ = 1). The template becomes v2: no room
    // to surge (3 + 0 − 3 pods), and 3 running − (3 − 1) = 1 old pod may go. The deployment
    // controller lowers the old ReplicaSet by one and its controller picks the victim by
    // getPodsToDelete: all three are assigned, Running and Ready; ranks count the deployment's
    // active pods on each node: 2 on n1, 1 on n2, so one of n1's pair goes (kivi used to take
    // the lowest slot, n2's pod, leaving n1 with both).
    const spec = cluster(3, [running('n2'), running('n1'), running('n1')]);
    spec.podTemplates.push({ ...spec.podTemplates[0], name: 'v2' });
    spec.deployments[0].strategy = { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 34 };
    spec.manifests = [{ name: 'app', replicas: 3, template: 'v2' }];
    spec.events = [{ kind: 'applyDeployment', manifest: 'app' }];
    const model = new KiviModel(compile(spec), { reduce });
    const l = model.cfg.layout;
    const s = model.initialState();
    s[depAt(l, 1) + D_TEMPLATE] = model.cfg.templates.findIndex((t) => t?.name === 'v2');
    expect(s[depAt(l, 1) + D_TEMPLATE]).toBeGreaterThan(0);
    // Which of the pair is open upstream (ready time, UID): two choices with one outcome. A
    // rollout keeps the symmetry reduction off (docs/model.md §8.11.5), so no renaming merges them.
    const { victims, choices } = explore(model, s);
    expect(victims).toEqual([['n1']]);
    expect(choices).toEqual([2]);
  });
});

/** Pods per node, sorted: a state's shape up to renaming nodes. */
function shape(model: KiviModel, s: Int32Array): number[] {
  return ['n1', 'n2', 'n3'].map((n) => podsAt(model, s, n, POD_RUNNING).length).sort();
}

describe.each([
  ['without the symmetry reduction', false],
  ['with the symmetry reduction', true],
])('victims that Kubernetes orders by facts kivi does not keep (%s)', (_name, reduce) => {
  it('spec 6 → 4 over 2/2/2: any two of the six, so both from one node or from two', () => {
    // Every pod is assigned, Running, Ready, and shares its node with one other: criteria 1–5
    // rank all six alike (rank 2, counted once before deleting). Upstream then orders them by
    // how long each has been Ready (log2 buckets) and UID, which kivi does not keep: any two may
    // go. Without the reduction that is every multiset of two nodes out of three with at most
    // two per node: {1,1} {1,2} {1,3} {2,2} {2,3} {3,3}. Up to renaming the nodes, two outcomes:
    // pods per node 0/2/2 (both from one node) and 1/1/2.
    const model = new KiviModel(compile(cluster(4, ['n1', 'n1', 'n2', 'n2', 'n3', 'n3'].map(running))), { reduce });
    const s = model.initialState();
    const { victims } = explore(model, s);
    if (!reduce) {
      expect(victims.map((v) => v.join()).sort()).toEqual(['n1,n1', 'n1,n2', 'n1,n3', 'n2,n2', 'n2,n3', 'n3,n3']);
    }
    const shapes = new Set(victims.map((v) => ['n1', 'n2', 'n3'].map((n) => 2 - v.filter((x) => x === n).length).sort().join('/')));
    expect([...shapes].sort()).toEqual(['0/2/2', '1/1/2']);
    expect(shape(model, s)).toHaveLength(3);
  });

  it('nodes that differ: both victims stay open under the reduction', () => {
    // n1 has 64 CPU, n2 32 (different nodes, no renaming exchanges them), one pod each; spec
    // 2 → 1. Both rank 1 on criterion 5: either may go, and the two outcomes differ.
    const spec = cluster(1, [running('n1'), running('n2')]);
    spec.nodes[1].cpu = 32;
    const model = new KiviModel(compile(spec), { reduce });
    const { victims, choices } = explore(model, model.initialState());
    expect(choices).toEqual([2]);
    expect(victims.sort()).toEqual([['n1'], ['n2']]);
  });

  it('alike nodes with one pod each: one choice where the model is symmetric, each pod without it', () => {
    // Three alike nodes, one pod each; spec 3 → 1: any two of the three go (criteria 1–5 rank
    // them alike). Permuting the nodes, each with its pod, maps the state to itself, so every
    // pair leads to the same state up to renaming: the first two in canonical order go, no
    // choice. With `symmetry: false` (--no-symmetry) kivi assumes no renaming: every pod is a
    // choice for the first victim, then each of the two left for the second.
    const spec = cluster(1, [running('n1'), running('n2'), running('n3')]);
    const model = new KiviModel(compile(spec), { reduce });
    const alike = explore(model, model.initialState());
    expect(alike.choices).toEqual([]);
    expect(alike.victims).toHaveLength(1);
    const plain = new KiviModel(compile(spec), { symmetry: false });
    const each = explore(plain, plain.initialState());
    expect(each.choices).toEqual([3, 2, 2, 2]);
    expect(each.victims.map((v) => v.join()).sort()).toEqual(['n1,n2', 'n1,n3', 'n2,n3']);
  });

  it("with the profile's ties: 'lowest', one order (kivi's former rule)", () => {
    // The same cluster: no choice is offered; the first in canonical (or slot) order goes.
    const spec = cluster(1, [running('n1'), running('n2')]);
    spec.nodes[1].cpu = 32;
    spec.scheduler = { ...spec.scheduler, ties: 'lowest' };
    const model = new KiviModel(compile(spec), { reduce });
    const { victims, choices } = explore(model, model.initialState());
    expect(choices).toEqual([]);
    expect(victims).toHaveLength(1);
  });
});
