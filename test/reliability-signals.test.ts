/**
 * Cancellable (issue 15, reproductions 3 and 7; docs/reliability.md, "Signals and aborts"): the
 * search yields to the event loop every few milliseconds of work, so an AbortSignal fired while
 * it runs stops it; the first SIGINT or SIGTERM stops the CLI's search, which still writes what
 * was asked for, marked "interrupted, not a proof", and exits 130 or 143.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, loadCase } from '../src/api.js';
import { findLoop } from '../src/check.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { scalingSearch } from '../src/scaling/search.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kivi-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Aborts `ac` once the event loop gets a turn after `states` were reported by a running search. */
function abortWhenRunning(ac: AbortController): void {
  // A timer only fires when the search yields: before the fix it never did, and the search ran
  // to its end ("holds").
  setTimeout(() => ac.abort(), 30);
}

describe('reproduction 3: an AbortSignal fired while check() runs', () => {
  // c1 -cn at scale 200 holds after a long search (millions of states); aborted, it stops.
  it('stops the search: inconclusive, limit aborted, never "holds"', async () => {
    const ac = new AbortController();
    abortWhenRunning(ac);
    // The search, not the capacity proof that answers c1 -cn at once (docs/model.md §8.2.8).
    const r = await check(loadCase('c1', { scale: 200, nonViolation: true }), { signal: ac.signal, capacityProof: false });
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBe('aborted');
  });

  it('stops loop detection and the scaling search (its worker threads through a shared stop flag)', async () => {
    const ac = new AbortController();
    abortWhenRunning(ac);
    const loop = await findLoop(loadCase('c1', { scale: 200, nonViolation: true }), { signal: ac.signal });
    expect(loop.status).toBe('inconclusive');
    expect(loop.limit).toBe('aborted');
    for (const workers of [1, 2]) {
      const ac2 = new AbortController();
      abortWhenRunning(ac2);
      const r = await scalingSearch(scalingTemplate(loadCase('c3', { scale: 3, nonViolation: true })), { workers, check: { signal: ac2.signal } });
      expect(r.status, `${workers} workers`).toBe('inconclusive');
      expect(r.checked).toBeLessThan(r.totalSetups);
    }
  });
});

/** Runs the CLI, sends `signals` once it has started searching, and resolves with how it ended. */
function interrupted(args: string[], signals: NodeJS.Signals[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // The search of c1 -cn at scale 200 runs for minutes; a second in, it is searching.
    setTimeout(() => signals.forEach((s) => child.kill(s)), 1000);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('reproduction 7: SIGINT and SIGTERM', () => {
  // A search that runs for tens of seconds (c1's start-up spike made c1 -cn at 200 finish in
  // 0.3 s; c8 -cn -o at 200 ends in under a second since the scheduler's tie classes up to the
  // symmetry, docs/model.md §8.11.7; c1 -cn -o at 100 is inconclusive after 60 s).
  // --no-capacity-proof: the search, not the count that answers c1 -cn at once (docs/model.md §8.2.8).
  const args = ['-c', 'c1', '-cn', '-s', '100', '-o', '--no-capacity-proof'];

  it('SIGINT: the report and the requested files are written, marked interrupted; exit 130', async () => {
    const json = join(dir, 'int.json');
    const r = await interrupted([...args, '--json', json], ['SIGINT']);
    expect(r.code).toBe(130);
    expect(r.out).toContain('Inconclusive: interrupted, not a proof.');
    expect(r.err).toContain('kivi: SIGINT: stopping the search');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ verdict: 'inconclusive', limit: 'aborted' });
  });

  it('SIGTERM: exit 143, the report written', async () => {
    const r = await interrupted(args, ['SIGTERM']);
    expect(r.code).toBe(143);
    expect(r.out).toContain('interrupted, not a proof');
  });

  it('a second signal ends the process at once: exit 130, nothing more', async () => {
    const out = join(dir, 'twice.txt');
    const r = await interrupted([...args, '--output', out], ['SIGINT', 'SIGINT']);
    expect(r.code).toBe(130);
  });
});
