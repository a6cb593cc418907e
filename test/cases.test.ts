/**
 * The built-in cases c1 … c8 as ClusterSpecs, checked structurally against the tables of
 * docs/model.md §15–docs/model.md §15 (and the scale-3 setups of `model.md` §13). No model checking
 * here: only what the builders produce.
 */
import { describe, expect, it } from 'vitest';
import { c1 } from '../src/cases/c1.js';
import { c2 } from '../src/cases/c2.js';
import { c4 } from '../src/cases/c4.js';
import { c5 } from '../src/cases/c5.js';
import { c6 } from '../src/cases/c6.js';
import { c7 } from '../src/cases/c7.js';
import { c8 } from '../src/cases/c8.js';
import { CASE_IDS, loadCase } from '../src/cases/index.js';
import type { ClusterSpec, NodeSpec, PodTemplateSpec } from '../src/model/cluster.js';

const CPU_HPA = (target: number) => [{ resource: 'cpu', type: 'Utilization', target }];

function template(spec: ClusterSpec): PodTemplateSpec {
  expect(spec.podTemplates).toHaveLength(1);
  return spec.podTemplates[0]!;
}

function deployment(spec: ClusterSpec) {
  expect(spec.deployments).toHaveLength(1);
  return spec.deployments[0]!;
}

/** Pod count per node, in node order. */
function podsPerNode(spec: ClusterSpec): number[] {
  return spec.nodes.map((n) => spec.pods.filter((p) => p.node === n.name).length);
}

/** Usage of a placed pod: its own, else the template's usage, else the request. */
function podUsage(spec: ClusterSpec, pod: ClusterSpec['pods'][number]): { cpu: number; memory: number } {
  const t = spec.podTemplates.find((x) => x.name === (pod.template ?? spec.deployments.find((d) => d.name === pod.deployment)?.template))!;
  return { cpu: pod.cpu ?? t.cpuUsage ?? t.cpuRequest, memory: pod.memory ?? t.memoryUsage ?? t.memoryRequest };
}

/** A node's free CPU/memory as compile() will set it (explicit, or capacity minus usage). */
function left(spec: ClusterSpec, node: NodeSpec): [number, number] {
  const on = spec.pods.filter((p) => p.node === node.name).map((p) => podUsage(spec, p));
  return [
    node.cpuLeft ?? node.cpu - on.reduce((s, u) => s + u.cpu, 0),
    node.memLeft ?? node.memory - on.reduce((s, u) => s + u.memory, 0),
  ];
}

/** Name-level consistency every case must have, whatever its numbers. */
function expectWellFormed(spec: ClusterSpec): void {
  expect(spec.nodes.map((n) => n.name)).toEqual(spec.nodes.map((_, i) => `node-${i + 1}`));
  expect(spec.pods.map((p) => p.name)).toEqual(spec.pods.map((_, i) => `app-${i + 1}`));
  const nodeNames = new Set(spec.nodes.map((n) => n.name));
  for (const p of spec.pods) {
    expect(p.deployment).toBe('app');
    expect(p.phase).toBe('Running');
    expect(nodeNames.has(p.node!)).toBe(true);
  }
  const t = template(spec);
  expect(t.name).toBe('app');
  expect(t.labels).toEqual({ name: 'app' });
  const d = deployment(spec);
  expect(d.name).toBe('app');
  expect(d.template).toBe('app');
  expect(Number.isInteger(spec.spareSlots) && spec.spareSlots >= 0).toBe(true);
  for (const n of spec.nodes) {
    expect(n.cpu).toBe(64);
    expect(n.memory).toBe(64);
    expect(n.status).toBeUndefined();
  }
  for (const e of spec.events) {
    if ('deployment' in e) expect(e.deployment).toBe('app');
    if ('manifest' in e) expect(spec.manifests?.some((m) => (m.id ?? m.name) === e.manifest)).toBe(true);
  }
  for (const i of spec.intents) if (i.params?.deployment !== undefined) expect(i.params.deployment).toBe('app');
  // Live deployments own exactly the initial pods; absent ones own none.
  expect(spec.pods.length).toBe(d.created === false ? 0 : d.replicas);
}

