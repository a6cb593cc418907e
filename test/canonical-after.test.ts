/**
 * The touched-only canonical order (docs/model.md §8.11.6) is computed in time proportional to
 * what a transition touched: it keeps the canonical parent's grouping of slots by node, finds
 * each node's pods there by a (galloping) binary search, re-places only the touched nodes of a
 * class among the others and lays out only the slots from the first group that changed to the
 * last. It must give exactly what re-sorting every touched group and class from a full grouping
 * gives (test/canonical-oracle.ts, the method before), including the order among equal pods and
 * nodes, which the controllers' choices and so the counterexamples' names depend on; and the
 * state renamed by it must be the canonical form from scratch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../src/controllers/canonical-order.js';
import { loadCase } from '../src/cases/index.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { P_LOC, podAt, Q_TM } from '../src/model/layout.js';
import { enqueue } from '../src/model/queues.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { Symmetry } from '../src/system/symmetry.js';
import { oracleClasses, oracleOrder } from './canonical-oracle.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';
import { reachable } from './symmetry-helpers.js';

/**
 * Explores up to `limit` states of spec's reduced model breadth-first; every order the model
 * computes during a step (the controllers' and the successor's canonical form) is checked against
 * the oracle, and every successor against the canonical form from scratch. Returns the orders
 * checked and how many of them moved some node (0, 0 where the reduction does not apply).
 */
function checkWalk(spec: ClusterSpec, limit: number): { orders: number; nodesMoved: number } {
  const cfg = compile(spec);
  const model = new KiviModel(cfg);
  const full = Symmetry.of(cfg);
  const sym = (model as unknown as { symmetry: Symmetry | null }).symmetry;
  if (full === null || sym === null) return { orders: 0, nodesMoved: 0 };
  const order: CanonicalOrder = sym.order;
  const incremental = order.computeAfter.bind(order);
  const classes = oracleClasses(cfg);
  expect(Array.from(order.nodeClass)).toEqual(Array.from(classes));
  const byRank = (order as unknown as { byRank: Int32Array }).byRank;
  let orders = 0;
  let nodesMoved = 0;
  order.computeAfter = (s: Int32Array, parent: Int32Array): boolean => {
    const want = oracleOrder(cfg, classes, order.kubeletSet, s, parent);
    const moved = incremental(s, parent);
    const newNode = Array.from(order.newNode);
    expect(newNode).toEqual(want.newNode);
    // The slot order is made from newSlot when asked for: asked after every third call, so
    // that it is also made after calls that did not make it.
    if (orders % 3 === 0) expect(Array.from(order.slots())).toEqual(want.order);
    // The other views agree: newSlot inverts order, nodeOrder inverts newNode.
    want.order.forEach((q, i) => expect(order.newSlot[q]).toBe(i + 1));
    newNode.forEach((m, n) => expect(byRank[m]).toBe(n));
    expect(moved).toBe(newNode.some((m, n) => m !== n) || want.order.some((q, i) => q !== i + 1));
    orders++;
    if (newNode.some((m, n) => m !== n)) nodesMoved++;
    return moved;
  };
  reachable(model, limit, (t) => {
    const u = t.slice();
    expect(full.canonicalize(u)).toBe(false);
  });
  return { orders, nodesMoved };
}

const node = (name: string): NodeSpec => ({ name, cpu: 64, memory: 64 });

/** Two alike nodes, one running pod of the deployment on each, one spare slot. */
const twoAlike: ClusterSpec = {
  name: 'two', nodes: [node('n1'), node('n2')],
  podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
  deployments: [{ name: 'app', replicas: 2, template: 'app' }],
  pods: [{ deployment: 'app', node: 'n1', phase: 'Running' }, { deployment: 'app', node: 'n2', phase: 'Running' }],
  spareSlots: 1, events: [], intents: [],
};

/** Random clusters, three in four with all nodes alike (copies of the first) and one more. */
const alikeArb = fc.tuple(clusterArb, fc.integer({ min: 0, max: 3 })).map(([spec, kind]): ClusterSpec => {
  if (kind === 0) return spec;
  const copy = (name: string): NodeSpec => ({ ...structuredClone(spec.nodes[0]), name });
  return { ...spec, nodes: [...spec.nodes.map((n) => copy(n.name)), copy('node-extra')] };
});

