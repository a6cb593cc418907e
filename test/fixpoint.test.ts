/**
 * The proof for every size (docs/scaling.md, "Proof for every size"): two example folders are
 * proved to hold at every number of nodes, concrete clusters of 2 to 10 nodes per type agree,
 * the built-in cases keep their violations, and no violating case is ever proved.
 */
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import { Warnings } from '../src/parsers/warnings.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { proveEverySize } from '../src/scaling/abstract/prove.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { instantiate } from '../src/scaling/instantiate.js';
import { scalingSearch } from '../src/scaling/search.js';
import type { Setup } from '../src/scaling/types.js';
import { kiviRun } from './reliability-helpers.js';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const folderTemplate = (name: string) => scalingTemplate(loadConfigFolder(`${EXAMPLES}${name}`, new Warnings()));

describe('proved at every size (the example folders)', () => {
  // hostname-spread-every-size: pods of 1 CPU on 4-CPU nodes, spread over hostnames with
  // maxSkew 1 (DoNotSchedule), at most 3 of them (the HPA's maxReplicas). With N nodes and at
  // most 3 pods, the filter lets a node take its k-th pod only while every other node has at
  // least k − 1 (PodTopologySpread filtering.go: count + 1 − min ≤ maxSkew), so no node holds
  // more than ⌈3 / N⌉ ≤ 3 pods: 3 CPU of 4. Every pod fits at every N.
  it('hostname-spread-every-size: exit 0, "Proved for every size" with C and B', async () => {
    const r = await kiviRun('-p', `${EXAMPLES}hostname-spread-every-size`, '--fixpoint', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Proved for every size: the intents hold for every number of nodes of these types (node classes: pool)');
    expect(r.out).toContain('Saturation: C = 1 node');
    expect(r.out).toContain('Pristine nodes: B = 3');
    expect(r.out).toContain('    No failure is found!\n    Proved for every number of nodes (see above).');
    const j = await kiviRun('-p', `${EXAMPLES}hostname-spread-every-size`, '--fixpoint', '--workers', '1', '--format', 'json');
    expect(JSON.parse(j.out)).toMatchObject({ verdict: 'holds', exitCode: 0, proof: { status: 'proved', classes: ['pool'], threshold: 1, bound: 3 } });
  });

  // zone-spread-every-size: pods of 500m on 2-CPU nodes (4 fit a node), spread over the two
  // zones with maxSkew 1, 2 to 4 of them. Both zones always have a node (minSize 1), so a zone
  // takes its k-th pod only while the other has k − 1: at most 2 pods per zone, which fit on any
  // one node of it. The zones are two classes (the constraint reads the label).
  it('zone-spread-every-size: exit 0, two node classes', async () => {
    const r = await kiviRun('-p', `${EXAMPLES}zone-spread-every-size`, '--fixpoint', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('(node classes: zone-a, zone-b)');
  });

  /** Every setup with `counts` nodes of the types and each replica count of the template's range. */
  function setups(t: ReturnType<typeof folderTemplate>, nodeVectors: number[][]): Setup[] {
    const d = t.deploymentTypes[0];
    return nodeVectors.flatMap((nodes) => Array.from({ length: d.maxSize - d.minSize + 1 }, (_, i) => ({ nodes, deployments: [d.minSize + i] })));
  }

  it('concrete clusters of 2 to 10 nodes per type agree (hold), as the scaling search checks them and with every tie', async () => {
    const cases: Array<[string, number[][]]> = [
      ['hostname-spread-every-size', [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [n])],
      ['zone-spread-every-size', [2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((n) => [[n, n], [n, 2], [2, n]])],
    ];
    for (const [name, vectors] of cases) {
      const t = folderTemplate(name);
      expect(proveEverySize(t).status).toBe('proved');
      for (const setup of setups(t, vectors)) {
        const spec = instantiate(t, setup);
        for (const ties of ['lowest', 'all'] as const) {
          const r = await checkCluster({ ...spec, scheduler: { ...spec.scheduler, ties } });
          expect([name, JSON.stringify(setup), ties, r.status]).toEqual([name, JSON.stringify(setup), ties, 'holds']);
        }
      }
    }
  }, 300_000);
});

describe('proved at every size (built-in c3 -cn at scale 1; scales 2 and 3 in fixpoint.slow.test.ts)', () => {
  // c3 -cn: 64-CPU nodes, pods of 8 CPU (8 fit a node), one hard hostname spread (maxSkew 1), the
  // HPA up to twice the replica count and never more than max_pod_per_node (7) per node on
  // average (instantiate.ts). With N nodes and P ≤ 7N pods the spread keeps every node within one
  // pod of the emptiest, so no node holds more than ⌈P / N⌉ ≤ 7 pods: 56 CPU of 64. Every pod
  // fits at every N.
  it('c3 -cn -s 1: exit 0, proved (C = 3: up to 8 replicas and an HPA maximum of 16, at most 7 per node)', async () => {
    const r = await kiviRun('-c', 'c3', '-cn', '-s', '1', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Proved for every size: the intents hold for every number of nodes of these types (node classes: node)');
    expect(r.out).toContain('Saturation: C = 3 nodes');
  });

  it('c3 -cn -s 1: concrete clusters of 2 to 10 nodes agree (hold)', async () => {
    const t = scalingTemplate(loadCase('c3', { scale: 1, nonViolation: true }));
    for (let n = 2; n <= 10; n++) {
      for (const replicas of [1, 4, 8]) {
        const r = await checkCluster(instantiate(t, { nodes: [n], deployments: [replicas] }));
        expect([n, replicas, r.status]).toEqual([n, replicas, 'holds']);
      }
    }
  }, 120_000);
});

describe('never proved where a violation exists', () => {
  it('c3 and c8 still find their violations with --fixpoint (exit 1)', async () => {
    for (const id of ['c3', 'c8']) {
      const r = await kiviRun('-c', id, '--fixpoint', '--workers', '1');
      expect([id, r.code]).toEqual([id, 1]);
    }
  }, 120_000);

  // The abstract search alone, on each case's violating variant at scale 3: whatever the setups
  // found, it must not prove the intents (unsupported, an abstract violation, or a limit).
  it('no built-in violating variant is proved by the abstraction', () => {
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']) {
      const p = proveEverySize(scalingTemplate(loadCase(id, { scale: 3 })), {}, { maxStates: 30_000 });
      expect([id, p.status]).not.toEqual([id, 'proved']);
    }
  });

  it('a configuration the abstraction does not follow is answered "cannot prove", naming why (c5 -cn: the descheduler)', async () => {
    const r = await scalingSearch(scalingTemplate(loadCase('c5', { scale: 3, nonViolation: true })), { workers: 1, fixpoint: true });
    expect(r.status).toBe('inconclusive');
    expect(r.proof).toMatchObject({ status: 'unsupported' });
    expect(r.proof!.reasons!.join(' ')).toContain('the descheduler');
  });
});