function caseName(id: string, scale: number, nonViolation: boolean): string {
  return `${id} (scale ${scale}${nonViolation ? ', non-violating' : ''})`;
}

describe('c1: HPA oscillation', () => {
  it.each([
    { n: 1, slots: 7, spec: 1, min: 1, max: 2 },
    { n: 3, slots: 11, spec: 1, min: 1, max: 6 },
    { n: 4, slots: 13, spec: 1, min: 1, max: 8 },
    { n: 5, slots: 15, spec: 1, min: 1, max: 10 },
    { n: 9, slots: 23, spec: 1, min: 1, max: 18 },
    { n: 10, slots: 25, spec: 2, min: 2, max: 20 },
  ])('n = $n: $n empty nodes, $slots free slots, spec $spec, HPA $min..$max', ({ n, slots, spec, min, max }) => {
    for (const nonViolation of [false, true]) {
      const s = c1(n, nonViolation);
      expectWellFormed(s);
      expect(s.name).toBe(caseName('c1', n, nonViolation));
      expect(s.nodes).toHaveLength(n);
      for (const node of s.nodes) {
        expect(node.labels).toBeUndefined();
        expect(node.taints).toBeUndefined();
        expect(left(s, node)).toEqual([64, 64]);
      }
      expect(s.pods).toEqual([]);
      expect(s.spareSlots).toBe(slots);
      expect(deployment(s)).toEqual({
        name: 'app',
        replicas: spec,
        template: 'app',
        created: false,
        hpa: { minReplicas: min, maxReplicas: max, metrics: CPU_HPA(50) },
      });
    }
  });

  it('pods request 8/8 and cool from 8 to 3 after 1500 ticks (150 s, docs/model.md §15); no spread constraints given', () => {
    const t = template(c1(3, false));
    expect(t.cpuRequest).toBe(8);
    expect(t.memoryRequest).toBe(8);
    expect(t.cpuPattern).toEqual({ usage: [8, 3], at: [0, 1500] });
    expect(t.topologySpreadConstraints).toBeUndefined();
    expect(t.nodeAffinity).toBeUndefined();
    expect(t.nodeName).toBeUndefined();
    expect(t.tolerations).toBeUndefined();
  });

  it('a user command creates the deployment concurrently from the start', () => {
    expect(c1(3, false).events).toEqual([{ kind: 'createTargetDeployment', deployment: 'app' }]);
    expect(c1(3, false).descheduler).toBeUndefined();
  });

  it('checks no_oscillation_replica_num; -cn drops it and changes nothing else', () => {
    const v = c1(3, false);
    const cn = c1(3, true);
    expect(v.intents).toEqual([{ name: 'no_oscillation_replica_num', params: { deployment: 'app' } }]);
    expect(cn.intents).toEqual([]);
    expect({ ...cn, name: '', intents: [] }).toEqual({ ...v, name: '', intents: [] });
  });
});

