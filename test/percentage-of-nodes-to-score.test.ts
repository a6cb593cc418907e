/**
 * kube-scheduler's percentageOfNodesToScore (docs/model.md §8.2.6), worked by hand from
 * pkg/scheduler/schedule_one.go: `findNodesThatPassFilters` stops once it has found
 * `numFeasibleNodesToFind(percentageOfNodesToScore, numAllNodes)` feasible nodes and scores only
 * those; `numFeasibleNodesToFind` is every node below minFeasibleNodesToFind = 100 nodes, else
 * numAllNodes * percentage / 100 (int32 division) but at least 100, the percentage being the
 * profile's, else the configuration's, and 0 meaning adaptive: 50 - numAllNodes/125, at least 5.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from '../src/controllers/scheduler/nodes-to-score.js';
import { checkCluster } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import { schedulerProfileFromObject } from '../src/parsers/kinds/kube-scheduler-configuration.js';
import { Warnings } from '../src/parsers/warnings.js';
import type { ClusterSpec } from '../src/model/cluster.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');

describe('numFeasibleNodesToFind', () => {
  it('the adaptive default (unset or 0)', () => {
    // 50 nodes: below 100, every node.
    expect(numFeasibleNodesToFind(0, 50)).toBe(50);
    // 100 nodes: 50 - 100/125 = 50 - 0 = 50%; 100*50/100 = 50 < 100, so 100 (every node).
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    // 101: 50 - 0 = 50%; 101*50/100 = 50 (truncated) < 100, so 100: one node fewer than all.
    expect(numFeasibleNodesToFind(0, 101)).toBe(100);
    // 200: 50 - 200/125 = 50 - 1 = 49%; 200*49/100 = 98 < 100, so 100.
    expect(numFeasibleNodesToFind(0, 200)).toBe(100);
    // 1000: 50 - 1000/125 = 50 - 8 = 42%; 1000*42/100 = 420.
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    // 5000: 50 - 5000/125 = 50 - 40 = 10%; 5000*10/100 = 500.
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
  });

  it('percentageOfNodesToScore: 10', () => {
    expect(numFeasibleNodesToFind(10, 50)).toBe(50); // below 100 nodes: all
    expect(numFeasibleNodesToFind(10, 100)).toBe(100); // 10 < 100: 100
    expect(numFeasibleNodesToFind(10, 101)).toBe(100); // 10 (101*10/100, truncated) < 100: 100
    expect(numFeasibleNodesToFind(10, 200)).toBe(100); // 20 < 100: 100
    expect(numFeasibleNodesToFind(10, 1000)).toBe(100); // 100, not below 100
    expect(numFeasibleNodesToFind(10, 5000)).toBe(500); // 500
  });

  it('percentageOfNodesToScore: 100 is every node', () => {
    for (const n of [50, 100, 101, 200, 1000, 5000]) expect(numFeasibleNodesToFind(100, n)).toBe(n);
  });
});

describe('parsing percentageOfNodesToScore', () => {
  const parse = (obj: unknown) => schedulerProfileFromObject(obj, { file: 'sched.yaml', line: 1 }, new Warnings());
  const base = { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' };

  it('top level, and the profile\'s over it (schedule_one.go: the profile\'s if set)', () => {
    expect(parse({ ...base, percentageOfNodesToScore: 30 }).percentageOfNodesToScore).toBe(30);
    expect(parse({ ...base, percentageOfNodesToScore: 30, profiles: [{ schedulerName: 'default-scheduler' }] }).percentageOfNodesToScore).toBe(30);
    // A profile's 0 is set (non-nil): it means adaptive, whatever the configuration says.
    expect(parse({ ...base, percentageOfNodesToScore: 30, profiles: [{ schedulerName: 'default-scheduler', percentageOfNodesToScore: 0 }] }).percentageOfNodesToScore).toBe(0);
    expect(parse({ ...base, profiles: [{ percentageOfNodesToScore: 100 }] }).percentageOfNodesToScore).toBe(100);
    expect(parse({ ...base }).percentageOfNodesToScore).toBeUndefined();
  });

  it('outside 0..100 is bad input naming file, object and field', () => {
    expect(() => parse({ ...base, percentageOfNodesToScore: 101 })).toThrow(/sched\.yaml.*KubeSchedulerConfiguration.*percentageOfNodesToScore.*must be an integer from 0 to 100, got 101/);
    expect(() => parse({ ...base, profiles: [{ percentageOfNodesToScore: -1 }] })).toThrow(/profiles\[0\]\.percentageOfNodesToScore.*got -1/);
    expect(() => parse({ ...base, percentageOfNodesToScore: '50%' })).toThrow(/percentageOfNodesToScore/);
  });
});

/** A profile folder: `nodes` alike nodes (16 CPU), `extra` nodes labelled pool: other, and a one-replica web deployment. */
function folder(nodes: number, opts: { percentage?: number | string; extra?: number; selector?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-pnts-'));
  mkdirSync(join(dir, 'yaml'));
  mkdirSync(join(dir, 'user_input'));
  const types = [{ template: { name: 'pool', cpu: 16, memory: 64, labels: { pool: 'main' } }, num: nodes }];
  if (opts.extra) types.push({ template: { name: 'other', cpu: 16, memory: 64, labels: { pool: 'other' } }, num: opts.extra });
  writeFileSync(join(dir, 'user_input', 'cluster_configs.json'), JSON.stringify({ nodesTypes: types, dTypes: [{ name: 'web', num: 2 }] }));
  writeFileSync(join(dir, 'user_input', 'intents.json'), JSON.stringify([{ name: 'pod_always_schedulable' }]));
  const selector = opts.selector ? '      nodeSelector:\n        pool: main\n' : '';
  writeFileSync(
    join(dir, 'yaml', 'web.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${selector}      containers:
      - name: web
        image: web:1
        resources:
          requests:
            cpu: 1
            memory: 1Gi
`,
  );
  if (opts.percentage !== undefined) {
    writeFileSync(join(dir, 'yaml', 'scheduler.yaml'), `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: ${opts.percentage}\n`);
  }
  return dir;
}

function kivi(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a cluster over 100 nodes', () => {
  it('120 alike nodes, every pod fits everywhere: a hold is inconclusive with the note (exit 3)', () => {
    // No KubeSchedulerConfiguration: adaptive. 120 nodes: 50 - 120/125 = 50%; 120*50/100 = 60 <
    // 100, so kube-scheduler stops at 100 feasible nodes; all 120 are feasible for the first pod,
    // so it scores 100 of the 120 and may miss the best; kivi scored all 120. The search shows
    // it (--no-capacity-proof): by default the capacity count of docs/model.md §8.2.8 answers this
    // cluster, whichever nodes are scored (2 pods cannot fill 120 nodes of 16 CPU).
    const proved = kivi(['-p', folder(120), '-o']);
    expect(proved.code).toBe(0);
    expect(proved.out).toContain('Proved without a search: pod_always_schedulable');
    const r = kivi(['-p', folder(120), '-o', '--no-capacity-proof']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('kube-scheduler scores only 100 of the 120 feasible nodes on a cluster of 120 nodes (percentageOfNodesToScore unset: adaptive, 50% at 120 nodes');
    expect(r.out).toContain('set percentageOfNodesToScore: 100');
    // --allow-unmodelled accepts it, as the other features kivi does not model.
    expect(kivi(['-p', folder(120), '-o', '--allow-unmodelled', '--no-capacity-proof']).code).toBe(0);
    // JSON: inconclusive for unmodelled input, the note listed.
    const json = kivi(['-p', folder(120), '-o', '--format', 'json', '--no-capacity-proof']);
    expect(json.code).toBe(3);
    expect(json.out).toContain('"inconclusiveReason": "unmodelled"');
    expect(json.out).toContain('kube-scheduler scores only 100 of the 120 feasible nodes');
  });

  it('the loop search (-l) finds no loop there but is inconclusive for the same reason (exit 3)', () => {
    const r = kivi(['-p', folder(120), '-o', '-l']);
    expect(r.code).toBe(3);
    expect(r.out).toContain('kube-scheduler scores only 100 of the 120 feasible nodes');
    expect(kivi(['-p', folder(120, { percentage: 100 }), '-o', '-l']).code).toBe(0);
  });

  it('the same folder with percentageOfNodesToScore: 100 holds (exit 0)', () => {
    // numFeasibleNodesToFind(100, 120) = 120: every feasible node is scored, as kivi does.
    const r = kivi(['-p', folder(120, { percentage: 100 }), '-o']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('kube-scheduler scores only');
  });

  it('a value outside 0..100 is bad input (exit 2) naming the field', () => {
    const r = kivi(['-p', folder(120, { percentage: 150 }), '-o']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/scheduler\.yaml.*KubeSchedulerConfiguration.*percentageOfNodesToScore.*must be an integer from 0 to 100, got 150/);
    expect(r.err).not.toContain('    at ');
  });

  it('101 nodes where at most 100 are ever feasible stays exact (exit 0)', () => {
    // 100 nodes pool: main and 1 pool: other; the pods select pool: main, so at most 100 nodes
    // are feasible. numFeasibleNodesToFind(0, 101) = 100 (50% of 101 is 50, below 100): kube-scheduler
    // visits every node to find 100 feasible ones and scores all of them, as kivi does.
    const r = kivi(['-p', folder(100, { extra: 1, selector: true }), '-o']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('kube-scheduler scores only');
  });
});

describe('the scaling search', () => {
  it('reports each setup over 100 nodes with the note, and the answer is inconclusive (exit 3)', () => {
    // Setups of 1..102 alike nodes with one web replica: up to 100 nodes every feasible node is
    // scored (numFeasibleNodesToFind is every node below 100, and 100 at 100); at 101 and 102
    // nodes the adaptive 50% gives 50 and 51, raised to 100, fewer than the 101 and 102 feasible nodes.
    const dir = folder(102);
    const args = ['-p', dir, '--max-nodes-per-type', '102', '--pods-per-node-cap', '1', '--no-fixpoint'];
    writeFileSync(join(dir, 'user_input', 'cluster_configs.json'), JSON.stringify({ nodesTypes: [{ template: { name: 'pool', cpu: 16, memory: 64 }, num: 102 }], dTypes: [{ name: 'web', num: 1 }] }));
    const r = kivi(args);
    expect(r.code).toBe(3);
    expect(r.out).toContain('Setup #101 {pool nodes: 101, web replicas: 1}: kube-scheduler scores only 100 of the 101 feasible nodes on a cluster of 101 nodes');
    expect(r.out).toContain('Setup #102 {pool nodes: 102, web replicas: 1}: kube-scheduler scores only 100 of the 102 feasible nodes');
    expect(r.out).not.toContain('Setup #100 {');
    expect(kivi([...args, '--allow-unmodelled']).code).toBe(0);
    // Sharded (docs/scale-out.md): setup #101 falls in shard 0 of 2, #102 in shard 1; the merge
    // judges the answer with both shares' notes.
    const shares = [0, 1].map((i) => {
      const file = join(dir, `share-${i}.json`);
      const share = kivi([...args, '--format', 'json', '--shard', `${i}/2`]);
      expect(share.code).toBe(0);
      writeFileSync(file, share.out);
      return file;
    });
    const merged = kivi(['merge', ...shares]);
    expect(merged.code).toBe(3);
    expect(merged.out).toContain('scores only 100 of the 101 feasible nodes');
    expect(merged.out).toContain('scores only 100 of the 102 feasible nodes');
  });
});

describe('the note in the library', () => {
  /** n alike nodes of 16 CPU, one pending two-replica deployment, no KubeSchedulerConfiguration. */
  const spec = (n: number, percentage?: number): ClusterSpec => ({
    name: 'alike',
    nodes: Array.from({ length: n }, (_, i) => ({ name: `n${i + 1}`, cpu: 16, memory: 16 })),
    podTemplates: [{ name: 'web', labels: { app: 'web' }, cpuRequest: 1, memoryRequest: 1 }],
    deployments: [{ name: 'web', replicas: 2, template: 'web' }],
    pods: [],
    spareSlots: 2,
    events: [],
    intents: [{ name: 'pod_always_schedulable', params: {} }],
    ...(percentage !== undefined ? { scheduler: { percentageOfNodesToScore: percentage } } : {}),
  });

  it('the same note whatever the worker count; a violation keeps it', async () => {
    // 110 nodes, adaptive: 50% of 110 = 55 < 100, so 100 of the 110 feasible nodes are scored.
    // The search (the capacity count of docs/model.md §8.2.8 would answer these holds at once).
    const search = { capacityProof: false };
    const one = await checkCluster(spec(110), search);
    const two = await checkCluster(spec(110), { workers: 2, ...search });
    expect(one.status).toBe('inconclusive');
    expect(two.status).toBe('inconclusive');
    expect(one.unaccounted?.map((w) => w.message)).toEqual(two.unaccounted?.map((w) => w.message));
    expect(one.unaccounted?.[0].message).toContain('scores only 100 of the 110 feasible nodes on a cluster of 110 nodes');
    // 10%: numFeasibleNodesToFind(10, 110) = max(11, 100) = 100.
    expect((await checkCluster(spec(110, 10), search)).unaccounted?.[0].message).toContain('(percentageOfNodesToScore 10)');
    expect((await checkCluster(spec(110, 100), search)).status).toBe('holds');
    // 2 replicas of 20 CPU each on 16-CPU nodes: no node fits, pod_always_schedulable is violated
    // before any cycle finds a feasible node: violated, and no note (nothing was scored).
    const tooBig = spec(110);
    tooBig.podTemplates[0].cpuRequest = 20;
    const v = await checkCluster(tooBig);
    expect(v.status).toBe('violated');
    expect(v.unmodelled ?? []).toEqual([]);
    // A web pod (1 CPU, 110 feasible nodes: 100 scored) and a big one (20 CPU, none): the
    // scheduler's first burst places web, then finds no node for big. Violated, with the note.
    const both = spec(110);
    both.podTemplates.push({ name: 'big', labels: { app: 'big' }, cpuRequest: 20, memoryRequest: 1 });
    both.deployments = [{ name: 'web', replicas: 1, template: 'web' }, { name: 'big', replicas: 1, template: 'big' }];
    const vn = await checkCluster(both);
    expect(vn.status).toBe('violated');
    expect(vn.failures[0].intent).toBe('pod_always_schedulable');
    expect(vn.unmodelled?.map((w) => w.message).join()).toContain('scores only 100 of the 110 feasible nodes');
  });

  it('the built-in cases score every node: c6 at 150 nodes stays conclusive', () => {
    expect(loadCase('c6', { scale: 150 }).scheduler?.percentageOfNodesToScore).toBe(100);
  });
});
