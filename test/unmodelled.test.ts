/**
 * What kivi does not model is listed, with file and line, in every output format, and a hold
 * that depends on it is inconclusive (exit 3) unless --allow-unmodelled. The folders are
 * examples/capacity-ok (3 replicas of 800m on two 2-CPU nodes, HPA up to 4: it holds) with one
 * feature added; every expected line and exit code below is read off those files.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, loadConfigFolder, loadLogs } from '../src/api.js';
import type { CheckResult } from '../src/check.js';
import { fieldLine } from '../src/parsers/field-lines.js';
import { Warnings } from '../src/parsers/warnings.js';
import { githubReport } from '../src/report/github.js';
import { validate } from './json-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema/kivi-report.schema.json'), 'utf8'));
const EXAMPLE = 'examples/unmodelled-quota';

function kivi(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of examples/capacity-ok with `files` added (paths relative to the folder). */
function folder(files: Record<string, string>, from = 'examples/capacity-ok'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kivi-unmodelled-')), 'cluster');
  cpSync(join(ROOT, from), dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const quota = (ns: string) => `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: api\n  namespace: ${ns}\nspec:\n  hard:\n    requests.cpu: "4"\n`;

describe('a hold that depends on an unmodelled feature', () => {
  it('is inconclusive (exit 3) and names the feature with file and line', () => {
    const r = kivi('-p', EXAMPLE, '-o');
    expect(r.code).toBe(3);
    expect(r.out).toContain('    Inconclusive: the intents hold in the model, but kivi does not model 1 feature(s) of the input that touch the checked workloads or nodes; pass --allow-unmodelled to accept the hold.\n');
    // quota.yaml: a comment, apiVersion, then kind on line 3.
    expect(r.out).toContain('    Not modelled, touching the checked cluster (1):\n      examples/unmodelled-quota/yaml/quota.yaml:3: kind ResourceQuota is not modelled, ignored\n');
    expect(r.out).toContain('    Not modelled, not touching the checked cluster: 1 (see the warnings on standard error)\n');
    expect(r.out).not.toContain('No failure is found!');
    // The warnings on standard error are as before: file, then message.
    expect(r.err).toContain('kivi: warning: examples/unmodelled-quota/yaml/quota.yaml: kind ResourceQuota is not modelled, ignored\n');
    expect(r.err).toContain('kivi: warning: examples/unmodelled-quota/yaml/monitoring-quota.yaml: kind ResourceQuota is not modelled, ignored\n');
  });

  it('holds (exit 0) with --allow-unmodelled, the list still beside it', () => {
    const r = kivi('-p', EXAMPLE, '-o', '--allow-unmodelled');
    expect(r.code).toBe(0);
    expect(r.out).toContain('    No failure is found!\n    Not modelled, touching the checked cluster (1):\n      examples/unmodelled-quota/yaml/quota.yaml:3: kind ResourceQuota is not modelled, ignored\n');
  });

  it('a priorityClassName naming no PriorityClass: the pods are refused (exit 2); with the class, it is modelled (exit 0)', () => {
    // The Priority admission plugin (plugin/pkg/admission/priority admitPod) forbids a pod whose
    // class does not exist, so the ReplicaSet could create no pod: an input error, not a warning.
    const api = readFileSync(join(ROOT, 'examples/capacity-ok/yaml/api.yaml'), 'utf8').replace('    spec:\n      containers:', '    spec:\n      priorityClassName: batch-low\n      containers:');
    const r = kivi('-p', folder({ 'yaml/api.yaml': api }), '-o');
    expect(r.code).toBe(2);
    // Named as the manifest names it (it said PodTemplate/api: priorityClassName, kivi's own names).
    expect(r.err).toContain('yaml/api.yaml: Deployment/api: spec.template.spec.priorityClassName: no PriorityClass with name batch-low was found (line 1)');
    // With the class defined, priority is modelled: no warning, and capacity-ok still holds.
    const pc = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: batch-low}\nvalue: 1000\n';
    const ok = kivi('-p', folder({ 'yaml/api.yaml': api, 'yaml/pc.yaml': pc }), '-o');
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain('not modelled');
  });

  it('an unmodelled object in a namespace without checked workloads does not change the exit code', () => {
    const r = kivi('-p', folder({ 'yaml/quota.yaml': quota('monitoring') }), '-o', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.verdict).toBe('holds');
    expect(report.warnings).toEqual([{ message: 'kind ResourceQuota is not modelled, ignored', file: expect.stringMatching(/\/yaml\/quota\.yaml$/), line: 2, affectsCheck: false }]);
  });

  it('a CronJob or StatefulSet in a namespace without checked workloads still touches it (exit 3): its pods share the nodes', () => {
    // kube-scheduler's NodeResourcesFit counts every pod on a node, of any namespace; the
    // CronJob's pods (500m each here) would take room on the two 2-CPU nodes of capacity-ok, whose
    // api pods need 800m each. kivi runs no such pods, so its hold is not about this cluster.
    // Before, only a namespace with a checked Deployment counted, as for a quota (above).
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\n  namespace: batch\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: r\n            resources: {requests: {cpu: 500m}}\n';
    const r = kivi('-p', folder({ 'yaml/cron.yaml': cron }), '-o', '--format', 'json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out).warnings).toEqual([{ message: 'kind CronJob is not modelled, ignored', file: expect.stringMatching(/\/yaml\/cron\.yaml$/), line: 2, affectsCheck: true }]);
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: data\n';
    expect(kivi('-p', folder({ 'yaml/sts.yaml': sts }), '-o').code).toBe(3);
  });

  it('nor does one filtered out by --namespace: it is listed as outside the checked namespace', () => {
    const dir = folder({ 'yaml/quota.yaml': quota('staging') });
    const r = kivi('-p', dir, '-o', '--namespace', 'default');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`kivi: warning: ${dir}/yaml/quota.yaml: kind ResourceQuota is outside the checked namespace default, ignored\n`);
    expect(r.out).toContain('    No failure is found!\n    Not modelled, not touching the checked cluster: 1 (see the warnings on standard error)\n');
  });

  it('a second scheduler profile beside default-scheduler\'s is a note; without a default-scheduler profile it counts', () => {
    const ksc = (names: string[]) => `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n${names.map((n) => `- schedulerName: ${n}\n`).join('')}`;
    const withDefault = kivi('-p', folder({ 'yaml/ksc.yaml': ksc(['default-scheduler', 'batch']) }), '-o', '--format', 'json');
    expect(withDefault.code).toBe(0);
    // profiles: is line 3 of the document.
    expect(JSON.parse(withDefault.out).warnings).toEqual([expect.objectContaining({ line: 3, object: 'KubeSchedulerConfiguration', field: 'profiles', affectsCheck: false })]);
    expect(kivi('-p', folder({ 'yaml/ksc.yaml': ksc(['batch', 'fast']) }), '-o').code).toBe(3);
  });

  it('a misspelled field (replica: for replicas:) is listed and makes the hold inconclusive (exit 3)', () => {
    // Kubernetes drops a field its schema does not define (or kubectl apply refuses it), so the
    // Deployment gets the default 1 replica: the hold is not about the cluster the user wrote.
    // Before the check this was a plain hold (exit 0). The key is on line 10 of api.yaml (a
    // comment, then the Deployment).
    const api = readFileSync(join(ROOT, 'examples/capacity-ok/yaml/api.yaml'), 'utf8').replace('  replicas: 3\n', '  replica: 3\n');
    const r = kivi('-p', folder({ 'yaml/api.yaml': api }), '-o', '--format', 'json');
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.inconclusiveReason).toBe('unmodelled');
    expect(report.warnings).toEqual([{
      message: 'unknown field (did you mean replicas?): Kubernetes drops it (kubectl apply refuses it), and kivi ignores it',
      file: expect.stringMatching(/\/yaml\/api\.yaml$/), line: 10, object: 'Deployment/api', field: 'spec.replica', affectsCheck: true,
    }]);
  });

  it('pod-deletion-cost on a pod of a checked deployment is unmodelled (exit 3); on the template it is a note (exit 0)', () => {
    // ActivePodsWithRanks.Less (criterion 4) deletes pods of lower cost first on a scale-down;
    // kivi ranks every pod as if it cost 0 (docs/model.md §8.1.1). One pod annotated differently
    // from its siblings may change the victim, so a hold is inconclusive. The pod belongs to the
    // deployment api through its ReplicaSet api-7d9f (pod-template-hash 7d9f).
    const pod = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: api-7d9f-abcde', '  namespace: default', '  labels:', '    app: api',
      '    pod-template-hash: 7d9f', '  annotations:', '    controller.kubernetes.io/pod-deletion-cost: "-100"', '  ownerReferences:',
      '  - {apiVersion: apps/v1, kind: ReplicaSet, name: api-7d9f, controller: true}', 'spec:', '  containers:', '  - name: api',
      '    image: ghcr.io/example/order-api:3.2.0', '    resources:', '      requests: {cpu: 800m, memory: 512Mi}', 'status:', '  phase: Pending', '',
    ].join('\n');
    const r = kivi('-p', folder({ 'yaml/pod.yaml': pod }), '-o');
    expect(r.code).toBe(3);
    // The warning points at the pod's annotations (line 9).
    expect(r.out).toMatch(/yaml\/pod\.yaml:9: Pod\/api-7d9f-abcde: metadata\.annotations: controller\.kubernetes\.io\/pod-deletion-cost is not modelled: a scale-down ranks this pod as if its cost were 0\n/);
    // On the Deployment's template every pod of the ReplicaSet carries the same cost, and
    // getPodsToDelete ranks the pods of one ReplicaSet only: equal costs never reorder them.
    const api = readFileSync(join(ROOT, 'examples/capacity-ok/yaml/api.yaml'), 'utf8').replace(
      '    metadata:\n      labels:\n        app: api\n',
      '    metadata:\n      annotations:\n        controller.kubernetes.io/pod-deletion-cost: "10"\n      labels:\n        app: api\n',
    );
    const ok = kivi('-p', folder({ 'yaml/api.yaml': api }), '-o');
    expect(ok.code).toBe(0);
    expect(ok.err).toContain('spec.template.metadata.annotations: controller.kubernetes.io/pod-deletion-cost is the same for every pod of the replica set');
  });

  it('a violation is still exit 1, with the list beside it', () => {
    // capacity-shortfall: HPA up to 6 replicas of 800m on 2 x 2 CPU: the fifth pod has no node.
    const r = kivi('-p', folder({ 'yaml/quota.yaml': quota('default') }, 'examples/capacity-shortfall'), '-o');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ {4}Violating intent\(s\): pod_always_schedulable\n {4}Not modelled, touching the checked cluster \(1\):\n {6}\S+\/yaml\/quota\.yaml:2: kind ResourceQuota is not modelled, ignored\n/);
  });

  it('the scaling search: every setup holds, so the answer is inconclusive; --allow-unmodelled accepts it', () => {
    // No HPA, 500m per replica, at most 3 replicas (dTypes num): one 2-CPU node holds them all.
    const api = readFileSync(join(ROOT, 'examples/capacity-ok/yaml/api.yaml'), 'utf8').split('---\n')[0].replace('cpu: 800m', 'cpu: 500m');
    const dir = folder({ 'yaml/api.yaml': api, 'yaml/quota.yaml': quota('default') });
    // Without the proof for every size (--no-fixpoint), as before it existed.
    const r = kivi('-p', dir, '--no-fixpoint');
    expect(r.code).toBe(3);
    expect(r.out).toContain('No failure is found in any setup checked.\n');
    expect(r.out).toContain(`    Inconclusive: the intents hold in the model, but kivi does not model 1 feature(s)`);
    const j = JSON.parse(kivi('-p', dir, '--no-fixpoint', '--format', 'json').out);
    expect(validate(SCHEMA, j)).toEqual([]);
    expect([j.verdict, j.exitCode, j.inconclusiveReason]).toEqual(['inconclusive', 3, 'unmodelled']);
    expect(kivi('-p', dir, '--no-fixpoint', '--allow-unmodelled').code).toBe(0);
    // With the proof (the default): proved for every size in the model, still inconclusive for
    // the unmodelled quota.
    const proved = JSON.parse(kivi('-p', dir, '--format', 'json').out);
    expect([proved.verdict, proved.inconclusiveReason, proved.proof.status]).toEqual(['inconclusive', 'unmodelled', 'proved']);
  });

  it('kubectl output (-log): an unmodelled object of a checked namespace touches the cluster; a kube-system StatefulSet does not; a DaemonSet is read silently', () => {
    const dir = folder({
      'setup/quota.yaml': quota('default'),
      'setup/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: backup\n  namespace: kube-system\n',
      // A DaemonSet's pods are in the pod list, where they take their nodes' capacity.
      'setup/ds.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: proxy\n  namespace: kube-system\n',
    }, 'examples/c3-logs');
    const spec = loadLogs(dir);
    expect(spec.unmodelled).toEqual(expect.arrayContaining([
      { message: 'kind ResourceQuota is not used, ignored', file: join(dir, 'setup/quota.yaml'), line: 1, affectsCheck: true },
      { message: 'kind StatefulSet is not used, ignored', file: join(dir, 'setup/sts.yaml'), line: 1, affectsCheck: false },
    ]));
    expect(spec.unmodelled!.some((w) => w.message.includes('DaemonSet'))).toBe(false);
    // c3-logs violates pod_always_schedulable: still exit 1, the quota listed.
    const r = kivi('-p', dir, '-log');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`      ${dir}/setup/quota.yaml:1: kind ResourceQuota is not used, ignored\n`);
  });

  it('-l: no reachable loop is inconclusive too; --allow-unmodelled accepts it', () => {
    const r = kivi('-p', EXAMPLE, '-l');
    expect(r.code).toBe(3);
    expect(r.out).toContain('    Inconclusive: no reachable loop in the model, but kivi does not model 1 feature(s) of the input that touch the checked workloads or nodes; pass --allow-unmodelled to accept that.\n');
    expect(kivi('-p', EXAMPLE, '-l', '--allow-unmodelled').code).toBe(0);
  });
});

