/**
 * The InterPodAffinity scheduler plugin (docs/model.md §8.2.2, §8.2.3) against numbers worked
 * out by hand from kube-scheduler's interpodaffinity plugin (filtering.go, scoring.go). The
 * reasoning is written beside each expectation.
 */
import { describe, expect, it } from 'vitest';
import { explainUnschedulable, runSchedulingCycle } from '../src/controllers/scheduler/framework.js';
import { InterPodAffinity } from '../src/controllers/scheduler/inter-pod-affinity.js';
import { defaultProfile } from '../src/controllers/scheduler/scheduler.js';
import type { ClusterSpec, NodeSpec, PodAffinityTermSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { compile, cycleFor } from './helpers.js';
import { Driver } from './model-helpers.js';
import { parseDocuments } from '../src/parsers/documents.js';
import { deschedulerFromObject } from '../src/parsers/kinds/descheduler-policy.js';
import { podTemplateFromPodSpec } from '../src/parsers/kinds/pod-spec.js';
import { readManifests } from '../src/parsers/manifests.js';
import { Warnings } from '../src/parsers/warnings.js';

/** n1, n2 in zone A, n3 in zone B, n4 without a zone label. */
const NODES: NodeSpec[] = [
  { name: 'n1', cpu: 64, memory: 64, labels: { zone: 'A' } },
  { name: 'n2', cpu: 64, memory: 64, labels: { zone: 'A' } },
  { name: 'n3', cpu: 64, memory: 64, labels: { zone: 'B' } },
  { name: 'n4', cpu: 64, memory: 64 },
];

const tpl = (name: string, extra: Partial<PodTemplateSpec> = {}): PodTemplateSpec => ({
  name, labels: { app: name }, cpuRequest: 1, memoryRequest: 1, ...extra,
});
const selecting = (app: string, topologyKey: string, extra: Partial<PodAffinityTermSpec> = {}): PodAffinityTermSpec => ({
  labelSelector: { matchLabels: { app } }, topologyKey, ...extra,
});

/**
 * The incoming pod is of the first template (`web`); `pods` are [template, node] pairs placed
 * as running bare pods.
 */
function world(templates: PodTemplateSpec[], pods: [string, string][], extra: Partial<ClusterSpec> = {}, nodes = NODES) {
  return compile({
    name: 'interpod',
    nodes,
    podTemplates: templates,
    deployments: [{ name: 'web', replicas: 0, template: 'web' }],
    pods: pods.map(([template, node], i) => ({ name: `${template}-${i}`, template, node, phase: 'Running' })),
    spareSlots: 1,
    events: [],
    intents: [],
    ...extra,
  });
}

/** The filter's verdict on n1..n4 for a pod of the first template. */
function filtered(cfg: ReturnType<typeof compile>): boolean[] {
  const cs = cycleFor(cfg);
  const p = new InterPodAffinity(cfg);
  p.preFilter(cs);
  return [1, 2, 3, 4].map((n) => p.filter(cs, n));
}

describe('InterPodAffinity filter', () => {
  it('required anti-affinity: rejects the nodes in a selected pod\'s zone; a node without the key passes', () => {
    // db runs on n1 (zone A). web must not share a zone with db: n1 and n2 (zone A) fail; n3 is
    // zone B, empty of db; n4 has no zone, and satisfyPodAntiAffinity only checks a node that
    // carries the term's key.
    const cfg = world([tpl('web', { podAntiAffinity: { required: [selecting('db', 'zone')] } }), tpl('db')], [['db', 'n1']]);
    expect(filtered(cfg)).toEqual([false, false, true, true]);
    const cs = cycleFor(cfg);
    const p = new InterPodAffinity(cfg);
    p.preFilter(cs);
    expect(p.reasons(cs, 1)).toEqual(["node(s) didn't match pod anti-affinity rules"]);
  });

  it('required affinity: only the zone of a selected pod; a node without the key fails', () => {
    // db on n1 (zone A): zone A has a count of 1, zone B 0. satisfyPodAffinity: n1, n2 pass; n3
    // has 0 in its domain; n4 lacks the key, which fails the term outright.
    const cfg = world([tpl('web', { podAffinity: { required: [selecting('db', 'zone')] } }), tpl('db')], [['db', 'n1']]);
    expect(filtered(cfg)).toEqual([true, true, false, false]);
    const cs = cycleFor(cfg);
    const p = new InterPodAffinity(cfg);
    p.preFilter(cs);
    expect(p.reasons(cs, 3)).toEqual(["node(s) didn't match pod affinity rules"]);
  });

  it('required affinity to its own kind: the first pod may go to any node with the key', () => {
    // No web pod exists (the affinity counts are empty) and web matches its own term: every
    // node that has the key passes; n4 still fails, since the key check comes first.
    const self = tpl('web', { podAffinity: { required: [selecting('web', 'zone')] } });
    expect(filtered(world([self], []))).toEqual([true, true, true, false]);
    // Once one web pod runs on n3 (zone B), only zone B passes.
    expect(filtered(world([self], [['web', 'n3']]))).toEqual([false, false, true, false]);
  });

  it("existing pods' required anti-affinity rejects the incoming pod (the symmetric check)", () => {
    // db on n1 must not share a zone with web pods: web cannot go to n1 or n2 (zone A). web has
    // no affinity of its own.
    const cfg = world([tpl('web'), tpl('db', { podAntiAffinity: { required: [selecting('web', 'zone')] } })], [['db', 'n1']]);
    expect(filtered(cfg)).toEqual([false, false, true, true]);
    const cs = cycleFor(cfg);
    const p = new InterPodAffinity(cfg);
    p.preFilter(cs);
    expect(p.reasons(cs, 2)).toEqual(["node(s) didn't satisfy existing pods anti-affinity rules"]);
  });

  it('namespaces: own namespace by default, listed ones, or those the namespaceSelector selects', () => {
    const db = tpl('db', { namespace: 'data' });
    const anti = (term: PodAffinityTermSpec) => tpl('web', { podAntiAffinity: { required: [term] } });
    const pods: [string, string][] = [['db', 'n1']];
    // Without namespaces or namespaceSelector the term covers web's namespace (default) only.
    expect(filtered(world([anti(selecting('db', 'zone')), db], pods))).toEqual([true, true, true, true]);
    expect(filtered(world([anti(selecting('db', 'zone', { namespaces: ['data'] })), db], pods))).toEqual([false, false, true, true]);
    // namespaceSelector {} selects every namespace.
    expect(filtered(world([anti(selecting('db', 'zone', { namespaceSelector: {} })), db], pods))).toEqual([false, false, true, true]);
    // A label selector over namespaces: `data` has no labels but its name label unless given some.
    const byTeam = anti(selecting('db', 'zone', { namespaceSelector: { matchLabels: { team: 'storage' } } }));
    expect(filtered(world([byTeam, db], pods))).toEqual([true, true, true, true]);
    expect(filtered(world([byTeam, db], pods, { namespaceLabels: { data: { team: 'storage' } } }))).toEqual([false, false, true, true]);
    const byName = anti(selecting('db', 'zone', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }));
    expect(filtered(world([byName, db], pods))).toEqual([false, false, true, true]);
  });

  it('set-based selectors; a term without a labelSelector selects no pod', () => {
    const pods: [string, string][] = [['db', 'n1']];
    const notWeb = tpl('web', {
      podAntiAffinity: { required: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }] },
    });
    expect(filtered(world([notWeb, tpl('db')], pods))).toEqual([false, false, true, true]);
    const none = tpl('web', { podAntiAffinity: { required: [{ topologyKey: 'zone' }] } });
    expect(filtered(world([none, tpl('db')], pods))).toEqual([true, true, true, true]);
  });

  it('one per node on three nodes: the fourth replica fits nowhere, in kube-scheduler\'s words', () => {
    // The HA pattern of examples/ha-anti-affinity: required anti-affinity to its own pods on the
    // hostname, one web pod on each node. Every node has a web pod in its hostname domain; the
    // incoming pod's own term is checked before the existing pods' terms.
    const nodes = NODES.slice(0, 3);
    const web = tpl('web', { podAntiAffinity: { required: [selecting('web', 'kubernetes.io/hostname')] } });
    const cfg = world([web], [['web', 'n1'], ['web', 'n2'], ['web', 'n3']], {}, nodes);
    const profile = defaultProfile(cfg);
    const cs = cycleFor(cfg);
    expect(runSchedulingCycle(profile, cs)).toBe(0);
    expect(explainUnschedulable(profile, cs)).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
    // With two web pods (n1, n2) only n3 is left.
    const two = world([web], [['web', 'n1'], ['web', 'n2']], {}, nodes);
    expect(runSchedulingCycle(defaultProfile(two), cycleFor(two))).toBe(3);
  });

  it('is not created when no template has an inter-pod term', () => {
    const cfg = world([tpl('web'), tpl('db')], [['db', 'n1']]);
    expect(defaultProfile(cfg).filters.map((f) => f.name)).not.toContain('InterPodAffinity');
  });
});

