/**
 * Safe outputs (issue 15, reproduction 6; docs/reliability.md, "Outputs"): every output file is
 * written at the end of the run through a temporary file and a rename; kivi never writes inside
 * its input folders; a write that fails is exit 2 with the path and the system's reason; every
 * requested report is written on every outcome, SARIF with no results when nothing fails.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

function kivi(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'kivi-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reproduction 6: output files', () => {
  // Before: --output emptied its file before the run, so a run that failed left it empty.
  it('--output keeps its old content when the run fails (bad input: exit 2)', () => {
    const out = join(dir, 'keep.txt');
    writeFileSync(out, 'the last good report\n');
    const r = kivi('-p', join(dir, 'no-such-folder'), '-o', '--output', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the last good report\n');
  });

  // Before: --output pointed at a manifest emptied it, and -jf overwrote it.
  it('refuses to write over an input file: --output, -jf and --json inside the input folders are exit 2, the input untouched', () => {
    const folder = join(dir, 'c3-config');
    cpSync(join(EXAMPLES, 'c3-config'), folder, { recursive: true });
    const manifest = join(folder, 'yaml', 'frontend.yaml');
    const before = readFileSync(manifest, 'utf8');
    for (const flag of ['--output', '-jf', '--json', '-lf']) {
      const r = kivi('-p', folder, '-o', flag, manifest);
      expect(r.code, flag).toBe(2);
      expect(r.err).toMatch(/refusing to write inside the input folder .*yaml/);
      expect(readFileSync(manifest, 'utf8')).toBe(before);
    }
    // Beside the input folders is fine.
    const report = join(folder, 'report.json');
    expect(kivi('-p', folder, '-o', '--json', report).code).toBe(1);
    expect(JSON.parse(readFileSync(report, 'utf8')).verdict).toBe('violated');
  });

  // Before: exit 70 and a stack trace.
  it('--output /dev/full: exit 2 naming the path and the system\'s reason, no stack trace', () => {
    const r = kivi('-c', 'c3', '-o', '--output', '/dev/full');
    expect(r.code).toBe(2);
    expect(r.err).toBe('kivi: /dev/full: --output: cannot be written (ENOSPC: no space left on device)\n');
  });

  it('two options naming one file: exit 2 before the run', () => {
    const f = join(dir, 'same.json');
    const r = kivi('-c', 'c3', '-o', '--json', f, '--sarif', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--json already writes that file');
    expect(existsSync(f)).toBe(false);
  });

  // Before: a passing scaling search wrote no --report or --sarif, leaving a failing one.
  it('a passing scaling search replaces earlier failing --report, --sarif, --json and --junit files', () => {
    const files = { report: join(dir, 'r.html'), sarif: join(dir, 'r.sarif'), json: join(dir, 'r.json'), junit: join(dir, 'r.xml') };
    const flags = Object.entries(files).flatMap(([k, f]) => [`--${k}`, f]);
    expect(kivi('-c', 'c4', '--workers', '1', ...flags).code).toBe(1);
    expect(JSON.parse(readFileSync(files.sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
    // c4 -cn: no setup violates (without the proof for every size, which c4's kernel panics rule out).
    expect(kivi('-c', 'c4', '-cn', '--workers', '1', '--no-fixpoint', ...flags).code).toBe(0);
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].properties.verdict).toBe('holds');
    expect(readFileSync(files.report, 'utf8')).toContain('all intents hold');
    expect(JSON.parse(readFileSync(files.json, 'utf8')).verdict).toBe('holds');
    expect(readFileSync(files.junit, 'utf8')).toContain('failures="0"');
    // Written through temporary files that are renamed: none is left behind.
    expect(readdirSync(dir).filter((f) => f.includes('.kivi-'))).toEqual([]);
  });

  // Before: --format sarif printed the plain text report when nothing failed.
  it('--format sarif with nothing failing prints SARIF with no results', () => {
    for (const args of [['-c', 'c4', '-cn', '--workers', '1', '--no-fixpoint'], ['-c', 'c3', '-cn', '-o']]) {
      const r = kivi(...args, '--format', 'sarif');
      expect(r.code).toBe(0);
      const sarif = JSON.parse(r.out);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results).toEqual([]);
    }
  });

  it('-lf appends to what the file held', () => {
    const log = join(dir, 'append.log');
    writeFileSync(log, 'earlier\n');
    expect(kivi('-c', 'c3', '-o', '-lf', log).code).toBe(1);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('earlier\n')).toBe(true);
    expect(text).toContain('Violating intent(s): pod_always_schedulable');
  });

  it('report files with --simulation or --loop, --output with -lf: usage errors (exit 2), not ignored', () => {
    expect(kivi('-c', 'c3', '-o', '-l', '--json', join(dir, 'x.json')).code).toBe(2);
    expect(kivi('-c', 'c3', '-si', '--sarif', join(dir, 'x.sarif')).code).toBe(2);
    expect(kivi('-c', 'c3', '-o', '--output', join(dir, 'a'), '-lf', join(dir, 'b')).code).toBe(2);
  });
});
