/**
 * Preemption's reprieve orders (docs/model.md §8.2.5) against a brute-force oracle, on random
 * small clusters where only CPU decides (NodeResourcesFit; no budgets). The oracle follows
 * upstream literally: SelectVictimsOnNode (default_preemption.go) reprieves the pods of lower
 * priority sorted by MoreImportantPod (utils.go), higher priority first and equal ones by start
 * time, unknown to kivi, so every permutation consistent with the priorities is a possible order;
 * each node gets the victim set of one of its orders (start times are per pod, so independently
 * per node); pickOneNodeForPreemption (preemption.go) keeps the candidates with the lowest
 * highest-victim priority, then the smallest sum of priorities + 2^31, then the fewest victims,
 * and leaves the rest (start times, map order) open. The oracle tries every permutation of every
 * node and every assignment of victim sets to nodes, and collects the (node, victim set) pairs
 * that end among the best: kivi's choices must be exactly these, once each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { nominatedAt, P_STATUS, POD_TERMINATING, podAt } from '../src/model/layout.js';
import { Driver } from './model-helpers.js';
import { MAX_REPRIEVE_ORDERS, ReprieveOrders } from '../src/controllers/scheduler/reprieve-orders.js';
import './fast-check-seed.js';

interface Tpl {
  cpu: number;
  priority: number;
}
interface Raw {
  templates: Tpl[];
  nodes: { cpu: number; pods: number[] }[];
  preemptorCpu: number;
}

const rawArb: fc.Arbitrary<Raw> = fc.record({
  // Mostly one priority, so that orders matter; sometimes a lower one.
  templates: fc.array(fc.record({ cpu: fc.integer({ min: 1, max: 4 }), priority: fc.constantFrom(100, 100, 100, 50) }), { minLength: 1, maxLength: 4 }),
  nodes: fc.array(fc.record({ cpu: fc.integer({ min: 4, max: 9 }), pods: fc.array(fc.nat(), { maxLength: 5 }) }), { minLength: 1, maxLength: 3 }),
  preemptorCpu: fc.integer({ min: 2, max: 6 }),
});

/** The cluster, with the pods that fit on their nodes; pod i of the result is slot i + 1. */
function toSpec(raw: Raw): { spec: ClusterSpec; pods: { tpl: number; node: number }[] } {
  const templates: PodTemplateSpec[] = raw.templates.map((t, i) => ({
    name: `t${i}`, labels: { app: `t${i}` }, cpuRequest: t.cpu, memoryRequest: 1, topologySpreadConstraints: [], priorityClassName: `p${t.priority}`,
  }));
  templates.push({ name: 'hi', labels: { app: 'hi' }, cpuRequest: raw.preemptorCpu, memoryRequest: 1, topologySpreadConstraints: [], priorityClassName: 'p1000' });
  const pods: { tpl: number; node: number }[] = [];
  raw.nodes.forEach((n, ni) => {
    let left = n.cpu;
    for (const x of n.pods) {
      const tpl = x % raw.templates.length;
      if (raw.templates[tpl].cpu > left) continue;
      left -= raw.templates[tpl].cpu;
      pods.push({ tpl, node: ni });
    }
  });
  const spec: ClusterSpec = {
    name: 'reprieve',
    nodes: raw.nodes.map((n, i) => ({ name: `n${i + 1}`, cpu: n.cpu, memory: 64 })),
    podTemplates: templates,
    deployments: [],
    pods: [...pods.map((p, i) => ({ name: `x${i + 1}`, template: `t${p.tpl}`, node: `n${p.node + 1}`, phase: 'Running' as const })), { name: 'p', template: 'hi', phase: 'Pending' }],
    spareSlots: 0,
    events: [],
    intents: [],
    priorityClasses: [{ name: 'p50', value: 50 }, { name: 'p100', value: 100 }, { name: 'p1000', value: 1000 }],
  };
  return { spec, pods };
}

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** A victim set named by its node and the sorted templates of its pods (alike pods are one). */
const key = (node: number, tpls: number[]): string => `${node}:${[...tpls].sort((a, b) => a - b).join(',')}`;

