/**
 * Which nodes are PodTopologySpread domains under nodeAffinityPolicy and nodeTaintsPolicy
 * (podtopologyspread common.go `matchNodeInclusionPolicies`, filtering.go
 * `calPreFilterState`), worked out by hand. Every case: a DoNotSchedule `kubernetes.io/hostname`
 * constraint with maxSkew 1, one `app` pod on n1 and one on n2, none on n3; the new pod matches
 * its own selector (self = 1). A node passes when count + 1 − globalMin ≤ 1.
 */
import { describe, expect, it } from 'vitest';
import { runSchedulingCycle } from '../src/controllers/scheduler/framework.js';
import { PodTopologySpread } from '../src/controllers/scheduler/pod-topology-spread.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import type { NodeSpec, PodTemplateSpec, TopologySpreadConstraintSpec } from '../src/model/cluster.js';
import { cluster, compile, cycleFor } from './helpers.js';

function setup(n3: Partial<NodeSpec>, policies: Partial<TopologySpreadConstraintSpec>, extra: Partial<PodTemplateSpec> = {}) {
  const constraint: TopologySpreadConstraintSpec = {
    maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { name: 'app' }, ...policies,
  };
  const cfg = compile(cluster({
    nodes: [
      { name: 'n1', cpu: 64, memory: 64, labels: { pool: 'blue' } },
      { name: 'n2', cpu: 64, memory: 64, labels: { pool: 'blue' } },
      { name: 'n3', cpu: 64, memory: 64, labels: { pool: 'blue' }, ...n3 },
    ],
    template: { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [constraint], ...extra },
    placement: [1, 2],
  }));
  const cs = cycleFor(cfg);
  const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes, cfg.layout.pods);
  pts.preFilter(cs);
  return { filters: [1, 2, 3].map((n) => pts.filter(cs, n)), chosen: runSchedulingCycle(defaultProfile(cfg), cycleFor(cfg)) };
}

describe('spread domains under the node inclusion policies', () => {
  it('a NotReady node is still a domain by default (kubernetes/kubernetes#106127): the replacement stays pending', () => {
    // Domains n1 = 1, n2 = 1, n3 = 0 → globalMin 0. n1, n2: 1 + 1 − 0 = 2 > 1, rejected.
    // n3 would pass (0 + 1 − 0 = 1) but is NotReady, so no node is feasible.
    const r = setup({ status: 'NotReady' }, {});
    expect(r.filters).toEqual([false, false, true]);
    expect(r.chosen).toBe(0);
  });

  it('nodeTaintsPolicy Honor drops the NotReady node (its not-ready NoSchedule taint is not tolerated)', () => {
    // Domains n1 = 1, n2 = 1 → globalMin 1. n1: 1 + 1 − 1 = 1 ≤ 1 passes; n3 is no domain, counts 0: passes.
    const r = setup({ status: 'NotReady' }, { nodeTaintsPolicy: 'Honor' });
    expect(r.filters).toEqual([true, true, true]);
    expect(r.chosen).toBe(1); // n1 and n2 tie; the lowest index wins
  });

  it('an untolerated NoSchedule taint: counted under Ignore (default), dropped under Honor', () => {
    const taint: Partial<NodeSpec> = { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] };
    // Ignore: n3 is a domain with 0 → globalMin 0 → n1, n2 rejected; n3 fails TaintToleration.
    expect(setup(taint, {})).toEqual({ filters: [false, false, true], chosen: 0 });
    // Honor: domains n1, n2 only → globalMin 1 → n1 passes.
    expect(setup(taint, { nodeTaintsPolicy: 'Honor' })).toEqual({ filters: [true, true, true], chosen: 1 });
    // A cordoned node (spec.unschedulable, read as the node.kubernetes.io/unschedulable NoSchedule
    // taint) is the same: still a domain under the default Ignore.
    const cordoned: Partial<NodeSpec> = { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] };
    expect(setup(cordoned, {})).toEqual({ filters: [false, false, true], chosen: 0 });
  });

  it("a node the pod's nodeSelector excludes: dropped under Honor (default), counted under Ignore", () => {
    const red: Partial<NodeSpec> = { labels: { pool: 'red' } };
    const selector: Partial<PodTemplateSpec> = { nodeSelector: { pool: 'blue' } };
    // Honor: domains n1 = 1, n2 = 1 → globalMin 1 → n1 passes.
    expect(setup(red, {}, selector)).toEqual({ filters: [true, true, true], chosen: 1 });
    // Ignore: n3 = 0 counts → globalMin 0 → n1, n2 rejected; n3 fails NodeAffinity.
    expect(setup(red, { nodeAffinityPolicy: 'Ignore' }, selector)).toEqual({ filters: [false, false, true], chosen: 0 });
  });

  it('minDomains above the domain count makes the global minimum 0', () => {
    // Honor drops red n3: 2 domains < minDomains 3 → globalMin 0 → n1: 1 + 1 − 0 = 2 > 1.
    const r = setup({ labels: { pool: 'red' } }, { minDomains: 3 }, { nodeSelector: { pool: 'blue' } });
    expect(r.filters).toEqual([false, false, true]);
    expect(r.chosen).toBe(0);
  });
});

