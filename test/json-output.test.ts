/** `--format json` validates against schema/kivi-report.schema.json, with the right exit codes. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validate } from './json-schema.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SCHEMA = JSON.parse(readFileSync(fileURLToPath(new URL('../schema/kivi-report.schema.json', import.meta.url)), 'utf8'));

function json(...args: string[]): { code: number | null; report: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { encoding: 'utf8' });
  return { code: r.status, report: JSON.parse(r.stdout) };
}

describe('--format json', () => {
  const runs: Array<[string[], number, string]> = [
    [['-c', 'c3', '-o'], 1, 'violated'],
    [['-c', 'c3', '-o', '-cn'], 0, 'holds'],
    [['-c', 'c3', '-o', '-cn', '--max-states', '10'], 3, 'inconclusive'],
    [['-c', 'c4', '-o'], 1, 'violated'],
    [['-c', 'c3', '--workers', '1'], 1, 'violated'],
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

  it('the scaling search reports the setup', () => {
    const r = json('-c', 'c8', '--workers', '1').report as { setup: { index: number; description: string } };
    expect(r.setup).toMatchObject({ index: 70, description: '{lifecycle-on-demand nodes: 1, lifecycle-spot nodes: 2, app replicas: 6}' });
  });

  it('the validator catches a report that breaks the schema', () => {
    expect(validate(SCHEMA, { kivi: { reportVersion: 2 }, verdict: 'maybe' }).length).toBeGreaterThan(0);
  });
});
