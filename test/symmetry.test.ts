/**
 * The symmetry reduction (docs/model.md §8.11): the search stores one state per class of states
 * that differ only by renaming interchangeable nodes (with their pods) and pod slots. It must
 * find exactly the violations of the search without it, with counterexamples as long, and each
 * counterexample must replay as an execution of the unreduced model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalOrder } from '../src/controllers/canonical-order.js';
import type { ClusterSpec, DeschedulerProfileSpec, NodeSpec, PodSpec } from '../src/model/cluster.js';
import { nodeAt, N_CPU_LEFT, P_LOC, P_OWNER, P_STATUS, podAt, POD_RUNNING } from '../src/model/layout.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { Symmetry, symmetryExcluded } from '../src/system/symmetry.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';
import { exactOn, holdsFromFewerStates, MAX_STATES, passAndBurst, shuffle, successorsCanonicalOn } from './symmetry-helpers.js';

const node = (name: string): NodeSpec => ({ name, cpu: 64, memory: 64 });

/**
 * Three out of four random clusters get identical nodes (copies of the first under their own
 * names) and one more, so that nodes are often interchangeable; the features the reduction
 * excludes or that multiply interleavings (descheduler, maintenance, drains, rollouts, budgets)
 * are dropped from half of them so that it applies often (a maintenance event, which the
 * reduction admits, stays in a share of the others: 20 of the first property's 300 clusters have
 * it and the reduction; test/symmetry-maintenance.test.ts has more).
 */
const symmetricArb = fc.tuple(clusterArb, fc.boolean(), fc.boolean()).map(([spec, same, plain]): ClusterSpec => {
  let out = spec;
  if (same) {
    const copy = (name: string): NodeSpec => ({ ...structuredClone(spec.nodes[0]), name });
    out = { ...out, nodes: [...spec.nodes.map((n) => copy(n.name)), copy('node-extra')] };
  }
  if (plain) {
    const { descheduler: _d, podDisruptionBudgets: _b, ...rest } = out;
    out = { ...rest, events: out.events.filter((e) => e.kind !== 'maintenance' && e.kind !== 'drain' && e.kind !== 'applyDeployment') };
  }
  return out;
});

describe('the symmetry reduction is exact', () => {
  // Each transition of the reduced model is the canonical form of a transition of the unreduced
  // one from any state of the same class, and the intents read no index (§8.11.3): the shortest
  // path to each violation has the same length in both, and the same codes are reachable.
  it('finds the violations of the unreduced search, as short, and each replays as an unreduced execution', async () => {
    const maintained = (spec: ClusterSpec): boolean => spec.events.some((e) => e.kind === 'maintenance');
    const { applied, merged, withFeature } = await exactOn(symmetricArb, 300, 7, MAX_STATES, 'coarse', maintained);
    // The property says little unless the reduction applied, and merged states, in a fair share;
    // some of those clusters have a rolling maintenance (§9.4).
    expect(applied).toBeGreaterThan(150);
    expect(merged).toBeGreaterThan(40);
    expect(withFeature).toBeGreaterThan(10);
  }, 300_000);

  // With one kubelet item per transition (docs/model.md §7.5) kblQ keeps its order: the same
  // argument, with the queue read as a queue.
  it('in the fine interleaving too', async () => {
    const { merged } = await exactOn(symmetricArb, 120, 9, 50_000, 'fine');
    expect(merged).toBeGreaterThan(15);
  }, 300_000);

  it('with the descheduler balancing spread constraints (equal domains in canonical order, §8.7.4)', async () => {
    const balancing = symmetricArb.map((spec): ClusterSpec => ({
      ...spec,
      descheduler: { profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] }] },
    }));
    const { merged } = await exactOn(balancing, 120, 8, 20_000);
    expect(merged).toBeGreaterThan(15);
  }, 300_000);
});

/**
 * Random small clusters for RemoveDuplicates (docs/model.md §8.7.3): 2–4 nodes, all alike or
 * one of them smaller, one to three deployments (the second may share the first's template, in
 * its namespace or another) with their pods stacked on a few nodes so that duplicates are
 * common, a few spare slots, and a profile with or without each per-pass eviction limit (per
 * node, per namespace, total), sometimes beside a spread-balancing profile. Every deployment is
 * watched by no_oscillation_eviction, which ends the feedback loops (the clock grows without
 * bound otherwise).
 */
