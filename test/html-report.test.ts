/**
 * --report without a browser. The rendering in headless Chromium is html-report.browser.test.ts
 * (`npm run test:browser`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

describe('--report FILE.html', () => {
  it('a report for a cluster that holds says there is nothing to show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kivi-report-'));
    const file = join(dir, 'ok.html');
    expect(spawnSync(process.execPath, [BIN, '-c', 'c3', '-o', '-cn', '--report', file], { timeout: 120_000 }).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('No counterexample: nothing to show.');
  });
});
