/**
 * Shards of the scaling search (docs/scale-out.md): four `kivi ... --shard K/4` processes and
 * `kivi merge` give the answer of one run: verdict, exit code, failing setup, counterexample.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/check.js';
import { validate } from './json-schema.js';
import type { SetupOutcome } from '../src/scaling/search.js';
import { mergeShares, parseShard, shardSetups, type ScalingShare } from '../src/scaling/shard.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function kivi(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A process of its own per shard, all at once, as the pods of an Indexed Job. */
function shard(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', timeout: 120_000, env: { ...process.env, ...env } });
    p.on('exit', (code) => resolve(code));
  });
}

/** The report without the lines that measure time and memory. */
function stable(out: string): string {
  return out.split('\n').filter((l) => !/Elapsed time|Explored:/.test(l)).join('\n');
}

interface Json {
  verdict: string;
  exitCode: number;
  setup?: { index: number; description: string; checked: number; total: number };
  violations: unknown[];
}

async function shardsAndMerge(args: string[]): Promise<{ files: string[]; merged: ReturnType<typeof kivi>; mergedJson: Json }> {
  const dir = mkdtempSync(join(tmpdir(), 'kivi-shards-'));
  const files = [0, 1, 2, 3].map((k) => join(dir, `shard-${k}.json`));
  // Shard 3 takes its index from the Indexed Job's variable.
  const codes = await Promise.all([
    ...[0, 1, 2].map((k) => shard([...args, '--workers', '1', '--shard', `${k}/4`, '--format', 'json', '--output', files[k]])),
    shard([...args, '--workers', '1', '--shard-count', '4', '--format', 'json', '--output', files[3]], { JOB_COMPLETION_INDEX: '3' }),
  ]);
  // A shard's exit code says its share was written; the verdict is the merge's.
  expect(codes).toEqual([0, 0, 0, 0]);
  const merged = kivi(['merge', ...files.slice().reverse()]);
  const mergedJson = JSON.parse(kivi(['merge', ...files, '--format', 'json']).out) as Json;
  return { files, merged, mergedJson };
}

const SMALL = ['--max-nodes-per-type', '3', '--pods-per-node-cap', '2'];

describe('four shards merged equal one run', () => {
  const cases: Array<{ name: string; args: string[]; code: number }> = [
    // c3: five replicas spread over two zones with maxSkew 1; the scaling search finds the
    // violation at {zone-1: 1, zone-2: 2, 6 replicas}, setup 70 (test/scaling.test.ts).
    { name: 'c3 (violated)', args: ['-c', 'c3'], code: 1 },
    // c3 -cn holds in every setup (one spread constraint only). A shard never tries the proof for
    // every size, so the merge answers as one run without it (--no-fixpoint).
    { name: 'c3 -cn (holds)', args: ['-c', 'c3', '-cn', '--no-fixpoint', ...SMALL], code: 0 },
    // A state limit makes setups inconclusive before the violation: still violated.
    { name: 'c3 --max-states 60 (inconclusive setups, then a violation)', args: ['-c', 'c3', '--max-states', '60'], code: 1 },
    // A state limit and no violation: inconclusive.
    { name: 'c3 -cn --max-states 100 (inconclusive)', args: ['-c', 'c3', '-cn', '--max-states', '100', ...SMALL], code: 3 },
    // -a: every violating setup, from every shard, in global order.
    { name: 'c3 -a (all violations)', args: ['-c', 'c3', '-a', '--max-nodes-per-type', '2', '--pods-per-node-cap', '2'], code: 1 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const single = kivi([...c.args, '--workers', '1']);
      const singleJson = JSON.parse(kivi([...c.args, '--workers', '1', '--format', 'json']).out) as Json;
      expect(single.code).toBe(c.code);
      const { merged, mergedJson } = await shardsAndMerge(c.args);
      expect(merged.code).toBe(single.code);
      expect(stable(merged.out)).toBe(stable(single.out));
      expect(mergedJson.verdict).toBe(singleJson.verdict);
      expect(mergedJson.exitCode).toBe(singleJson.exitCode);
      expect(mergedJson.setup).toEqual(singleJson.setup);
      expect(mergedJson.violations).toEqual(singleJson.violations);
    }, 240_000);
  }
});

