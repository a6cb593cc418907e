/**
 * One visiting order (controllers/visit-order.ts, docs/model.md §8.11.3): where the reduced
 * search steps a state it stored (canonical), a controller may take index and slot order as the
 * canonical order without computing it, but only while every order it reads is still that of
 * the state the transition started from. After a descheduler plugin evicted a pod, a later
 * plugin of the same pass (or the next pass of a coarse burst) starts from a state whose
 * canonical order may differ, and must compute it.
 *
 * The property: from every state the reduced search reaches, every action of the reduced model
 * gives the canonical form of what the same action of the unreduced model (`reduce: false`,
 * which always computes the order) gives from that state. Both take the scheduler's every tie
 * (`tieOrbits: false`), so the actions are numbered alike. Run on purpose with the descheduler
 * never clearing `PassSnapshot.asStored` (so a later plugin takes index and slot order after an
 * eviction), the hand-worked case fails and so does the property in the fine interleaving (the
 * coarse draws happen not to meet such a pass).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec, DeschedulerProfileSpec, NodeSpec, PodSpec, PodTemplateSpec } from '../src/model/cluster.js';
import { P_LOC, P_STATUS, POD_TERMINATING, POD_WORDS } from '../src/model/layout.js';
import { type Interleaving, KiviModel } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import { proc, reachable } from './symmetry-helpers.js';

const DESCHEDULE = ['RemovePodsViolatingNodeTaints', 'RemovePodsViolatingNodeAffinity', 'RemovePodsViolatingInterPodAntiAffinity'] as const;
const SSD = { matchLabels: {}, matchExpressions: [{ key: 'disk', operator: 'In' as const, values: ['ssd'] }] };

/**
 * 2–3 alike hdd nodes tainted dedicated=infra:NoSchedule and one ssd node; two or three
 * deployments of 16-CPU pods (so that nodes with as many pods tie on their words and differ only
 * by their pods' keys) that may tolerate the taint, require or prefer disk=ssd, and keep away
 * from their own pods per node, with pods anywhere; one profile with two or three of the
 * Deschedule plugins in any order, RemoveDuplicates and perhaps the topology-spread balancing,
 * under a total limit (and a per-node one) or not: an eviction by one plugin changes the
 * canonical order the next one must take, and the limits make that order count.
 */