/** Raw PreScore values, then the normalized ones, over n1..n4 (all feasible). */
function scored(cfg: ReturnType<typeof compile>): { raw: number[]; normalized: number[] } {
  const cs = cycleFor(cfg);
  const p = new InterPodAffinity(cfg);
  p.preScore(cs);
  p.scoreNodes(cs);
  const raw = [1, 2, 3, 4].map((n) => cs.scores[n]);
  p.normalizeScore(cs);
  return { raw, normalized: [1, 2, 3, 4].map((n) => cs.scores[n]) };
}

describe('InterPodAffinity score', () => {
  it("adds the incoming pod's preferred terms and the existing pods' terms that select it", () => {
    // Pods: db on n1 (zone A), db on n3 (zone B), cache on n3.
    // - web prefers zones with db, weight 10: each db pod adds 10 to the nodes of its zone:
    //   n1 +10, n2 +10 (db on n1), n3 +10 (db on n3).
    // - web prefers to avoid hosts with cache, weight 4: n3 −4.
    // - cache prefers zones with web, weight 5 (an existing pod's preferred term that selects
    //   web): n3's zone B +5.
    // - db requires hosts with web (an existing pod's required affinity): hardPodAffinityWeight
    //   1 for each db pod's host: n1 +1, n3 +1.
    // Raw: n1 = 11, n2 = 10, n3 = 10 − 4 + 5 + 1 = 12, n4 = 0 (no zone, not cache's host).
    // Normalized 100·(s − 0)/(12 − 0), truncated: 91, 83, 100, 0.
    const web = tpl('web', {
      podAffinity: { preferred: [{ weight: 10, term: selecting('db', 'zone') }] },
      podAntiAffinity: { preferred: [{ weight: 4, term: selecting('cache', 'kubernetes.io/hostname') }] },
    });
    const db = tpl('db', { podAffinity: { required: [selecting('web', 'kubernetes.io/hostname')] } });
    const cache = tpl('cache', { podAffinity: { preferred: [{ weight: 5, term: selecting('web', 'zone') }] } });
    const cfg = world([web, db, cache], [['db', 'n1'], ['db', 'n3'], ['cache', 'n3']]);
    expect(scored(cfg)).toEqual({ raw: [11, 10, 12, 0], normalized: [91, 83, 100, 0] });
  });

  it('normalizes in float64 as upstream: 100 · (29 / 100) truncates to 28', () => {
    // Weight 29 towards db's host, weight 71 towards cache's host: raw n1 = 29 (db), n2 = 29 + 71
    // (db and cache), n3 = n4 = 0. NormalizeScore computes 100 · ((29 − 0) / 100) in float64:
    // 28.999999999999996, truncated to 28 (integer arithmetic would give 29).
    const web = tpl('web', {
      podAffinity: {
        preferred: [
          { weight: 29, term: selecting('db', 'kubernetes.io/hostname') },
          { weight: 71, term: selecting('cache', 'kubernetes.io/hostname') },
        ],
      },
    });
    const cfg = world([web, tpl('db'), tpl('cache')], [['db', 'n1'], ['db', 'n2'], ['cache', 'n2']]);
    expect(scored(cfg)).toEqual({ raw: [29, 100, 0, 0], normalized: [28, 100, 0, 0] });
  });

  it('gives every node 0 when all raw scores are equal', () => {
    const web = tpl('web', { podAffinity: { preferred: [{ weight: 7, term: selecting('db', 'zone') }] } });
    expect(scored(world([web, tpl('db')], [])).normalized).toEqual([0, 0, 0, 0]);
  });

  it('decides the node in a full cycle with weight 2: preferred anti-affinity moves web off the zone of db', () => {
    // db on n1 (zone A). web prefers to avoid zone A (weight 50): raw n1 = n2 = −50, n3 = n4 = 0;
    // normalized 0, 0, 100, 100, weighted ×2. NodeResourcesFit gives 98 everywhere (free 63 or
    // 64, request 1: 6200/63 and 6300/64 both truncate to 98). PodTopologySpread's system
    // defaults: no node has topology.kubernetes.io/zone, so only the hostname constraint counts,
    // with no web pod anywhere: 100 on every node. Totals 298, 298, 498, 498: n3 and n4 tie and
    // the lowest index wins (docs/model.md §8.2.4): n3.
    const web = tpl('web', { podAntiAffinity: { preferred: [{ weight: 50, term: selecting('db', 'zone') }] } });
    const cfg = world([web, tpl('db')], [['db', 'n1']]);
    expect(runSchedulingCycle(defaultProfile(cfg), cycleFor(cfg))).toBe(3);
  });
});