const duplicatesArb = fc
  .record({
    nodes: fc.integer({ min: 2, max: 4 }),
    smaller: fc.boolean(),
    deployments: fc.array(
      fc.record({
        /** Per pod its node (0..3, modulo the node count) or 4: pending. */
        pods: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }),
        extra: fc.integer({ min: -1, max: 2 }),
        cpu: fc.integer({ min: 4, max: 16 }),
        shareTemplate: fc.boolean(),
        otherNamespace: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    spare: fc.integer({ min: 1, max: 3 }),
    perNode: fc.option(fc.constant(1)),
    perNamespace: fc.option(fc.integer({ min: 1, max: 2 })),
    total: fc.option(fc.integer({ min: 1, max: 2 })),
    nodeFit: fc.boolean(),
    spread: fc.boolean(),
    balance: fc.boolean(),
  })
  .map((g): ClusterSpec => {
    const nodes = Array.from({ length: g.nodes }, (_, i): NodeSpec => ({ name: `n${i + 1}`, cpu: g.smaller && i === g.nodes - 1 ? 32 : 64, memory: 64 }));
    const used = nodes.map((n) => n.cpu);
    const podTemplates: ClusterSpec['podTemplates'] = [];
    const deployments: ClusterSpec['deployments'] = [];
    const pods: PodSpec[] = [];
    g.deployments.forEach((d, i) => {
      const name = `d${i + 1}`;
      const template = i > 0 && d.shareTemplate ? 't1' : `t${i + 1}`;
      if (template === `t${i + 1}`) {
        podTemplates.push({ name: template, labels: { name: template }, cpuRequest: d.cpu, memoryRequest: 8, ...(i > 0 && d.otherNamespace ? { namespace: 'other' } : {}) });
      }
      const cpu = podTemplates.find((t) => t.name === template)!.cpuRequest;
      let placed = 0;
      for (const raw of d.pods) {
        if (raw === 4) {
          pods.push({ deployment: name, template, phase: 'Pending' });
          placed++;
          continue;
        }
        const k = raw % nodes.length;
        if (used[k] < cpu) continue;
        used[k] -= cpu;
        pods.push({ deployment: name, template, node: nodes[k].name, phase: 'Running' });
        placed++;
      }
      deployments.push({ name, replicas: Math.max(1, placed + d.extra), template });
    });
    const rd: DeschedulerProfileSpec = {
      plugins: ['RemoveDuplicates'],
      ...(g.perNode === null ? {} : { maxNoOfPodsToEvictPerNode: g.perNode }),
      ...(g.perNamespace === null ? {} : { maxNoOfPodsToEvictPerNamespace: g.perNamespace }),
      ...(g.total === null ? {} : { maxNoOfPodsToEvictTotal: g.total }),
      ...(g.nodeFit ? { nodeFit: true } : {}),
    };
    const profiles: DeschedulerProfileSpec[] = [rd];
    if (g.spread) profiles.push({ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] });
    const intents = deployments.map((d) => ({ name: 'no_oscillation_eviction', params: { deployment: d.name } }));
    if (g.balance) intents.push({ name: 'pod_balance_across_node', params: { deployment: 'd1' } });
    return { name: 'duplicates', nodes, podTemplates, deployments, pods, spareSlots: g.spare, events: [], intents, descheduler: { profiles } };
  });

/**
 * Clusters at rest after init (no pending pod, every deployment at its replicas, so that the
 * descheduler runs next, docs/model.md §8.7.1) whose ReplicaSets are stacked on the first two
 * of 3–4 alike nodes: two nodes with pods to give are common, so the order of nodes under a
 * total or per-namespace limit matters; pods use their request or one more, so which pod of a
 * node is the original matters too.
 */
