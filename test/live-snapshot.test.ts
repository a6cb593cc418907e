/**
 * `kivi snapshot` and `kivi --live` against a local HTTP server that answers as a Kubernetes
 * API server does: list responses in the API's JSON shape (a `NodeList` whose items carry no
 * kind), paging with `limit` and `continue`, a 403 on PodDisruptionBudgets, and
 * metrics.k8s.io either served (usage in nanocores and KiB, as metrics-server reports it) or
 * missing (404). The cluster served is the one of examples/c3-logs, so the snapshot must give
 * the verdict that example's README derives (exit 1, pod_always_schedulable) with the same
 * counterexample. The kubeconfig says `insecure-skip-tls-verify` because the client refuses plain
 * HTTP otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const SETUP = join(ROOT, 'examples/c3-logs/setup');

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string } };
const items = (file: string): Obj[] =>
  ((JSON.parse(readFileSync(join(SETUP, file), 'utf8')) as { items: Obj[] }).items).map(({ kind: _k, apiVersion: _a, ...rest }) => rest as Obj);

/** `kubectl top pod` of the example, as metrics-server reports it: nanocores and KiB. */
function podMetrics(): unknown {
  const rows = readFileSync(join(SETUP, 'top-pods.txt'), 'utf8').trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  return {
    kind: 'PodMetricsList',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {},
    items: rows.map(([name, cpu, mem]) => ({
      metadata: { name, namespace: 'shop' },
      timestamp: '2024-03-11T09:20:00Z',
      window: '15s',
      containers: [{ name: 'web', usage: { cpu: `${parseInt(cpu, 10) * 1_000_000}n`, memory: `${parseInt(mem, 10) * 1024}Ki` } }],
    })),
  };
}

interface Api {
  server: Server;
  url: string;
  requests: string[];
  metrics: boolean;
}

function list(kind: string, apiVersion: string, all: Obj[], url: URL): unknown {
  const limit = Number(url.searchParams.get('limit') ?? '0');
  const start = Number(url.searchParams.get('continue') ?? '0');
  const page = limit > 0 ? all.slice(start, start + limit) : all.slice(start);
  const next = limit > 0 && start + limit < all.length ? String(start + limit) : undefined;
  return { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: '4711', ...(next ? { continue: next } : {}) }, items: page };
}

