/**
 * The smaller reproductions of issue 15 (item 9; docs/reliability.md, "Usage errors" and
 * "Library calls"): each mistake is an error naming the right file, object, field or option,
 * exit 2 from the CLI and an InputError from the library, never a TypeError or an option
 * silently ignored.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, loadCase } from '../src/api.js';
import { findLoop, simulateCluster } from '../src/check.js';
import { InputError } from '../src/model/errors.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { MAX_WORKERS, scalingSearch } from '../src/scaling/search.js';
import { kiviRun } from './reliability-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kivi-usage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of examples/ha-anti-affinity (three 4-CPU nodes, web with 3 replicas) to break. */
function folder(name: string): string {
  const dir = join(tmp, name);
  cpSync(new URL('../examples/ha-anti-affinity', import.meta.url), dir, { recursive: true });
  return dir;
}

describe('errors name the file they are in', () => {
  it('a Pod on a node that does not exist is blamed on its manifest, not on the profile', async () => {
    // A Pod with spec.nodeName is bound to that node by the API server without the scheduler
    // (pkg/registry/core/pod: the binding names the node); a node kivi has no Node for is an
    // error in the Pod's manifest: yaml/stray.yaml, line 1, object Pod "stray".
    const dir = folder('missing-node');
    writeFileSync(
      join(dir, 'yaml/stray.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\nspec:\n  nodeName: nowhere\n  containers:\n  - name: c\n    image: x\n',
    );
    const r = await kiviRun('-p', dir, '-o');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kivi: ${join(dir, 'yaml/stray.yaml')}: Pod/stray: spec.nodeName: node "nowhere" does not exist (line 1)\n`);
    // The scaling search said nothing and checked the clusters without the pod (exit 1 or 3).
    const scaling = await kiviRun('-p', dir, '--workers', '1');
    expect(scaling.code).toBe(2);
    expect(scaling.err).toBe(`kivi: ${join(dir, 'yaml/stray.yaml')}: Pod/stray: spec.nodeName: node "nowhere" does not exist\n`);
  });

  it('a Deployment pinned to a node that does not exist is named as its manifest names it', async () => {
    // The ReplicaSet's pods would carry spec.nodeName: nowhere and never run (no kubelet claims
    // them); the mistake is in the Deployment's pod template, said with the manifest's names
    // (it said PodTemplate/web: nodeName, kivi's own names), by -o and the scaling search alike.
    const dir = folder('pinned-template');
    const file = join(dir, 'yaml/web.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/\n    spec:\n/, '\n    spec:\n      nodeName: nowhere\n'));
    const r = await kiviRun('-p', dir, '-o');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kivi: .*yaml\/web\.yaml: Deployment\/web: spec\.template\.spec\.nodeName: node "nowhere" does not exist \(line \d+\)\n$/);
    const scaling = await kiviRun('-p', dir, '--workers', '1');
    expect(scaling.code).toBe(2);
    expect(scaling.err).toMatch(/^kivi: .*yaml\/web\.yaml: Deployment\/web: spec\.template\.spec\.nodeName: node "nowhere" does not exist\n$/);
  });

  it('a negative minSize is blamed on the profile field, not on a manifest\'s replicas', async () => {
    const dir = folder('negative-min');
    const profile = join(dir, 'user_input/cluster_configs.json');
    writeFileSync(profile, JSON.stringify({ nodesTypes: [{ template: { name: 'pool', cpu: 4, memory: 8 }, num: 3 }], dTypes: [{ name: 'web', num: 3, minSize: -1 }] }));
    for (const mode of [['-o'], []]) {
      const r = await kiviRun('-p', dir, ...mode);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`kivi: ${profile}: dTypes[0]: minSize: must be an integer >= 0, got -1\n`);
    }
    writeFileSync(profile, JSON.stringify({ nodesTypes: [{ template: { name: 'pool', cpu: 4, memory: 8 }, num: 3, minSize: -2 }], dTypes: [{ name: 'web', num: 3 }] }));
    const r = await kiviRun('-p', dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kivi: ${profile}: nodesTypes[0]: minSize: must be an integer >= 0, got -2\n`);
  });
});

