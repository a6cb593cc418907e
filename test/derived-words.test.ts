/**
 * The words and shortcuts that spare the model its passes over every node and pod
 * (docs/model.md §6, §8.5, §8.6, §9.4), against a recount from scratch on the states of random
 * walks:
 * - each zone's counts of present nodes seen not Ready / Ready and of nodes waiting for the
 *   NoExecute tainter (Z_NOT_READY, Z_READY, Z_WAITING, zone-counts.ts) against countZones;
 * - the pods with a scheduled taint-manager deletion (G_TM_SCHEDULED) against the P_TM_DUE words;
 * - G_MAINT_COUNT against the maintenanceNode processes that are not idle;
 * - the model's `candidates` contain every process with choices;
 * - the time abstraction after a step, which looks only where a transition can have moved a
 *   timer, gives every successor the full abstraction gives (`fullTime`, the oracle model); the
 *   step is given its parent as the search gives it (no copy of its own).
 * The clusters: the random clusters of the other property tests (maintenance, kernel panic, node
 * failure, NoExecute taints and tolerations among their features), with and without the symmetry
 * reduction, and a hand-made one with two zones, failures in both, a panic watcher, a rolling
 * maintenance, pods with tolerationSeconds and `kubectl taint` of the node lifecycle's own key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countZones } from '../src/controllers/zone-counts.js';
import type { ClusterSpec, PodTemplateSpec } from '../src/model/cluster.js';
import type { CompiledCluster } from '../src/model/config.js';
import {
  G_MAINT_COUNT, G_TM_SCHEDULED, MN_PHASE, N_NUM_POD, P_LOC, P_STATUS, P_TM_DUE, POD_FREE, POD_WORDS, Z_WAITING, maintNodeAt, nodeAt, zoneAt,
} from '../src/model/layout.js';
import { compile } from '../src/system/compile.js';
import { KiviModel } from '../src/system/kivi-model.js';
import { clusterArb } from './random-cluster.js';
import { randomWalk } from './random-walk.js';

/** The derived words of s recounted from scratch, as [word index, value] pairs that differ from s's; [] when all agree. */
function recountDiffs(cfg: CompiledCluster, s: Int32Array): Array<[string, number, number]> {
  const l = cfg.layout;
  const out: Array<[string, number, number]> = [];
  const t = s.slice();
  countZones(l, cfg.nodeLifecycle, t);
  for (let i = 0; i < t.length; i++) if (t[i] !== s[i]) out.push([`word ${i} (zones from ${l.zoneBase})`, s[i], t[i]]);
  let scheduled = 0;
  for (let q = 1, at = l.podBase + P_TM_DUE; q <= l.pods; q++, at += POD_WORDS) if (s[at] !== 0) scheduled++;
  if (scheduled !== s[G_TM_SCHEDULED]) out.push(['G_TM_SCHEDULED', s[G_TM_SCHEDULED], scheduled]);
  // N_NUM_POD: the pods bound to the node (the drain's and the taint manager's shortcut, drain.ts, taint-manager.ts).
  for (let n = 1; n <= l.nodes; n++) {
    let bound = 0;
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) if (s[at + P_STATUS] !== POD_FREE && s[at + P_LOC] === n) bound++;
    if (bound !== s[nodeAt(l, n) + N_NUM_POD]) out.push([`N_NUM_POD of node ${n}`, s[nodeAt(l, n) + N_NUM_POD], bound]);
  }
  if (l.maintNodeBase >= 0) {
    let busy = 0;
    for (let n = 1; n <= l.nodes; n++) if (s[maintNodeAt(l, n) + MN_PHASE] !== 0) busy++;
    if (busy !== s[G_MAINT_COUNT]) out.push(['G_MAINT_COUNT', s[G_MAINT_COUNT], busy]);
  }
  return out;
}

/** The processes with choices in s that `candidates` leaves out. */
function missedCandidates(model: KiviModel, s: Int32Array): number[] {
  const list = new Int32Array(model.processCount);
  const k = model.candidates(s, list);
  const asked = new Set(list.subarray(0, k));
  const missed: number[] = [];
  for (let p = 0; p < model.processCount; p++) if (model.choices(s, p) > 0 && !asked.has(p)) missed.push(p);
  for (let i = 1; i < k; i++) if (list[i] <= list[i - 1]) missed.push(-1); // ascending, no repeats
  return missed;
}

/** How many visited states had some deletion scheduled, a node waiting for the tainter, a node in maintenance. */
interface Seen {
  visited: number;
  scheduled: number;
  waiting: number;
  maintenance: number;
}

/** Every successor of s by `model`, as [process, choice, code, state] rows; `parent`: give the step its parent, as the search does. */
function successors(model: KiviModel, s: Int32Array, parent: boolean): Array<[number, number, number, number[]]> {
  const out: Array<[number, number, number, number[]]> = [];
  for (let p = 0; p < model.processCount; p++) {
    for (let c = 0, k = model.choices(s, p); c < k; c++) {
      const t = s.slice();
      const code = model.step(t, p, c, null, parent ? s.slice() : undefined);
      out.push([p, c, code, code === 0 ? Array.from(t) : []]);
    }
  }
  return out;
}