describe('c2: apply resets replicas below the HPA minimum', () => {
  it.each([1, 2, 3, 5, 10])('n = %i: n zone-1 nodes with one 16/16 pod each and 56/56 free, 3 free slots', (n) => {
    const s = c2(n, false);
    expectWellFormed(s);
    expect(s.nodes).toHaveLength(n);
    expect(podsPerNode(s)).toEqual(Array(n).fill(1));
    s.pods.forEach((p, i) => {
      expect(p.node).toBe(`node-${i + 1}`);
      expect(podUsage(s, p)).toEqual({ cpu: 16, memory: 16 });
    });
    for (const node of s.nodes) {
      expect(node.labels).toEqual({ zone: '1' });
      expect(node.cpuLeft).toBe(56);
      expect(node.memLeft).toBe(56);
    }
    expect(s.spareSlots).toBe(3);
    expect(s.pods.length + s.spareSlots).toBe(n + 3);
    expect(deployment(s)).toEqual({
      name: 'app',
      replicas: n,
      template: 'app',
      hpa: { minReplicas: n, maxReplicas: n + 2, metrics: CPU_HPA(50) },
    });
  });

  it('pods request 8/8 (half their usage), with no CPU pattern and no spread constraints', () => {
    const t = template(c2(3, false));
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(t.cpuUsage).toBeUndefined();
    expect(t.cpuPattern).toBeUndefined();
    expect(t.topologySpreadConstraints).toBeUndefined();
  });

  it('applies a manifest without replicas once stable', () => {
    const s = c2(3, false);
    expect(s.manifests).toEqual([{ name: 'app' }]);
    expect(s.manifests![0]!.replicas).toBeUndefined();
    expect(s.events).toEqual([{ kind: 'applyDeployment', manifest: 'app', afterStable: true }]);
  });

  it('checks replica_num_always_meet_min; -cn drops it and changes nothing else', () => {
    const v = c2(3, false);
    const cn = c2(3, true);
    expect(v.intents).toEqual([{ name: 'replica_num_always_meet_min', params: { deployment: 'app' } }]);
    expect(cn.intents).toEqual([]);
    expect({ ...cn, name: '', intents: [] }).toEqual({ ...v, name: '', intents: [] });
  });
});

describe('c4 (docs/model.md §15): kernel panic from over-packing', () => {
  it.each([1, 2, 3, 5, 10])('n = %i: n empty nodes, 2n + 2 free slots, an absent deployment of spec 2n + 1', (n) => {
    for (const nonViolation of [false, true]) {
      const s = c4(n, nonViolation);
      expectWellFormed(s);
      expect(s.name).toBe(caseName('c4', n, nonViolation));
      expect(s.nodes).toHaveLength(n);
      for (const node of s.nodes) expect(left(s, node)).toEqual([64, 64]);
      expect(s.pods).toEqual([]);
      expect(s.spareSlots).toBe(2 * n + 2);
      expect(deployment(s)).toEqual({ name: 'app', replicas: 2 * n + 1, template: 'app', created: false });
    }
  });

  it('pods request 21/21, so three on one node leave 1/64 free (≤ 2 %)', () => {
    const t = template(c4(3, false));
    expect([t.cpuRequest, t.memoryRequest]).toEqual([21, 21]);
    expect(t.cpuPattern).toBeUndefined();
    expect(t.topologySpreadConstraints).toBeUndefined();
    expect(64 - 3 * t.cpuRequest).toBeLessThanOrEqual(0.02 * 64);
  });

  it('creates the deployment, watches for kernel panics and checks no_kernel_panic', () => {
    const s = c4(3, false);
    expect(s.events).toEqual([{ kind: 'createTargetDeployment', deployment: 'app' }, { kind: 'kernelPanic' }]);
    expect(s.events.some((e) => e.afterStable || e.first)).toBe(false);
    expect(s.intents).toEqual([{ name: 'no_kernel_panic' }]);
  });

  it('-cn: requests become 8/8 and the intent is kept; nothing else changes', () => {
    const v = c4(3, false);
    const cn = c4(3, true);
    const t = template(cn);
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(cn.intents).toEqual(v.intents);
    expect({ ...cn, name: '', podTemplates: [] }).toEqual({ ...v, name: '', podTemplates: [] });
  });
});

