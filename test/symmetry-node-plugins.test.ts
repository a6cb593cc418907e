/**
 * The node-by-node descheduler plugins under the symmetry reduction (docs/model.md §8.11.3):
 * RemovePodsViolatingNodeAffinity (§8.7.8), RemovePodsViolatingNodeTaints (§8.7.9) and
 * RemovePodsViolatingInterPodAntiAffinity (§8.7.5) visit nodes and each node's pods in canonical
 * order where the reduction applies, under their eviction limits. The reduced search must find
 * exactly the violations of the unreduced one, a pass must commute with renaming nodes and
 * slots, and a hand-worked pass evicts what Kubernetes semantics say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, DeschedulerProfileSpec, NodeSpec, PodSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { Q_KBL } from '../src/model/layout.js';
import { staticClasses } from '../src/controllers/scheduler/twins.js';
import { symmetryExcluded } from '../src/system/symmetry.js';
import { compile } from './helpers.js';
import { Driver } from './model-helpers.js';
import { exactOn, holdsFromFewerStates, passAndBurst, shuffle } from './symmetry-helpers.js';

const PLUGINS = ['RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingNodeTaints', 'RemovePodsViolatingInterPodAntiAffinity'] as const;
const SSD = { matchLabels: {}, matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };

/**
 * Random small clusters for the three plugins: 2–3 alike ssd nodes and 1–2 alike hdd nodes that
 * may carry a NoSchedule taint (dedicated=infra); one or two deployments whose template may
 * require or prefer disk=ssd, tolerate nothing, and may keep away from its own pods per node
 * (required anti-affinity on kubernetes.io/hostname); pods placed on any node (so some violate
 * their affinity, a taint or their anti-affinity from the start) or pending; one profile with a
 * non-empty subset of the plugins and each per-pass eviction limit or not. Every deployment is
 * watched by no_oscillation_eviction, which ends the feedback loops.
 */
