/**
 * Ties in host selection (docs/model.md §8.2.4): kube-scheduler picks any node with the best
 * score (`selectHost`), so kivi makes each a successor, twins (nodes differing only in name)
 * once. Every number is worked out by hand in the comments.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, loadConfigFolder } from '../src/api.js';
import { runSchedulingCycle } from '../src/controllers/scheduler/framework.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { cluster, compile, cycleFor } from './helpers.js';

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

function schedulerChoices(spec: ClusterSpec): number {
  const model = new KiviModel(compile(spec));
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