describe('c5 (docs/model.md §15): descheduler RemoveDuplicates loop', () => {
  it.each([
    { n: 1, kinds: [1, 1, 0], nodes: 2, running: 4, slots: 7 },
    { n: 2, kinds: [2, 1, 0], nodes: 3, running: 5, slots: 8 },
    { n: 3, kinds: [2, 1, 0], nodes: 3, running: 5, slots: 8 },
    { n: 4, kinds: [3, 1, 0], nodes: 4, running: 6, slots: 9 },
    { n: 5, kinds: [3, 1, 1], nodes: 5, running: 10, slots: 13 },
    { n: 10, kinds: [6, 2, 2], nodes: 10, running: 20, slots: 23 },
  ])('n = $n: kinds $kinds, $nodes nodes, $running running pods, $slots slots', ({ n, kinds, nodes, running, slots }) => {
    const [t1, t2, t3] = kinds as [number, number, number];
    for (const nonViolation of [false, true]) {
      const s = c5(n, nonViolation);
      expectWellFormed(s);
      expect(s.name).toBe(caseName('c5', n, nonViolation));
      expect(s.nodes).toHaveLength(nodes);
      expect(s.pods).toHaveLength(running);
      expect(s.spareSlots).toBe(3);
      expect(s.pods.length + s.spareSlots).toBe(slots);
      // Kinds in order: t1 nodes with 1 pod, t2 with 3, t3 with 4.
      expect(podsPerNode(s)).toEqual([...Array(t1).fill(1), ...Array(t2).fill(3), ...Array(t3).fill(4)]);
      const expectedLeft = [...Array(t1).fill(nonViolation ? 56 : 4), ...Array(t2).fill(40), ...Array(t3).fill(32)];
      expect(s.nodes.map((node) => left(s, node))).toEqual(expectedLeft.map((v) => [v, v]));
      // Placement walks the nodes in order.
      const locs = s.pods.map((p) => Number(p.node!.slice('node-'.length)));
      expect(locs).toEqual([...locs].sort((a, b) => a - b));
      for (const p of s.pods) expect(podUsage(s, p)).toEqual({ cpu: 8, memory: 8 });
      expect(deployment(s)).toEqual({ name: 'app', replicas: running, template: 'app' });
    }
  });

  it('sets cpuLeft/memLeft explicitly only where it differs from capacity minus usage (type-1 nodes, violating variant)', () => {
    const v = c5(5, false);
    expect(v.nodes.map((x) => [x.cpuLeft, x.memLeft])).toEqual([
      [4, 4],
      [4, 4],
      [4, 4],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    for (const x of c5(5, true).nodes) expect([x.cpuLeft, x.memLeft]).toEqual([undefined, undefined]);
  });

  it('template 8/8 with an inert one-entry CPU pattern and no spread constraints; no HPA, no events', () => {
    const s = c5(3, false);
    const t = template(s);
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(t.cpuPattern).toEqual({ usage: [8], at: [0] });
    expect(t.topologySpreadConstraints).toBeUndefined();
    expect(deployment(s).hpa).toBeUndefined();
    expect(deployment(s).created).toBeUndefined();
    expect(s.events).toEqual([]);
  });

  it('runs RemoveDuplicates and checks no_oscillation_eviction in both variants', () => {
    for (const nonViolation of [false, true]) {
      const s = c5(3, nonViolation);
      expect(s.descheduler).toEqual({ profiles: [{ plugins: ['RemoveDuplicates'] }] });
      expect(s.intents).toEqual([{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }]);
    }
  });

  it('matches the reference tool scale-3 setup: 2 nodes with 4 free and 1 pod, 1 node with 40 free and 3 pods', () => {
    const s = c5(3, false);
    expect(s.nodes.map((node) => left(s, node)[0])).toEqual([4, 4, 40]);
    expect(podsPerNode(s)).toEqual([1, 1, 3]);
  });

  it('-cn only frees the type-1 nodes', () => {
    const v = c5(10, false);
    const cn = c5(10, true);
    const strip = (s: ClusterSpec) => ({ ...s, name: '', nodes: s.nodes.map((x) => ({ name: x.name, cpu: x.cpu, memory: x.memory })) });
    expect(strip(cn)).toEqual(strip(v));
  });
});

describe('c6 (docs/model.md §15): rolling maintenance against soft spreading', () => {
  it.each([1, 2, 3, 5, 10])('n = %i: n nodes with one pod each (56/56 free), 5 free slots, spec n', (n) => {
    for (const nonViolation of [false, true]) {
      const s = c6(n, nonViolation);
      expectWellFormed(s);
      expect(s.name).toBe(caseName('c6', n, nonViolation));
      expect(s.nodes).toHaveLength(n);
      expect(podsPerNode(s)).toEqual(Array(n).fill(1));
      s.pods.forEach((p, i) => expect(p.node).toBe(`node-${i + 1}`));
      for (const node of s.nodes) {
        expect(left(s, node)).toEqual([56, 56]);
        expect(node.cpuLeft).toBeUndefined();
      }
      expect(s.spareSlots).toBe(5);
      expect(s.pods.length + s.spareSlots).toBe(n + 5);
      expect(deployment(s)).toEqual({ name: 'app', replicas: n, template: 'app' });
    }
  });

  it('one soft hostname constraint: maxSkew 1, minDomains 1, ScheduleAnyway, selector name=app', () => {
    const t = template(c6(3, false));
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(t.topologySpreadConstraints).toEqual([
      { maxSkew: 1, minDomains: 1, topologyKey: 'hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' } },
    ]);
    expect(t.cpuPattern).toBeUndefined();
  });

  it('maintenance one node at a time once stable; expects spec − 1 replicas (-cn: 0)', () => {
    const v = c6(3, false);
    const cn = c6(3, true);
    expect(v.events).toEqual([{ kind: 'maintenance', parallel: 1, afterStable: true }]);
    expect(v.intents).toEqual([{ name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: 'spec-1' } }]);
    expect(cn.intents).toEqual([{ name: 'replica_num_always_meet_exp', params: { deployment: 'app', expReplicas: 0 } }]);
    expect({ ...cn, name: '', intents: [] }).toEqual({ ...v, name: '', intents: [] });
    expect(v.descheduler).toBeUndefined();
  });
});

