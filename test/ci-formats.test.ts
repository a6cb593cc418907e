/** --format junit and --format github, as a CI step reads them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function kivi(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, cwd: ROOT, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A strict enough XML check: one root, balanced tags, quoted attributes, escaped text. */
function parseXml(xml: string): Array<{ name: string; attrs: Record<string, string> }> {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  const elements: Array<{ name: string; attrs: Record<string, string> }> = [];
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let roots = 0;
  let pos = 0;
  while ((m = re.exec(body)) !== null) {
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(m[5])) throw new Error(`unescaped & in text: ${m[5].slice(0, 40)}`);
      continue;
    }
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    if (stack.length === 0) roots++;
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    elements.push({ name, attrs });
    if (!selfClose) stack.push(name);
  }
  if (pos !== body.length) throw new Error(`unparsed: ${body.slice(pos, pos + 40)}`);
  if (stack.length !== 0 || roots !== 1) throw new Error('not one balanced root element');
  return elements;
}

describe('--format junit', () => {
  it('one test case per intent; a violated intent fails with its counterexample', () => {
    const r = kivi(['-c', 'c4', '-o', '--format', 'junit']);
    expect(r.code).toBe(1);
    const els = parseXml(r.out.trim());
    expect(els[0]).toMatchObject({ name: 'testsuites', attrs: { tests: '2', failures: '2', errors: '0' } });
    expect(els.filter((e) => e.name === 'testcase').map((e) => e.attrs.name)).toEqual(['no_kernel_panic', 'pod_always_schedulable']);
    expect(r.out).toContain('[kernel_panic] Kernel panic happened multiple times at node node-1.');
  });

  it('a holding cluster passes; an unfinished search is an error, never a pass', () => {
    const ok = kivi(['-c', 'c3', '-o', '-cn', '--format', 'junit']);
    expect(ok.code).toBe(0);
    expect(parseXml(ok.out.trim())[0].attrs).toMatchObject({ failures: '0', errors: '0' });
    const cut = kivi(['-c', 'c3', '-o', '-cn', '--max-states', '10', '--format', 'junit']);
    expect(cut.code).toBe(3);
    expect(parseXml(cut.out.trim())[0].attrs).toMatchObject({ failures: '0', errors: '1' });
  });

  it('the scaling search has one test case per setup checked', () => {
    const r = kivi(['-c', 'c1', '--workers', '1', '--format', 'junit']);
    const els = parseXml(r.out.trim());
    const tcs = els.filter((e) => e.name === 'testcase');
    expect(tcs.map((e) => e.attrs.name)).toEqual(['setup #1 {node nodes: 1, app replicas: 1}', 'setup #2 {node nodes: 1, app replicas: 2}', 'setup #3 {node nodes: 1, app replicas: 3}']);
    expect(els.filter((e) => e.name === 'failure')).toHaveLength(1);
  });
});

describe('--format github', () => {
  it('annotates each violated intent at its manifest, escaped, and writes the step summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-gh-'));
    const summary = join(dir, 'summary.md');
    const r = kivi(['-p', 'examples/descheduler-loop', '-o', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=examples\/descheduler-loop\/yaml\/worker\.yaml,line=\d+,title=kivi%3A no_oscillation_eviction::no_oscillation_eviction can be violated in \d+ steps; the last: /);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## kivi: descheduler-loop');
    expect(md).toContain('### no_oscillation_eviction');
    expect(md).toContain('[checkEvictionCycle] Pods are being scheduled and descheduled in deployment worker!');
  });

  it('puts the intents the user named first and a warning for an unfinished search', () => {
    const r = kivi(['-c', 'c4', '-o', '--format', 'github']);
    const errors = r.out.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors[0]).toContain('title=kivi%3A no_kernel_panic');
    expect(errors.length).toBeLessThanOrEqual(10);
    const cut = kivi(['-c', 'c3', '-o', '-cn', '--max-states', '10', '--format', 'github']);
    expect(cut.code).toBe(3);
    expect(cut.out).toContain('::warning title=kivi%3A inconclusive::');
  });
});