describe('usage errors: exit 2, one line naming the option', () => {
  // Object.prototype's names are not flags nor cases: before, `-c __proto__` looked up the
  // legacy-flag table and found Object.prototype ("[object Object]").
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('-c %s: unknown case', async (id) => {
    const r = await kiviRun('-c', id, '-o');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kivi: --case: unknown case "${id}"; the built-in cases are c1, c2, c3, c4, c5, c6, c7, c8\n`);
    expect(r.out).toBe('');
  });

  it('an Object.prototype name as a flag is an unknown option', async () => {
    const r = await kiviRun('-c', 'c1', '-o', '__proto__');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unexpected argument "__proto__"');
  });

  it.each([
    [['-si', '-l'], '--simulation and --loop cannot be combined: choose one'],
    [['-r', '-l'], '--loop and --random cannot be combined: choose one'],
    [['-si', '-r'], '--simulation and --random cannot be combined: choose one'],
  ])('conflicting modes %j: an error naming both', async (modes, message) => {
    const r = await kiviRun('-c', 'c1', '-o', ...modes);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kivi: ${message}\n`);
  });

  it('--workers above the allowed range names the range', async () => {
    const r = await kiviRun('-c', 'c1', '--workers', '100');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kivi: option '--workers <n>' argument '100' is invalid. expected an integer from 1 to ${MAX_WORKERS} (twice the cores, at least 4), got "100" (kivi --help lists the options)\n`);
    expect((await kiviRun('-c', 'c1', '--workers', '0')).code).toBe(2);
  });

  it.each([
    ['--timeout', 'NaN'], ['--timeout', '-1'], ['--timeout', '0'], ['--timeout', 'abc'], ['--timeout', 'Infinity'],
    ['--max-memory', 'NaN'], ['--max-memory', '-5'], ['--max-memory', '64'], ['--max-memory', '1e3'], ['--max-memory', '200.5'],
    ['--max-states', 'NaN'], ['--max-states', '0'], ['--max-states', '-1'], ['--max-states', '9007199254740993'],
    ['--max-depth', '-1'], ['--max-depth', 'x'], ['--steps', '0'], ['--runs', '-2'], ['--seed', '-1'], ['--intents-group', '1.5'],
    ['--search', 'astar'], ['--search', 'BFS'], ['--format', 'xml'], ['--verbose-level', 'high'], ['--workers', '1.5'],
  ])('%s %s: exit 2 naming the option', async (flag, value) => {
    const r = await kiviRun('-c', 'c1', '-o', flag, value);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).toMatch(new RegExp(`^kivi: option '(-\\w, )?${flag} `));
    expect(r.out).toBe('');
  });
});

describe('library calls: an InputError, never a TypeError', () => {
  async function inputError(call: () => unknown): Promise<InputError> {
    try {
      await call();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error('expected an InputError, the call returned');
  }

  it.each([null, undefined, 'c1', 5, [], true])('check(%j)', async (arg) => {
    const e = await inputError(() => check(arg as never));
    expect(e.object).toBe('check()');
    expect(e.field).toBe('cluster');
  });

  it('check() of an object that is not a cluster names the missing list', async () => {
    expect((await inputError(() => check({} as never))).message).toBe('check(): cluster.nodes: must be an array, got undefined');
    expect((await inputError(() => check({ ...loadCase('c1'), deployments: 'web' } as never))).field).toBe('cluster.deployments');
  });

  it.each([
    [{ maxStates: Number.NaN }, 'options.maxStates: must be an integer >= 1, got NaN'],
    [{ maxStates: -1 }, 'options.maxStates: must be an integer >= 1, got -1'],
    [{ maxStates: 2.5 }, 'options.maxStates: must be an integer >= 1, got 2.5'],
    [{ maxDepth: -1 }, 'options.maxDepth: must be an integer >= 0, got -1'],
    [{ timeLimitMs: Number.NaN }, 'options.timeLimitMs: must be a number of milliseconds >= 0, got NaN'],
    [{ timeLimitMs: '10' }, 'options.timeLimitMs: must be a number of milliseconds >= 0, got "10"'],
    [{ maxMemoryBytes: 0 }, 'options.maxMemoryBytes: must be a number of bytes > 0, got 0'],
    [{ deadline: Number.NaN }, 'options.deadline: must be a time in Date.now() milliseconds, got NaN'],
    [{ strategy: 'astar' }, 'options.strategy: must be "bfs" or "dfs", got "astar"'],
    [{ signal: 'stop' }, 'options.signal: must be an AbortSignal, got "stop"'],
    [{ allowUnmodelled: 'yes' }, 'options.allowUnmodelled: must be true or false, got "yes"'],
    [{ symmetry: 'no' }, 'options.symmetry: must be true or false, got "no"'],
  ])('check(c1, %j)', async (opts, message) => {
    expect((await inputError(() => check(loadCase('c1'), opts as never))).message).toBe(`check(): ${message}`);
  });

  it('check(c1, null) and findLoop/simulateCluster/scalingSearch with wrong arguments', async () => {
    expect((await inputError(() => check(loadCase('c1'), null as never))).message).toBe('check(): options: expected an object of options, got null');
    expect((await inputError(() => findLoop(null as never))).object).toBe('findLoop()');
    expect((await inputError(() => findLoop(loadCase('c1'), { maxStates: 0 }))).field).toBe('options.maxStates');
    expect((await inputError(() => simulateCluster(loadCase('c1'), Number.NaN))).field).toBe('options.seed');
    expect((await inputError(() => scalingSearch(null as never))).object).toBe('scalingSearch()');
    const t = scalingTemplate(loadCase('c1'));
    expect((await inputError(() => scalingSearch(t, { workers: 0 }))).field).toBe('workers');
    expect((await inputError(() => scalingSearch(t, { workers: MAX_WORKERS + 1 }))).field).toBe('workers');
    expect((await inputError(() => scalingSearch(t, { check: { maxStates: Number.NaN } }))).field).toBe('options.maxStates');
  });

  it.each([null, undefined, 5, {}])('loadCase(%j)', async (id) => {
    expect((await inputError(() => loadCase(id as never))).field).toBe('--case');
  });

  it('valid options still work: Infinity as "no limit", an already expired time limit', async () => {
    expect((await check(loadCase('c3'), { maxStates: Number.POSITIVE_INFINITY })).status).toBe('violated');
    const expired = await check(loadCase('c1', { nonViolation: true }), { timeLimitMs: 0 });
    expect(expired.status).toBe('inconclusive');
  });
});
