/**
 * Tie classes up to the symmetry reduction (docs/model.md §8.11.7): where the reduction applies,
 * the scheduler offers one best node per class of nodes with equal signatures (their words and
 * the keys of their pods), not only one per class of twins (empty nodes with equal words). The
 * dropped choices lead to renamings of the kept ones, so the search stores the same states and
 * finds the same violations with counterexamples as long, in fewer transitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../src/checker/result.js';
import { search } from '../src/checker/search.js';
import type { ClusterSpec, NodeSpec } from '../src/model/cluster.js';
import { Q_SCH } from '../src/model/layout.js';
import { queueLength } from '../src/model/queues.js';
import { KiviModel, type ModelOptions } from '../src/system/kivi-model.js';
import { compile } from './helpers.js';
import { clusterArb } from './random-cluster.js';

const node = (name: string): NodeSpec => ({ name, cpu: 64, memory: 64 });
const app = { name: 'app', labels: { name: 'app' }, cpuRequest: 8, memoryRequest: 8 };

/**
 * Two nodes n1, n2 of 64/64; a deployment of 3 replicas of 8/8 pods with one running pod on
 * each node, so the deployment controller's first burst creates the third pod. `bare`: the pod
 * on n2 is a bare pod of the same template (same labels and requests) instead.
 */
const cluster = (bare: boolean, ties?: 'every'): ClusterSpec => ({
  name: 'orbits',
  nodes: [node('n1'), node('n2')],
  podTemplates: [app],
  deployments: [{ name: 'app', replicas: 3, template: 'app' }],
  pods: [
    { deployment: 'app', node: 'n1', phase: 'Running' },
    bare ? { template: 'app', node: 'n2', phase: 'Running' } : { deployment: 'app', node: 'n2', phase: 'Running' },
  ],
  spareSlots: 2,
  events: [],
  intents: [],
  ...(ties ? { scheduler: { ties } } : {}),
});

/** The model's scheduler choices once the deployment controller has queued the new pod(s). */
function schedulerChoicesAfterCreate(spec: ClusterSpec, opts: ModelOptions): number {
  const cfg = compile(spec);
  const m = new KiviModel(cfg, opts);
  const s = m.initialState();
  const proc = (name: string): number => [...Array(m.processCount).keys()].find((p) => m.processName(p) === name)!;
  // The init process runs first (docs/model.md §7.3), then the deployment controller creates the pod.
  m.step(s, proc('init'), 0, null);
  expect(m.choices(s, proc('deploymentController'))).toBe(1);
  m.step(s, proc('deploymentController'), 0, null);
  expect(queueLength(s, cfg.layout, Q_SCH)).toBeGreaterThan(0);
  return m.choices(s, proc('scheduler'));
}

describe('the scheduler offers one best node per class up to the symmetry', () => {
  // The new pod (8/8): n1 and n2 each have 56/56 free and run one pod labelled name=app, so
  // every plugin scores them alike (NodeResourcesFit (56 − 8)·100/56 = 85 on both; the default
  // hostname spread counts one matching pod on each): a tie between n1 and n2.
  it('merges two nodes that each run an equal pod (no twins: each holds a pod)', () => {
    // Without the merged classes: n1 and n2 hold pods, so neither has a twin: 2 choices.
    expect(schedulerChoicesAfterCreate(cluster(false), { tieOrbits: false })).toBe(2);
    // With them: swapping n1 and n2 with their pods maps the state to itself: 1 choice.
    expect(schedulerChoicesAfterCreate(cluster(false), {})).toBe(1);
    // The unreduced model (the replay's) offers both.
    expect(schedulerChoicesAfterCreate(cluster(false), { reduce: false })).toBe(2);
  });

  it('keeps apart nodes whose pods differ (one owned by the deployment, one bare)', () => {
    // Same labels and requests, so the same scores, but the pods' owners differ: no renaming
    // maps one node with its pod onto the other, so both stay choices.
    expect(schedulerChoicesAfterCreate(cluster(true), {})).toBe(2);
  });

  it('stays off with ties: every (each tied node a successor, the oracle of twins)', () => {
    expect(schedulerChoicesAfterCreate(cluster(false, 'every'), {})).toBe(2);
  });
});

const explore = (model: KiviModel): Promise<SearchResult> => search(model, { maxStates: 100_000 });
const codesAndLengths = (r: SearchResult): Array<[number, number]> =>
  r.violations.map((v): [number, number] => [v.code, v.path.length]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

/**
 * Random clusters whose nodes are all copies of the first (under their own names), with one or
 * two more, without the features the reduction excludes, and a deployment of more replicas than
 * nodes: nodes are interchangeable, and once each runs a pod, the next pods tie between nodes
 * that hold equal pods.
 */
const symmetricArb = fc.tuple(clusterArb, fc.integer({ min: 1, max: 2 })).map(([spec0, extra]): ClusterSpec => {
  const { descheduler: _d, podDisruptionBudgets: _b, ...rest } = spec0;
  const events = spec0.events.filter((e) => e.kind !== 'maintenance' && e.kind !== 'drain' && e.kind !== 'applyDeployment');
  const copy = (name: string): NodeSpec => ({ ...structuredClone(spec0.nodes[0]), name });
  const more = Array.from({ length: extra }, (_, i) => copy(`node-extra-${i + 1}`));
  const nodes = [...spec0.nodes.map((n) => copy(n.name)), ...more];
  // More replicas than nodes (and slots for them), so that new pods tie between busy nodes.
  const d = spec0.deployments[0];
  const add = Math.max(0, nodes.length + 1 - d.replicas);
  return { ...rest, events, nodes, deployments: [{ ...d, replicas: d.replicas + add }], spareSlots: spec0.spareSlots + add };
});

describe('the merged tie classes keep every verdict (docs/model.md §8.11.7)', () => {
  // Each dropped choice leads to a state with the canonical form of a kept one (a renaming
  // that fixes the state maps one successor onto the other), so the reduced search reaches
  // the same canonical states, with the same violation codes at the same depths.
  it('on random small clusters: the same states, violations and counterexample lengths, with fewer transitions', async () => {
    let applied = 0;
    let fewer = 0;
    await fc.assert(
      fc.asyncProperty(symmetricArb, async (s) => {
        const cfg = compile(s);
        const merged = new KiviModel(cfg);
        if (merged.unreduced === undefined) return;
        const b = await explore(new KiviModel(cfg, { tieOrbits: false }));
        if (b.limit !== undefined) return;
        const a = await explore(merged);
        applied++;
        expect(a.limit).toBeUndefined();
        expect(a.status).toBe(b.status);
        expect(a.stoppedEarly).toBe(b.stoppedEarly);
        expect(codesAndLengths(a)).toEqual(codesAndLengths(b));
        if (!b.stoppedEarly) expect(a.stats.states).toBe(b.stats.states);
        expect(a.stats.transitions).toBeLessThanOrEqual(b.stats.transitions);
        if (a.stats.transitions < b.stats.transitions) fewer++;
      }),
      { numRuns: 200, seed: 11 },
    );
    expect(applied).toBeGreaterThan(100);
    expect(fewer).toBeGreaterThan(20);
  }, 300_000);
});
