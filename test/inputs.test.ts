/**
 * Manifests as Kubernetes tools take them (docs/inputs.md, "Files, folders and standard input"):
 * `kivi check PATH...` with files, folders and `-` for stdin, `--cluster` for the profile, and
 * the subcommands. The verdicts are those of the configuration folders the inputs come from
 * (examples/c3-config: its README derives exit 1, pod_always_schedulable), so a test compares
 * a path-based check with the folder check of the same objects.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const C3 = join(ROOT, 'examples/c3-config');
const PROFILE = join(C3, 'cluster.json');

function kivi(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What `helm template` prints: every manifest of the folder, each after a `---` line. */
function helmTemplate(dir: string): string {
  return readdirSync(dir).sort().map((f) => `---\n# Source: chart/templates/${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
}

const counterexample = (text: string): string => /Counterexample:\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';

describe('kivi check PATH...', () => {
  const folder = kivi(['-p', C3, '-o']);

  it('the folder itself: exit 1 (examples/c3-config/README.md)', () => {
    expect(folder.status).toBe(1);
  });

  it('helm template output piped into kivi check - --cluster gives the folder\'s verdict and counterexample', () => {
    const piped = kivi(['check', '-', '--cluster', PROFILE], helmTemplate(join(C3, 'yaml')));
    expect(piped.status, piped.stderr).toBe(1);
    expect(counterexample(piped.stdout)).toBe(counterexample(folder.stdout));
  });

  it('a single file, and a folder of files, give the same verdict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-inputs-'));
    writeFileSync(join(dir, 'all.yaml'), helmTemplate(join(C3, 'yaml')));
    const single = kivi(['check', join(dir, 'all.yaml'), '--cluster', PROFILE]);
    expect(single.status, single.stderr).toBe(1);
    expect(counterexample(single.stdout)).toBe(counterexample(folder.stdout));
    const asFolder = kivi(['check', join(C3, 'yaml'), '--cluster', PROFILE]);
    expect(asFolder.status).toBe(1);
  });

  it('folders are read recursively: the HPA in a subfolder still counts (without it the HPA never scales and the cluster holds)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-inputs-'));
    cpSync(join(C3, 'yaml/frontend.yaml'), join(dir, 'frontend.yaml'));
    expect(kivi(['check', dir, '--cluster', PROFILE]).status).toBe(0); // no HPA: five pods fit 2/1 + 2
    mkdirSync(join(dir, 'autoscaling'));
    cpSync(join(C3, 'yaml/frontend-hpa.yaml'), join(dir, 'autoscaling/frontend-hpa.yaml'));
    expect(kivi(['check', dir, '--cluster', PROFILE]).status).toBe(1);
    // The same in a configuration folder: yaml/ with a subfolder.
    const cfg = mkdtempSync(join(tmpdir(), 'kivi-cfg-'));
    cpSync(dir, join(cfg, 'yaml'), { recursive: true });
    cpSync(join(C3, 'user_input'), join(cfg, 'user_input'), { recursive: true });
    expect(kivi(['-p', cfg, '-o']).status).toBe(1);
  });

  it('one folder in the reference layout is read as -p would', () => {
    const r = kivi(['check', C3]);
    expect(r.status).toBe(1);
    expect(counterexample(r.stdout)).toBe(counterexample(folder.stdout));
  });

  it('kivi case c3 is kivi -c c3 -o; kivi scale PATH runs the scaling search', () => {
    expect(kivi(['case', 'c3']).status).toBe(1);
    const scale = kivi(['scale', C3]);
    expect(scale.status).toBe(1);
    expect(scale.stdout).toMatch(/^Scaling search:/);
  });
});

describe('nothing to check is exit 2, never a pass', () => {
  it('empty standard input', () => {
    const r = kivi(['check', '-', '--cluster', PROFILE], '');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('kivi: <stdin>: no Deployment or Pod to check: standard input holds no Kubernetes objects at all');
  });

  it('an empty yaml/ folder', () => {
    const cfg = mkdtempSync(join(tmpdir(), 'kivi-cfg-'));
    mkdirSync(join(cfg, 'yaml'));
    cpSync(join(C3, 'user_input'), join(cfg, 'user_input'), { recursive: true });
    const r = kivi(['-p', cfg, '-o']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no Deployment or Pod to check: yaml/ holds no Kubernetes objects at all');
  });

  it('manifests of other kinds only', () => {
    const r = kivi(['check', '-', '--cluster', PROFILE], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('holds 1 ConfigMap');
  });

  it('a namespace that matches nothing names the namespaces that have workloads', () => {
    const r = kivi(['-p', C3, '-o', '--namespace', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no Deployment or Pod in namespace "nope" to check; yaml\/ has them in default/);
    const logs = kivi(['-p', 'examples/c3-logs', '-log', '--namespace', 'nope']);
    expect(logs.status).toBe(2);
    expect(logs.stderr).toMatch(/--namespace "nope": no object of the kubectl output is in that namespace \(found: default, kube-system, shop\)/);
  });
});

describe('usage', () => {
  it('a path without a command says which command reads it', () => {
    const r = kivi(['web.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('kivi: unexpected argument "web.yaml": to check manifest files or folders, run kivi check web.yaml');
  });

  it('--cluster without paths, paths with -p, kivi case without an id: one line each', () => {
    for (const [args, msg] of [
      [['-p', C3, '-o', '--cluster', PROFILE], '--cluster goes with manifest paths'],
      [['check', C3, '-p', C3], 'kivi check takes either paths or -c/--case or -p/--path, not both'],
      [['case'], 'kivi case takes one case id'],
    ] as const) {
      const r = kivi([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('options the mode would ignore are an error naming the mode; -o json says what -o means', () => {
    for (const [args, msg] of [
      [['-c', 'c3', '-o', 'json'], 'unexpected argument "json": -o means --original (check the topology as given); for a report format use --format json'],
      [['-c', 'c3', '-o', '--loop', '--workers', '2'], '--workers applies to the scaling search and a search of one cluster (-o, -log, --live), not to --loop: remove it'],
      [['-c', 'c3', '-o', '--seed', '7'], '--seed applies to --simulation and --random, not to a search of the given cluster (-o): remove it'],
      [['-p', C3, '-o', '-s', '4'], '-s/--scale applies to a built-in case (-c)'],
      [['-c', 'c3', '--namespace', 'shop'], '--namespace applies to manifests, folders and kubectl output (not -c)'],
      [['-c', 'c3', '-o', '--output', 'a.txt', '-lf', 'b.txt'], '--output and --log-output-file (-lf) both say where the report goes: give one'],
      [['-c', 'c3', '-o', '--output=json'], '--output json would write the report to a file named "json": for that format use --format json (with --output FILE for a file)'],
      [['-c', 'c3', '-o', '--bogus'], "unknown option '--bogus' (kivi --help lists the options)"],
    ] as const) {
      const r = kivi([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.startsWith('kivi: '), r.stderr).toBe(true);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    // In its mode the same option is accepted: --seed with --simulation.
    expect(kivi(['-c', 'c3', '-si', '--seed', '7']).status).not.toBe(2);
  });

  it('a report file that cannot be written names its own option; -fd into /proc fails instead of hanging', () => {
    const json = kivi(['-c', 'c3', '-o', '--json', '/nonexistent/dir/x.json']);
    expect(json.status).toBe(2);
    expect(json.stderr.trim()).toBe('kivi: /nonexistent/dir/x.json: --json: cannot be written (ENOENT: no such file or directory)');
    const debug = kivi(['-c', 'c3', '-o', '-fd', '1', '--debug-dir', '/proc/kivi-debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/^kivi: \/proc\/kivi-debug\/cluster\.json: --debug-dir: cannot be written \(ENOENT/);
  });

  it('-pc and -pr take the reference\'s space-separated SPIN options', () => {
    const r = kivi(['-c', 'c3', '-o', '-pc', '-DBITSTATE -DNP']);
    expect(r.stderr).toContain('-pc DBITSTATE: bitstate search is not available');
    expect(r.stderr).toContain('DNP: non-progress cycle search is not available');
    expect(r.status).toBe(1);
  });

  it('--version prints the package version; --help groups the options and lists commands, intents and cases', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(kivi(['--version']).stdout.trim()).toBe(version);
    const help = kivi(['--help']).stdout;
    for (const heading of ['Input:', 'Mode:', 'Search and its limits:', 'Scaling search (without -o):', 'Output:', 'Commands', 'Intents', 'Exit codes:']) expect(help).toContain(heading);
    expect(help).toContain('pod_always_schedulable');
    expect(help).toContain('c1, c2, c3, c4, c5, c6, c7, c8');
    expect(help).toContain('70 internal error');
  });
});