/**
 * Walks `model` and checks every state it passes (counted in `seen`); `oracle` is the same
 * model with the full time abstraction after each step, which must give the same successors.
 */
function walkAndCheck(model: KiviModel, oracle: KiviModel, seed: number, steps: number, seen: Seen): void {
  const l = model.cfg.layout;
  randomWalk(model, seed, steps, (s) => {
    seen.visited++;
    if (s[G_TM_SCHEDULED] > 0) seen.scheduled++;
    if (l.zoneBase >= 0 && (s[zoneAt(l, 0) + Z_WAITING] > 0 || s[zoneAt(l, 1) + Z_WAITING] > 0)) seen.waiting++;
    if (s[G_MAINT_COUNT] > 0) seen.maintenance++;
    expect(recountDiffs(model.cfg, s)).toEqual([]);
    expect(missedCandidates(model, s)).toEqual([]);
    expect(successors(model, s, true)).toEqual(successors(oracle, s, false));
  });
}

const NOT_READY = 'node.kubernetes.io/not-ready';

function template(name: string, tolerationSeconds?: number): PodTemplateSpec {
  const t: PodTemplateSpec = { name, labels: { name }, cpuRequest: 20, memoryRequest: 1, topologySpreadConstraints: [] };
  if (tolerationSeconds !== undefined) t.tolerations = [{ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }];
  return t;
}

/** Two zones of three 64-CPU nodes; pods tolerating not-ready for 0 s, 30 s and the default 300 s. */
function lifecycleCluster(): ClusterSpec {
  const nodes = [1, 2, 3, 4, 5, 6].map((i) => ({ name: `n${i}`, cpu: 64, memory: 64, labels: { 'topology.kubernetes.io/zone': i <= 3 ? 'a' : 'b' } }));
  const templates = [template('zero', 0), template('short', 30), template('default')];
  return {
    name: 'derived-words',
    nodes,
    podTemplates: templates,
    deployments: [{ name: 'web', replicas: 3, template: 'short' }],
    pods: [
      { name: 'zero', template: 'zero', node: 'n1', phase: 'Running' },
      { name: 'default', template: 'default', node: 'n4', phase: 'Running' },
      { name: 'web-1', deployment: 'web', node: 'n1', phase: 'Running' },
      { name: 'web-2', deployment: 'web', node: 'n2', phase: 'Running' },
      { name: 'web-3', deployment: 'web', node: 'n4', phase: 'Running' },
    ],
    spareSlots: 3,
    events: [
      { kind: 'nodeFailure', node: 'n1' },
      { kind: 'nodeFailure', node: 'n4' },
      { kind: 'kernelPanic' },
      { kind: 'maintenance', parallel: 2, afterStable: true },
      { kind: 'taint', node: 'n2', taint: { key: NOT_READY, effect: 'NoSchedule' }, remove: false },
      { kind: 'taint', node: 'n5', taint: { key: NOT_READY, effect: 'NoExecute' }, remove: false },
    ],
    intents: [],
  };
}

describe('derived words and shortcuts against a recount from scratch on random walks', () => {
  it('a hand-made cluster: two zones, failures, a panic watcher, maintenance, tolerationSeconds, taint commands', () => {
    const cfg = compile(lifecycleCluster());
    expect(cfg.nodeLifecycle?.zoneNames.length).toBe(2);
    const seen: Seen = { visited: 0, scheduled: 0, waiting: 0, maintenance: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      walkAndCheck(new KiviModel(cfg), new KiviModel(cfg, { fullTime: true }), seed, 120, seen);
      walkAndCheck(new KiviModel(cfg, { reduce: false }), new KiviModel(cfg, { reduce: false, fullTime: true }), seed, 120, seen);
    }
    // The walks reach what the words count.
    expect(seen.visited).toBeGreaterThan(2000);
    expect(seen.scheduled).toBeGreaterThan(0);
    expect(seen.waiting).toBeGreaterThan(0);
    expect(seen.maintenance).toBeGreaterThan(0);
  });

  it('random clusters, with and without the symmetry reduction', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 1 << 30 }), (spec, seed) => {
        const cfg = compile(spec);
        const seen: Seen = { visited: 0, scheduled: 0, waiting: 0, maintenance: 0 };
        walkAndCheck(new KiviModel(cfg), new KiviModel(cfg, { fullTime: true }), seed, 60, seen);
        walkAndCheck(new KiviModel(cfg, { reduce: false }), new KiviModel(cfg, { reduce: false, fullTime: true }), seed, 60, seen);
      }),
      { numRuns: 60 },
    );
  });
});