/** The oracle's choices, as keys; null when the preemptor fits somewhere (no preemption). */
function oracle(raw: Raw, pods: { tpl: number; node: number }[]): Set<string> | null {
  const p = raw.preemptorCpu;
  const outcomes: { node: number; tpls: number[]; highest: number; sum: number }[][] = [];
  for (let n = 0; n < raw.nodes.length; n++) {
    const cap = raw.nodes[n].cpu;
    const here = pods.map((q, i) => ({ ...q, i })).filter((q) => q.node === n);
    const used = here.reduce((a, q) => a + raw.templates[q.tpl].cpu, 0);
    if (used + p <= cap) return null;
    if (here.length === 0 || p > cap) continue; // no victims, or no fit without them
    const seen = new Map<string, { node: number; tpls: number[]; highest: number; sum: number }>();
    for (const order of permutations(here.map((_, j) => j))) {
      const prio = order.map((j) => raw.templates[here[j].tpl].priority);
      if (prio.some((x, i) => i > 0 && prio[i - 1] < x)) continue; // MoreImportantPod: higher priority first
      let kept = 0;
      const victims: number[] = [];
      for (const j of order) {
        const c = raw.templates[here[j].tpl].cpu;
        if (kept + c + p <= cap) kept += c;
        else victims.push(here[j].tpl);
      }
      if (victims.length === 0) continue;
      const pr = victims.map((t) => raw.templates[t].priority);
      seen.set(key(n, victims), { node: n, tpls: victims, highest: Math.max(...pr), sum: pr.reduce((a, x) => a + x + 2 ** 31, 0) });
    }
    outcomes.push([...seen.values()]);
  }
  const chosen = new Set<string>();
  const assign = (i: number, picked: { node: number; tpls: number[]; highest: number; sum: number }[]): void => {
    if (i === outcomes.length) {
      const cmp = (a: (typeof picked)[0], b: (typeof picked)[0]) => a.highest - b.highest || a.sum - b.sum || a.tpls.length - b.tpls.length;
      const best = picked.reduce((a, b) => (cmp(b, a) < 0 ? b : a), picked[0]);
      for (const o of picked) if (cmp(o, best) === 0) chosen.add(key(o.node, o.tpls));
      return;
    }
    for (const o of outcomes[i]) assign(i + 1, [...picked, o]);
  };
  if (outcomes.length > 0) assign(0, []);
  return chosen;
}

/** kivi's choices for the scheduler's first transition, as keys. */
function kivi(spec: ClusterSpec, pods: { tpl: number; node: number }[]): string[] {
  const first = new Driver(spec);
  const k = first.enabled('scheduler');
  const out: string[] = [];
  for (let c = 0; c < k; c++) {
    const d = new Driver(spec);
    d.run('scheduler', c);
    const victims = pods.map((q, i) => ({ ...q, i })).filter((q) => d.s[podAt(d.l, q.i + 1) + P_STATUS] === POD_TERMINATING);
    const node = d.s[nominatedAt(d.l, pods.length + 1)] - 1;
    if (node < 0) continue; // not a preemption (no candidate: a violation)
    out.push(key(node, victims.map((q) => q.tpl)));
  }
  return out;
}

describe('preemption: the reprieve orders and the pick over every assignment, against brute force', () => {
  it('kivi offers exactly the (node, victim set) pairs Kubernetes may choose for some start times, once each', () => {
    let multi = 0;
    let compared = 0;
    fc.assert(
      fc.property(rawArb, (raw) => {
        const { spec, pods } = toSpec(raw);
        const want = oracle(raw, pods);
        if (want === null) return; // the preemptor fits: an ordinary cycle
        compared++;
        const got = kivi(spec, pods);
        expect(new Set(got).size).toBe(got.length);
        expect(new Set(got)).toEqual(want);
        if (got.some((g, i) => got.findIndex((h) => h.split(':')[0] === g.split(':')[0]) !== i)) multi++;
      }),
      { numRuns: 300 },
    );
    // The property met nodes with several victim sets among the choices (it would pass vacuously otherwise).
    expect(compared).toBeGreaterThan(100);
    expect(multi).toBeGreaterThan(10);
  });
});