const stackedArb = fc
  .record({
    nodes: fc.integer({ min: 3, max: 4 }),
    deployments: fc.array(
      fc.record({
        stacked: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
        rest: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
        cpu: fc.integer({ min: 2, max: 8 }),
        /** Per pod, its usage above the request (0 or 1): pods of a node then differ in key. */
        hot: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 8, maxLength: 8 }),
        otherNamespace: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    perNode: fc.option(fc.constant(1)),
    perNamespace: fc.option(fc.integer({ min: 1, max: 2 })),
    total: fc.option(fc.integer({ min: 1, max: 3 })),
    nodeFit: fc.boolean(),
  })
  .map((g): ClusterSpec => {
    const nodes = Array.from({ length: g.nodes }, (_, i): NodeSpec => node(`n${i + 1}`));
    const pods: PodSpec[] = [];
    const deployments = g.deployments.map((d, i) => {
      const counts = [...d.stacked, ...d.rest];
      let n = 0;
      counts.forEach((c, k) => {
        for (let j = 0; j < c && k < nodes.length; j++) pods.push({ deployment: `d${i + 1}`, node: nodes[k].name, phase: 'Running', cpu: d.cpu + d.hot[n++] });
      });
      return { name: `d${i + 1}`, replicas: pods.filter((p) => p.deployment === `d${i + 1}`).length, template: `t${i + 1}` };
    });
    const podTemplates = g.deployments.map((d, i) => ({
      name: `t${i + 1}`, labels: { name: `t${i + 1}` }, cpuRequest: d.cpu, memoryRequest: 2, ...(d.otherNamespace ? { namespace: 'other' } : {}),
    }));
    const rd: DeschedulerProfileSpec = {
      plugins: ['RemoveDuplicates'],
      ...(g.perNode === null ? {} : { maxNoOfPodsToEvictPerNode: g.perNode }),
      ...(g.perNamespace === null ? {} : { maxNoOfPodsToEvictPerNamespace: g.perNamespace }),
      ...(g.total === null ? {} : { maxNoOfPodsToEvictTotal: g.total }),
      ...(g.nodeFit ? { nodeFit: true } : {}),
    };
    return { name: 'stacked', nodes, podTemplates, deployments, pods, spareSlots: 1, events: [], intents: [], descheduler: { profiles: [rd] } };
  });

describe('the symmetry reduction with RemoveDuplicates (nodes and pods in canonical order, §8.7.3)', () => {
  // Where the reduction applies RemoveDuplicates visits nodes in canonical order and takes their
  // pods in canonical order, under its eviction limits (§8.11.3): with several deployments the
  // evicted pods join the kubelet's queue, a queue then, in that order.
  it('finds the violations of the unreduced search, as short, with several deployments and eviction limits', async () => {
    const { applied, merged } = await exactOn(duplicatesArb, 150, 14, 30_000);
    expect(applied).toBeGreaterThan(100);
    expect(merged).toBeGreaterThan(40);
  }, 300_000);

  it('on the random clusters of the other properties with a RemoveDuplicates profile, limits or not', async () => {
    const profiles: DeschedulerProfileSpec[] = [
      { plugins: ['RemoveDuplicates'] },
      { plugins: ['RemoveDuplicates'], maxNoOfPodsToEvictTotal: 1 },
      { plugins: ['RemoveDuplicates'], maxNoOfPodsToEvictPerNode: 1, maxNoOfPodsToEvictPerNamespace: 2 },
    ];
    const arb = fc.tuple(symmetricArb, fc.constantFrom(...profiles)).map(([spec, p]): ClusterSpec => ({
      ...spec,
      descheduler: { profiles: [structuredClone(p)] },
      intents: spec.intents.some((i) => i.name === 'no_oscillation_eviction') ? spec.intents : [...spec.intents, { name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
    }));
    const { merged } = await exactOn(arb, 100, 15, 20_000);
    expect(merged).toBeGreaterThan(10);
  }, 300_000);

  it('in the fine interleaving too', async () => {
    const { merged } = await exactOn(duplicatesArb, 50, 16, 20_000, 'fine');
    expect(merged).toBeGreaterThan(10);
  }, 300_000);

  // The transition itself (§8.11.3): the same cluster with its nodes and pods listed in another
  // order is a renaming of it (the nodes are alike, so every order keeps the static classes).
  // One descheduler pass, then the kubelet's burst (which deletes the evicted pods in kblQ's
  // order and queues their deployments for the deployment controller), from each must give
  // states with one canonical form: the pass chose equivalent pods, under its limits, and
  // queued them, and then their deployments, in an order that reads no name.
  it('a pass and the kubelet burst after it commute with renaming nodes and slots', () => {
    let evicting = 0;
    let limited = 0;
    fc.assert(
      fc.property(stackedArb, fc.integer({ min: 1, max: 2 ** 30 }), (spec, seed) => {
        const renamed: ClusterSpec = { ...spec, nodes: shuffle(spec.nodes, seed), pods: shuffle(spec.pods, seed * 7 + 3) };
        // The descheduler runs right after init (the clusters are at rest) and the reduction applies.
        const a = passAndBurst(spec)!;
        const b = passAndBurst(renamed)!;
        expect(a).not.toBeNull();
        expect(b).not.toBeNull();
        if (a.evicted > 0) evicting++;
        const rd = spec.descheduler!.profiles[0];
        if (a.evicted > 0 && (rd.maxNoOfPodsToEvictTotal ?? rd.maxNoOfPodsToEvictPerNamespace) !== undefined) limited++;
        expect(b.evicted).toBe(a.evicted);
        expect(Array.from(b.state)).toEqual(Array.from(a.state));
      }),
      { numRuns: 300, seed: 17 },
    );
    expect(evicting).toBeGreaterThan(150);
    expect(limited).toBeGreaterThan(50);
  });

  it('three equal nodes, one running three pods: the same verdict from fewer states', async () => {
    // n1 runs a1, a2, a3 of deployment app, n2 and n3 run one pod each of it; all three nodes
    // are alike. The descheduler's first pass: 5 pods, 3 target nodes, upperAvg = ceil(5/3) = 2;
    // n1 has 2 duplicates and 2 + 1 > 2, so it gives 1 pod (§8.7.3). The deployment controller
    // recreates it and the scheduler's best nodes are n2 and n3 (one pod each, against n1's
    // two): without the reduction two successors, mirror images of each other; with it one
    // (§8.11.7). Either way each node ends with at most two pods and the next pass evicts
    // nothing (upperAvg 2), so no_oscillation_eviction holds.
    const on = (n: string): PodSpec => ({ deployment: 'app', node: n, phase: 'Running' });
    const spec: ClusterSpec = {
      name: 'three',
      nodes: [node('n1'), node('n2'), node('n3')],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 5, template: 'app' }],
      pods: [on('n1'), on('n1'), on('n1'), on('n2'), on('n3')],
      spareSlots: 2,
      events: [],
      intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
      descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] },
    };
    await holdsFromFewerStates(spec);
  });
});