export const nodePluginsArb = fc
  .record({
    ssd: fc.integer({ min: 2, max: 3 }),
    hdd: fc.integer({ min: 1, max: 2 }),
    tainted: fc.boolean(),
    deployments: fc.array(
      fc.record({
        /** Per pod its node (0..4, modulo the node count) or 5: pending. */
        pods: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        extra: fc.integer({ min: -1, max: 1 }),
        cpu: fc.integer({ min: 8, max: 24 }),
        affinity: fc.constantFrom('none', 'required', 'preferred'),
        antiAffinity: fc.boolean(),
        otherNamespace: fc.boolean(),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    plugins: fc.subarray([...PLUGINS], { minLength: 1 }),
    perNode: fc.option(fc.constant(1)),
    perNamespace: fc.option(fc.integer({ min: 1, max: 2 })),
    total: fc.option(fc.integer({ min: 1, max: 2 })),
    spare: fc.integer({ min: 1, max: 2 }),
  })
  .map((g): ClusterSpec => {
    const nodes: NodeSpec[] = [
      ...Array.from({ length: g.ssd }, (_, i): NodeSpec => ({ name: `s${i + 1}`, cpu: 64, memory: 64, labels: { disk: 'ssd' } })),
      ...Array.from({ length: g.hdd }, (_, i): NodeSpec => ({
        name: `h${i + 1}`, cpu: 64, memory: 64, labels: { disk: 'hdd' }, ...(g.tainted ? { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' as const }] } : {}),
      })),
    ];
    const used = nodes.map((n) => n.cpu);
    const podTemplates: PodTemplateSpec[] = [];
    const pods: PodSpec[] = [];
    const deployments = g.deployments.map((d, i) => {
      const name = `d${i + 1}`;
      podTemplates.push({
        name: `t${i + 1}`,
        labels: { name: `t${i + 1}` },
        cpuRequest: d.cpu,
        memoryRequest: 4,
        ...(d.affinity === 'required' ? { nodeAffinity: { required: [SSD] } } : {}),
        ...(d.affinity === 'preferred' ? { nodeAffinity: { preferred: [{ weight: 10, term: SSD }] } } : {}),
        ...(d.antiAffinity ? { podAntiAffinity: { required: [{ labelSelector: { matchLabels: { name: `t${i + 1}` } }, topologyKey: 'kubernetes.io/hostname' }] } } : {}),
        ...(i > 0 && d.otherNamespace ? { namespace: 'other' } : {}),
      });
      let placed = 0;
      for (const raw of d.pods) {
        if (raw === 5) {
          pods.push({ deployment: name, template: `t${i + 1}`, phase: 'Pending' });
          placed++;
          continue;
        }
        const k = raw % nodes.length;
        if (used[k] < d.cpu) continue;
        used[k] -= d.cpu;
        pods.push({ deployment: name, template: `t${i + 1}`, node: nodes[k].name, phase: 'Running' });
        placed++;
      }
      return { name, replicas: Math.max(1, placed + d.extra), template: `t${i + 1}` };
    });
    const profile: DeschedulerProfileSpec = {
      plugins: [...g.plugins],
      ...(g.plugins.includes('RemovePodsViolatingNodeAffinity')
        ? { nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'] }
        : {}),
      ...(g.perNode === null ? {} : { maxNoOfPodsToEvictPerNode: g.perNode }),
      ...(g.perNamespace === null ? {} : { maxNoOfPodsToEvictPerNamespace: g.perNamespace }),
      ...(g.total === null ? {} : { maxNoOfPodsToEvictTotal: g.total }),
    };
    const intents = deployments.map((d) => ({ name: 'no_oscillation_eviction', params: { deployment: d.name } }));
    return { name: 'node-plugins', nodes, podTemplates, deployments, pods, spareSlots: g.spare, events: [], intents, descheduler: { profiles: [profile] } };
  });

/**
 * The clusters of nodePluginsArb at rest after init (no pending pod, every deployment at its
 * replicas), so that the descheduler runs next (docs/model.md §8.7.1).
 */
const atRestArb = nodePluginsArb.map((spec): ClusterSpec => {
  const pods = spec.pods.filter((p) => p.phase === 'Running');
  const count = (d: string): number => pods.filter((p) => p.deployment === d).length;
  const deployments = spec.deployments.filter((d) => count(d.name) > 0).map((d) => ({ ...d, replicas: count(d.name) }));
  const intents = spec.intents.filter((i) => deployments.some((d) => d.name === i.params!.deployment));
  return { ...spec, pods, deployments, intents };
});

/** Whether a cluster's profile has an eviction limit that can run out in one pass. */
const limited = (spec: ClusterSpec): boolean => {
  const p = spec.descheduler!.profiles[0];
  return p.maxNoOfPodsToEvictTotal !== undefined || p.maxNoOfPodsToEvictPerNamespace !== undefined || p.maxNoOfPodsToEvictPerNode !== undefined;
};

describe('the symmetry reduction with the node-by-node descheduler plugins (canonical order, §8.11.3)', () => {
  it('finds the violations of the unreduced search, as short, with eviction limits', async () => {
    const { applied, merged, withFeature } = await exactOn(nodePluginsArb, 150, 21, 30_000, 'coarse', limited);
    expect(applied).toBeGreaterThan(100);
    expect(merged).toBeGreaterThan(30);
    expect(withFeature).toBeGreaterThan(50);
  }, 300_000);

  it('in the fine interleaving too', async () => {
    const { merged } = await exactOn(nodePluginsArb, 50, 22, 20_000, 'fine');
    expect(merged).toBeGreaterThan(10);
  }, 300_000);

  // The transition itself: the same cluster with its nodes and pods listed in another order is a
  // renaming of it (nodes of one group are alike and keep the group's place). One descheduler pass right after init, then
  // the kubelet's burst that deletes the evicted pods in kblQ's order, must give states with one
  // canonical form: the plugins chose equivalent pods under their limits, in an order that
  // reads no name.
  it('a pass and the kubelet burst after it commute with renaming nodes and slots', () => {
    let passes = 0;
    let evicting = 0;
    let limitedEvicting = 0;
    fc.assert(
      fc.property(atRestArb, fc.integer({ min: 1, max: 2 ** 30 }), (spec, seed) => {
        // Nodes move within their group only: the groups differ statically (labels), so the
        // static classes keep their order of first appearance.
        const group = (prefix: string): NodeSpec[] => spec.nodes.filter((n) => n.name.startsWith(prefix));
        const renamed: ClusterSpec = { ...spec, nodes: [...shuffle(group('s'), seed), ...shuffle(group('h'), seed + 1)], pods: shuffle(spec.pods, seed * 7 + 3) };
        // The descheduler waits for pending pods (§8.7.1; at rest here) and the kubelet has
        // nothing to do when the pass evicted nothing (passAndBurst).
        const a = passAndBurst(spec);
        const b = passAndBurst(renamed);
        expect(b === null).toBe(a === null);
        if (a === null || b === null) return;
        passes++;
        if (a.evicted > 0) evicting++;
        if (a.evicted > 0 && limited(spec)) limitedEvicting++;
        expect(b.evicted).toBe(a.evicted);
        expect(Array.from(b.state)).toEqual(Array.from(a.state));
      }),
      { numRuns: 300, seed: 23 },
    );
    expect(passes).toBeGreaterThan(100);
    expect(evicting).toBeGreaterThan(60);
    expect(limitedEvicting).toBeGreaterThan(40);
  });

  it('hand-worked: two alike tainted nodes, a total limit of one', () => {
    // h1 and h2 carry dedicated=infra:NoSchedule and are alike; s1 is plain. app runs one pod on
    // each (slots 1, 2, 3 on h1, h2, s1 as listed). RemovePodsViolatingNodeTaints with
    // maxNoOfPodsToEvictTotal 1: both tainted nodes' pods violate (app tolerates nothing); the
    // plugin evicts the pod of the first tainted node it visits and the total limit stops it.
    // Which node that is upstream depends on the informer's order (node_taint.go Deschedule
    // ranges over the nodes it is handed); the limit does not tell h1 from h2, so the two stay one static class (taints are state words, §8.6, told apart by the
    // canonical form, not by the classes) and the reduction applies. The pass leaves one
    // pod terminating, on h1 or h2, and s1's pod running.
    const taint = [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' as const }];
    const spec: ClusterSpec = {
      name: 'tainted',
      nodes: [{ name: 'h1', cpu: 64, memory: 64, taints: taint }, { name: 'h2', cpu: 64, memory: 64, taints: taint }, { name: 's1', cpu: 64, memory: 64 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 3, template: 'app' }],
      pods: [{ deployment: 'app', node: 'h1', phase: 'Running' }, { deployment: 'app', node: 'h2', phase: 'Running' }, { deployment: 'app', node: 's1', phase: 'Running' }],
      spareSlots: 1,
      events: [],
      intents: [],
      descheduler: { profiles: [{ plugins: ['RemovePodsViolatingNodeTaints'], maxNoOfPodsToEvictTotal: 1 }] },
    };
    const cfg = compile(spec);
    expect(symmetryExcluded(cfg)).toBeNull();
    const classes = staticClasses(cfg, true);
    expect(classes[1]).toBe(classes[2]);
    // The pass (the Driver keeps the canonical order where the reduction applies): one
    // eviction, app-1 or app-2 (the canonical order decides), and the limit stops the plugin.
    const d = new Driver(spec);
    d.run('init');
    d.run('descheduler');
    const evicted = d.log.lines.filter((x) => /^Pod .* pending for deletion!$/.test(x.text)).map((x) => x.text.split(' ')[1]);
    expect(evicted).toHaveLength(1);
    expect(['app-1', 'app-2']).toContain(evicted[0]);
    expect(d.log.lines.some((x) => x.text.startsWith('Exceeded maxNoOfPodsToEvictTotal'))).toBe(true);
    expect(d.s[cfg.layout.queueBase[Q_KBL]]).toBe(1);
  });

  it('hand-worked search: two tainted and two plain alike nodes, the same verdict from fewer states', async () => {
    // h1, h2 carry dedicated=infra:NoSchedule; s1, s2 are plain; app (4 replicas, tolerating
    // nothing) runs one pod on each. RemovePodsViolatingNodeTaints with maxNoOfPodsToEvictTotal 1:
    // the first pass evicts the pod of one tainted node (h1 or h2: mirror images). Its
    // replacement cannot go to h1 or h2 (TaintToleration filters NoSchedule) and s1, s2 tie with
    // one pod each: without the reduction two successors, mirror images again; with it one
    // (§8.11.7). The next pass evicts the other tainted node's pod, whose replacement goes to the
    // s node with one pod; then every pod runs on s1 or s2 (two each) and no pass evicts again.
    // app's pods go through two delete → start alternations, fewer than the three of
    // no_oscillation_eviction (§10.1), so it holds either way.
    const taint = [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' as const }];
    const on = (n: string): PodSpec => ({ deployment: 'app', node: n, phase: 'Running' });
    const spec: ClusterSpec = {
      name: 'tainted-search',
      nodes: [{ name: 'h1', cpu: 64, memory: 64, taints: taint }, { name: 'h2', cpu: 64, memory: 64, taints: taint }, { name: 's1', cpu: 64, memory: 64 }, { name: 's2', cpu: 64, memory: 64 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 4, template: 'app' }],
      pods: [on('h1'), on('h2'), on('s1'), on('s2')],
      spareSlots: 1,
      events: [],
      intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'app' } }],
      descheduler: { profiles: [{ plugins: ['RemovePodsViolatingNodeTaints'], maxNoOfPodsToEvictTotal: 1 }] },
    };
    await holdsFromFewerStates(spec);
  });
});

describe('symmetryExcluded and the node-by-node plugins', () => {
  it('admits each of them with its limits; a disruption budget still turns the reduction off', () => {
    const base: ClusterSpec = {
      name: 'admit',
      nodes: [{ name: 'n1', cpu: 64, memory: 64 }, { name: 'n2', cpu: 64, memory: 64 }],
      podTemplates: [{ name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 }],
      deployments: [{ name: 'app', replicas: 1, template: 'app' }],
      pods: [{ deployment: 'app', node: 'n1', phase: 'Running' }],
      spareSlots: 1,
      events: [],
      intents: [],
    };
    const withProfile = (p: DeschedulerProfileSpec): ClusterSpec => ({ ...base, descheduler: { profiles: [p] } });
    for (const plugin of PLUGINS) {
      const p: DeschedulerProfileSpec = {
        plugins: [plugin],
        ...(plugin === 'RemovePodsViolatingNodeAffinity' ? { nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'] } : {}),
        maxNoOfPodsToEvictTotal: 1,
        maxNoOfPodsToEvictPerNamespace: 1,
        maxNoOfPodsToEvictPerNode: 1,
      };
      const cfg = compile(withProfile(p));
      expect(symmetryExcluded(cfg)).toBeNull();
      // The limits split no class where the reduction applies (canonical visiting order).
      const classes = staticClasses(cfg, true);
      expect(classes[1]).toBe(classes[2]);
      const budget = { podDisruptionBudgets: [{ name: 'pdb', selector: { matchLabels: { name: 'app' } }, minAvailable: 1 }] };
      expect(symmetryExcluded(compile({ ...withProfile(p), ...budget }))).toMatch(/budget/);
    }
  });
});
