/** `--format json` validates against schema/kivi-report.schema.json, with the right exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validate } from './json-schema.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SCHEMA = JSON.parse(readFileSync(fileURLToPath(new URL('../schema/kivi-report.schema.json', import.meta.url)), 'utf8'));

function json(...args: string[]): { code: number | null; report: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, report: JSON.parse(r.stdout) };
}

describe('--format json', () => {
  const runs: Array<[string[], number, string]> = [
    [['-c', 'c3', '-o'], 1, 'violated'],
    [['-c', 'c3', '-o', '-cn'], 0, 'holds'],
    [['-c', 'c3', '-o', '-cn', '--max-states', '10'], 3, 'inconclusive'],
    [['-c', 'c4', '-o'], 1, 'violated'],
    [['-c', 'c3', '--workers', '1'], 1, 'violated'],
    // Proved without a search (docs/model.md §8.2.8): the capacityProof object.
    [['-c', 'c1', '-o', '-cn'], 0, 'holds'],
  ];
  for (const [args, code, verdict] of runs) {
    it(`${args.join(' ')}: ${verdict}, exit ${code}, valid against the schema`, () => {
      const r = json(...args);
      expect(r.code).toBe(code);
      expect(validate(SCHEMA, r.report)).toEqual([]);
      expect(r.report.verdict).toBe(verdict);
      expect(r.report.exitCode).toBe(code);
    });
  }

  it('names each intent\'s result and gives the counterexample steps with levels', () => {
    const r = json('-c', 'c4', '-o').report as { intents: Array<{ name: string; result: string }>; violations: Array<{ intent: string; steps: Array<{ level: number; message: string }> }> };
    expect(r.intents).toEqual([
      { name: 'no_kernel_panic', result: 'violated' },
      { name: 'pod_always_schedulable', result: 'violated' },
    ]);
    const panic = r.violations.find((v) => v.intent === 'no_kernel_panic')!;
    expect(panic.steps.filter((s) => s.level === 1).at(-1)!.message).toBe('Kernel panic happened multiple times at node node-1.');
  });

  it('names the objects each step is about by kind, namespace and name', () => {
    const r = json('-c', 'c3', '-o').report as { violations: Array<{ steps: Array<{ level: number; message: string; objects: unknown[] }> }> };
    const shown = r.violations[0].steps.filter((s) => s.level === 1);
    expect(shown[3].message).toBe('Adding a new pod app-6 to deployment app');
    expect(shown[3].objects).toEqual([
      { kind: 'Pod', namespace: 'default', name: 'app-6' },
      { kind: 'Deployment', namespace: 'default', name: 'app' },
    ]);
    expect(shown[0].objects).toContainEqual({ kind: 'Node', name: shown[0].message.match(/node (node-\d)/)![1] });
    // Objects come from the controller that acted, not from the message text: the HPA's
    // rescale names no object in its words but is about the deployment it scales, and the
    // scheduler's FitError is about the pod it could not place (app-6, created the
    // step before).
    expect(shown[1].message).toBe('Need to rescale, pod number change from 5 to 6');
    expect(shown[1].objects).toEqual([{ kind: 'Deployment', namespace: 'default', name: 'app' }]);
    expect(shown[4].message).toBe("No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.");
    expect(shown[4].objects).toEqual([{ kind: 'Pod', namespace: 'default', name: 'app-6' }]);
  });

  it('writes several formats in one run: --json, --sarif and --junit files next to the text report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-multi-'));
    const r = spawnSync(process.execPath, [BIN, '-c', 'c3', '-o', '--json', join(dir, 'r.json'), '--sarif', join(dir, 'r.sarif'), '--junit', join(dir, 'r.xml')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Violating intent(s): pod_always_schedulable');
    expect(validate(SCHEMA, JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<testcase classname="kivi.c3 (scale 3)" name="pod_always_schedulable"');
  });

  it('the scaling search reports the setup', () => {
    const r = json('-c', 'c8', '--workers', '1').report as { setup: { index: number; description: string } };
    expect(r.setup).toMatchObject({ index: 70, description: '{lifecycle-on-demand nodes: 1, lifecycle-spot nodes: 2, app replicas: 6}' });
  });

  it('the validator catches a report that breaks the schema', () => {
    expect(validate(SCHEMA, { kivi: { reportVersion: 2 }, verdict: 'maybe' }).length).toBeGreaterThan(0);
  });
});
