/** --format sarif validates against the SARIF 2.1.0 schema and points at the manifest. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
// The OASIS SARIF 2.1.0 schema (rtm.5), as shipped by @microsoft/jest-sarif.
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/sarif-2.1.0-rtm.5.json', import.meta.url)), 'utf8'));
const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

function sarif(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'sarif'], { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  return { code: r.status, log: JSON.parse(r.stdout) };
}

describe('--format sarif', () => {
  it('a violation: valid SARIF 2.1.0, one result at the deployment\'s manifest with the counterexample as a code flow', () => {
    const { code, log } = sarif('-p', 'examples/descheduler-loop', '-o');
    expect(code).toBe(1);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['no_oscillation_eviction', 'pod_always_schedulable']);
    expect(run.results).toHaveLength(1);
    const result = run.results[0];
    expect(result.ruleId).toBe('no_oscillation_eviction');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/descheduler-loop/yaml/worker.yaml');
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    const flow = result.codeFlows[0].threadFlows[0].locations.map((l: { location: { message: { text: string } } }) => l.location.message.text);
    expect(flow.at(-1)).toContain('[checkEvictionCycle] Pods are being scheduled and descheduled in deployment worker!');
  });

  it('a cluster that holds: valid, no results; built-in cases have no file, so results carry a message location', () => {
    const ok = sarif('-c', 'c3', '-o', '-cn');
    expect(ok.code).toBe(0);
    expect(validate(ok.log), JSON.stringify(validate.errors)).toBe(true);
    expect(ok.log.runs[0].results).toEqual([]);
    const bad = sarif('-c', 'c4', '-o');
    expect(validate(bad.log), JSON.stringify(validate.errors)).toBe(true);
    expect(bad.log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['no_kernel_panic', 'pod_always_schedulable']);
  });

  it('the validator rejects a log that is not SARIF 2.1.0', () => {
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });
});
