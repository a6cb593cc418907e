/** The `kivi` command as a user runs it (the built dist/, as `npx kivi` does). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function kivi(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The numbered counterexample lines of a report. */
function steps(out: string): string[] {
  return out.split('\n').filter((l) => /^\[\d+\]/.test(l));
}

/** The report without the lines that measure time and memory. */
function stable(out: string): string {
  return out
    .split('\n')
    .filter((l) => !/Elapsed time|Explored:/.test(l))
    .join('\n');
}

describe('kivi -c c3 -o', () => {
  it('exits 1 with a 5-step counterexample ending in the no-feasible-node step', () => {
    const r = kivi('-c', 'c3', '-o');
    expect(r.code).toBe(1);
    const lines = steps(r.out);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\[0\]\[CPU Change\] CPU change [1-6] on pod app-\d, now \d+, and node node-\d, now \d+$/);
    expect(lines[1]).toBe('[1][HPA] Need to rescale, pod number change from 5 to 6');
    expect(lines[2]).toBe('[2][Deployment] Too few replicas, need to create 1');
    expect(lines[3]).toBe('[3][Deployment] Adding a new pod app-6 to deployment app');
    expect(lines[4]).toBe("[4][Scheduler - no_feasible_node] No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.");
    expect(r.out).toContain('Working on the intents: pod_always_schedulable\n');
    expect(r.out).toContain('1 failure(s) are found!');
    expect(r.out).toContain('    Violating intent(s): pod_always_schedulable\n');
    expect(r.out).toMatch(/Elapsed time: [\d.]+ seconds/);
    expect(r.out).toMatch(/Explored: [\d,]+ states, [\d,]+ transitions, depth \d+ \(bfs\)/);
  });

  it('gives the same counterexample on every run', () => {
    expect(stable(kivi('-c', 'c3', '-o').out)).toBe(stable(kivi('-c', 'c3', '-o').out));
  });

  it('the CPU change it prints is consistent: the pod goes from 8 to 8 + delta and its node loses delta', () => {
    const first = steps(kivi('-c', 'c3', '-o').out)[0];
    const m = /CPU change (\d) on pod app-(\d), now (\d+), and node node-(\d), now (\d+)/.exec(first)!;
    const [delta, pod, now, node, free] = m.slice(1).map(Number);
    expect(now).toBe(8 + delta);
    // Initial placement at scale 3: pods 1, 2 on node 1; pod 3 on node 2; pods 4, 5 on node 3.
    expect(node).toBe([0, 1, 1, 2, 3, 3][pod]);
    expect(free).toBe((node === 2 ? 56 : 48) - delta);
  });

  it('also finds the violation depth-first', () => {
    const r = kivi('-c', 'c3', '-o', '--search', 'dfs');
    expect(r.code).toBe(1);
    expect(steps(r.out).at(-1)).toMatch(/No feasible node for pod app-\d+: 0\/\d+ nodes are available: .*\.$/);
    expect(r.out).toContain('(dfs)');
  });

  it('prints controller internals at -v 2 with correct step numbers', () => {
    const lines = steps(kivi('-c', 'c3', '-o', '-v', '2').out);
    expect(lines.length).toBeGreaterThan(5);
    lines.forEach((l, i) => expect(l.startsWith(`[${i}]`)).toBe(true));
    expect(lines.some((l) => l.includes('[HPA] HPA working on deployment app'))).toBe(true);
  });
});

describe('kivi -c c3 -o, other variants and scales', () => {
  it('-cn (only the hostname constraint) exits 0 with no failure', () => {
    const r = kivi('-c', 'c3', '-o', '-cn');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    No failure is found!');
    expect(steps(r.out)).toHaveLength(0);
  });

  it('--case-non-violation is the long name of -cn', () => {
    expect(kivi('--case', 'c3', '--original', '--case-non-violation').code).toBe(0);
  });

  it('scale 11 (11 nodes, 21 pods) still violates: HPA 21 → 22', () => {
    const r = kivi('-c', 'c3', '-o', '-s', '11');
    expect(r.code).toBe(1);
    expect(steps(r.out)[1]).toBe('[1][HPA] Need to rescale, pod number change from 21 to 22');
  });

  it('scale 51 holds: one bump of 1..6 on 101 pods stays inside the HPA tolerance', () => {
    const r = kivi('-c', 'c3', '-o', '-s', '51');
    expect(r.code).toBe(0);
    expect(r.out).toContain('No failure is found!');
  });
});

