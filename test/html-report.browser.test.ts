/**
 * `npm run test:browser`: the --report HTML page renders every step in headless Chromium (Debian's
 * `chromium`, which .ci/run installs) and loads nothing from the network. Without Chromium this
 * fails, never skips. The report of a cluster that holds needs no browser: html-report.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function chromium(args: string[]): string {
  if (!CHROMIUM) throw new Error('Debian\'s chromium is not installed: .ci/run installs it (apt-get install chromium)');
  const profile = mkdtempSync(join(tmpdir(), 'kivi-chromium-'));
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr.slice(-500)}`);
  return r.stdout;
}

describe('--report FILE.html', () => {
  it('writes a self-contained page that renders every step with a cluster picture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-report-'));
    const file = join(dir, 'c3.html');
    const run = spawnSync(process.execPath, [BIN, '-c', 'c3', '-o', '--report', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(/); // nothing to fetch
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    const dom = chromium(['--dump-dom', `file://${file}`]);
    const steps = [...dom.matchAll(/<div class="step( last)?" data-step="(\d+)">/g)];
    expect(steps.map((m) => Number(m[2]))).toEqual([0, 1, 2, 3]);
    expect(steps.at(-1)![1]).toBe(' last');
    expect((dom.match(/<div class="cluster">/g) ?? []).length).toBe(4);
    expect(dom).toContain("[4] No feasible node for pod app-6: 0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.");
    expect(dom).toContain('<span class="pod pending">app-6</span>');
    // Lanes: one per process that printed something.
    expect([...dom.matchAll(/<th>([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(['eventCpuChange(app)', 'hpa', 'deploymentController', 'scheduler']);
    // And it draws: a screenshot comes out.
    const png = join(dir, 'c3.png');
    chromium(['--window-size=1400,900', `--screenshot=${png}`, `file://${file}`]);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);
});