describe('the canonical form of a successor, re-placing only what the transition touched (§8.11.6)', () => {
  // KiviModel.step canonicalizes a successor of a canonical state by re-placing only the
  // touched nodes and slots (CanonicalOrder.computeAfter). Its result must be canonical: the
  // full canonical labelling (CanonicalOrder.compute, which sorts every node and slot) moves
  // nothing in it.
  it('on random small clusters, every successor of every explored state is canonical', () => {
    expect(successorsCanonicalOn(symmetricArb, 150, 12)).toBeGreaterThan(5000);
  }, 300_000);
});

describe('the canonical form', () => {
  // Two equal nodes n1, n2 and a deployment of two running pods: one on n1 in slot 1 with usage
  // 8, one on n2 in slot 2 with usage 4 (the CPU event below sets them apart).
  const spec: ClusterSpec = {
    name: 'canon',
    nodes: [node('n1'), node('n2')],
    podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
    deployments: [{ name: 'app', replicas: 2, template: 'app' }],
    pods: [{ deployment: 'app', node: 'n1', phase: 'Running' }, { deployment: 'app', node: 'n2', phase: 'Running' }],
    spareSlots: 2,
    events: [],
    intents: [],
  };

  it('renames nodes with their pods and slots so that renamed states meet, and leaves a canonical state alone', () => {
    const cfg = compile(spec);
    const sym = Symmetry.of(cfg)!;
    expect(sym).not.toBeNull();
    const l = cfg.layout;
    const s = new KiviModel(cfg, { reduce: false }).initialState();
    // Mirror image: the pod on n1 moves to slot 2 on n2 and the other way round, usage kept.
    const t = s.slice();
    for (const [q, n] of [[1, 2], [2, 1]]) {
      t.set(s.subarray(podAt(l, q), podAt(l, q) + 11), podAt(l, 3 - q));
      t[podAt(l, 3 - q) + P_LOC] = n;
    }
    t.set(s.subarray(nodeAt(l, 1), nodeAt(l, 1) + 6), nodeAt(l, 2));
    t.set(s.subarray(nodeAt(l, 2), nodeAt(l, 2) + 6), nodeAt(l, 1));
    // Make them differ: pod 1's usage drops by 4 (and its node's free CPU rises), in s and in its mirror.
    const lower = (x: Int32Array, q: number): void => {
      x[podAt(l, q) + 4] -= 4;
      x[nodeAt(l, x[podAt(l, q) + P_LOC]) + N_CPU_LEFT] += 4;
    };
    lower(s, 1);
    lower(t, 2);
    expect(Array.from(s)).not.toEqual(Array.from(t));
    sym.canonicalize(s);
    sym.canonicalize(t);
    expect(Array.from(s)).toEqual(Array.from(t));
    const again = s.slice();
    expect(sym.canonicalize(again)).toBe(false);
    expect(Array.from(again)).toEqual(Array.from(s));
    // Unbound slots first (the two free ones), then node by node. Nodes compare by their words,
    // free CPU first: the node of the pod using 8 has 56 free, the other 60, so it is n1, and its
    // pod takes slot 3.
    expect(s[podAt(l, 1) + P_STATUS]).toBe(0);
    expect(s[podAt(l, 2) + P_STATUS]).toBe(0);
    expect(s[nodeAt(l, 1) + N_CPU_LEFT]).toBe(56);
    expect(s[podAt(l, 3) + P_LOC]).toBe(1);
    expect(s[podAt(l, 3) + 4]).toBe(8);
    expect(s[podAt(l, 3) + P_STATUS]).toBe(POD_RUNNING);
    expect(s[podAt(l, 3) + P_OWNER]).toBe(1);
    expect(s[podAt(l, 4) + P_LOC]).toBe(2);
    expect(s[podAt(l, 4) + 4]).toBe(4);
  });

  it('keeps apart nodes that differ statically, and names why the reduction does not apply', () => {
    const labelled = compile({ ...spec, nodes: [node('n1'), { ...node('n2'), cpu: 32 }] });
    expect(Array.from(new CanonicalOrder(labelled).nodeClass).slice(1)).toEqual([1, 2]);
    expect(symmetryExcluded(compile(spec))).toBeNull();
    expect(symmetryExcluded(compile({ ...spec, scheduler: { ties: 'lowest' } }))).toMatch(/lowest/);
    // RemoveDuplicates and the spread plugin take nodes and pods in canonical order (§8.11.3),
    // with eviction limits too; LowNodeUtilization does not.
    const profiles = (p: DeschedulerProfileSpec[]): ClusterSpec => ({ ...spec, descheduler: { profiles: p } });
    expect(symmetryExcluded(compile(profiles([{ plugins: ['RemoveDuplicates'], maxNoOfPodsToEvictTotal: 1, maxNoOfPodsToEvictPerNamespace: 1 }])))).toBeNull();
    expect(symmetryExcluded(compile(profiles([{ plugins: ['RemoveDuplicates'] }, { plugins: ['RemovePodsViolatingTopologySpreadConstraint'] }])))).toBeNull();
    const low = { plugins: ['RemoveDuplicates', 'LowNodeUtilization'], lowNodeUtilization: { thresholds: { cpu: 20 }, targetThresholds: { cpu: 50 } } } as DeschedulerProfileSpec;
    expect(symmetryExcluded(compile(profiles([low])))).toMatch(/descheduler/);
    // A disruption budget still turns it off.
    const budget = { podDisruptionBudgets: [{ name: 'pdb', selector: { matchLabels: { name: 'app' } }, minAvailable: 1 }] };
    expect(symmetryExcluded(compile({ ...profiles([{ plugins: ['RemoveDuplicates'] }]), ...budget }))).toMatch(/budget/);
  });
});
