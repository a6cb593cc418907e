/**
 * The published package, as a user gets it: `npm pack`, then `npm install` of the tarball in a
 * scratch project. The tarball must hold LICENSE, the examples the README uses and the report
 * schema, and no source maps that point at a src/ it does not ship; the CLI, the library, the
 * schema export and the kubectl plugin must work from the install. The kubectl part runs
 * Debian's kubectl (CI installs it; `.ci/run`).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}

describe('the npm package', () => {
  let files: string[] = [];
  let project = '';
  let bin = '';

  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), 'kivi-pack-'));
    const pack = sh('npm', ['pack', '--json', '--pack-destination', packDir], ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const info = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info[0].files.map((f) => f.path);
    project = mkdtempSync(join(tmpdir(), 'kivi-user-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', version: '1.0.0', type: 'module', private: true }));
    const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(packDir, info[0].filename)], project);
    expect(install.status, install.stderr).toBe(0);
    bin = join(project, 'node_modules/.bin');
  }, 600_000);

  it('holds LICENSE, the README, the examples and the schema, and no source maps', () => {
    expect(files).toContain('LICENSE');
    expect(files).toContain('README.md');
    expect(files).toContain('schema/kivi-report.schema.json');
    expect(files).toContain('examples/c3-config/README.md');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/require.cjs');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('runs the CLI from the install: c3 is a violation (exit 1), an example folder from the package too', () => {
    const c3 = sh(join(bin, 'kivi'), ['-c', 'c3', '-o'], project);
    expect(c3.status).toBe(1);
    expect(c3.stdout).toContain('Violating intent(s): pod_always_schedulable');
    const ex = sh(join(bin, 'kivi'), ['-p', 'node_modules/kivi/examples/c3-config', '-o'], project);
    expect(ex.status).toBe(1);
    expect(sh(join(bin, 'kivi'), ['--version'], project).stdout.trim()).toBe(VERSION);
  });

  it('imports the library and the schema; require() gets a clear message', () => {
    const script = [
      "import { check, loadCase, scalingSearch, jsonReport } from 'kivi';",
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "const schema = require('kivi/schema/kivi-report.schema.json');",
      "const r = await check(loadCase('c3'));",
      "let msg = '';",
      "try { require('kivi'); } catch (e) { msg = e.message; }",
      "console.log(JSON.stringify({ status: r.status, scaling: typeof scalingSearch, json: typeof jsonReport, schema: typeof schema.$schema, msg }));",
    ].join('\n');
    writeFileSync(join(project, 'use.mjs'), script);
    const run = sh(process.execPath, ['use.mjs'], project);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    expect(out.status).toBe('violated');
    expect(out.scaling).toBe('function');
    expect(out.json).toBe('function');
    expect(out.schema).toBe('string');
    expect(out.msg).toMatch(/kivi is an ES module/);
  });

  it('is a kubectl plugin: kubectl finds kubectl-kivi on PATH and runs it', () => {
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const list = sh('kubectl', ['plugin', 'list'], project, env);
    expect(list.error, 'kubectl is needed for this test (Debian: apt-get install kubernetes-client)').toBeUndefined();
    expect(list.stdout).toContain(join(bin, 'kubectl-kivi'));
    const version = sh('kubectl', ['kivi', '--version'], project, env);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const c3 = sh('kubectl', ['kivi', '-c', 'c3', '-o'], project, env);
    expect(c3.status).toBe(1);
  });
});