describe('Warnings', () => {
  it('records each warning once, structured, with the line of the object being read; the printed lines are as before', () => {
    const w = new Warnings();
    w.at({ line: 12 }, () => {
      w.add('volume binding is not modelled', 'a.yaml', 'Deployment/web', 'spec.template.spec.volumes[0]');
      w.add('volume binding is not modelled', 'a.yaml', 'Deployment/web', 'spec.template.spec.volumes[0]');
    });
    w.note('a Succeeded pod uses no resources, ignored', 'b.yaml', 'Pod/done', 'status.phase', 4);
    w.add('kind Service is not modelled, ignored', 'c.yaml', undefined, undefined, { affectsCheck: false });
    expect(w.lines).toEqual([
      'a.yaml: Deployment/web: spec.template.spec.volumes[0]: volume binding is not modelled',
      'b.yaml: Pod/done: status.phase: a Succeeded pod uses no resources, ignored',
      'c.yaml: kind Service is not modelled, ignored',
    ]);
    expect(w.items).toEqual([
      { message: 'volume binding is not modelled', file: 'a.yaml', line: 12, object: 'Deployment/web', field: 'spec.template.spec.volumes[0]', affectsCheck: true },
      { message: 'a Succeeded pod uses no resources, ignored', file: 'b.yaml', line: 4, object: 'Pod/done', field: 'status.phase', affectsCheck: false },
      { message: 'kind Service is not modelled, ignored', file: 'c.yaml', affectsCheck: false },
    ]);
    expect(w.affecting()).toEqual([w.items[0]]);
  });
});

