/**
 * A verdict is earned (issue 15, reproduction 1; docs/reliability.md): "holds" (exit 0) only
 * when a setup or state space was explored completely with every requested intent checked on
 * it. Each test here failed before the fix it names.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiviRun } from './reliability-helpers.js';
import { loadCase } from '../src/cases/index.js';
import { InputError } from '../src/model/errors.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { scalingSearch } from '../src/scaling/search.js';
import { countSetups, enumerateSetups, setupsInOrder } from '../src/scaling/enumerate.js';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;

/** A copy of examples/c3-config whose dTypes entry for `frontend` gets `bounds`. */
function c3ConfigWith(bounds: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-verdict-'));
  cpSync(join(EXAMPLES, 'c3-config'), dir, { recursive: true });
  const file = join(dir, 'user_input/cluster_configs.json');
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  profile.dTypes[0] = { ...profile.dTypes[0], ...bounds };
  writeFileSync(file, JSON.stringify(profile));
  return dir;
}

describe('reproduction 1: no false exit 0', () => {
  // 3 nodes at most 6 pods each on average (the pods-per-node cap) allow at most 18 replicas;
  // minSize 80 leaves no setup. Before: "0 of 0 setups checked", verdict holds, exit 0.
  it('a scaling search with no setup (minSize above the pod cap) is exit 2, not a hold, in every format', async () => {
    const dir = c3ConfigWith({ minSize: 80, maxSize: 100 });
    try {
      for (const format of ['text', 'json', 'junit', 'sarif', 'github']) {
        const r = await kiviRun('-p', dir, '--workers', '1', '--format', format);
        expect(r.code, `${format}: ${r.err}`).toBe(2);
        expect(r.out).toBe('');
        expect(r.err).toMatch(/^kivi: .*cluster_configs\.json: .*no setup to check/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([['"abc"', 'abc'], ['0', 0]])('maxSize %s: exit 2 naming the profile', async (_label, maxSize) => {
    const dir = c3ConfigWith({ maxSize });
    try {
      const r = await kiviRun('-p', dir, '--workers', '1');
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('cluster_configs.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scalingSearch itself refuses a template with no setup (an InputError, not a hold)', async () => {
    const t = scalingTemplate(loadCase('c3', { scale: 3 }));
    t.deploymentTypes[0] = { ...t.deploymentTypes[0], minSize: 500, maxSize: 600 };
    await expect(scalingSearch(t, { workers: 1 })).rejects.toBeInstanceOf(InputError);
  });

  // -l's depth-first loop search skipped violating transitions; c3's scale-up pod that fits
  // nowhere is a violation of pod_always_schedulable on the way (5 steps, as -o prints).
  it('-c c3 -o -l: exit 1 with the violation, as -o', async () => {
    const r = await kiviRun('-c', 'c3', '-o', '-l');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Violating intent(s): pod_always_schedulable');
    expect(r.out).toContain("No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.");
  });

  // The c3 folder's violation needs {zone-a: 1, zone-b: 2}; with one node per type the setups
  // miss it, and the proof for every size must not hold: the abstract class "zone-b: 2 or more"
  // reaches the violation (docs/scaling.md, "Proof for every size").
  it('--fixpoint where the setups miss the violation: exit 3 "could not prove more", the abstract path named; JSON says unproved', async () => {
    const folder = join(EXAMPLES, 'c3-config');
    const r = await kiviRun('-p', folder, '--max-nodes-per-type', '1', '--fixpoint', '--workers', '1');
    expect(r.code).toBe(3);
    expect(r.out).toContain('no violation up to the sizes checked; the abstraction could not prove more: in the abstract setting {zone-a nodes: 1, zone-b nodes: 2 or more');
    expect(r.out).toContain('violates pod_always_schedulable, and no setup checked does');
    const j = await kiviRun('-p', folder, '--max-nodes-per-type', '1', '--fixpoint', '--workers', '1', '--format', 'json');
    expect(JSON.parse(j.out)).toMatchObject({ verdict: 'inconclusive', exitCode: 3, inconclusiveReason: 'unproved', proof: { status: 'blocked', blocked: { intent: 'pod_always_schedulable' } } });
    const junit = await kiviRun('-p', folder, '--max-nodes-per-type', '1', '--fixpoint', '--workers', '1', '--format', 'junit');
    expect(junit.out).toMatch(/errors="1"/);
    expect(junit.out).toContain('the abstraction could not prove more');
  });

  // examples/c3-logs has the namespaces default, kube-system and shop; "nope" matches nothing,
  // so nothing would be checked. Before: a 2-state search and exit 0.
  it('-log --namespace nope: exit 2 naming the folder and the namespaces found', async () => {
    const r = await kiviRun('-p', join(EXAMPLES, 'c3-logs'), '-log', '--namespace', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/setup: --namespace "nope": no object .* \(found: default, kube-system, shop\)/);
  });
});

describe('every mode: no "holds" where the plain breadth-first search finds a violation', () => {
  // Each built-in case violates its intent at scale 3 (test/helpers.ts CASE_INTENT): plain BFS
  // (-o) exits 1. No other way of searching the same cluster may exit 0, not even a proof for
  // every size after setups capped at one node per type (which miss c3's and c8's violations).
  const concreteModes: string[][] = [
    ['-o'],
    ['-o', '--search', 'dfs'],
    ['-o', '--stop-at-first'],
    ['-o', '-ig', '1'],
    ['-o', '-ig', '1', '-a'],
    ['-o', '-l'],
    ['-o', '-r', '--seed', '1', '--runs', '1'],
    ['-o', '-si', '--seed', '1'],
    ['-o', '--max-depth', '3'],
    ['-o', '--max-states', '20'],
  ];
  const scalingModes: string[][] = [[], ['--fixpoint'], ['-a', '--fixpoint'], ['-f', '1'], ['--max-states', '20'], ['--max-nodes-per-type', '1', '--fixpoint', '--max-states', '20000']];
  for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']) {
    it(`${id}`, async () => {
      const bfs = await kiviRun('-c', id, '-o');
      expect(bfs.code).toBe(1);
      for (const mode of concreteModes) {
        const r = await kiviRun('-c', id, ...mode);
        expect(r.code, `${id} ${mode.join(' ')}: ${r.err}`).not.toBe(0);
      }
      // The scaling search checks other clusters (the setups): its plain run is the reference.
      const plain = await kiviRun('-c', id, '--workers', '1');
      expect(plain.code).toBe(1);
      for (const mode of scalingModes) {
        const r = await kiviRun('-c', id, '--workers', '1', ...mode);
        expect(r.code, `${id} ${mode.join(' ')}: ${r.err}`).not.toBe(0);
      }
    }, 60_000);
  }
});

describe('lazy setup enumeration', () => {
  it('counts without listing, and lists in the same order as before (c3, c5 at scale 5, with and without -f 1)', () => {
    for (const [id, scale] of [['c3', 5], ['c5', 5], ['c1', 3]] as const) {
      const t = scalingTemplate(loadCase(id, { scale }));
      for (const fastFind of [0, 1]) {
        const list = enumerateSetups(t, { fastFind });
        expect(countSetups(t, { fastFind })).toBe(list.length);
        // Sorted by total nodes, then total replicas.
        const key = (s: (typeof list)[number]) => [s.nodes.reduce((a, b) => a + b, 0), s.deployments.reduce((a, b) => a + b, 0)];
        for (let i = 1; i < list.length; i++) {
          const [n0, r0] = key(list[i - 1]);
          const [n1, r1] = key(list[i]);
          expect(n0 < n1 || (n0 === n1 && r0 <= r1)).toBe(true);
        }
      }
    }
  });

  // Ten node types of 0..6 nodes are 7^10 − 1 ≈ 2.8·10^8 node vectors: listing them ran out of
  // memory. The first setup comes at once, and the count is arithmetic.
  it('ten node types with maxSize 6: the first setups come at once, the count without a list', () => {
    const t = scalingTemplate(loadCase('c3', { scale: 3 }));
    const type = t.nodeTypes[0];
    t.nodeTypes = Array.from({ length: 10 }, (_, k) => ({ ...type, label: `t${k}`, minSize: 0, maxSize: 6 }));
    const it = setupsInOrder(t);
    const first = it.next().value!;
    expect(first.nodes.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(countSetups(t)).toBeGreaterThan(7 ** 10 - 1);
  });
});
