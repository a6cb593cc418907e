/** Scheduler plugins against the worked numbers of docs/model.md docs/model.md §9.4. */
import { describe, expect, it } from 'vitest';
import { explainUnschedulable, runSchedulingCycle, type ScorePlugin } from '../src/controllers/scheduler/framework.js';
import { NodeAffinity } from '../src/controllers/scheduler/node-affinity.js';
import { leastAllocated, NodeResourcesFit } from '../src/controllers/scheduler/node-resources-fit.js';
import { PodTopologySpread, roundedLn } from '../src/controllers/scheduler/pod-topology-spread.js';
import { SCHEDULER_PLUGINS } from '../src/controllers/scheduler/registry.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import type { TopologySpreadConstraintSpec } from '../src/model/cluster.js';
import { N_CPU_LEFT, nodeAt } from '../src/model/layout.js';
import { cluster, compile, cycleFor } from './helpers.js';

const hard = (topologyKey: string): TopologySpreadConstraintSpec => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { name: 'app' },
});
const soft = (topologyKey: string): TopologySpreadConstraintSpec => ({ ...hard(topologyKey), whenUnsatisfiable: 'ScheduleAnyway' });

/** docs/model.md §8.2.2: nodes 1, 2 in zone A, node 3 in zone B; 2, 1 and 2 pods; both constraints maxSkew 1. */
function c3Example(constraints: TopologySpreadConstraintSpec[]) {
  return compile(
    cluster({
      nodes: [
        { name: 'n1', cpu: 64, memory: 64, labels: { zone: 'A' } },
        { name: 'n2', cpu: 64, memory: 64, labels: { zone: 'A' } },
        { name: 'n3', cpu: 64, memory: 64, labels: { zone: 'B' } },
      ],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: constraints },
      placement: [1, 1, 2, 3, 3],
    }),
  );
}

function filterResults(cfg: ReturnType<typeof compile>): boolean[] {
  const cs = cycleFor(cfg);
  const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes);
  pts.preFilter(cs);
  return [1, 2, 3].map((n) => pts.filter(cs, n));
}

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  it('rejects every node in the c3 worked example: hostname fails nodes 1 and 3, zone fails node 2', () => {
    expect(filterResults(c3Example([hard('hostname'), hard('zone')]))).toEqual([false, false, false]);
    expect(filterResults(c3Example([hard('hostname')]))).toEqual([false, true, false]);
    expect(filterResults(c3Example([hard('zone')]))).toEqual([false, false, true]);
  });

  it('the full scheduling cycle finds no node for the 6th pod, and node 2 without the zone constraint', () => {
    const both = c3Example([hard('hostname'), hard('zone')]);
    expect(runSchedulingCycle(defaultProfile(both), cycleFor(both))).toBe(0);
    const hostOnly = c3Example([hard('hostname')]);
    expect(runSchedulingCycle(defaultProfile(hostOnly), cycleFor(hostOnly))).toBe(2);
  });

  it('filters out a node that lacks the topology key instead of pooling it (docs/model.md §12, docs/model.md §12, decision 4)', () => {
    const cfg = compile(
      cluster({
        nodes: [
          { name: 'n1', cpu: 64, memory: 64, labels: { zone: 'A' } },
          { name: 'n2', cpu: 64, memory: 64 },
        ],
        template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [hard('zone')] },
        placement: [1],
      }),
    );
    const cs = cycleFor(cfg);
    const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes);
    pts.preFilter(cs);
    expect([pts.filter(cs, 1), pts.filter(cs, 2)]).toEqual([true, false]);
  });

  it('uses minDomains: fewer domains than minDomains make the global minimum 0', () => {
    const cfg = compile(
      cluster({
        nodes: [
          { name: 'n1', cpu: 64, memory: 64, labels: { zone: 'A' } },
          { name: 'n2', cpu: 64, memory: 64, labels: { zone: 'B' } },
        ],
        template: {
          name: 'app',
          labels: { name: 'app' },
          cpuRequest: 8,
          memoryRequest: 8,
          topologySpreadConstraints: [{ ...hard('zone'), minDomains: 3 }],
        },
        placement: [1, 2],
      }),
    );
    const cs = cycleFor(cfg);
    const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes);
    pts.preFilter(cs);
    // Each zone has 1 pod; with minDomains 3 > 2 domains the minimum is 0: 1 + 1 - 0 > 1.
    expect([pts.filter(cs, 1), pts.filter(cs, 2)]).toEqual([false, false]);
  });
});

