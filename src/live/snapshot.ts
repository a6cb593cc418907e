/**
 * `kivi snapshot`: read a live cluster through its API server and write a folder that
 * `kivi -p DIR -log` reads (docs/inputs.md, "A live cluster"). The kubeconfig, its contexts and
 * every way it authenticates (tokens, client certificates, exec plugins) are
 * `@kubernetes/client-node`'s job; kivi lists each resource with paging and writes it in the
 * API's own JSON shape, as `kubectl get … -o json` would print it (a `List` whose items carry
 * their `kind` and `apiVersion`).
 *
 * A resource the credentials may not list (403) or the cluster does not serve (404, e.g. no
 * metrics-server) is not an error: it is recorded in `setup/kivi-snapshot.json`, and the check
 * lists it as something kivi could not account for (a hold is then inconclusive).
 */
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppsV1Api, AutoscalingV2Api, CoreV1Api, KubeConfig, Metrics, PolicyV1Api, SchedulingV1Api,
} from '@kubernetes/client-node';
import { InputError } from '../model/errors.js';
import { makeFolder } from '../parsers/files.js';
import { parseCpuMillis, parseMemoryMiB } from '../parsers/quantity.js';

export interface SnapshotOptions {
  /** Folder to write: setup/ and user_input/ are created in it. */
  out: string;
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config, as kubectl reads it. */
  kubeconfig?: string;
  /** A context of the kubeconfig; default: its current context. */
  context?: string;
  /** Objects per page (the API's `limit`); the rest is fetched with `continue`. */
  pageSize?: number;
}

/** A resource kivi could not read, and why. */
export interface Missing {
  resource: string;
  reason: string;
}

export interface SnapshotResult {
  context: string;
  server: string;
  /** Objects written per resource. */
  counts: Record<string, number>;
  missing: Missing[];
}

/** One page of a list call: the items and the token of the next page. */
type Page = { items: unknown[]; metadata?: { _continue?: string } };
type Lister = (limit: number, cont: string | undefined) => Promise<Page>;

interface Resource {
  /** File name under setup/ and the name in messages (the API's plural resource name). */
  name: string;
  kind: string;
  apiVersion: string;
  list: Lister;
}

function resources(kc: KubeConfig): Resource[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const hpa = kc.makeApiClient(AutoscalingV2Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const scheduling = kc.makeApiClient(SchedulingV1Api);
  const p = (limit: number, cont: string | undefined) => ({ limit, _continue: cont });
  return [
    { name: 'nodes', kind: 'Node', apiVersion: 'v1', list: (l, c) => core.listNode(p(l, c)) },
    { name: 'pods', kind: 'Pod', apiVersion: 'v1', list: (l, c) => core.listPodForAllNamespaces(p(l, c)) },
    { name: 'deployments', kind: 'Deployment', apiVersion: 'apps/v1', list: (l, c) => apps.listDeploymentForAllNamespaces(p(l, c)) },
    { name: 'replicasets', kind: 'ReplicaSet', apiVersion: 'apps/v1', list: (l, c) => apps.listReplicaSetForAllNamespaces(p(l, c)) },
    { name: 'daemonsets', kind: 'DaemonSet', apiVersion: 'apps/v1', list: (l, c) => apps.listDaemonSetForAllNamespaces(p(l, c)) },
    {
      name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2',
      list: (l, c) => hpa.listHorizontalPodAutoscalerForAllNamespaces(p(l, c)),
    },
    {
      name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', apiVersion: 'policy/v1',
      list: (l, c) => policy.listPodDisruptionBudgetForAllNamespaces(p(l, c)),
    },
    { name: 'priorityclasses', kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', list: (l, c) => scheduling.listPriorityClass(p(l, c)) },
  ];
}

/** The HTTP status of a failed API call, if it has one. */
function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function reasonOf(e: unknown): string {
  const code = statusOf(e);
  if (code === 403) return 'forbidden (403): the credentials of this context may not list it';
  if (code === 404) return 'not served by this cluster (404)';
  if (code === 401) return 'unauthorized (401): the credentials of this context were refused';
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return code !== undefined ? `HTTP ${code}: ${msg}` : msg;
}

/** Every page of one resource, as API-shaped JSON objects with kind and apiVersion set. */
async function listAll(r: Resource, pageSize: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cont: string | undefined;
  do {
    const page = await r.list(pageSize, cont);
    // The client's models keep the API's field names (only ListMeta's `continue` is renamed, and
    // it is not written) and its timestamps are Dates, which JSON writes as RFC 3339 again.
    for (const item of page.items) out.push({ apiVersion: r.apiVersion, kind: r.kind, ...(JSON.parse(JSON.stringify(item)) as Record<string, unknown>) });
    cont = page.metadata?._continue || undefined;
  } while (cont !== undefined);
  return out;
}

/** `kubectl top pod -A` as text: one row per pod, containers summed. */
async function topPods(kc: KubeConfig): Promise<string> {
  const metrics = await new Metrics(kc).getPodMetrics();
  const rows = ['NAMESPACE NAME CPU(cores) MEMORY(bytes)'];
  for (const pod of metrics.items) {
    const where = { file: 'metrics.k8s.io/v1beta1 pods', object: `Pod/${pod.metadata.name}` };
    let cpu = 0;
    let mem = 0;
    for (const c of pod.containers) {
      cpu += parseCpuMillis(c.usage.cpu, { ...where, field: `containers[${c.name}].usage.cpu` });
      mem += parseMemoryMiB(c.usage.memory, { ...where, field: `containers[${c.name}].usage.memory` });
    }
    rows.push(`${pod.metadata.namespace} ${pod.metadata.name} ${Math.round(cpu)}m ${Math.round(mem)}Mi`);
  }
  return `${rows.join('\n')}\n`;
}

function loadKubeConfig(opts: SnapshotOptions): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig !== undefined) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new InputError(`cannot read the kubeconfig: ${e instanceof Error ? e.message : String(e)}`, undefined, undefined, opts.kubeconfig ?? '$KUBECONFIG or ~/.kube/config');
  }
  if (opts.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new InputError(`has no context "${opts.context}" (contexts: ${known})`, undefined, '--context', opts.kubeconfig ?? 'kubeconfig');
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new InputError('names no cluster for its current context', undefined, undefined, opts.kubeconfig ?? 'kubeconfig');
  return kc;
}