describe('ReprieveOrders: the distinct orders among equal priorities, alike pods as one', () => {
  /** Node n1 runs the pods in slot order; every template its own labels, bare pods. */
  const running = (pods: [string, number, number][]): ClusterSpec => ({
    name: 'orders',
    nodes: [{ name: 'n1', cpu: 64, memory: 64 }],
    podTemplates: [...new Set(pods.map(([t]) => t))].map((t) => {
      const [, cpu, prio] = pods.find(([u]) => u === t)!;
      return { name: t, labels: { app: t }, cpuRequest: cpu, memoryRequest: 1, topologySpreadConstraints: [], priorityClassName: `p${prio}` };
    }),
    deployments: [],
    pods: pods.map(([t], i) => ({ name: `${t}-${i + 1}`, template: t, node: 'n1', phase: 'Running' as const })),
    spareSlots: 0,
    events: [],
    intents: [],
    priorityClasses: [{ name: 'p100', value: 100 }, { name: 'p200', value: 200 }],
  });

  /** Every order `ReprieveOrders` visits for the slots given (most important first), as slot lists. */
  function visit(spec: ClusterSpec, slots: number[], priorities: number[]): number[][] {
    const d = new Driver(spec);
    const orders = new ReprieveOrders(d.l.pods);
    orders.begin(d.s, d.l, Int32Array.from(slots), Int32Array.from(priorities), slots.length);
    const out: number[][] = [];
    do out.push(Array.from(orders.order.subarray(0, slots.length)));
    while (orders.next());
    expect(out.length).toBe(orders.count);
    return out;
  }

  it('two groups, the lower one with two alike pods: 2 × 3 orders, each once, groups kept in priority order', () => {
    // Slots: 1 m (200), 2 n (200), 3 x (100), 4 x (100), 5 c (100). Group 200: m n / n m.
    // Group 100 has the classes x, x, c: 3!/2! = 3 sequences x x c, x c x, c x x, the j-th x
    // being slot 3 then slot 4. The first group moves fastest (an odometer).
    const spec = running([['m', 1, 200], ['n', 1, 200], ['x', 1, 100], ['x', 1, 100], ['c', 2, 100]]);
    expect(visit(spec, [1, 2, 3, 4, 5], [200, 200, 100, 100, 100])).toEqual([
      [1, 2, 3, 4, 5], [2, 1, 3, 4, 5],
      [1, 2, 3, 5, 4], [2, 1, 3, 5, 4],
      [1, 2, 5, 3, 4], [2, 1, 5, 3, 4],
    ]);
  });

  it('alike pods only: one order; seven different pods: 7! = 5040, counted as over the cap', () => {
    expect(visit(running([['x', 1, 100], ['x', 1, 100], ['x', 1, 100]]), [1, 2, 3], [100, 100, 100])).toEqual([[1, 2, 3]]);
    const seven = running([1, 2, 3, 4, 5, 6, 7].map((c): [string, number, number] => [`t${c}`, c, 100]));
    const d = new Driver(seven);
    const orders = new ReprieveOrders(d.l.pods);
    orders.begin(d.s, d.l, Int32Array.from([1, 2, 3, 4, 5, 6, 7]), new Int32Array(7).fill(100), 7);
    expect(orders.count).toBe(MAX_REPRIEVE_ORDERS + 1);
    // Six different pods: 720 orders, under the cap, each visited once.
    const six = running([1, 2, 3, 4, 5, 6].map((c): [string, number, number] => [`t${c}`, c, 100]));
    const all = visit(six, [1, 2, 3, 4, 5, 6], new Array(6).fill(100));
    expect(all.length).toBe(720);
    expect(new Set(all.map((o) => o.join())).size).toBe(720);
  });
});