/**
 * Which templates' pods a constraint of template `app` counts (`countPodsMatchSelector`: the
 * pod's own namespace, its selector; `matchLabelKeys` add the pod's own values). Templates:
 *   app      default  {name: app, version: v1}
 *   team-app team     {name: app, version: v1}
 *   app-v2   default  {name: app, version: v2}
 */
describe('pods a spread constraint counts', () => {
  function matches(extra: Partial<TopologySpreadConstraintSpec>): number[] {
    const constraint: TopologySpreadConstraintSpec = {
      maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { name: 'app' }, ...extra,
    };
    const spec = cluster({
      nodes: [{ name: 'n1', cpu: 64, memory: 64 }],
      template: { name: 'app', labels: { name: 'app', version: 'v1' }, cpuRequest: 1, memoryRequest: 1, topologySpreadConstraints: [constraint] },
      placement: [],
    });
    spec.podTemplates.push(
      { name: 'team-app', namespace: 'team', labels: { name: 'app', version: 'v1' }, cpuRequest: 1, memoryRequest: 1 },
      { name: 'app-v2', labels: { name: 'app', version: 'v2' }, cpuRequest: 1, memoryRequest: 1 },
    );
    const c = compile(spec).templates[1].hard[0];
    return [...Array.from(c.matchesTemplate).slice(1), c.selfMatch];
  }

  it('only pods in the pod’s own namespace: team-app matches the labels but not the namespace', () => {
    expect(matches({})).toEqual([1, 0, 1, 1]);
  });

  it('matchLabelKeys [version] adds version = v1: app-v2 drops out', () => {
    expect(matches({ matchLabelKeys: ['version'] })).toEqual([1, 0, 0, 1]);
  });

  it('matchLabelKeys [pod-template-hash] counts the same pod template only', () => {
    expect(matches({ matchLabelKeys: ['pod-template-hash'] })).toEqual([1, 0, 0, 1]);
  });

  it('a key the pod does not carry is ignored', () => {
    expect(matches({ matchLabelKeys: ['tier'] })).toEqual([1, 0, 1, 1]);
  });
});

describe('ScheduleAnyway on kubernetes.io/hostname counts the node’s own pods', () => {
  it('even where nodeTaintsPolicy Honor would exclude the node (Score counts per node for that key)', () => {
    // n1 has 1 app pod, n2 (untolerated NoSchedule taint, kept feasible as when TaintToleration
    // is disabled) has 2. Two feasible hostname domains: weight ln 4 = 1.3863.
    // n1: 1 · 1.3863 → 1; n2: 2 · 1.3863 = 2.77 → 3, although Honor drops n2 from domain counts.
    const cfg = compile(cluster({
      nodes: [
        { name: 'n1', cpu: 64, memory: 64 },
        { name: 'n2', cpu: 64, memory: 64, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] },
      ],
      template: {
        name: 'app', labels: { name: 'app' }, cpuRequest: 1, memoryRequest: 1,
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { name: 'app' }, nodeTaintsPolicy: 'Honor' }],
      },
      placement: [1, 2, 2],
    }));
    const cs = cycleFor(cfg);
    const pts = new PodTopologySpread(cfg.templates, cfg.layout.nodes, cfg.layout.pods);
    pts.preScore(cs);
    expect([pts.score(cs, 1), pts.score(cs, 2)]).toEqual([1, 3]);
  });
});
