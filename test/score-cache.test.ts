/**
 * NodeResourcesFit and BalancedAllocation keep each node's score with the two requested sums it
 * was computed from (score-cache.ts): a node whose sums are what they were when it was scored
 * keeps its score, from cycle to cycle and from state to state. The score is a function of the
 * pod's template, the node's allocatable and those sums (LeastAllocated on the non-zero cpu and
 * memory requests, fit.go; the cpu and memory fractions of plain requests,
 * balanced_allocation.go), so a kept score must equal one computed afresh.
 *
 * The property: on the states of random walks in clusters of two deployments whose pods request
 * cpu and memory in different proportions (sometimes the same cpu and different memory, so a
 * node's cpu sum alone does not tell its memory sum), a scheduler kept from state to state gives
 * every cycle the same feasible nodes and totals as a fresh scheduler.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { assumeAndBind } from '../src/controllers/scheduler/framework.js';
import { P_LOC, P_STATUS, POD_PENDING, Q_SCH, podAt } from '../src/model/layout.js';
import { queueItem, queueLength } from '../src/model/queues.js';
import type { ClusterSpec, PodSpec } from '../src/model/cluster.js';
import type { CompiledCluster } from '../src/model/config.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import { randomWalk } from './random-walk.js';
import './fast-check-seed.js';

const requestArb = fc.record({ cpu: fc.integer({ min: 1, max: 12 }), memory: fc.integer({ min: 1, max: 12 }), extra: fc.integer({ min: 0, max: 3 }) });

const specArb = fc
  .record({
    nodes: fc.array(fc.record({ cpu: fc.integer({ min: 12, max: 40 }), memory: fc.integer({ min: 12, max: 40 }) }), { minLength: 2, maxLength: 4 }),
    a: requestArb,
    b: requestArb,
    sameCpu: fc.boolean(),
    placed: fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 4 }),
    maintenance: fc.boolean(),
  })
  .map((g): ClusterSpec => {
    const nodes = g.nodes.map((n, i) => ({ name: `n${i + 1}`, cpu: n.cpu, memory: n.memory, labels: { zone: `z${(i % 2) + 1}` } }));
    const b = g.sameCpu ? { ...g.b, cpu: g.a.cpu } : g.b;
    const pods: PodSpec[] = g.placed.map(([first, at]) => ({ deployment: first ? 'a' : 'b', node: nodes[at % nodes.length].name, phase: 'Running' }));
    const count = (d: string): number => pods.filter((p) => p.deployment === d).length;
    return {
      name: 'score-cache',
      nodes,
      podTemplates: [
        { name: 'a', labels: { name: 'a' }, cpuRequest: g.a.cpu, memoryRequest: g.a.memory },
        { name: 'b', labels: { name: 'b' }, cpuRequest: b.cpu, memoryRequest: b.memory },
      ],
      // More replicas than running pods: the deployment controller creates pods for the scheduler.
      deployments: [
        { name: 'a', replicas: count('a') + g.a.extra, template: 'a' },
        { name: 'b', replicas: count('b') + b.extra, template: 'b' },
      ],
      pods,
      spareSlots: 4,
      events: g.maintenance ? [{ kind: 'maintenance', parallel: 1, afterStable: true }] : [],
      intents: [],
    };
  });

/** Every pending pod of sQ in s as one burst of `kept`, each cycle compared with a fresh scheduler's; returns how many. */
function compareBurst(cfg: CompiledCluster, kept: Scheduler, s: Int32Array): number {
  const l = cfg.layout;
  let compared = 0;
  kept.cycle.beginBurst();
  for (let i = 0, n = queueLength(s, l, Q_SCH); i < n; i++) {
    const pod = queueItem(s, l, Q_SCH, i);
    const at = podAt(l, pod);
    if (s[at + P_STATUS] !== POD_PENDING || s[at + P_LOC] !== 0) continue;
    const node = kept.schedule(s, pod, 0);
    const fresh = new Scheduler(cfg);
    fresh.cycle.beginBurst();
    expect(fresh.schedule(s, pod, 0)).toBe(node);
    expect([...kept.cycle.feasible]).toEqual([...fresh.cycle.feasible]);
    for (let m = 1; m <= l.nodes; m++) if (fresh.cycle.feasible[m] === 1) expect(kept.cycle.total[m]).toBe(fresh.cycle.total[m]);
    compared++;
    if (node === 0) break;
    assumeAndBind(kept.cycle, s, pod, node);
  }
  return compared;
}

describe('scores kept with the sums they were computed from', () => {
  it('equal the scores of a fresh scheduler on random walks', () => {
    let compared = 0;
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 1_000_000 }), (spec, seed) => {
        const cfg = compile(spec);
        const kept = new Scheduler(cfg); // kept from state to state, as the search keeps it
        randomWalk(new KiviModel(cfg), seed, 30, (s) => {
          compared += compareBurst(cfg, kept, s.slice());
        });
      }),
      { numRuns: 200 },
    );
    // The property says little unless many cycles were compared.
    expect(compared).toBeGreaterThan(300);
  }, 120_000);
});