describe('the touched-only canonical order (§8.11.6)', () => {
  it('equals the re-sort of every touched group and class on the built-in cases that take the reduction', () => {
    // c6 -cn: maintenance moves a node across its class (every node alike, one pod each), the
    // unbound group changes as pods are evicted and rescheduled; c4 and c8: bursts that bind
    // and move many pods and nodes at once (more touched nodes in a class than a few).
    let moves = 0;
    for (const [id, scale, nonViolation, limit] of [['c6', 12, true, 1500], ['c4', 12, false, 600], ['c8', 30, false, 600]] as const) {
      const { orders, nodesMoved } = checkWalk(loadCase(id, { scale, nonViolation }), limit);
      expect(orders).toBeGreaterThan(300);
      moves += nodesMoved;
    }
    expect(moves).toBeGreaterThan(100);
  }, 300_000);

  it('equals it where one burst touches more nodes of a class than a few (their other nodes listed)', () => {
    // Sixteen alike nodes, two running a db pod and two an app pod, and a deployment of
    // fourteen app pods spread one per node: the scheduler's burst binds the twelve pods the
    // deployment controller's created, touching twelve nodes of the class at once, some with a
    // db pod, which then sort apart (a node's free CPU is in its signature), and some without,
    // which become alike the two untouched nodes with an app pod (and go after them).
    const spread = { maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { name: 'app' } };
    const spec: ClusterSpec = {
      name: 'wide', nodes: Array.from({ length: 16 }, (_, i) => node(`n${i + 1}`)),
      podTemplates: [
        { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [spread] },
        { name: 'db', labels: { name: 'db' }, cpuRequest: 4, memoryRequest: 4 },
      ],
      deployments: [{ name: 'app', replicas: 14, template: 'app' }, { name: 'db', replicas: 2, template: 'db' }],
      pods: [13, 14, 15, 16].map((i) => ({ deployment: i < 15 ? 'db' : 'app', node: `n${i}`, phase: 'Running' as const })),
      spareSlots: 12, events: [], intents: [],
    };
    const { orders, nodesMoved } = checkWalk(spec, 200);
    expect(orders).toBeGreaterThan(3);
    expect(nodesMoved).toBeGreaterThan(0);
  }, 300_000);

  it('equals it on random small clusters', () => {
    let orders = 0;
    let moves = 0;
    fc.assert(
      fc.property(alikeArb, (spec) => {
        const r = checkWalk(spec, 150);
        orders += r.orders;
        moves += r.nodesMoved;
      }),
      { numRuns: 120, seed: 41 },
    );
    expect(orders).toBeGreaterThan(3000);
    expect(moves).toBeGreaterThan(100);
  }, 300_000);

  it('tie classes: two alike nodes with alike pods have one signature, unless one pod waits in a queue (worked by hand)', () => {
    // Two alike nodes, one running pod of the deployment on each (slots 2 and 3, after the free
    // slot): exchanging the nodes with their pods maps the state to itself, so their signatures
    // are equal. Once the pod on n2 waits in the taint manager's queue its key differs (a
    // pod's key holds its place in each pod queue, §8.11.1), and so do the signatures.
    const cfg = compile(twoAlike);
    const order = Symmetry.of(cfg)!.order;
    const s = new KiviModel(cfg).initialState();
    expect(s[podAt(cfg.layout, 3) + P_LOC]).toBe(2);
    order.groupSlots(s);
    expect(order.sameSignature(s, 1, 2)).toBe(true);
    enqueue(s, cfg.layout, Q_TM, 3);
    order.groupSlots(s);
    expect(order.sameSignature(s, 1, 2)).toBe(false);
  });

  it('leaves a canonical state as it is: the order of two alike nodes holding a pod each (worked by hand)', () => {
    // Two alike nodes, one running pod of the deployment on each: the state is canonical (the
    // pods are in slots 2 and 3, after the free slot, node 1's first). A successor equal to it
    // touches nothing: every index stays.
    const cfg = compile(twoAlike);
    const sym = Symmetry.of(cfg)!;
    const s = new KiviModel(cfg).initialState();
    expect(sym.canonicalizeAfter(s.slice(), s)).toBe(false);
    expect(Array.from(sym.order.newNode)).toEqual([0, 1, 2]);
    expect(Array.from(sym.order.slots())).toEqual([1, 2, 3]);
  });
});
