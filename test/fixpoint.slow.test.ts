/**
 * The proof for every size on the built-in c3 at scales 2 and 3 (docs/scaling.md, "Proof for
 * every size"): c3 -cn is proved and agrees with concrete clusters of 2 to 10 nodes per zone; c3
 * itself is blocked by its violation, which the abstract search reaches on its own.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import { proveEverySize } from '../src/scaling/abstract/prove.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { instantiate } from '../src/scaling/instantiate.js';
import { scalingSearch } from '../src/scaling/search.js';

describe('proved at every size (built-in c3 -cn, scales 2 and 3)', () => {
  // c3 -cn: 64-CPU nodes, pods of 8 CPU (8 fit a node), one hard hostname spread (maxSkew 1), the
  // HPA up to twice the replica count and never more than max_pod_per_node (7) per node on
  // average (instantiate.ts). With N nodes and P ≤ 7N pods the spread keeps every node within one
  // pod of the emptiest, so no node holds more than ⌈P / N⌉ ≤ 7 pods: 56 CPU of 64. Every pod
  // fits at every N; the zones do not matter (no constraint reads them: one node class).
  it('c3 -cn at scale 2: proved, one class of both zones, C = 5', async () => {
    const r = await scalingSearch(scalingTemplate(loadCase('c3', { scale: 2, nonViolation: true })), { workers: 1, fixpoint: true });
    expect(r.status).toBe('holds');
    expect(r.proof).toMatchObject({ status: 'proved', classes: ['zone-1+zone-2'], threshold: 5, bound: 3 });
  }, 120_000);

  it('c3 -cn at scale 3: proved (C = 7)', async () => {
    const r = await scalingSearch(scalingTemplate(loadCase('c3', { scale: 3, nonViolation: true })), { workers: 1, fixpoint: true });
    expect(r.status).toBe('holds');
    expect(r.proof).toMatchObject({ status: 'proved', classes: ['zone-1+zone-2'], threshold: 7, bound: 3 });
  }, 300_000);

  it('c3 -cn at scale 2: concrete clusters of 2 to 10 nodes per zone agree (hold)', async () => {
    const t = scalingTemplate(loadCase('c3', { scale: 2, nonViolation: true }));
    for (let n = 2; n <= 10; n++) {
      for (const nodes of [[n, n], [n, 0], [1, n]]) {
        for (const replicas of [1, 8, 16]) {
          const r = await checkCluster(instantiate(t, { nodes, deployments: [replicas] }));
          expect([JSON.stringify(nodes), replicas, r.status]).toEqual([JSON.stringify(nodes), replicas, 'holds']);
        }
      }
    }
  }, 300_000);
});

describe('blocked by a violation', () => {
  // c3 at scale 2: the zone constraint (maxSkew 1) and the hostname constraint leave the HPA's
  // extra pod nowhere with {zone-1: 1, zone-2: 2} nodes (docs/model.md §15): the abstract search
  // reaches that violation itself, in the setting of those exact counts.
  it('c3 (scale 2): the abstraction is blocked by the violation at {zone-1: 1, zone-2: 2, 3 replicas}', () => {
    const p = proveEverySize(scalingTemplate(loadCase('c3', { scale: 2 })));
    expect(p.status).toBe('blocked');
    expect(p.blocked).toMatchObject({ setting: '{zone-1 nodes: 1, zone-2 nodes: 2, app replicas: 3}', intent: 'pod_always_schedulable' });
  }, 120_000);

});

describe('ScheduleAnyway spreading: scores ignored (ties: feasible)', () => {
  // c2 -cn: 64-CPU nodes, pods of 8 CPU (8 fit a node) with the system default spreading, the
  // HPA up to twice the replicas and at most 7 per node on average. Whichever feasible node each
  // pod takes, 7N pods never fill N nodes of 8 slots each: pod_always_schedulable holds.
  it('c2 -cn at scale 1: proved', () => {
    const p = proveEverySize(scalingTemplate(loadCase('c2', { scale: 1, nonViolation: true })));
    expect(p).toMatchObject({ status: 'proved', classes: ['node'], threshold: 3, bound: 3 });
  }, 300_000);
});