describe('limits make a search inconclusive (exit 3), never "no failure"', () => {
  it('--max-states', () => {
    const r = kivi('-c', 'c3', '-o', '-cn', '--max-states', '10');
    expect(r.code).toBe(3);
    expect(r.out).toContain('Inconclusive: the search hit the state limit (--max-states)');
    expect(r.out).not.toContain('No failure is found');
  });

  it('--max-depth', () => {
    const r = kivi('-c', 'c3', '-o', '-cn', '--max-depth', '3');
    expect(r.code).toBe(3);
    expect(r.out).toContain('the depth limit (--max-depth)');
  });

  it('a violation within the depth bound is still a violation', () => {
    expect(kivi('-c', 'c3', '-o', '--max-depth', '8').code).toBe(1);
  });
});

describe('usage errors exit 2 with a one-line message and no stack trace', () => {
  const cases: Array<[string[], RegExp]> = [
    [['-c', 'c9', '-o'], /unknown case "c9"; the built-in cases are c1, c2/],
    [['-o'], /give exactly one of: manifest paths \(kivi check PATH...\), -p\/--path DIR or -c\/--case ID/],
    [['-c', 'c3', '-o', '-s', '0'], /--scale.*expected an integer >= 1/],
    [['-c', 'c3', '-o', '-s', 'three'], /expected an integer >= 1, got "three"/],
    [['-c', 'c3', '-o', '--search', 'random'], /Allowed choices are bfs, dfs/],
    [['-c', 'c3', '-o', '--bogus'], /unknown option '--bogus'/],
    [['-p', 'no-such-folder', '-o'], /no-such-folder: is not a folder/],
    [['-c', 'c3', '-o', '--input-logs'], /--input-logs \(-log\) reads the folder given with -p/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), () => {
      const r = kivi(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
});

describe('kivi -c c3 (the scaling search)', () => {
  it('exits 1 at the reference\'s first violating setup', () => {
    const r = kivi('-c', 'c3', '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Failure found at scale {zone-1 nodes: 1, zone-2 nodes: 2, app replicas: 3} (setup #58)');
    expect(r.out).toContain('Scaling search: 58 of 264 setups checked');
    expect(r.out).toContain('Violating intent(s): pod_always_schedulable');
  });
});

describe('--simulation, --json-file-path, --log-output-file', () => {
  it('a simulation is reproducible from its seed, and names it', () => {
    const a = kivi('-c', 'c3', '-si', '--seed', '7');
    const b = kivi('-c', 'c3', '--simulation', '--seed', '7');
    expect(a.out).toBe(b.out);
    expect(a.out).toContain('Simulation result (seed 7; replay with --simulation --seed 7):');
    expect(a.code).toBe(1); // every run of c3 that bumps a pod's CPU ends unschedulable
  });

  it('a simulation without a failure is inconclusive (exit 3), never a pass', () => {
    const r = kivi('-c', 'c3', '-cn', '-si', '--seed', '1');
    expect(r.code).toBe(3);
    expect(r.out).toContain('One execution proves nothing about the others.');
  });

  it('-jf writes the checked cluster as JSON that checks the same; -lf appends the report to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-cli-'));
    const json = join(dir, 'c3.json');
    const log = join(dir, 'out.log');
    const r = kivi('-c', 'c3', '-o', '-jf', json, '-lf', log);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(readFileSync(log, 'utf8')).toContain('Violating intent(s): pod_always_schedulable');
    const { checkCluster } = await import('../src/check.js');
    const again = await checkCluster(JSON.parse(readFileSync(json, 'utf8')));
    expect(again.failures.map((f) => f.intent)).toEqual(['pod_always_schedulable']);
  });
});

describe('the reference\'s SPIN options and intent groups', () => {
  it('-pr mN becomes a depth bound; other SPIN options are mapped or warned about', () => {
    const r = kivi('-c', 'c3', '-o', '-cn', '-pc', 'DVECTORSZ=100000, DT_RAND, DBITSTATE', '-pr', 'm3');
    expect(r.code).toBe(3);
    expect(r.out).toContain('the depth limit (--max-depth)');
    expect(r.err).toContain('DT_RAND: ignored');
    expect(r.err).toContain('DBITSTATE: bitstate search is not available');
    expect(r.err).not.toContain('DVECTORSZ');
  });

  it('-ig 1 checks each named intent in its own search and stops at the first failing group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-ig-'));
    const { c5 } = await import('../src/cases/c5.js');
    const spec = c5(3, false);
    spec.intents = [{ name: 'replica_num_always_meet_min', params: { deployment: 'app' } }, { name: 'no_oscillation_eviction', params: { deployment: 'app' } }];
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify(spec));
    // Reuse -jf's JSON through the library: two groups, the second one fails.
    const { checkCluster } = await import('../src/check.js');
    const first = await checkCluster({ ...spec, intents: [spec.intents[0]] });
    const second = await checkCluster({ ...spec, intents: [spec.intents[1]] });
    expect(first.failures.map((f) => f.intent)).not.toContain('no_oscillation_eviction');
    expect(second.failures.map((f) => f.intent)).toContain('no_oscillation_eviction');
  });
});

