/**
 * Ties in host selection (docs/model.md §8.2.4): kube-scheduler picks any node with the best
 * score (`selectHost`), so kivi makes each a successor, twins (nodes differing only in name)
 * once. Every number is worked out by hand in the comments.
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, loadConfigFolder } from '../src/api.js';
import type { SearchResult } from '../src/checker/result.js';
import { search } from '../src/checker/search.js';
import { runSchedulingCycle } from '../src/controllers/scheduler/framework.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import { staticClasses } from '../src/controllers/scheduler/twins.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { KiviModel, type ModelOptions } from '../src/system/kivi-model.js';
import { cluster, compile, cycleFor } from './helpers.js';
import { clusterArb } from './random-cluster.js';

const node = (name: string, cpu = 64, labels?: Record<string, string>): NodeSpec => ({ name, cpu, memory: 64, ...(labels ? { labels } : {}) });
const app = { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 };

describe('runSchedulingCycle: ties', () => {
  // A pod of 8/8 with the default profile. NodeResourcesFit: free 64 scores (64 − 8)·100/64 = 87
  // for CPU and memory, so 87; node 3 runs one app pod, free 56: (56 − 8)·100/56 = 85. The
  // system-default hostname spread also prefers the empty nodes. n1 and n2 tie for the best.
  const cfg = compile(cluster({ nodes: [node('n1'), node('n2'), node('n3')], template: app, placement: [3] }));

  it('counts the nodes sharing the best score and takes the choice-th of them in node order', () => {
    const cs = cycleFor(cfg);
    expect(runSchedulingCycle(defaultProfile(cfg), cs)).toBe(1);
    expect(cs.ties).toBe(2);
    expect(cs.total[1]).toBe(cs.total[2]);
    expect(cs.total[3]).toBeLessThan(cs.total[1]);
    const again = cycleFor(cfg);
    expect(runSchedulingCycle(defaultProfile(cfg), again, 1)).toBe(2);
    expect(again.ties).toBe(2);
  });

  it('a unique best node is one choice', () => {
    // n2 has 32 CPU: (32 − 8)·100/32 = 75 for CPU, 87 for memory, (75 + 87)/2 = 81 < 87.
    const one = compile(cluster({ nodes: [node('n1'), node('n2', 32)], template: app, placement: [] }));
    const cs = cycleFor(one);
    expect(runSchedulingCycle(defaultProfile(one), cs)).toBe(1);
    expect(cs.ties).toBe(1);
  });

  it('no feasible node: 0 and no ties', () => {
    const none = compile(cluster({ nodes: [node('n1', 4)], template: app, placement: [] }));
    const cs = cycleFor(none);
    expect(runSchedulingCycle(defaultProfile(none), cs)).toBe(0);
    expect(cs.ties).toBe(0);
  });
});

/** One unbound pending `app` pod; `gpu` (a second template) requires the label pool=gpu. */
function pending(nodes: NodeSpec[], ties?: 'all' | 'lowest'): ClusterSpec {
  return {
    name: 'ties',
    nodes,
    podTemplates: [app, { name: 'gpu', labels: { name: 'gpu' }, cpuRequest: 8, memoryRequest: 8, nodeSelector: { pool: 'gpu' } }],
    deployments: [
      { name: 'app', replicas: 1, template: 'app' },
      { name: 'gpu', replicas: 0, template: 'gpu' },
    ],
    pods: [{ deployment: 'app', phase: 'Pending' }],
    spareSlots: 1,
    events: [],
    intents: [],
    ...(ties ? { scheduler: { ties } } : {}),
  };
}

function schedulerChoices(spec: ClusterSpec, opts: ModelOptions = {}): number {
  const model = new KiviModel(compile(spec), opts);
  const p = [...Array(model.processCount).keys()].find((i) => model.processName(i) === 'scheduler')!;
  return model.choices(model.initialState(), p);
}