describe('kivi merge refuses what is not one search', () => {
  it('a missing shard, a repeated one, or shards of different inputs: exit 2 naming the problem', async () => {
    const { files } = await shardsAndMerge(['-c', 'c3', '-cn', ...SMALL]);
    const missing = kivi(['merge', files[0], files[1], files[3]]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('shard 2 of 4 missing');
    const twice = kivi(['merge', files[0], files[1], files[1], files[2], files[3]]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('are both shard 1/4');
    const dir = mkdtempSync(join(tmpdir(), 'kivi-shards-'));
    const other = join(dir, 'other.json');
    expect(kivi(['-c', 'c3', '--workers', '1', ...SMALL, '--shard', '2/4', '--format', 'json', '--output', other]).code).toBe(0);
    const mixed = kivi(['merge', files[0], files[1], other, files[3]]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('checked different inputs or options');
    const notShard = join(dir, 'plain.json');
    kivi(['-c', 'c3', '-cn', ...SMALL, '--workers', '1', '--format', 'json', '--output', notShard]);
    const plain = kivi(['merge', notShard]);
    expect(plain.code).toBe(2);
    expect(plain.err).toContain('not a shard\'s result');
    // A shard's file is a JSON report (valid against the schema) with the share in `shard`.
    const share0 = JSON.parse(readFileSync(files[0], 'utf8'));
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../schema/kivi-report.schema.json', import.meta.url)), 'utf8'));
    expect(validate(schema, share0)).toEqual([]);
    expect(share0.shard.setups).toEqual(shardSetups(share0.shard.totalSetups, 0, 4));
  }, 240_000);

  it('--shard needs --format json and a valid index', () => {
    expect(kivi(['-c', 'c3', '--shard', '1/4']).err).toContain('add --format json');
    const r = kivi(['-c', 'c3', '--shard', '4/4', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not below the number of shards 4');
    expect(kivi(['-c', 'c3', '--shard-count', '4', '--format', 'json'], { JOB_COMPLETION_INDEX: '' }).code).toBe(2);
  });
});

describe('mergeShares', () => {
  const result = (status: CheckResult['status']): CheckResult => ({ status, cluster: 'x', intents: [], failures: [], stats: { states: 1 } as CheckResult['stats'] });
  const outcome = (index: number, status: CheckResult['status']): SetupOutcome => ({ index, setup: { nodes: [index], deployments: [1] }, description: `s${index}`, result: result(status) });
  /** Shard k of 2 over 6 setups with the given statuses (of its setups, in order). */
  function share(k: number, statuses: Array<CheckResult['status']>): ScalingShare {
    const os = statuses.map((s, j) => outcome(k + 2 * j, s));
    return {
      index: k, count: 2, input: 'i', setupsDigest: 'd', totalSetups: 6, all: false, setups: shardSetups(6, k, 2), seconds: 1,
      outcomes: os.map((o) => ({ index: o.index, description: o.description, status: o.result.status, states: 1 })),
      failing: os.filter((o) => o.result.status === 'violated'),
      inconclusive: os.filter((o) => o.result.status === 'inconclusive'),
    };
  }

  it('the smallest violating setup wins, and only setups up to it count', () => {
    // Shard 0 owns 0, 2, 4 and violates at 4; shard 1 owns 1, 3, 5 and violates at 3. One run
    // stops at setup 3: setups 0..3 checked, 4 and 5 do not count.
    const r = mergeShares([share(0, ['holds', 'holds', 'violated']), share(1, ['holds', 'violated'])], ['a', 'b']);
    if (typeof r === 'string') throw new Error(r);
    expect(r.status).toBe('violated');
    expect(r.failing.map((f) => f.index)).toEqual([3]);
    expect(r.checked).toBe(4);
    expect(r.outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3]);
  });

  it('an inconclusive setup after the answer does not count; one before it is listed but the answer stays violated', () => {
    // Setup 1 inconclusive (before the violation at 2), setup 3 inconclusive (after it).
    const r = mergeShares([share(0, ['holds', 'violated']), share(1, ['inconclusive', 'inconclusive', 'holds'])], ['a', 'b']);
    if (typeof r === 'string') throw new Error(r);
    expect(r.status).toBe('violated');
    expect(r.inconclusive.map((o) => o.index)).toEqual([1]);
  });

  it('without a violation an inconclusive shard makes the whole inconclusive', () => {
    const r = mergeShares([share(0, ['holds', 'holds', 'holds']), share(1, ['holds', 'inconclusive', 'holds'])], ['a', 'b']);
    if (typeof r === 'string') throw new Error(r);
    expect(r.status).toBe('inconclusive');
    expect(r.checked).toBe(6);
  });

  it('a shard stopped by its time limit: setups from its first unchecked one on do not count', () => {
    // Shard 1 checked setup 1 and then hit --timeout: setups 3 and 5 are unknown. One run would
    // have stopped before setup 3 too, so the violation at setup 4 of shard 0 cannot be the
    // answer: inconclusive, with setups 0..2 checked.
    const stopped = { ...share(1, ['holds']), limit: 'time' as const };
    const r = mergeShares([share(0, ['holds', 'holds', 'violated']), stopped], ['a', 'b']);
    if (typeof r === 'string') throw new Error(r);
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('time');
    expect(r.checked).toBe(3);
    // A violation before the unknown setups decides it.
    const early = mergeShares([share(0, ['violated']), stopped], ['a', 'b']);
    if (typeof early === 'string') throw new Error(early);
    expect(early.status).toBe('violated');
    expect(early.failing.map((f) => f.index)).toEqual([0]);
  });

  it('a share that stopped early without a violation is refused', () => {
    expect(mergeShares([share(0, ['holds']), share(1, ['holds', 'holds', 'holds'])], ['a', 'b'])).toMatch(/^a: checked 1 of its 3 setups/);
  });

  it('parses INDEX/COUNT and the Indexed Job variable', () => {
    expect(parseShard('1/4', undefined, undefined)).toEqual({ index: 1, count: 4 });
    expect(parseShard('/4', undefined, '2')).toEqual({ index: 2, count: 4 });
    expect(parseShard('', 3, '0')).toEqual({ index: 0, count: 3 });
    expect(parseShard('1/4', 3, undefined)).toMatch(/disagree/);
    expect(parseShard('x', undefined, undefined)).toMatch(/expects INDEX\/COUNT/);
    expect(parseShard('', 3, undefined)).toMatch(/JOB_COMPLETION_INDEX/);
  });
});
