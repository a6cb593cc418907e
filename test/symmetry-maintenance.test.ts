/**
 * Maintenance under the symmetry reduction (docs/model.md §9.4, §8.11.3): where the reduction
 * applies, the rolling maintenance takes as its next node the first node not yet started in the
 * canonical order of the state, and a node's drain evicts its pods in canonical order; the
 * per-node maintenance words are part of the node's signature and are renamed with it. The search
 * with the reduction must then find exactly the violations of the search without it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '../src/checker/replay.js';
import { checkCluster } from '../src/check.js';
import { CanonicalOrder } from '../src/controllers/canonical-order.js';
import type { ClusterSpec, EventSpec, NodeSpec, PodSpec } from '../src/model/cluster.js';
import { MN_PHASE, maintNodeAt, Q_KBL } from '../src/model/layout.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { Symmetry, symmetryExcluded } from '../src/system/symmetry.js';
import { compile } from './helpers.js';
import { exactOn, explore, MAX_STATES, proc, shuffle, successorsCanonicalOn, workloadArb, workloadsOn } from './symmetry-helpers.js';

const node = (name: string, cpu = 64): NodeSpec => ({ name, cpu, memory: 64 });

/**
 * Random small clusters with a rolling maintenance: 2–4 nodes, alike or one of them smaller (a
 * class of its own), one or two deployments whose running pods are spread unevenly over the
 * nodes (a pod uses its request or one more, so pods of a node differ in key), replicas at, below
 * or above the pods, a spare slot or two, maintenance with parallel 1 or 2, from the start or
 * once the cluster is stable, and sometimes the kernel-panic watchers too (the other per-node
 * process). The intents watch the replicas and the scheduling of every deployment.
 */
const maintenanceArb = fc
  .record({
    nodes: fc.integer({ min: 2, max: 4 }),
    smaller: fc.boolean(),
    deployments: workloadArb(3, 1),
    spare: fc.integer({ min: 1, max: 2 }),
    parallel: fc.integer({ min: 1, max: 2 }),
    afterStable: fc.boolean(),
    kernelPanic: fc.boolean(),
  })
  .map((g): ClusterSpec => {
    const nodes = Array.from({ length: g.nodes }, (_, i) => node(`n${i + 1}`, g.smaller && i === g.nodes - 1 ? 40 : 64));
    const events: EventSpec[] = [{ kind: 'maintenance', parallel: g.parallel, afterStable: g.afterStable }];
    if (g.kernelPanic) events.push({ kind: 'kernelPanic' });
    return { name: 'maint', nodes, ...workloadsOn(nodes, g.deployments), spareSlots: g.spare, events };
  });