describe('NodeResourcesFit', () => {
  it('scores least-allocated against the free amount: 64 → 87, 56 → 85, 48 → 83 for a request of 8', () => {
    expect([64, 56, 48].map((free) => leastAllocated(free, 8))).toEqual([87, 85, 83]);
    const cfg = c3Example([]);
    const cs = cycleFor(cfg);
    const fit = new NodeResourcesFit();
    // Node free CPU/memory: 48, 56, 48 (2, 1, 2 pods of 8).
    expect([1, 2, 3].map((n) => fit.score(cs, n))).toEqual([83, 85, 83]);
  });

  it('filters a node whose free CPU is below the request', () => {
    const cfg = c3Example([]);
    const s = cfg.initial.slice();
    s[nodeAt(cfg.layout, 2) + N_CPU_LEFT] = 7;
    const cs = cycleFor(cfg, s);
    const fit = new NodeResourcesFit();
    expect([1, 2, 3].map((n) => fit.filter(cs, n))).toEqual([true, false, true]);
  });

  it('does not divide by zero when nothing is free and nothing is requested', () => {
    expect(leastAllocated(0, 0)).toBe(0);
  });
});

describe('scores of the c8 worked example (docs/model.md §8.2.3)', () => {
  // Node 1 on-demand, nodes 2 and 3 spot; preferred affinity 5 on-demand, 4 spot; soft spread on
  // hostname and lifecycle (maxSkew 1); pods 2, 2, 1; free CPU 48, 48, 56.
  const cfg = compile(
    cluster({
      nodes: [
        { name: 'n1', cpu: 64, memory: 64, labels: { lifecycle: 'on-demand' } },
        { name: 'n2', cpu: 64, memory: 64, labels: { lifecycle: 'spot' } },
        { name: 'n3', cpu: 64, memory: 64, labels: { lifecycle: 'spot' } },
      ],
      template: {
        name: 'app',
        labels: { name: 'app' },
        cpuRequest: 8,
        memoryRequest: 8,
        nodeAffinity: {
          preferred: [
            { weight: 5, term: { matchLabels: { lifecycle: 'on-demand' } } },
            { weight: 4, term: { matchLabels: { lifecycle: 'spot' } } },
          ],
        },
        topologySpreadConstraints: [soft('hostname'), soft('lifecycle')],
      },
      placement: [1, 1, 2, 2, 3],
    }),
  );

  function weighted(plugin: ScorePlugin, weight: number): number[] {
    const cs = cycleFor(cfg);
    plugin.preScore?.(cs);
    for (let n = 1; n <= 3; n++) cs.scores[n] = plugin.score(cs, n);
    plugin.normalizeScore?.(cs);
    return [1, 2, 3].map((n) => weight * cs.scores[n]);
  }

  it('NodeAffinity ×2 gives 200, 160, 160', () => {
    expect(weighted(new NodeAffinity(), 2)).toEqual([200, 160, 160]);
  });

  it('NodeResourcesFit ×1 gives 83, 83, 85', () => {
    expect(weighted(new NodeResourcesFit(), 1)).toEqual([83, 83, 85]);
  });

  // Kubernetes' float weights (scoring.go): hostname has 3 domains, ln 5 = 1.6094; lifecycle 2,
  // ln 4 = 1.3863; maxSkew 1 adds 0. Counts: hostname 2, 2, 1; on-demand 2, spot 3.
  //   n1: 2·1.6094 + 2·1.3863 = 5.9915 → 6;  n2: 2·1.6094 + 3·1.3863 = 7.3778 → 7;
  //   n3: 1·1.6094 + 3·1.3863 = 5.7683 → 6   (the reference's integer weights 2 and 1 gave 6, 7, 5).
  // NormalizeScore, max 7, min 6: 100·(13 − s)/7 → 100, 85 (600/7), 100; ×2: 200, 170, 200.
  it('PodTopologySpread raw scores 6, 7, 6 normalize to 200, 170, 200 (×2)', () => {
    const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes);
    const cs = cycleFor(cfg);
    pts.preScore(cs);
    expect([1, 2, 3].map((n) => pts.score(cs, n))).toEqual([6, 7, 6]);
    expect(weighted(new PodTopologySpread(cfg.templates, cfg.layout.nodes), 2)).toEqual([200, 170, 200]);
  });

  // Totals: n1 200 + 83 + 200 = 483, n2 160 + 83 + 170 = 413, n3 160 + 85 + 200 = 445.
  it('host selection picks node 1 (483 against 413 and 445)', () => {
    const cs = cycleFor(cfg);
    expect(runSchedulingCycle(defaultProfile(cfg), cs)).toBe(1);
    expect([1, 2, 3].map((n) => cs.total[n])).toEqual([483, 413, 445]);
  });
});

describe('host selection', () => {
  it('breaks ties by the lowest node index', () => {
    const cfg = compile(
      cluster({
        nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, cpu: 64, memory: 64 })),
        template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] },
        placement: [],
      }),
    );
    expect(runSchedulingCycle(defaultProfile(cfg), cycleFor(cfg))).toBe(1);
  });
});

describe('roundedLn (topology weight table)', () => {
  it('is round(ln a) with the reference table boundaries', () => {
    const table: Array<[number, number]> = [
      [1, 0], [2, 1], [4, 1], [5, 2], [12, 2], [13, 3], [33, 3], [34, 4], [90, 4], [91, 5],
      [244, 5], [245, 6], [665, 6], [666, 7], [1808, 7], [1809, 8], [4914, 8], [4915, 9], [100000, 9],
    ];
    for (const [a, want] of table) expect(roundedLn(a), `L(${a})`).toBe(want);
  });
});