describe('the line of a warned field', () => {
  const doc = [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'spec:', // 3
    '  template:', // 4
    '    spec:', // 5
    '      containers:', // 6
    '      - name: a', // 7
    '        ports:', // 8
    '        - hostPort: 80', // 9
    '      - name: b', // 10
    '        ports:', // 11
    '        - "hostPort": 81', // 12
    '      priorityClassName: low', // 13
    '---', // 14
    'kind: Deployment', // 15
    'spec:', // 16
    '  paused: true', // 17
  ];
  it('walks the path key by key inside the document', () => {
    expect(fieldLine(doc, 1, 13, 'spec.template.spec.priorityClassName')).toBe(13);
    expect(fieldLine(doc, 1, 13, 'spec.template.spec.containers[0].ports[0].hostPort')).toBe(9);
    expect(fieldLine(doc, 15, 17, 'spec.paused')).toBe(17);
  });
  it('skips list indices (the second container points at the first one\'s key), stops at a key it cannot find, never leaves the document', () => {
    expect(fieldLine(doc, 1, 13, 'spec.template.spec.containers[1].ports[0].hostPort')).toBe(9);
    expect(fieldLine(doc, 1, 13, 'spec.template.spec.schedulingGates')).toBe(5);
    expect(fieldLine(doc, 1, 13, 'spec.paused')).toBe(3);
    expect(fieldLine(doc, 15, 17, 'metadata.name')).toBe(15);
  });
});

