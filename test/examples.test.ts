/**
 * The folders in examples/ do what their READMEs say. Each README has a fenced `kivi ...`
 * command line and a machine-readable line
 *
 *   Expected: exit N, intent_name
 *
 * The command is run with the built CLI (dist/, as `npx kivi` runs it) from the repository
 * root; the exit code must be N, and the intent must be named in the report: on the
 * `Violating intent(s):` line for a violation, on the `Working on the intents:` line (with
 * `No failure is found!`) when it holds, and with an `Inconclusive:` Summary line (and no
 * violation) for exit 3.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const EXAMPLES = join(ROOT, 'examples');

interface Example {
  name: string;
  args: string[];
  exit: number;
  intent: string;
}

/** The fenced `kivi ...` command line and the `Expected:` line of one README. */
function readExample(name: string): Example {
  const text = readFileSync(join(EXAMPLES, name, 'README.md'), 'utf8');
  const fences = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'));
  const commands = fences.map((l) => l.trim()).filter((l) => /^kivi\s/.test(l));
  if (commands.length !== 1) throw new Error(`examples/${name}/README.md: expected exactly one fenced "kivi ..." line, found ${commands.length}`);
  const expected = [...text.matchAll(/^Expected: exit (\d+), ([a-z_]+)\s*$/gm)];
  if (expected.length !== 1) throw new Error(`examples/${name}/README.md: expected exactly one "Expected: exit N, intent" line, found ${expected.length}`);
  return {
    name,
    args: commands[0].split(/\s+/).slice(1),
    exit: Number(expected[0][1]),
    intent: expected[0][2],
  };
}

const examples: Example[] = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES)
      .filter((d) => statSync(join(EXAMPLES, d)).isDirectory() && existsSync(join(EXAMPLES, d, 'README.md')))
      .sort()
      .map(readExample)
  : [];