describe('c7 (docs/model.md §15): nodeName pinning onto a NoExecute-tainted node', () => {
  it.each([1, 2, 3, 5, 10])('n = %i: n empty nodes, node-1 tainted, n free slots, an absent deployment of spec 5n', (n) => {
    const s = c7(n, false);
    expectWellFormed(s);
    expect(s.nodes).toHaveLength(n);
    expect(s.nodes[0]!.taints).toEqual([{ key: 'key1', value: 'value1', effect: 'NoExecute' }]);
    for (const node of s.nodes.slice(1)) expect(node.taints).toBeUndefined();
    for (const node of s.nodes) expect(left(s, node)).toEqual([64, 64]);
    expect(s.pods).toEqual([]);
    expect(s.spareSlots).toBe(n);
    expect(deployment(s)).toEqual({ name: 'app', replicas: 5 * n, template: 'app', created: false });
    // The spec can never be reached.
    expect(deployment(s).replicas).toBeGreaterThan(s.pods.length + s.spareSlots);
  });

  it('pods are pinned to node-1, tolerate nothing and carry an inert CPU pattern', () => {
    const t = template(c7(3, false));
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(t.nodeName).toBe('node-1');
    expect(t.tolerations).toBeUndefined();
    expect(t.cpuPattern).toEqual({ usage: [8], at: [0] });
    expect(t.topologySpreadConstraints).toBeUndefined();
  });

  it('creates the deployment and checks no_oscillation_eviction; -cn only removes the taint', () => {
    const v = c7(3, false);
    const cn = c7(3, true);
    expect(v.events).toEqual([{ kind: 'createTargetDeployment', deployment: 'app' }]);
    expect(v.intents).toEqual([{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }]);
    expect(cn.intents).toEqual(v.intents);
    for (const node of cn.nodes) expect(node.taints).toBeUndefined();
    const strip = (s: ClusterSpec) => ({ ...s, name: '', nodes: s.nodes.map(({ taints: _t, ...rest }) => rest) });
    expect(strip(cn)).toEqual(strip(v));
  });
});