describe('the unmodelled features in every format', () => {
  it('JSON: warnings[] with file and line, inconclusiveReason, valid against the schema', () => {
    const r = kivi('-p', EXAMPLE, '-o', '--format', 'json');
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(validate(SCHEMA, j)).toEqual([]);
    expect([j.verdict, j.exitCode, j.inconclusiveReason]).toEqual(['inconclusive', 3, 'unmodelled']);
    expect(j.intents).toEqual([{ name: 'pod_always_schedulable', result: 'not-fully-checked' }]);
    expect(j.warnings).toEqual([
      { message: 'kind ResourceQuota is not modelled, ignored', file: 'examples/unmodelled-quota/yaml/monitoring-quota.yaml', line: 3, affectsCheck: false },
      { message: 'kind ResourceQuota is not modelled, ignored', file: 'examples/unmodelled-quota/yaml/quota.yaml', line: 3, affectsCheck: true },
    ]);
    // A built-in case has none.
    expect(JSON.parse(kivi('-c', 'c3', '-o', '-cn', '--format', 'json').out).warnings).toEqual([]);
  });

  it('SARIF: a tool execution notification per feature, at its file and line', () => {
    const s = JSON.parse(kivi('-p', EXAMPLE, '-o', '--format', 'sarif').out);
    const run = s.runs[0];
    expect(run.properties.verdict).toBe('inconclusive');
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes.map((n: { level: string }) => n.level)).toEqual(['note', 'warning']);
    expect(notes[1].message.text).toBe('kind ResourceQuota is not modelled, ignored');
    expect(notes[1].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'examples/unmodelled-quota/yaml/quota.yaml' }, region: { startLine: 3 } });
  });

  it('JUnit: an inconclusive <error> for the intent and the list in <system-err>', () => {
    const x = kivi('-p', EXAMPLE, '-o', '--format', 'junit').out;
    expect(x).toContain('tests="1" failures="0" errors="1"');
    expect(x).toContain('type="inconclusive">examples/unmodelled-quota/yaml/quota.yaml:3: kind ResourceQuota is not modelled, ignored</error>');
    expect(x).toContain('<system-err>not modelled (does not touch the checked cluster): examples/unmodelled-quota/yaml/monitoring-quota.yaml:3: kind ResourceQuota is not modelled, ignored\nnot modelled: examples/unmodelled-quota/yaml/quota.yaml:3: kind ResourceQuota is not modelled, ignored</system-err>');
  });

  it('GitHub: a warning annotation at file and line, a notice for the other, a table in the summary', () => {
    const r = kivi('-p', EXAMPLE, '-o', '--format', 'github');
    expect(r.code).toBe(3);
    const lines = r.out.split('\n');
    expect(lines).toContain('::warning file=examples/unmodelled-quota/yaml/quota.yaml,line=3,title=kivi%3A not modelled::kind ResourceQuota is not modelled, ignored');
    expect(lines).toContain('::notice file=examples/unmodelled-quota/yaml/monitoring-quota.yaml,line=3,title=kivi%3A not modelled::kind ResourceQuota is not modelled, ignored');
    expect(lines[0]).toMatch(/^::warning title=kivi%3A inconclusive::Not a pass: the intents hold in the model/);
    expect(lines).toContain('| yes | examples/unmodelled-quota/yaml/quota.yaml:3 | kind ResourceQuota is not modelled, ignored |');
  });

  it('HTML: the verdict says why, and the features are listed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kivi-unmodelled-')), 'r.html');
    expect(kivi('-p', EXAMPLE, '-o', '--report', file).code).toBe(3);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<span class="verdict inconclusive">inconclusive (unmodelled input)</span>');
    expect(html).toContain('<li>examples/unmodelled-quota/yaml/quota.yaml:3: kind ResourceQuota is not modelled, ignored</li><li>(does not touch the checked cluster) examples/unmodelled-quota/yaml/monitoring-quota.yaml:3: kind ResourceQuota is not modelled, ignored</li>');
  });

  it('GitHub: workflow-command escaping of %, CR, LF in data and also : and , in properties', () => {
    const r = {
      status: 'holds', cluster: 'x', intents: [], failures: [], stats: { states: 0, seconds: 0 },
      unmodelled: [{ message: '50% off\r\nnext: line, more', file: 'a,b:c%.yaml', line: 7, object: 'Pod/p', affectsCheck: true }],
    } as unknown as CheckResult;
    const g = githubReport(r, { name: 'x', nodes: [], podTemplates: [], deployments: [], pods: [], spareSlots: 0, events: [], intents: [] });
    expect(g.annotations).toBe('::warning file=a%2Cb%3Ac%25.yaml,line=7,title=kivi%3A not modelled::Pod/p: 50%25 off%0D%0Anext: line, more');
  });
});

describe('the library', () => {
  it('check() is inconclusive with the features it could not account for; allowUnmodelled accepts the hold', async () => {
    const spec = loadConfigFolder(join(ROOT, EXAMPLE));
    const r = await check(spec);
    expect(r.status).toBe('inconclusive');
    expect(r.limit).toBeUndefined();
    expect(r.unaccounted?.map((w) => [w.file?.endsWith('/yaml/quota.yaml'), w.line])).toEqual([[true, 3]]);
    expect(r.warnings).toHaveLength(2);
    const allowed = await check(spec, { allowUnmodelled: true });
    expect(allowed.status).toBe('holds');
    expect(allowed.unaccounted).toBeUndefined();
    expect(allowed.warnings).toHaveLength(2);
  });
});