describe('the scheduler process offers one choice per distinct best node', () => {
  it('three empty equal nodes are twins: one choice', () => {
    expect(schedulerChoices(pending([node('n1'), node('n2'), node('n3')]))).toBe(1);
  });

  it('a node another template requires is no twin of the others: two choices', () => {
    expect(schedulerChoices(pending([node('n1'), node('n2'), node('n3', 64, { pool: 'gpu' })]))).toBe(2);
  });

  it("ties: 'lowest' keeps one choice", () => {
    expect(schedulerChoices(pending([node('n1'), node('n2'), node('n3', 64, { pool: 'gpu' })], 'lowest'))).toBe(1);
  });
});

describe('examples/gpu-pool-tie: the verdict does not depend on the order nodes are listed in', () => {
  const dir = fileURLToPath(new URL('../examples/gpu-pool-tie', import.meta.url));
  const listed = loadConfigFolder(dir);
  const reversed: ClusterSpec = { ...listed, nodes: [...listed.nodes].reverse() };

  it('lists general-1 first and gpu-1 second, as the README says', () => {
    expect(listed.nodes.map((n) => n.name)).toEqual(['general-1', 'gpu-1']);
  });

  it.each([
    ['general-1 first', listed],
    ['gpu-1 first', reversed],
  ])('%s: pod_always_schedulable is violated, and the replay takes gpu-1 for web-1', async (_order, spec) => {
    const r = await check(spec);
    expect(r.status).toBe('violated');
    const v = r.violations.find((x) => x.intent === 'pod_always_schedulable')!;
    const messages = v.steps.map((s) => s.message);
    const names = spec.nodes.map((n) => n.name).join(', ');
    expect(messages).toContain(`${names} share the best score 349 for pod web-1; this execution takes gpu-1`);
    expect(messages).toContain('Pod web-1 is scheduled on node gpu-1');
    expect(messages.at(-1)).toMatch(/^No feasible node for pod trainer-\d+: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) didn't match Pod's node affinity\/selector\.$/);
  });

  it("with ties: 'lowest' (kivi's former rule) only the gpu-1-first order finds it", async () => {
    const lowest = (spec: ClusterSpec): ClusterSpec => ({ ...spec, scheduler: { ...spec.scheduler, ties: 'lowest' } });
    expect((await check(lowest(listed))).status).toBe('holds');
    expect((await check(lowest(reversed))).status).toBe('violated');
  });
});

describe('merging exact twins is sound', () => {
  /**
   * Half the random clusters get identical nodes (copies of the first under their own names:
   * same capacity, labels and taints) and one more, empty, so that tied nodes are often twins
   * (twins hold no pods).
   */
  const tiedClusterArb = fc.tuple(clusterArb, fc.oneof({ weight: 1, arbitrary: fc.constant(false) }, { weight: 3, arbitrary: fc.constant(true) })).map(([spec, same]): ClusterSpec => {
    if (!same) return spec;
    const copy = (name: string): NodeSpec => ({ ...structuredClone(spec.nodes[0]), name });
    return { ...spec, nodes: [...spec.nodes.map((n) => copy(n.name)), copy('node-extra')] };
  });
  const withTies = (spec: ClusterSpec, ties: 'all' | 'every'): ClusterSpec => ({ ...spec, scheduler: { ...spec.scheduler, ties } });
  const MAX_STATES = 300_000;
  const explore = (spec: ClusterSpec): Promise<SearchResult> => search(new KiviModel(compile(spec)), { maxStates: MAX_STATES });
  /** The length of the counterexample per violation code, for the codes `keep` keeps. */
  const lengths = (r: SearchResult, keep: (code: number) => boolean): Array<[number, number]> =>
    r.violations.filter((v) => keep(v.code)).map((v): [number, number] => [v.code, v.path.length]).sort((a, b) => a[0] - b[0]);

  it('finds a violation iff branching on every tied node does, with counterexamples no longer', async () => {
    // Twins are mirror images under a symmetry of the model (docs/model.md §8.2.4), so every path
    // of the unmerged search has a mirror, no longer, in the merged one: the same codes are
    // reachable. When both stop early, each has found every pursued code; otherwise both
    // explored everything and found every reachable code.
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(tiedClusterArb, async (spec) => {
        const twins = await explore(withTies(spec, 'all'));
        const every = await explore(withTies(spec, 'every'));
        expect(twins.limit).toBeUndefined();
        expect(every.limit).toBeUndefined();
        expect(twins.status).toBe(every.status);
        expect(twins.stoppedEarly).toBe(every.stoppedEarly);
        const model = new KiviModel(compile(spec));
        const keep = (code: number): boolean => !every.stoppedEarly || model.propertyCodes.includes(code);
        const short = lengths(twins, keep);
        const long = lengths(every, keep);
        expect(short.map(([code]) => code)).toEqual(long.map(([code]) => code));
        // Merged twins can shorten a path: a later pod of a burst whose best nodes are all twins
        // has one choice, so the burst does not stop before it (docs/model.md §7.2).
        short.forEach(([, n], i) => expect(n).toBeLessThanOrEqual(long[i][1]));
        expect(twins.stats.states).toBeLessThanOrEqual(every.stats.states);
        if (twins.stats.states < every.stats.states) merged++;
      }),
      // A fixed seed: the count below must not depend on the run.
      { numRuns: 200, seed: 10 },
    );
    // The property says little unless twins were merged in a fair share of the clusters.
    expect(merged).toBeGreaterThan(10);
  }, 120_000);
});