describe('-fd (debug files)', () => {
  it('writes the checked cluster and every failure\'s full trace; at 3, every scaling setup', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-fd-'));
    expect(kivi('-c', 'c3', '-o', '-fd', '1', '--debug-dir', dir).code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')).name).toBe('c3 (scale 3)');
    const trace = readFileSync(join(dir, 'failure-1.txt'), 'utf8');
    expect(trace).toContain('[HPA] HPA working on deployment app'); // level-2 lines too
    const dir3 = mkdtempSync(join(tmpdir(), 'kivi-fd3-'));
    expect(kivi('-c', 'c1', '-fd', '3', '--debug-dir', dir3, '--workers', '1').code).toBe(1);
    expect(readFileSync(join(dir3, 'setups', '1_1_1.json'), 'utf8')).toContain('"replicas": 1');
    expect(readFileSync(join(dir3, 'setup-3-failure-1.txt'), 'utf8')).toContain('[checkOscillationReplicaNum]');
  });
});

describe('files that cannot be written', () => {
  // A path under a regular file fails even for root.
  const dir = mkdtempSync(join(tmpdir(), 'kivi-unwritable-'));
  writeFileSync(join(dir, 'file'), '');
  const bad = join(dir, 'file', 'x');

  // Every output path is checked before the run (docs/reliability.md, "Outputs"): a folder that
  // is a file cannot take one, for root too. Nothing runs, nothing is written.
  it('--output, -jf, -lf and the report files exit 2 before the run, naming the flag, the file and the reason', () => {
    for (const flag of ['--output', '-jf', '-lf', '--json', '--sarif', '--junit', '--report']) {
      const long = { '-jf': '--json-file-path', '-lf': '--log-output-file' }[flag] ?? flag;
      expect(kivi('-c', 'c3', '-o', flag, bad), flag).toEqual({ code: 2, out: '', err: `kivi: ${bad}: ${long}: cannot be written (ENOTDIR: not a directory)\n` });
    }
  });

  it('one bad report path writes none of the others (checked before the run)', () => {
    const json = join(dir, 'o.json');
    expect(kivi('-c', 'c3', '-o', '--report', bad, '--json', json).code).toBe(2);
    expect(() => readFileSync(json)).toThrow();
    expect(kivi('-c', 'c3', '--workers', '1', '--report', bad, '--json', json).code).toBe(2);
    expect(() => readFileSync(json)).toThrow();
  });
});

describe('-l (loop detection)', () => {
  it('finds c5\'s eviction loop without its round-counting intent: a path, START OF CYCLE, the cycle', () => {
    const r = kivi('-c', 'c5', '-o', '-l');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const start = lines.findIndex((l) => /^\[\d+\] START OF CYCLE$/.test(l));
    expect(start).toBeGreaterThan(0);
    const cycle = lines.slice(start + 1).filter((l) => /^\[\d+\]/.test(l));
    expect(cycle.some((l) => l.includes('[Kubelet] Deleted pod'))).toBe(true);
    expect(cycle.some((l) => l.includes('[Kubelet] Created pod'))).toBe(true);
    expect(cycle.some((l) => l.includes('[Descheduler]'))).toBe(true);
    expect(r.out).toContain('Violating intent(s): loop');
  });

  // c3 itself violates pod_always_schedulable on the way, which -l reports (exit 1); its
  // non-violating variant has neither a violation nor a loop.
  it('reports no loop for c3 -cn (exit 0)', () => {
    const r = kivi('-c', 'c3', '-cn', '-o', '-l');
    expect(r.code).toBe(0);
    expect(r.out).toContain('No reachable loop deletes and restarts pods or rescales.');
  });
});