describe('the plugin registry', () => {
  it('declares each plugin with the extension points its instance implements', () => {
    const cfg = c3Example([hard('hostname')]);
    const methods: Record<string, keyof ScorePlugin | 'filter' | 'preFilter'> = {
      PreFilter: 'preFilter',
      Filter: 'filter',
      PreScore: 'preScore',
      Score: 'score',
      NormalizeScore: 'normalizeScore',
    };
    // TaintToleration is built only with a taint, InterPodAffinity only with a pod (anti-)affinity term.
    const noTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [], selfAffine: false };
    const templates = cfg.templates.map((t, i) => (i === 0 ? t : { ...t, interPod: noTerms }));
    for (const reg of SCHEDULER_PLUGINS) {
      const plugin = reg.create({ ...cfg, taintsOn: true, templates });
      expect(plugin, reg.name).not.toBeNull();
      expect(plugin!.name).toBe(reg.name);
      const implemented = Object.keys(methods).filter((point) => typeof (plugin as unknown as Record<string, unknown>)[methods[point]] === 'function');
      expect(implemented, reg.name).toEqual([...reg.points]);
    }
  });

  it("has kube-scheduler's default score weights (getDefaultPlugins, v1 default_plugins.go)", () => {
    // The v1 default profile: TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
    // NodeResourcesFit 1, InterPodAffinity 2; NodeName is a Filter only.
    const weights = Object.fromEntries(SCHEDULER_PLUGINS.map((p) => [p.name, p.defaultWeight]));
    expect(weights).toEqual({ NodeName: 0, NodeAffinity: 2, TaintToleration: 3, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2 });
  });

  it('a compiled profile lists every registered plugin in order; a disabled one neither filters nor scores', () => {
    const spec = cluster({
      nodes: [{ name: 'n1', cpu: 64, memory: 64 }],
      template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 },
      placement: [],
    });
    const cfg = compile({ ...spec, scheduler: { disabled: ['NodeResourcesFit'], weights: { PodTopologySpread: 5 } } });
    expect(cfg.scheduler.plugins).toEqual([
      { name: 'NodeName', filter: true, weight: 0 },
      { name: 'NodeAffinity', filter: true, weight: 2 },
      { name: 'TaintToleration', filter: true, weight: 3 },
      { name: 'NodeResourcesFit', filter: false, weight: 0 },
      { name: 'PodTopologySpread', filter: true, weight: 5 },
      { name: 'InterPodAffinity', filter: true, weight: 2 },
    ]);
    // No node has a taint, so TaintToleration is not built, nor InterPodAffinity without a
    // pod (anti-)affinity term; NodeResourcesFit is off.
    const profile = defaultProfile(cfg);
    expect(profile.filters.map((f) => f.name)).toEqual(['NodeName', 'NodeAffinity', 'PodTopologySpread']);
    expect(profile.scores.map((s) => [s.plugin.name, s.weight])).toEqual([['NodeAffinity', 2], ['PodTopologySpread', 5]]);
    expect(() => compile({ ...spec, scheduler: { disabled: ['ImageLocality'] } })).toThrow('unknown scheduler plugin "ImageLocality"');
    expect(() => compile({ ...spec, scheduler: { weights: { NodeName: 1 } } })).toThrow('"NodeName" has no score');
  });
});

describe("why a pod is pending, in kube-scheduler's words (FitError)", () => {
  it('counts each node under the first Filter that rejects it, reasons sorted as strings', () => {
    // Worked by hand. The pod requests 8 CPU and 8 MiB and tolerates nothing; it has no
    // spread constraints of its own (system defaults are soft, so no spread Filter rejects).
    //   n1: Ready, 64 CPU, no taint, but 60 CPU already used by 1 pod → Insufficient cpu
    //   n2: Ready, taint dedicated=gpu:NoSchedule → TaintToleration rejects it first
    //   n3: NotReady → the node lifecycle controller's not-ready taint
    //   n4: 4 CPU and 4 MiB free → Insufficient cpu and Insufficient memory (one node, two reasons)
    // Sorted as Go's sort.Strings sorts "count reason": '1 I' < '1 n' < '2 I'.
    const cfg = compile(
      cluster({
        nodes: [
          { name: 'n1', cpu: 64, memory: 64, cpuLeft: 4 },
          { name: 'n2', cpu: 64, memory: 64, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
          { name: 'n3', cpu: 64, memory: 64, status: 'NotReady' },
          { name: 'n4', cpu: 4, memory: 4 },
        ],
        template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 },
        placement: [],
      }),
    );
    const cs = cycleFor(cfg);
    const profile = defaultProfile(cfg);
    expect(runSchedulingCycle(profile, cs)).toBe(0);
    expect(explainUnschedulable(profile, cs)).toBe(
      '0/4 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}, ' +
        '1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 Insufficient cpu.',
    );
  });
});
