/** kivi as a library: the public API, and the package imported by its name as a user would. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, InputError, loadCase, loadConfigFolder } from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('check()', () => {
  it('resolves to status, violations with indexed steps, and statistics', async () => {
    const r = await check(loadCase('c3'));
    expect(r.status).toBe('violated');
    expect(r.intents).toEqual(['pod_always_schedulable']);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0];
    expect(v.intent).toBe('pod_always_schedulable');
    const shown = v.steps.filter((s) => s.level === 1);
    expect(shown.at(-1)).toMatchObject({ component: 'Scheduler - no_feasible_node', message: "No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.", process: 'scheduler' });
    v.steps.forEach((s, i) => expect(s.index).toBe(i));
    // 95 states without the symmetry reduction (docs/model.md §8.11), which merges renamed ones.
    expect(r.stats.states).toBe(59);
  });

  it('holds for the non-violating variant', async () => {
    expect((await check(loadCase('c3', { nonViolation: true }))).status).toBe('holds');
  });

  it('accepts an AbortSignal: an aborted search is inconclusive, never "holds"', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await check(loadCase('c1', { scale: 200, nonViolation: true }), { signal: ac.signal });
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('aborted');
  });

  it('throws an InputError naming file, object and field for bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-api-'));
    mkdirSync(join(dir, 'yaml'));
    writeFileSync(join(dir, 'yaml', 'd.yaml'), 'kind: Deployment\nmetadata: {name: web}\nspec: {replicas: -1}\n');
    expect(() => loadConfigFolder(dir)).toThrow(InputError);
    expect(() => loadConfigFolder(dir)).toThrow(/d\.yaml: Deployment\/web: spec\.replicas/);
  });
});

describe('the package', () => {
  it('imports by its name from a separate folder, checks c3, and prints nothing itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-user-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'kivi'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    writeFileSync(
      join(dir, 'use.mjs'),
      "import { check, loadCase, loadConfigFolder, loadLogs } from 'kivi';\n" +
        "const r = await check(loadCase('c3'));\n" +
        "process.stdout.write(JSON.stringify({ status: r.status, loaders: [typeof loadConfigFolder, typeof loadLogs] }));\n",
    );
    const out = execFileSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(out)).toEqual({ status: 'violated', loaders: ['function', 'function'] });
  });
});