describe('twins are exact', () => {
  it('two equal nodes that each hold a pod are not twins: two choices', () => {
    // n1 and n2 run one app pod each and tie for the new one (equal scores), but the pods are
    // different slots, which the lowest-slot rules tell apart: each node is a successor (the
    // model without the symmetry reduction, or with it but without its tie classes).
    const spec = pending([node('n1'), node('n2')]);
    spec.deployments[0].replicas = 3;
    spec.pods = [{ deployment: 'app', node: 'n1', phase: 'Running' }, { deployment: 'app', node: 'n2', phase: 'Running' }, { deployment: 'app', phase: 'Pending' }];
    expect(schedulerChoices(spec, { reduce: false })).toBe(2);
    expect(schedulerChoices(spec, { tieOrbits: false })).toBe(2);
    // With the reduction, exchanging n1 and n2 with their pods (and slots) fixes the state: the
    // two are one class up to it, one choice (docs/model.md §8.11.7, test/tie-orbits.test.ts).
    expect(schedulerChoices(spec)).toBe(1);
  });

  it('a node an event names, or a process that orders nodes, leaves no twins', () => {
    const three = [node('n1'), node('n2'), node('n3')];
    expect([...staticClasses(compile(pending(three))).slice(1)]).toEqual([1, 1, 1]);
    // nodeFailure names n2: it is in a class of its own.
    const failing = compile({ ...pending(three), events: [{ kind: 'nodeFailure', node: 'n2' }] });
    expect([...staticClasses(failing).slice(1)]).toEqual([1, 2, 1]);
    // The descheduler's RemoveDuplicates under a disruption budget evicts node by node in index
    // order, and an earlier node's evictions can use up the budget: every node is its own class.
    const budgeted = compile({
      ...pending(three),
      descheduler: { profiles: [{ plugins: ['RemoveDuplicates'] }] },
      podDisruptionBudgets: [{ name: 'pdb', selector: { matchLabels: { name: 'app' } }, minAvailable: 1 }],
    });
    expect([...staticClasses(budgeted).slice(1)]).toEqual([1, 2, 3]);
    // So does a total limit (maxNoOfPodsToEvictTotal): the first node in index order with
    // duplicates uses it up. Where the symmetry reduction applies RemoveDuplicates visits nodes
    // in canonical order instead (docs/model.md §8.11.3), and the three stay one class there.
    const limited = compile({ ...pending(three), descheduler: { profiles: [{ plugins: ['RemoveDuplicates'], maxNoOfPodsToEvictTotal: 1 }] } });
    expect([...staticClasses(limited).slice(1)]).toEqual([1, 2, 3]);
    expect([...staticClasses(limited, true).slice(1)]).toEqual([1, 1, 1]);
  });
});