describe('descheduler: RemovePodsViolatingInterPodAntiAffinity (v0.32)', () => {
  const webAnti = (ns?: Partial<PodAffinityTermSpec>): PodTemplateSpec =>
    tpl('web', { cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [], podAntiAffinity: { required: [selecting('web', 'kubernetes.io/hostname', ns)] } });
  const spec = (placement: number[], extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
    name: 'desched',
    nodes: NODES.slice(0, 3),
    podTemplates: [webAnti(), tpl('db', { cpuRequest: 8, memoryRequest: 8, topologySpreadConstraints: [] })],
    deployments: [{ name: 'web', replicas: placement.length, template: 'web' }],
    pods: [
      ...placement.map((n) => ({ deployment: 'web', node: `n${n}`, phase: 'Running' as const })),
      { name: 'db-0', template: 'db', node: 'n1', phase: 'Running' as const },
    ],
    spareSlots: 1,
    events: [],
    intents: [],
    descheduler: { profiles: [{ plugins: ['RemovePodsViolatingInterPodAntiAffinity'] }] },
    ...extra,
  });

  it('evicts web pods that share a node with another web pod, until none is left to violate', () => {
    // web pods in slots 1, 2, 3 on n1, slot 4 on n2, db (slot 5) on n1. On n1, in slot order
    // (same priority and QoS): web-1 sees web-2 and web-3 → evicted; web-2 now sees web-3 →
    // evicted; web-3 sees no other web pod → stays. db has no anti-affinity. n2 has one web pod.
    const d = new Driver(spec([1, 1, 1, 2]));
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([
      '[Descheduler] Pod web-1 on node n1 violates its inter-pod anti-affinity',
      '[Descheduler] Pod web-1 on node n1 pending for deletion!',
      '[Descheduler] Pod web-2 on node n1 violates its inter-pod anti-affinity',
      '[Descheduler] Pod web-2 on node n1 pending for deletion!',
    ]);
  });

  it('moves on to the next node once maxNoOfPodsToEvictPerNode is reached', () => {
    // Limit 1: web-1 is evicted; web-2 also violates, but the evictor refuses it
    // (EvictionNodeLimitError) and the plugin moves on to n2, so web-2 stays.
    const d = new Driver(spec([1, 1, 1, 2], { descheduler: { profiles: [{ plugins: ['RemovePodsViolatingInterPodAntiAffinity'], maxNoOfPodsToEvictPerNode: 1 }] } }));
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([
      '[Descheduler] Pod web-1 on node n1 violates its inter-pod anti-affinity',
      '[Descheduler] Pod web-1 on node n1 pending for deletion!',
      '[Descheduler] Pod web-2 on node n1 violates its inter-pod anti-affinity',
    ]);
  });

  it('reads a term as v0.32 does: the term\'s topology domain, its namespaces, never its namespaceSelector', () => {
    // The term's only namespace rule is namespaceSelector {} (every namespace for the
    // scheduler); the descheduler takes the pod's own namespace, which is web's: still a
    // violation on the same node.
    const d = new Driver({ ...spec([1, 1]), podTemplates: [webAnti({ namespaceSelector: {}, topologyKey: 'zone' }), tpl('db')] });
    d.run('init');
    d.run('descheduler');
    expect(d.shown()).toEqual([
      '[Descheduler] Pod web-1 on node n1 violates its inter-pod anti-affinity',
      '[Descheduler] Pod web-1 on node n1 pending for deletion!',
    ]);
    // One web pod on n1 and one on n2: different nodes, but both in zone A, the term's domain
    // (hasSameLabelValue): web-1 is evicted, and web-2 then has no other web pod in zone A.
    const zone = new Driver({ ...spec([1, 2]), podTemplates: [webAnti({ topologyKey: 'zone' }), tpl('db')] });
    zone.run('init');
    zone.run('descheduler');
    expect(zone.shown()).toEqual([
      '[Descheduler] Pod web-1 on node n1 violates its inter-pod anti-affinity',
      '[Descheduler] Pod web-1 on node n1 pending for deletion!',
    ]);
    // n1 (zone A) and n3 (zone B): nothing to do.
    const apart = new Driver({ ...spec([1, 3]), podTemplates: [webAnti({ topologyKey: 'zone' }), tpl('db')] });
    apart.run('init');
    apart.run('descheduler');
    expect(apart.shown()).toEqual([]);
  });
});