describe('c8 (docs/model.md §15): descheduler topology spread against preferred affinity', () => {
  it.each([
    { n: 1, onDemand: 1, spot: 0, spec: 2 },
    { n: 2, onDemand: 1, spot: 1, spec: 4 },
    { n: 3, onDemand: 1, spot: 2, spec: 6 },
    { n: 5, onDemand: 1, spot: 4, spec: 10 },
    { n: 6, onDemand: 2, spot: 4, spec: 12 },
    { n: 10, onDemand: 2, spot: 8, spec: 20 },
  ])('n = $n: $onDemand on-demand then $spot spot nodes, spec $spec', ({ n, onDemand, spot, spec }) => {
    for (const nonViolation of [false, true]) {
      const s = c8(n, nonViolation);
      expectWellFormed(s);
      expect(s.name).toBe(caseName('c8', n, nonViolation));
      expect(s.nodes.map((x) => x.labels)).toEqual([
        ...Array(onDemand).fill({ lifecycle: 'on-demand' }),
        ...Array(spot).fill({ lifecycle: 'spot' }),
      ]);
      for (const node of s.nodes) expect(left(s, node)).toEqual([64, 64]);
      expect(s.pods).toEqual([]);
      expect(s.spareSlots).toBe(2 * n);
      expect(deployment(s)).toEqual({ name: 'app', replicas: spec, template: 'app', created: false });
    }
  });

  it('two soft constraints (hostname, lifecycle) and preferred affinity 4 for spot, 5 for on-demand', () => {
    const t = template(c8(3, false));
    expect([t.cpuRequest, t.memoryRequest]).toEqual([8, 8]);
    expect(t.cpuPattern).toEqual({ usage: [8], at: [0] });
    expect(t.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' } },
      { maxSkew: 1, topologyKey: 'lifecycle', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' } },
    ]);
    expect(t.nodeAffinity).toEqual({
      preferred: [
        { weight: 4, term: { matchLabels: { lifecycle: 'spot' } } },
        { weight: 5, term: { matchLabels: { lifecycle: 'on-demand' } } },
      ],
    });
    expect(t.nodeAffinity?.required).toBeUndefined();
  });

  it('the descheduler balances both kinds of constraint; -cn only DoNotSchedule ones (constraintsTopologySpread 2 vs 0)', () => {
    const v = c8(3, false);
    const cn = c8(3, true);
    expect(v.descheduler).toEqual({
      profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule', 'ScheduleAnyway'] }],
    });
    expect(cn.descheduler).toEqual({
      profiles: [{ plugins: ['RemovePodsViolatingTopologySpreadConstraint'], constraints: ['DoNotSchedule'] }],
    });
    expect({ ...cn, name: '', descheduler: undefined }).toEqual({ ...v, name: '', descheduler: undefined });
  });

  it('creates the deployment and checks no_oscillation_eviction in both variants', () => {
    for (const nonViolation of [false, true]) {
      const s = c8(3, nonViolation);
      expect(s.events).toEqual([{ kind: 'createTargetDeployment', deployment: 'app' }]);
      expect(s.intents).toEqual([{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }]);
    }
  });
});

describe('loadCase', () => {
  const direct: Record<string, (scale: number, nonViolation: boolean) => ClusterSpec> = { c1, c2, c4, c5, c6, c7, c8 };

  it.each(Object.keys(direct))('%s is registered and builds what its builder builds', (id) => {
    for (const nonViolation of [false, true]) {
      expect(loadCase(id, { scale: 4, nonViolation })).toEqual(direct[id]!(4, nonViolation));
      expect(loadCase(id.toUpperCase(), { scale: 4, nonViolation }).name).toBe(caseName(id, 4, nonViolation));
    }
    expect(loadCase(id)).toEqual(direct[id]!(3, false));
  });

  it.each([...CASE_IDS])('%s builds at scale 200 without throwing, in both variants', (id) => {
    for (const nonViolation of [false, true]) {
      const s = loadCase(id, { scale: 200, nonViolation });
      expect(s.name).toBe(caseName(id, 200, nonViolation));
      expect(s.nodes.length).toBeGreaterThanOrEqual(200);
      expectWellFormed(s);
    }
  });

  it('every case id has a builder', () => {
    for (const id of CASE_IDS) expect(() => loadCase(id, { scale: 1 })).not.toThrow();
  });
});