describe('-r and --timeout', () => {
  it('-r runs seeded depth-first searches: the same seed gives the same run', () => {
    const a = kivi('-c', 'c3', '-o', '-r', '--seed', '11');
    const b = kivi('-c', 'c3', '-o', '--random', '--seed', '11');
    expect(a.code).toBe(1);
    expect(stable(a.out)).toBe(stable(b.out));
    expect(a.out).toContain('Random run 1 of 5 (depth-first, seed 11):');
  });

  it('-r on a cluster without violation finishes a run and exits 0', () => {
    const r = kivi('-c', 'c3', '-o', '-cn', '-r', '--seed', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('No failure is found!');
  });

  it('a timeout ends in exit 3, never "no failure"', () => {
    // --no-capacity-proof: c1 -cn is proved without a search otherwise (docs/model.md §8.2.8).
    const r = kivi('-c', 'c1', '-o', '-s', '200', '-cn', '-to', '0.2', '--no-capacity-proof');
    expect(r.code).toBe(3);
    expect(r.out).toContain('Inconclusive: the search hit the time limit (--timeout)');
    expect(r.out).not.toContain('No failure is found');
  });
});

describe('the capacity proof (docs/model.md §8.2.8)', () => {
  it('-c c1 -cn -o -s 500 holds without a search: 1,004 other pods cannot fill 500 nodes of 8 pods each', () => {
    // 500 nodes of 64/64, pods of 8/8: ⌈(64 − 8 + 1) / 8⌉ = 8 pods fill a node, 4,000 all of
    // them; 2·500 + 5 slots leave 1,004 other pods while one is scheduled.
    const r = kivi('-c', 'c1', '-cn', '-o', '-s', '500');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Proved without a search: pod_always_schedulable — every pod fits on one of 500 node(s): at most 1004 other pods, 4000 needed to fill them');
    expect(r.out).toContain('Explored: 0 states');
  });

  it('--no-capacity-proof searches (and c1 -cn at 3 holds there too)', () => {
    const r = kivi('-c', 'c1', '-cn', '-o', '--no-capacity-proof');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Proved without a search');
    expect(r.out).toMatch(/Explored: [1-9][0-9,]* states/);
  });

  it('JUnit, SARIF and GitHub say it too', () => {
    const sentence = 'Proved without a search: pod_always_schedulable — every pod fits on one of 3 node(s): at most 10 other pods, 24 needed to fill them';
    const junit = kivi('-c', 'c1', '-cn', '-o', '--format', 'junit');
    expect(junit.code).toBe(0);
    expect(junit.out).toContain(`<system-out>${sentence}`);
    const sarif = JSON.parse(kivi('-c', 'c1', '-cn', '-o', '--format', 'sarif').out) as { runs: Array<{ properties: { verdict: string; capacityProof?: string } }> };
    expect(sarif.runs[0].properties.verdict).toBe('holds');
    expect(sarif.runs[0].properties.capacityProof).toContain(sentence);
    expect(kivi('-c', 'c1', '-cn', '-o', '--format', 'github').out).toContain(sentence);
  });

  it('--format json carries the count', () => {
    const r = kivi('-c', 'c1', '-cn', '-o', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { verdict: string; capacityProof: { otherPods: number; tightest: { nodes: number; needed: number } }; stats: { states: number } };
    expect(j.verdict).toBe('holds');
    // Scale 3: 11 slots, 10 other pods; 3 nodes of 8 pods, 24.
    expect(j.capacityProof.otherPods).toBe(10);
    expect(j.capacityProof.tightest).toEqual({ template: 'app', nodes: 3, needed: 24 });
    expect(j.stats.states).toBe(0);
  });
});

describe('--help', () => {
  it('explains every option and the exit codes, and exits 0', () => {
    const r = kivi('--help');
    expect(r.code).toBe(0);
    for (const flag of ['--case', '--path', '--input-logs', '--namespace', '--scale', '--case-non-violation', '-cn', '--original', '--verbose-level', '--search', '--max-states', '--max-depth', '--timeout', '--max-memory', '--stop-at-first', '--workers', '--all-violation', '--fast-find', '--simulation', '--seed', '--json-file-path', '--log-output-file', '--pan-compile', '--pan-runtime', '--intents-group', '--random', '--runs', '--fixpoint', '--loop', '--file-debug', '--debug-dir', '--no-capacity-proof']) {
      expect(r.out).toContain(flag);
    }
    expect(r.out).toMatch(/Exit codes:\n  0  all intents hold\n  1  a violation was found.*\n  2  bad usage or input\n  3  inconclusive/);
  });
});