describe('examples/', () => {
  it('has the documented examples', () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['c3-config', 'c3-logs', 'descheduler-loop', 'lownodeutilization-loop', 'capacity-shortfall', 'ha-anti-affinity', 'ha-anti-affinity-ok', 'drain-blocked-by-pdb', 'upgrade-spread-pending', 'autoscaler-group-at-max', 'autoscaler-group-room', 'batch-preempted-by-web', 'preemption-start-order', 'notready-300s', 'scale-down-notready']));
    // Proved for every size (docs/scaling.md, "Proof for every size").
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['hostname-spread-every-size', 'zone-spread-every-size']));
    // A drain of one of several alike nodes under the symmetry reduction (docs/model.md §9.8, §8.11.3).
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['drain-alike-nodes', 'drain-alike-nodes-ok']));
    // The HPA's stabilization window and readiness handling (docs/model.md §8.3).
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['hpa-flapping', 'hpa-flapping-stabilized', 'hpa-startup-spike', 'hpa-startup-spike-ready']));
    // The scale-down's open order among pods that rank alike (docs/model.md §8.1.1).
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['scale-down-then-drain', 'scale-down-then-drain-pdb']));
    // kube-scheduler's percentageOfNodesToScore on a cluster over 100 nodes (docs/model.md §8.2.6).
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['large-pool-partial-scoring', 'large-pool-score-all']));
  });

  it.each(examples.map((e) => [e.name, e] as const))('%s: the README command gives the README verdict', (_name, ex) => {
    const r = spawnSync(process.execPath, [BIN, ...ex.args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const context = `kivi ${ex.args.join(' ')}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    expect(r.status, context).toBe(ex.exit);
    expect(r.stderr, context).not.toMatch(/internal error|\n\s+at /);
    const lines = r.stdout.split('\n');
    const working = lines.find((l) => l.startsWith('Working on the intents:'));
    expect(working?.split(/\s+/), context).toContain(ex.intent);
    if (ex.exit === 1) {
      const violating = lines.find((l) => l.trim().startsWith('Violating intent(s):'));
      expect(violating, context).toBeDefined();
      expect(violating!.trim().replace('Violating intent(s):', '').trim().split(/\s+/), context).toContain(ex.intent);
    } else if (ex.exit === 0) {
      expect(r.stdout, context).toContain('No failure is found!');
      expect(r.stdout, context).not.toContain('Violating intent(s):');
    } else if (ex.exit === 3) {
      expect(r.stdout, context).toMatch(/^ {4}Inconclusive: /m);
      expect(r.stdout, context).not.toContain('Violating intent(s):');
    }
  });
});

/** A copy of an example folder with some files changed (`null` deletes one). */
function variant(name: string, files: Record<string, string | null>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kivi-example-')), name);
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, f));
    else writeFileSync(join(dir, f), text);
  }
  return dir;
}

function kivi(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout };
}

describe('examples/ variants their READMEs work out', () => {
  it("scale-down-then-drain: the scale-down takes both of pool-2's pods, then the drain leaves no Ready replica", () => {
    // Four pods, two per node, spec 2: all four rank alike (docs/model.md §8.1.1), so both
    // victims may come from pool-2; draining pool-1 then evicts the last two Ready replicas.
    const r = kivi(['-p', 'examples/scale-down-then-drain', '-log']);
    expect(r.code).toBe(1);
    const chosen = r.out.split('\n').filter((l) => /\[Deployment\] Deleting pod web-6b7c9d-\w+ on node pool-2: one of [43] pods of deployment web that rank alike/.test(l));
    expect(chosen).toHaveLength(2);
    expect(r.out).toMatch(/\[drain\] node\/pool-1 cordoned/);
    expect(r.out).toContain('The ready replicas of deployment web are fewer than 1! Now 0.');
  });

  it('drain-blocked-by-pdb: the drain is stuck on web-1, named with its budget; without the budget it completes (exit 0)', () => {
    // minAvailable 2 of 2 healthy: disruptionsAllowed 0, so the eviction of web-1 is refused forever.
    const blocked = kivi(['-p', 'examples/drain-blocked-by-pdb', '-o']);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('[Deadlock] Invalid end state: drain(pool-1) can never move again: the drain of node pool-1 waits forever for web-1 (PodDisruptionBudget web)');
    expect(blocked.out).toContain('    Violating intent(s): drain_completes\n');
    // No budget: the eviction is accepted, the replacement goes to pool-2 (pool-1 is cordoned), the drain ends.
    const free = kivi(['-p', variant('drain-blocked-by-pdb', { 'yaml/pdb.yaml': null }), '-o']);
    expect(free.code).toBe(0);
    expect(free.out).toContain('No failure is found!');
  });

  it('drain-alike-nodes (-ok): the drain under the symmetry reduction, with the verdict and fewer states than --no-symmetry', () => {
    const states = (out: string): number => Number(/Explored: ([\d,]+) states/.exec(out)![1].replace(/,/g, ''));
    // Seven 700m replicas, two per 2-CPU node: once pool-1 is cordoned, three nodes hold six.
    const tight = kivi(['-p', 'examples/drain-alike-nodes', '-o']);
    expect(tight.code, tight.out).toBe(1);
    expect(tight.out).toContain('[drain] node/pool-1 cordoned; evicting its pods');
    expect(tight.out).toMatch(/No feasible node for pod web-\d+: 0\/4 nodes are available: 1 node\(s\) were unschedulable, 3 Insufficient cpu\./);
    // pool-2, pool-3 and pool-4 are one class: a pod placed on any of them is one reduced state
    // and three unreduced ones, so --no-symmetry stores more states for the same verdict.
    const tightAll = kivi(['-p', 'examples/drain-alike-nodes', '-o', '--no-symmetry']);
    expect(tightAll.code, tightAll.out).toBe(1);
    expect(states(tight.out)).toBeLessThan(states(tightAll.out));
    // Six replicas: the three nodes left have a place for each, and the drain empties pool-1.
    const room = kivi(['-p', 'examples/drain-alike-nodes-ok', '-o']);
    const roomAll = kivi(['-p', 'examples/drain-alike-nodes-ok', '-o', '--no-symmetry']);
    expect(room.code, room.out).toBe(0);
    expect(roomAll.code, roomAll.out).toBe(0);
    expect(states(room.out)).toBeLessThan(states(roomAll.out));
  });

  it('upgrade-spread-pending: the FitError names the cordoned node; with nodeTaintsPolicy Honor the upgrade holds', () => {
    const r = kivi(['-p', 'examples/upgrade-spread-pending', '-o']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod topology spread constraints.");
    // Under Honor the cordoned node (untolerated unschedulable taint) is no domain: min 1, the replacement fits.
    const web = readFileSync(join(EXAMPLES, 'upgrade-spread-pending/yaml/web.yaml'), 'utf8').replace('whenUnsatisfiable: DoNotSchedule', 'whenUnsatisfiable: DoNotSchedule\n        nodeTaintsPolicy: Honor');
    const honor = kivi(['-p', variant('upgrade-spread-pending', { 'yaml/web.yaml': web }), '-o']);
    expect(honor.code).toBe(0);
  });
});

describe('examples/lownodeutilization-loop variants (README, last paragraph)', () => {
  const policy = readFileSync(join(EXAMPLES, 'lownodeutilization-loop/yaml/descheduler-policy.yaml'), 'utf8');
  const api = readFileSync(join(EXAMPLES, 'lownodeutilization-loop/yaml/api.yaml'), 'utf8');

  it('nodeFit: true: no other node has pool=fast, so NodeFit keeps every pod where it is (exit 0)', () => {
    const edited = policy.replace(/nodeFit: false.*/, 'nodeFit: true');
    expect(edited).not.toBe(policy);
    const r = kivi(['-p', variant('lownodeutilization-loop', { 'yaml/descheduler-policy.yaml': edited }), '-o']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('No failure is found!');
  });

  it('without the nodeSelector the pods spread over the empty nodes and nothing loops (exit 0)', () => {
    // LeastAllocated and the default spread put one pod per node: 800m is 20 % of 4000m, every
    // node is underutilized, and LowNodeUtilization does nothing ("All nodes are underutilized").
    const edited = api.replace(/ {6}nodeSelector:\n {8}pool: fast\n/, '');
    expect(edited).not.toBe(api);
    const r = kivi(['-p', variant('lownodeutilization-loop', { 'yaml/api.yaml': edited }), '-o']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('No failure is found!');
  });
});

describe('examples/preemption-start-order', () => {
  it('either of two equal-priority jobs may be the victim: the one the intent protects is found preempted', () => {
    // Derived in the README: worker-1 (4000m) runs reports-1 and etl-1 (1500m, priority 1000
    // each) and web-1 (1000m); web-2 (1000m, priority 100000) fits once one job is gone; the
    // job reprieved first (the earlier started, MoreImportantPod) stays, so the later one goes.
    const r = spawnSync(process.execPath, [BIN, '-p', 'examples/preemption-start-order', '-o'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('[Scheduler - preemption] This execution keeps etl-1 and preempts reports-1 on node worker-1: one of 2 victim sets');
    expect(r.stdout).toContain('[checkNeverPreempted] Pod reports-1 of priority class team-reports was preempted');
    const violating = r.stdout.split('\n').find((l) => l.trim().startsWith('Violating intent(s):'))!.trim().split(/\s+/).slice(2);
    expect(violating).toEqual(['priority_class_never_preempted']);
  });
});

describe('examples/batch-preempted-by-web', () => {
  it('the web scale-up preempts a batch pod; no web pod is left pending; the replaced batch pod is', () => {
    // Derived in the README: each node holds 2 batch pods (1500m) and 1 web pod (1000m) of 4000m;
    // the HPA asks for 4 web pods; a new web pod (priority 100000) fits once one batch pod
    // (priority 1000) of a node is gone, and both nodes are equal candidates.
    const r = spawnSync(process.execPath, [BIN, '-p', 'examples/batch-preempted-by-web', '-o'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\[Scheduler - preemption\] Pod web-\d+ preempts 1 pod\(s\) on node worker-\d \(PDB violations 0, highest victim priority 1000, victims 1\); worker-\d is as good by every criterion/);
    expect(r.stdout).toMatch(/\[Scheduler - preemption\] Preempted pod batch-\d+ \(priority 1000\) on node worker-\d for pod web-\d+ \(priority 100000\)/);
    expect(r.stdout).toMatch(/\[checkNeverPreempted\] Pod batch-\d+ of priority class batch-low was preempted/);
    const violating = r.stdout.split('\n').find((l) => l.trim().startsWith('Violating intent(s):'))!.trim().split(/\s+/).slice(2);
    expect(violating.sort()).toEqual(['pod_always_schedulable', 'priority_class_never_preempted']);
    expect(r.stdout).toMatch(/No feasible node for pod batch-\d+: 0\/2 nodes are available: 2 Insufficient cpu\./);
  });
});
