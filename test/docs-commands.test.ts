/**
 * Every `kivi ...` command the README and docs/*.md show runs on a fresh checkout: each exits
 * with 0, 1 or 3 (never 2, a usage error, or a crash), and where its comment names the exit code
 * (`exit N`, `violation (exit 1)`), with that one. Commands run in a scratch folder with the
 * repository's examples/ linked in, and `deploy/kivi` (the folder the CI recipes in
 * docs/ci.md check) linked to examples/c3-config. A shell tail (`|| status=$?`) is cut off.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');

/** The README's command lines in fenced blocks: `kivi ARGS   # comment`, and `npx kivi ...`. */
export function readmeCommands(text: string): Array<{ args: string[]; comment: string }> {
  const out: Array<{ args: string[]; comment: string }> = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced) continue;
    const m = /^(?:npm ci && )?(?:npx )?kivi (.*?)\s*(?:#\s*(.*))?$/.exec(line);
    if (m) out.push({ args: m[1].split(/\s*(?:\|\||&&|[|;>])/)[0].split(/\s+/).filter((a) => a !== ''), comment: m[2] ?? '' });
  }
  return out;
}

/** The exit code a comment promises, if it names one. */
function promised(comment: string): number | undefined {
  const m = /exit (\d)\b/.exec(comment);
  return m ? Number(m[1]) : undefined;
}

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('the commands the README and docs/ show', () => {
  const commands = DOCS.flatMap((f) => readmeCommands(readFileSync(join(ROOT, f), 'utf8')).map((c) => ({ ...c, file: f })));

  it('are found (the quick start and the usage block)', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
    expect(commands[0].args).toEqual(['-c', 'c3', '-o']);
    expect(commands.some((c) => c.file === 'docs/scaling.md')).toBe(true);
    expect(commands.some((c) => c.file === 'docs/ci.md')).toBe(true);
  });

  it('parses a comment that names an exit code, and one that does not', () => {
    expect(readmeCommands('```\nkivi -c c3 -o -cn   # its variant: exit 0\n```\nkivi prose')).toEqual([{ args: ['-c', 'c3', '-o', '-cn'], comment: 'its variant: exit 0' }]);
    expect(readmeCommands('```\nnpx kivi -p d -o --output r.json || status=$?\n```')).toEqual([{ args: ['-p', 'd', '-o', '--output', 'r.json'], comment: '' }]);
    expect(promised('built-in case c3 at scale 3: violation (exit 1)')).toBe(1);
    expect(promised('show controller internals')).toBeUndefined();
  });

  const scratch = mkdtempSync(join(tmpdir(), 'kivi-readme-'));
  symlinkSync(join(ROOT, 'examples'), join(scratch, 'examples'));
  mkdirSync(join(scratch, 'deploy'));
  symlinkSync(join(ROOT, 'examples/c3-config'), join(scratch, 'deploy/kivi'));
  for (const { args, comment, file } of commands) {
    it(`${file}: kivi ${args.join(' ')}`, () => {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      const want = promised(comment);
      if (want !== undefined) expect(r.status).toBe(want);
      else expect([0, 1, 3]).toContain(r.status);
    });
  }
});
