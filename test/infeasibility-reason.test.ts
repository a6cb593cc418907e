/**
 * Why the pod is pending, in every format. c3 at scale 3 (zone-1: node-1; zone-2: node-2,
 * node-3; 5 replicas, the HPA asks for a sixth): app-6 fails the zone constraint on the zone-1
 * node and the hostname constraint on the two zone-2 nodes. PodTopologySpread is the first
 * Filter to reject each node, so kube-scheduler's FitError counts 3 nodes under one reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const REASON = "No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.";
const LAST = `[4][Scheduler - no_feasible_node] ${REASON}`;

function kivi(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, '-c', 'c3', '-o', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout };
}

describe('the infeasibility reason of c3 at scale 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-reason-'));
  const files = { json: join(dir, 'r.json'), sarif: join(dir, 'r.sarif'), junit: join(dir, 'r.xml'), html: join(dir, 'r.html') };
  const text = kivi('--json', files.json, '--sarif', files.sarif, '--junit', files.junit, '--report', files.html);

  it('text: the last counterexample step', () => {
    expect(text.code).toBe(1);
    expect(text.out.split('\n')).toContain(LAST);
  });

  it('JSON: the last level-1 step\'s message', () => {
    const j = JSON.parse(readFileSync(files.json, 'utf8'));
    const shown = j.violations[0].steps.filter((s: { level: number }) => s.level === 1);
    expect(shown.at(-1)).toMatchObject({ component: 'Scheduler - no_feasible_node', message: REASON });
  });

  it('SARIF: the result message and the last code-flow location', () => {
    const result = JSON.parse(readFileSync(files.sarif, 'utf8')).runs[0].results[0];
    expect(result.message.text).toBe(`pod_always_schedulable can be violated: ${LAST} (counterexample of 5 steps)`);
    expect(result.codeFlows[0].threadFlows[0].locations.at(-1).location.message.text).toBe(LAST);
  });

  it('JUnit: the failure\'s counterexample (XML-escaped)', () => {
    expect(readFileSync(files.junit, 'utf8')).toContain(LAST);
  });

  it('HTML: the step in the timeline', () => {
    expect(readFileSync(files.html, 'utf8')).toContain(REASON);
  });

  it('GitHub: the annotation message and the summary', () => {
    const g = kivi('--format', 'github');
    expect(g.code).toBe(1);
    const lines = g.out.split('\n');
    expect(lines[0]).toBe(`::error title=kivi%3A pod_always_schedulable::pod_always_schedulable can be violated in 5 steps; the last: ${LAST}`);
    expect(lines).toContain(LAST);
  });
});