const chainArb = fc
  .record({
    hdd: fc.integer({ min: 2, max: 3 }),
    deployments: fc.array(
      fc.record({
        pods: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        affinity: fc.constantFrom('none', 'required', 'preferred'),
        antiAffinity: fc.boolean(),
        tolerates: fc.boolean(),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    deschedule: fc.shuffledSubarray([...DESCHEDULE], { minLength: 2 }),
    spread: fc.boolean(),
    perNode: fc.option(fc.integer({ min: 1, max: 2 })),
    total: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4 }),
  })
  .map((g): ClusterSpec => {
    const taints = [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' as const }];
    const nodes: NodeSpec[] = [
      ...Array.from({ length: g.hdd }, (_, i): NodeSpec => ({ name: `h${i + 1}`, cpu: 64, memory: 64, labels: { disk: 'hdd' }, taints })),
      { name: 's1', cpu: 64, memory: 64, labels: { disk: 'ssd' } },
    ];
    const used = nodes.map((n) => n.cpu);
    const podTemplates: PodTemplateSpec[] = [];
    const pods: PodSpec[] = [];
    const deployments = g.deployments.map((d, i) => {
      const name = `d${i + 1}`;
      const template = `t${i + 1}`;
      podTemplates.push({
        name: template,
        labels: { name: template },
        cpuRequest: 16,
        memoryRequest: 4,
        ...(d.tolerates ? { tolerations: [{ key: 'dedicated', operator: 'Equal' as const, value: 'infra', effect: 'NoSchedule' as const }] } : {}),
        ...(d.affinity === 'required' ? { nodeAffinity: { required: [SSD] } } : {}),
        ...(d.affinity === 'preferred' ? { nodeAffinity: { preferred: [{ weight: 10, term: SSD }] } } : {}),
        ...(d.antiAffinity ? { podAntiAffinity: { required: [{ labelSelector: { matchLabels: { name: template } }, topologyKey: 'kubernetes.io/hostname' }] } } : {}),
      });
      let placed = 0;
      for (const raw of d.pods) {
        const k = raw % nodes.length;
        if (used[k] < 16) continue;
        used[k] -= 16;
        pods.push({ deployment: name, template, node: nodes[k].name, phase: 'Running' });
        placed++;
      }
      return { name, replicas: Math.max(1, placed), template };
    });
    const profile: DeschedulerProfileSpec = {
      plugins: [...g.deschedule, 'RemoveDuplicates', ...(g.spread ? ['RemovePodsViolatingTopologySpreadConstraint' as const] : [])],
      ...(g.deschedule.includes('RemovePodsViolatingNodeAffinity')
        ? { nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'] }
        : {}),
      ...(g.spread ? { constraints: ['DoNotSchedule', 'ScheduleAnyway'] } : {}),
      ...(g.perNode === null ? {} : { maxNoOfPodsToEvictPerNode: g.perNode }),
      ...(g.total === null ? {} : { maxNoOfPodsToEvictTotal: g.total }),
    };
    const intents = deployments.map((d) => ({ name: 'no_oscillation_eviction', params: { deployment: d.name } }));
    return { name: 'visit-order', nodes, podTemplates, deployments, pods, spareSlots: 1, events: [], intents, descheduler: { profiles: [profile] } };
  });

/**
 * On up to `limit` states the reduced search reaches from spec: each action's reduced successor
 * against the canonical form of its unreduced successor from the same state. Returns the
 * descheduler steps compared (0 where the reduction does not apply).
 */
function stepsAgree(spec: ClusterSpec, interleaving: Interleaving, limit: number): number {
  const cfg = compile(spec);
  const reduced = new KiviModel(cfg, { interleaving, tieOrbits: false });
  if (reduced.unreduced === undefined) return 0;
  const plain = new KiviModel(cfg, { interleaving, tieOrbits: false, reduce: false });
  const ds = [...Array(reduced.processCount).keys()].find((p) => reduced.processName(p) === 'descheduler');
  let compared = 0;
  for (const s of reachable(reduced, limit).states.slice(0, limit)) {
    for (let p = 0; p < reduced.processCount; p++) {
      const k = reduced.choices(s, p);
      expect(plain.choices(s, p)).toBe(k);
      for (let c = 0; c < k; c++) {
        const t = s.slice();
        const u = s.slice();
        const code = reduced.step(t, p, c, null);
        expect(plain.step(u, p, c, null)).toBe(code);
        if (code !== 0) continue;
        reduced.reduce(u);
        expect(Array.from(t)).toEqual(Array.from(u));
        if (p === ds) compared++;
      }
    }
  }
  return compared;
}

/**
 * Worked by hand. Nodes h1 and h2 are alike (64 CPU, disk=hdd, tainted dedicated=infra:
 * NoSchedule: one class, §8.2.4); s1 (disk=ssd, untainted) is a class of its own. Deployment
 * `web` (1 replica, no toleration) has its pod on h1; deployment `batch` (3 replicas, tolerates
 * the taint, requires disk=ssd) has a pod on h1 and two on h2; every pod requests 16 CPU, so h1
 * and h2 have the same free CPU and pod count and differ only by their pods. The profile runs
 * RemovePodsViolatingNodeTaints, then RemovePodsViolatingNodeAffinity
 * (requiredDuringSchedulingIgnoredDuringExecution), with maxNoOfPodsToEvictTotal 2.
 *
 * Kubernetes (descheduler v0.32): NodeTaints evicts web's pod (it does not tolerate h1's
 * taint; batch's pods do) — one eviction of two. NodeAffinity then finds all three batch pods
 * on nodes that no longer match disk=ssd, each fitting s1 (64 CPU free), and evicts one more
 * before the total limit stops it; which one upstream leaves open (the informer's order).
 *
 * kivi with the reduction (§8.11.3): each plugin visits nodes in the canonical order of the
 * state it starts from. At the start h1 comes first (its pods' keys: web's pod, owner 1, before
 * batch's, owner 2). After NodeTaints, web's pod is terminating, and a terminating pod's key
 * sorts after a running one (status first, §8.11.1), so h2 (two running batch pods) now comes
 * before h1 (one running batch pod, one terminating): NodeAffinity evicts a batch pod on h2.
 * So each hdd node ends the pass with one terminating pod. Taking index order there instead
 * (the order of the state the transition started from, wrong once NodeTaints has evicted)
 * would evict h1's batch pod: two terminating pods on h1, none on h2, a state no renaming
 * makes of the unreduced model's successor.
 */
const lateOrderSpec: ClusterSpec = {
  name: 'visit-order-hand',
  nodes: [
    { name: 'h1', cpu: 64, memory: 64, labels: { disk: 'hdd' }, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] },
    { name: 'h2', cpu: 64, memory: 64, labels: { disk: 'hdd' }, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] },
    { name: 's1', cpu: 64, memory: 64, labels: { disk: 'ssd' } },
  ],
  podTemplates: [
    { name: 'web', labels: { app: 'web' }, cpuRequest: 16, memoryRequest: 4 },
    {
      name: 'batch', labels: { app: 'batch' }, cpuRequest: 16, memoryRequest: 4,
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
      nodeAffinity: { required: [SSD] },
    },
  ],
  deployments: [
    { name: 'web', replicas: 1, template: 'web' },
    { name: 'batch', replicas: 3, template: 'batch' },
  ],
  pods: [
    { deployment: 'batch', template: 'batch', node: 'h2', phase: 'Running' },
    { deployment: 'web', template: 'web', node: 'h1', phase: 'Running' },
    { deployment: 'batch', template: 'batch', node: 'h2', phase: 'Running' },
    { deployment: 'batch', template: 'batch', node: 'h1', phase: 'Running' },
  ],
  spareSlots: 1,
  events: [],
  intents: [{ name: 'no_oscillation_eviction', params: { deployment: 'batch' } }],
  descheduler: {
    profiles: [{
      plugins: ['RemovePodsViolatingNodeTaints', 'RemovePodsViolatingNodeAffinity'],
      nodeAffinityType: ['requiredDuringSchedulingIgnoredDuringExecution'],
      maxNoOfPodsToEvictTotal: 2,
    }],
  },
};

/** Per node index (1-based), its terminating pods in s. */
function terminatingPerNode(model: KiviModel, s: Int32Array): number[] {
  const l = model.cfg.layout;
  const out = new Array<number>(l.nodes + 1).fill(0);
  for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) if (s[at + P_STATUS] === POD_TERMINATING) out[s[at + P_LOC]]++;
  return out.slice(1);
}