/**
 * Reads the cluster and writes OUT/setup/*.json, OUT/setup/top-pods.txt when metrics answer,
 * OUT/setup/kivi-snapshot.json (what was read, what was not) and, unless one exists,
 * OUT/user_input/intents.json asking for `pod_always_schedulable`.
 */
export async function takeSnapshot(opts: SnapshotOptions): Promise<SnapshotResult> {
  const kc = loadKubeConfig(opts);
  const setup = join(opts.out, 'setup');
  const user = join(opts.out, 'user_input');
  const result: SnapshotResult = { context: kc.getCurrentContext(), server: kc.getCurrentCluster()!.server, counts: {}, missing: [] };
  const lists: Array<{ r: Resource; items: Record<string, unknown>[] }> = [];
  for (const r of resources(kc)) {
    try {
      lists.push({ r, items: await listAll(r, opts.pageSize ?? 500) });
    } catch (e) {
      // Without nodes there is nothing to check: that one is an error.
      if (r.name === 'nodes') throw new InputError(`cannot list nodes: ${reasonOf(e)}`, undefined, undefined, result.server);
      result.missing.push({ resource: r.name, reason: reasonOf(e) });
    }
  }
  let top: string | undefined;
  try {
    top = await topPods(kc);
  } catch (e) {
    if (e instanceof InputError) throw e;
    result.missing.push({ resource: 'metrics.k8s.io pods', reason: `${reasonOf(e)}; pod usage is taken to be the requests` });
  }
  try {
    makeFolder(setup);
    makeFolder(user);
  } catch (e) {
    throw new InputError(`cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, undefined, undefined, opts.out);
  }
  for (const { r, items } of lists) {
    writeFileSync(join(setup, `${r.name}.json`), `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
    result.counts[r.name] = items.length;
  }
  if (top !== undefined) writeFileSync(join(setup, 'top-pods.txt'), top);
  const record = { apiVersion: 'kivi/v1', kind: 'KiviSnapshot', metadata: { name: result.context }, server: result.server, counts: result.counts, missing: result.missing };
  writeFileSync(join(setup, 'kivi-snapshot.json'), `${JSON.stringify(record, null, 2)}\n`);
  const intents = join(user, 'intents.json');
  if (!existsSync(intents)) writeFileSync(intents, `${JSON.stringify([{ name: 'pod_always_schedulable' }], null, 2)}\n`);
  return result;
}