describe('the symmetry reduction with maintenance (next node and evictions in canonical order, §9.4)', () => {
  it('admits maintenance; budgets and the autoscaler still turn it off', () => {
    const spec: ClusterSpec = {
      name: 'm', nodes: [node('n1'), node('n2')], podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 1, template: 'app' }], pods: [], spareSlots: 2, events: [{ kind: 'maintenance', parallel: 1 }], intents: [],
    };
    expect(symmetryExcluded(compile(spec))).toBeNull();
    const budget = { podDisruptionBudgets: [{ name: 'pdb', selector: { matchLabels: { name: 'app' } }, minAvailable: 1 }] };
    expect(symmetryExcluded(compile({ ...spec, ...budget }))).toMatch(/budget/);
  });

  it('finds the violations of the unreduced search, as short, with parallel 1 and 2 and one or two deployments', async () => {
    const { applied, merged } = await exactOn(maintenanceArb, 150, 21, 30_000);
    expect(applied).toBeGreaterThan(100);
    expect(merged).toBeGreaterThan(40);
  }, 300_000);

  it('in the fine interleaving too', async () => {
    const { applied, merged } = await exactOn(maintenanceArb, 60, 22, 40_000, 'fine');
    expect(applied).toBeGreaterThan(40);
    expect(merged).toBeGreaterThan(7);
  }, 300_000);

  // The touched-only canonical form (§8.11.6) must see a change of a node's maintenance words
  // (they are part of its signature, §8.11.1): every successor step returns is canonical.
  it('every successor of every explored state is canonical (the maintenance words count as touched)', () => {
    expect(successorsCanonicalOn(maintenanceArb, 80, 24)).toBeGreaterThan(5000);
  }, 300_000);

  // The transitions themselves (§8.11.3): the same cluster with its nodes and pods listed in
  // another order is a renaming of it (the nodes are alike). The maintenance step, every started
  // node's drain (in the canonical order of the nodes, so that the order of the evictions in the
  // kubelet's queue reads no name either) and the kubelet's burst from each must give states with
  // one canonical form, and so must the state right after the maintenance step: the maintenance
  // started equivalent nodes and the drains queued equivalent
  // pods in an order that reads no name.
  it('the maintenance step, the drains and the kubelet burst commute with renaming nodes and slots', () => {
    let twoStarted = 0;
    let evicting = 0;
    const alike = maintenanceArb.filter((spec) => spec.nodes.every((n) => n.cpu === 64));
    fc.assert(
      fc.property(alike, fc.integer({ min: 1, max: 2 ** 30 }), (spec0, seed) => {
        const spec = { ...spec0, events: spec0.events.map((e) => ({ ...e, afterStable: false })) };
        const renamed: ClusterSpec = { ...spec, nodes: shuffle(spec.nodes, seed), pods: shuffle(spec.pods, seed * 7 + 3) };
        const after = (s: ClusterSpec): { spawned: Int32Array; state: Int32Array; started: number; evicted: number } => {
          const cfg = compile(s);
          const model = new KiviModel(cfg, { reduce: false });
          const state = model.initialState();
          model.step(state, proc(model, 'init'), 0, null);
          const m = [...Array(model.processCount).keys()].find((x) => model.processName(x).startsWith('maintenance(p='))!;
          expect(model.choices(state, m)).toBe(1);
          model.step(state, m, 0, null);
          // Right after the step the started nodes differ from the others only by their
          // maintenance words (the drain has not cordoned them yet): part of the signature.
          const spawned = state.slice();
          Symmetry.of(cfg)!.canonicalize(spawned);
          const order = new CanonicalOrder(cfg);
          order.compute(state);
          const started = cfg.nodeNames.map((_, n) => n).filter((n) => n > 0 && state[maintNodeAt(cfg.layout, n) + MN_PHASE] !== 0);
          started.sort((a, b) => order.newNode[a] - order.newNode[b]);
          for (const n of started) model.step(state, proc(model, `maintenanceNode(${cfg.nodeNames[n]})`), 0, null);
          const evicted = state[cfg.layout.queueBase[Q_KBL]];
          if (evicted > 0) model.step(state, proc(model, 'kubelet'), 0, null);
          Symmetry.of(cfg)!.canonicalize(state);
          return { spawned, state, started: started.length, evicted };
        };
        const a = after(spec);
        const b = after(renamed);
        if (a.started === 2) twoStarted++;
        if (a.evicted > 1) evicting++;
        expect(b.started).toBe(a.started);
        expect(b.evicted).toBe(a.evicted);
        expect(Array.from(b.spawned)).toEqual(Array.from(a.spawned));
        expect(Array.from(b.state)).toEqual(Array.from(a.state));
      }),
      { numRuns: 300, seed: 23 },
    );
    expect(twoStarted).toBeGreaterThan(50);
    expect(evicting).toBeGreaterThan(100);
  });

  // Two empty alike nodes, one of them with its maintenance spawned: the two states (n1's
  // spawned, or n2's) are renamings of each other, so they have one canonical form, and in it the
  // spawned node comes second (its phase word, 1, is above the idle node's 0, §8.11.1). Without
  // the maintenance words in the signature the two would keep their own order.
  it('the maintenance words are part of a node signature (worked by hand)', () => {
    const cfg = compile({
      name: 'sig', nodes: [node('n1'), node('n2')], podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 0, template: 'app' }], pods: [], spareSlots: 1, events: [{ kind: 'maintenance', parallel: 1 }], intents: [],
    });
    const sym = Symmetry.of(cfg)!;
    const base = new KiviModel(cfg, { reduce: false }).initialState();
    const spawned = (n: number): Int32Array => {
      const s = base.slice();
      s[maintNodeAt(cfg.layout, n) + MN_PHASE] = 1;
      sym.canonicalize(s);
      return s;
    };
    const a = spawned(1);
    expect(Array.from(spawned(2))).toEqual(Array.from(a));
    expect([a[maintNodeAt(cfg.layout, 1) + MN_PHASE], a[maintNodeAt(cfg.layout, 2) + MN_PHASE]]).toEqual([0, 1]);
  });

  // Worked by hand. Three alike nodes: n1 runs one pod of app, n2 two, n3 none (each pod 8 CPU
  // of 64). A node's signature starts with its free CPU (§8.11.1), so the canonical order of the
  // nodes is n2 (48 free), n1 (56), n3 (64), whatever their names or indices. maintenance(p=2)
  // starts the first two nodes not yet started in that order, n2 and n1, in one step; n3 waits
  // for a free maintenance slot. Listed in another order the nodes are the same machines: the
  // two that run pods start, the empty one waits.
  it('starts the first nodes in canonical order, whatever their names (worked by hand)', () => {
    const pods: PodSpec[] = [
      { deployment: 'app', node: 'n1', phase: 'Running' },
      { deployment: 'app', node: 'n2', phase: 'Running' },
      { deployment: 'app', node: 'n2', phase: 'Running' },
    ];
    const base: ClusterSpec = {
      name: 'hand', nodes: [node('n1'), node('n2'), node('n3')],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }], pods, spareSlots: 1, events: [{ kind: 'maintenance', parallel: 2 }], intents: [],
    };
    for (const nodes of [base.nodes, [base.nodes[2], base.nodes[0], base.nodes[1]], [base.nodes[1], base.nodes[2], base.nodes[0]]]) {
      const cfg = compile({ ...base, nodes });
      const model = new KiviModel(cfg, { reduce: false });
      const s = model.initialState();
      model.step(s, proc(model, 'init'), 0, null);
      model.step(s, proc(model, 'maintenance(p=2)'), 0, null);
      const spawned = (name: string): number => model.choices(s, proc(model, `maintenanceNode(${name})`));
      expect([spawned('n1'), spawned('n2'), spawned('n3')]).toEqual([1, 1, 0]);
      expect(model.choices(s, proc(model, 'maintenance(p=2)'))).toBe(0);
    }
  });

  // Worked by hand: n1 runs nothing, n2 one pod, n3 two. Canonical order: n3 (48 free), n2 (56),
  // n1 (64), so maintenance(p=2) starts n3 and n2. With `symmetry: false` (`--no-symmetry`, the
  // model as where the reduction does not apply, §8.11.5) it visits nodes in index order and
  // starts n1 and n2; a checkCluster with `symmetry: false` searches that model.
  it('with symmetry: false (--no-symmetry) maintenance keeps index order (worked by hand)', async () => {
    const spec: ClusterSpec = {
      name: 'index', nodes: [node('n1'), node('n2'), node('n3')],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }],
      pods: ['n2', 'n3', 'n3'].map((n): PodSpec => ({ deployment: 'app', node: n, phase: 'Running' })),
      spareSlots: 1, events: [{ kind: 'maintenance', parallel: 2 }], intents: [],
    };
    const cfg = compile(spec);
    const started = (model: KiviModel): number[] => {
      const s = model.initialState();
      model.step(s, proc(model, 'init'), 0, null);
      model.step(s, proc(model, 'maintenance(p=2)'), 0, null);
      return ['n1', 'n2', 'n3'].map((n) => model.choices(s, proc(model, `maintenanceNode(${n})`)));
    };
    expect(started(new KiviModel(cfg, { reduce: false }))).toEqual([0, 1, 1]);
    expect(started(new KiviModel(cfg, { symmetry: false }))).toEqual([1, 1, 0]);
    expect(new KiviModel(cfg, { symmetry: false }).unreduced).toBeUndefined();
    // The search of each model: both hold (no intent but the default one, and every pod fits).
    const a = await checkCluster(spec);
    const b = await checkCluster(spec, { symmetry: false });
    expect(a.status).toBe('holds');
    expect(b.status).toBe('holds');
  });

  // Worked by hand: c6's story on three alike nodes that each run one pod of app (spec 3, no
  // spread constraint), maintenance p=1 once the cluster is stable, replica_num_always_meet_exp
  // at spec − 1 = 2. The first node maintained loses its pod; the deployment controller creates
  // it again and the scheduler puts it on one of the other two (a tie between nodes of equal
  // signatures: one choice with the reduction, §8.11.7). When the first node is back, the next
  // node not yet started in canonical order is the one with two pods (less free CPU, §8.11.1), so
  // its drain takes both pods at once: replicas 1 < 2. Both searches find it, as short; the
  // reduced one from fewer states, and its counterexample maintains the node that got the pod.
  it("c6's story: the node that received the re-created pod is maintained next (worked by hand)", async () => {
    const on = (n: string): PodSpec => ({ deployment: 'app', node: n, phase: 'Running' });
    const spec: ClusterSpec = {
      name: 'story', nodes: [node('n1'), node('n2'), node('n3')],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }], pods: [on('n1'), on('n2'), on('n3')], spareSlots: 2,
      events: [{ kind: 'maintenance', parallel: 1, afterStable: true }],
      intents: [{ name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: 'spec-1' } }],
    };
    const cfg = compile(spec);
    const reduced = new KiviModel(cfg);
    const a = await explore(reduced, MAX_STATES);
    const b = await explore(new KiviModel(cfg, { reduce: false }), MAX_STATES);
    expect(a.status).toBe('violated');
    expect(b.status).toBe('violated');
    expect(a.violations[0].path.length).toBe(b.violations[0].path.length);
    expect(a.stats.states).toBeLessThan(b.stats.states);
    const lines = replay(reduced, a.violations[0].path).steps.flatMap((st) => st.lines.filter((x) => x.level === 1).map((x) => x.text));
    const started = lines.filter((x) => x.startsWith('Starting maintenance')).map((x) => x.split(' ').at(-1));
    const scheduled = lines.filter((x) => x.includes('is scheduled on node')).map((x) => x.split(' ').at(-1));
    expect(started).toHaveLength(2);
    expect(scheduled).toEqual([started[1]]);
    expect(lines.filter((x) => x.startsWith('Deleted pod') && x.endsWith(`on node ${started[1]}, deployment app now have 1 replicas`))).toHaveLength(1);
  });
});