async function startApi(metrics: boolean): Promise<Api> {
  const api: Api = { server: createServer(), url: '', requests: [], metrics };
  const routes: Record<string, (u: URL) => [number, unknown]> = {
    '/api/v1/nodes': (u) => [200, list('Node', 'v1', items('nodes.json'), u)],
    '/api/v1/pods': (u) => [200, list('Pod', 'v1', items('pods.json'), u)],
    '/apis/apps/v1/deployments': (u) => [200, list('Deployment', 'apps/v1', items('deployments.json'), u)],
    '/apis/apps/v1/replicasets': (u) => [200, list('ReplicaSet', 'apps/v1', [], u)],
    '/apis/apps/v1/daemonsets': (u) => [200, list('DaemonSet', 'apps/v1', [], u)],
    '/apis/autoscaling/v2/horizontalpodautoscalers': (u) => [200, list('HorizontalPodAutoscaler', 'autoscaling/v2', items('hpa.json'), u)],
    '/apis/policy/v1/poddisruptionbudgets': () => [403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'poddisruptionbudgets.policy is forbidden: User "ci" cannot list resource "poddisruptionbudgets" in API group "policy" at the cluster scope' }],
    '/apis/scheduling.k8s.io/v1/priorityclasses': (u) => [200, list('PriorityClass', 'scheduling.k8s.io/v1', [], u)],
    '/apis/metrics.k8s.io/v1beta1/pods': () => (api.metrics ? [200, podMetrics()] : [404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' }]),
  };
  api.server.on('request', (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    api.requests.push(`${u.pathname}${u.search}`);
    const route = routes[u.pathname];
    const [code, body] = route ? route(u) : [404, { kind: 'Status', code: 404, message: 'not found' }];
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return api;
}

function kubeconfig(server: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kivi-kubeconfig-')), 'config');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: shopfloor',
    'clusters:', `- name: shopfloor`, `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
    'contexts:', '- name: shopfloor', '  context: { cluster: shopfloor, user: ci }',
    '- name: other', '  context: { cluster: shopfloor, user: ci }',
    'users:', '- name: ci', '  user: { token: secret-token }', '',
  ].join('\n'));
  return file;
}

/** The CLI as a child process, without blocking this process's event loop (the server runs here). */
function kivi(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The counterexample's lines of a text report (from "Counterexample:" to the blank line). */
const counterexample = (text: string): string => /Counterexample:\n([\s\S]*?)\n\n/.exec(text)?.[1] ?? '';

describe('kivi snapshot against an API server', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(true);
  });
  afterAll(() => api.server.close());

  it('pages through lists, records the 403, and writes a folder that -log reads with the example\'s verdict', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kivi-snap-'));
    const snap = await kivi(['snapshot', out, '--kubeconfig', kubeconfig(api.url)]);
    expect(snap.status, snap.stderr).toBe(0);
    expect(snap.stderr).toContain('snapshot of context "shopfloor"');
    expect(snap.stderr).toContain('20 pods');
    expect(snap.stderr).toMatch(/could not read poddisruptionbudgets: forbidden \(403\)/);
    // 20 pods at the client's page size of 500: one request; the nodes too.
    expect(api.requests.filter((r) => r.startsWith('/api/v1/pods')).length).toBeGreaterThanOrEqual(1);
    const pods = JSON.parse(readFileSync(join(out, 'setup/pods.json'), 'utf8')) as { kind: string; items: Obj[] };
    expect(pods.kind).toBe('List');
    expect(pods.items).toHaveLength(20);
    expect(pods.items[0].kind).toBe('Pod'); // as kubectl -o json prints it
    expect(readFileSync(join(out, 'setup/top-pods.txt'), 'utf8')).toContain('shop web-5d8b7f9c64-k2x9q 201m 31Mi');
    expect(JSON.parse(readFileSync(join(out, 'user_input/intents.json'), 'utf8'))).toEqual([{ name: 'pod_always_schedulable' }]);

    const fromSnapshot = await kivi(['-p', out, '-log']);
    const fromExample = spawnSync(process.execPath, [BIN, '-p', 'examples/c3-logs', '-log'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    // examples/c3-logs/README.md: the HPA wants a sixth web pod that no node can take: exit 1.
    expect(fromExample.status).toBe(1);
    expect(fromSnapshot.status, fromSnapshot.stderr).toBe(1);
    expect(counterexample(fromSnapshot.stdout)).toBe(counterexample(fromExample.stdout));
    expect(counterexample(fromSnapshot.stdout)).toContain('No feasible node');
    // The budgets it could not read are listed with the verdict.
    expect(fromSnapshot.stdout + fromSnapshot.stderr).toContain('could not read poddisruptionbudgets');
  });

  it('pages: with a page size of 3 the 20 pods come in 7 requests, all written', async () => {
    const { takeSnapshot } = await import('../src/live/snapshot.js');
    const out = mkdtempSync(join(tmpdir(), 'kivi-snap-'));
    const before = api.requests.length;
    const r = await takeSnapshot({ out, kubeconfig: kubeconfig(api.url), pageSize: 3 });
    const podRequests = api.requests.slice(before).filter((q) => q.startsWith('/api/v1/pods'));
    expect(podRequests).toHaveLength(7); // ceil(20 / 3)
    expect(podRequests[1]).toContain('continue=3');
    expect(r.counts.pods).toBe(20);
    expect(r.missing.map((m) => m.resource)).toEqual(['poddisruptionbudgets']);
  });

  it('--live checks the cluster directly, with the same verdict', async () => {
    const live = await kivi(['--live', '--kubeconfig', kubeconfig(api.url), '--context', 'other']);
    expect(live.status, live.stderr).toBe(1);
    expect(live.stderr).toContain('snapshot of context "other"');
    expect(live.stdout).toContain('Violating intent(s): pod_always_schedulable');
  });

  it('a context the kubeconfig lacks, or no kubeconfig, is exit 2 with one line', async () => {
    const bad = await kivi(['snapshot', mkdtempSync(join(tmpdir(), 'kivi-snap-')), '--kubeconfig', kubeconfig(api.url), '--context', 'nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/has no context "nope" \(contexts: shopfloor, other\)$/);
    const none = await kivi(['snapshot', mkdtempSync(join(tmpdir(), 'kivi-snap-')), '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^kivi: \/nonexistent\/kubeconfig: cannot read the kubeconfig/);
    expect(none.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('kivi snapshot without metrics-server', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(false);
  });
  afterAll(() => api.server.close());

  it('says the metrics API is missing and takes usage to be the requests', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kivi-snap-'));
    const snap = await kivi(['snapshot', out, '--kubeconfig', kubeconfig(api.url)]);
    expect(snap.status, snap.stderr).toBe(0);
    expect(snap.stderr).toMatch(/could not read metrics\.k8s\.io pods: not served by this cluster \(404\); pod usage is taken to be the requests/);
    expect(existsSync(join(out, 'setup/top-pods.txt'))).toBe(false);
    // Each web pod requests 200m and used 199m..201m: at the request, the HPA still sees
    // 100 % against its 50 % target, so the verdict is the example's.
    const check = await kivi(['-p', out, '-log']);
    expect(check.status).toBe(1);
  });

  it('an API server that refuses the nodes is exit 2', async () => {
    const down = await kivi(['snapshot', mkdtempSync(join(tmpdir(), 'kivi-snap-')), '--kubeconfig', kubeconfig('http://127.0.0.1:9')]);
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/^kivi: .*cannot list nodes/);
  });
});