describe('one visiting order: a plugin after an eviction computes its order (§8.11.3, worked by hand)', () => {
  it('NodeAffinity after NodeTaints evicted: one terminating pod on each hdd node, as the unreduced model gives', () => {
    const cfg = compile(lateOrderSpec);
    const reduced = new KiviModel(cfg);
    expect(reduced.unreduced).toBeDefined();
    const plain = new KiviModel(cfg, { reduce: false });
    const s = reduced.initialState();
    const u = plain.initialState();
    for (const name of ['init', 'descheduler']) {
      expect(reduced.choices(s, proc(reduced, name))).toBe(1);
      expect(reduced.step(s, proc(reduced, name), 0, null)).toBe(0);
      expect(plain.step(u, proc(plain, name), 0, null)).toBe(0);
    }
    const names = cfg.nodeNames.slice(1);
    const hdd = (m: KiviModel, st: Int32Array): number[] => terminatingPerNode(m, st).filter((_, i) => names[i] !== 's1');
    // Two evictions (the total limit): web's pod and one batch pod, on different hdd nodes.
    expect(hdd(reduced, s)).toEqual([1, 1]);
    expect(hdd(plain, u).sort()).toEqual([1, 1]);
    reduced.reduce(u);
    expect(Array.from(s)).toEqual(Array.from(u));
  });
});

describe('one visiting order: the reduced model takes the order computing it gives (§8.11.3)', () => {
  for (const [interleaving, seed] of [['coarse', 41], ['fine', 42]] as const) {
    it(`every reduced step is the canonical form of the unreduced step (${interleaving})`, () => {
      let compared = 0;
      fc.assert(
        fc.property(chainArb, (spec) => {
          compared += stepsAgree(spec, interleaving, 60);
        }),
        { numRuns: 100, seed },
      );
      // Most clusters take the reduction and their descheduler runs in many reached states.
      expect(compared).toBeGreaterThan(150);
    }, 300_000);
  }
});
