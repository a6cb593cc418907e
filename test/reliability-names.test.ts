/**
 * Names are data (issue 15, reproduction 8; docs/reliability.md, "Names are data"): names are
 * validated as Kubernetes validates them, control characters never reach a terminal raw, and
 * the GitHub format escapes workflow-command data as GitHub documents.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCase } from '../src/cases/index.js';
import { checkCluster } from '../src/check.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { printable } from '../src/model/printable.js';
import { escData, escProp, githubReport } from '../src/report/github.js';
import { junitReport } from '../src/report/junit.js';
import { textReport } from '../src/report/text.js';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from '../src/parsers/names.js';
import { kiviRun } from './reliability-helpers.js';

const EVIL = 'web\n::error file=evil::owned\r\x1b[31m';

const dir = mkdtempSync(join(tmpdir(), 'kivi-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** c3 with its deployment (and everything that names it) renamed, as a library user could pass it. */
function c3Named(name: string): ClusterSpec {
  return JSON.parse(JSON.stringify(loadCase('c3', { scale: 3 })).replaceAll('"app"', JSON.stringify(name))) as ClusterSpec;
}

describe('reproduction 8: a name that would inject workflow commands', () => {
  it('in a manifest: exit 2 (not a DNS-1123 subdomain), the error on one line with the name escaped', async () => {
    const folder = join(dir, 'evil');
    mkdirSync(join(folder, 'yaml'), { recursive: true });
    writeFileSync(
      join(folder, 'yaml', 'web.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${JSON.stringify(EVIL)}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web}]}\n`,
    );
    const r = await kiviRun('-p', folder, '-o');
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.err).not.toMatch(/^::/m);
    expect(r.err).toContain('is not a lowercase RFC 1123 subdomain');
  });

  // A spec from the library skips the loaders: the reports still print no raw control character.
  it('text, GitHub and JUnit reports of a cluster whose deployment has that name: no line starts a workflow command, no raw control character', async () => {
    const result = await checkCluster(c3Named(EVIL));
    expect(result.status).toBe('violated');
    const spec = c3Named(EVIL);
    const g = githubReport(result, spec);
    const outputs = [textReport(result, { verbosity: 2, elapsedSeconds: 0 }), g.annotations, g.summary, junitReport(result)];
    for (const text of outputs) {
      for (const line of text.split('\n')) {
        expect(line, line).not.toMatch(/^\s*::error file=evil/);
        expect(line).not.toMatch(/[\r\x1b]/);
      }
    }
    expect(outputs[0]).toContain('web\\n::error file=evil::owned\\r\\x1b[31m');
  });
});

describe('GitHub workflow-command escaping (docs.github.com, "Workflow commands")', () => {
  it('data escapes % CR LF; property values also : and ,', () => {
    expect(escData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escProp('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

describe('control characters', () => {
  it('are escaped one by one; text without them is unchanged', () => {
    expect(printable('a\tb\u0007c\u009bd\u2028')).toBe('a\\tb\\x07c\\x9bd\\u2028');
    expect(printable('zone-a/node-1 ünïcode')).toBe('zone-a/node-1 ünïcode');
  });
});

describe('Kubernetes name and label rules (apimachinery validation.go)', () => {
  it('DNS-1123 subdomains (object names) and labels (namespaces)', () => {
    for (const ok of ['web', 'web-1', 'a.b-c.d', 'x'.repeat(253)]) expect(dns1123SubdomainProblem(ok), ok).toBeUndefined();
    for (const bad of ['Web', 'web_1', '-web', 'web-', 'a..b', '', 'x'.repeat(254), 'we b']) expect(dns1123SubdomainProblem(bad), bad).toBeDefined();
    expect(dns1123LabelProblem('kube-system')).toBeUndefined();
    expect(dns1123LabelProblem('a.b')).toBeDefined();
    expect(dns1123LabelProblem('x'.repeat(64))).toBeDefined();
  });

  it('label keys (qualified names) and values', () => {
    for (const ok of ['app', 'topology.kubernetes.io/zone', 'A_b.c-D', 'example.com/x']) expect(labelKeyProblem(ok), ok).toBeUndefined();
    for (const bad of ['', '/x', 'a/b/c', 'Example.com/x', '-a', 'x'.repeat(64), 'a\nb']) expect(labelKeyProblem(bad), bad).toBeDefined();
    for (const ok of ['', 'v1', 'A_b.c-D', 'x'.repeat(63)]) expect(labelValueProblem(ok), ok).toBeUndefined();
    for (const bad of ['-a', 'a b', 'x'.repeat(64), 'a\u001b']) expect(labelValueProblem(bad), bad).toBeDefined();
  });

  it('a manifest label that Kubernetes rejects is exit 2 naming the field', async () => {
    const folder = join(dir, 'label');
    mkdirSync(join(folder, 'yaml'), { recursive: true });
    writeFileSync(
      join(folder, 'yaml', 'web.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, "bad key!": x}}\n    spec: {containers: [{name: web}]}\n',
    );
    const r = await kiviRun('-p', folder, '-o');
    expect(r.code).toBe(2);
    expect(r.err).toContain('spec.template.metadata.labels.bad key!: label key "bad key!"');
  });
});