describe('inputs', () => {
  it('a DeschedulerPolicy enables RemovePodsViolatingInterPodAntiAffinity at the deschedule point (v1alpha2) or as a strategy (v1alpha1)', () => {
    const w = new Warnings();
    const v2 = deschedulerFromObject({
      apiVersion: 'descheduler/v1alpha2', kind: 'DeschedulerPolicy',
      profiles: [{ name: 'p', plugins: { deschedule: { enabled: ['RemovePodsViolatingInterPodAntiAffinity', 'RemovePodsViolatingNodeTaints'] } } }],
    }, { file: 'policy.yaml' }, w);
    // Both are deschedule plugins kivi models.
    expect(v2.profiles[0].plugins).toEqual(['RemovePodsViolatingInterPodAntiAffinity', 'RemovePodsViolatingNodeTaints']);
    expect(w.lines).toEqual([]);
    const v1 = deschedulerFromObject({
      apiVersion: 'descheduler/v1alpha1', kind: 'DeschedulerPolicy', strategies: { RemovePodsViolatingInterPodAntiAffinity: { enabled: true } },
    }, { file: 'policy.yaml' }, new Warnings());
    expect(v1.profiles[0].plugins).toEqual(['RemovePodsViolatingInterPodAntiAffinity']);
  });

  it('a pod spec keeps podAffinity and podAntiAffinity with their selectors and namespaces', () => {
    const t = podTemplateFromPodSpec('web', { app: 'web' }, {
      containers: [{ name: 'c' }],
      affinity: {
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }] },
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { topologyKey: 'zone', labelSelector: { matchLabels: { app: 'db' } }, namespaces: ['data'], namespaceSelector: {} } }] },
      },
    }, { file: 'web.yaml', object: 'Deployment/web' }, new Warnings());
    expect(t.podAntiAffinity).toEqual({ required: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: [] }] } }] });
    expect(t.podAffinity).toEqual({ preferred: [{ weight: 30, term: { topologyKey: 'zone', labelSelector: { matchLabels: { app: 'db' } }, namespaces: ['data'], namespaceSelector: {} } }] });
  });

  it('a Namespace object gives its labels to namespaceSelector', () => {
    const m = readManifests(parseDocuments('kind: Namespace\nmetadata: {name: data, labels: {team: storage}}\n', 'ns.yaml'), new Warnings());
    expect(m.namespaceLabels).toEqual({ data: { team: 'storage' } });
  });
});
