/**
 * A live cluster's `kubectl` output (`-p DIR -log`, docs/inputs.md, "kubectl output"):
 *
 *   DIR/setup/        `kubectl get nodes|pods|deployments|hpa -o json` (or yaml), and
 *                     `kubectl top pod|node` output as text or CSV; `kubectl get hpa` as a table.
 *                     Each file is recognised by its content, not its name.
 *   DIR/user_input/   intents.json (and optionally cluster_configs.json for events_assumption)
 *
 * The checked state is the cluster as it is: nodes with their allocatable capacity, labels,
 * taints and Ready condition; the deployments of the checked namespaces with their running and
 * pending pods (linked through their ReplicaSet owner and pod-template-hash, not a name
 * prefix) and their measured usage; every other pod (system namespaces, other workloads) only
 * takes its share of its node. The HPA and the controllers are free to act from there.
 */
import { applyProfileLoads, profileHpaController, startFromUsage } from './load.js';
import { filesIn, isFolder, readText } from './files.js';
import { basename, join } from 'node:path';
import type { ClusterSpec, DeploymentSpec, EventSpec, HpaSpec, NodeSpec, PodDisruptionBudgetSpec, PodSpec, PodTemplateSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { podRequests as combinePodRequests, isExtendedResourceName, type Requests } from './kinds/container.js';
import { isRecord, parseDocuments, readValue, type SourceObject } from './documents.js';
import { parseEvents } from './events.js';
import { parseIntents } from './intents.js';
import { deploymentFromObject } from './kinds/deployment.js';
import { dns1123SubdomainProblem } from './names.js';
import { hpaFromObject } from './kinds/horizontal-pod-autoscaler.js';
import { nodeFromObject } from './kinds/node.js';
import { podDisruptionBudgetFromObject } from './kinds/pod-disruption-budget.js';
import { replicaSetDeployment } from './kinds/replica-set.js';
import { isInertKind } from './manifests.js';
import { parseCpuMillis, parseMemoryMiB } from './quantity.js';
import type { Warnings } from './warnings.js';

/** Namespaces whose pods only take capacity unless `--namespace` names them. */
export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

export interface LogsOptions {
  namespace?: string;
}

interface Usage {
  cpu: number;
  memory: number;
}

/** A text table: `kubectl top pod`, `kubectl get hpa`, as printed or as CSV. */
function parseTable(text: string): { header: string[]; rows: string[][] } | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0 || !/^NAME\b/.test(lines[0].trim())) return null;
  const split = (l: string) => (l.includes(',') ? l.split(',') : l.trim().split(/\s+/)).map((c) => c.trim());
  const header = split(lines[0]).filter((c) => c !== '');
  return { header, rows: lines.slice(1).map(split) };
}

function readSetupFile(file: string, warnings: Warnings, objects: SourceObject[], usage: Map<string, Usage>, hpaRows: Array<{ row: string[]; file: string }>): void {
  const text = readText(file);
  const table = parseTable(text);
  if (table) {
    const h = table.header.map((c) => c.toUpperCase());
    if (h.includes('CPU(CORES)') && h.includes('MEMORY(BYTES)')) {
      if (h.includes('CPU%')) return; // kubectl top node: kivi uses allocatable capacity and pod usage instead
      const iName = h.indexOf('NAME');
      const iCpu = h.indexOf('CPU(CORES)');
      const iMem = h.indexOf('MEMORY(BYTES)');
      // `kubectl top pod -A` has a NAMESPACE column first.
      for (const row of table.rows) {
        const name = row[iName];
        if (!name) continue;
        usage.set(name, {
          cpu: parseCpuMillis(row[iCpu], { file, object: `Pod/${name}`, field: 'CPU(cores)' }),
          memory: parseMemoryMiB(row[iMem], { file, object: `Pod/${name}`, field: 'MEMORY(bytes)' }),
        });
      }
      return;
    }
    if (h.includes('REFERENCE') && h.includes('TARGETS')) {
      for (const row of table.rows) if (row.some((c) => c !== '')) hpaRows.push({ row: [h.join('\u0000'), ...row], file });
      return;
    }
    warnings.add('a table kivi does not know, ignored', file);
    return;
  }
  for (const o of parseDocuments(text, file)) objects.push(o);
}

/** `kubectl get hpa` rows: NAME, REFERENCE (Deployment/x), TARGETS (`100%/50%`), MINPODS, MAXPODS. */
function hpaFromRow(entry: { row: string[]; file: string }): { target: string; hpa: HpaSpec } | null {
  const header = entry.row[0].split('\u0000');
  const row = entry.row.slice(1);
  const col = (name: string) => row[header.indexOf(name)] ?? '';
  const name = col('NAME');
  const object = `HorizontalPodAutoscaler/${name}`;
  const ref = col('REFERENCE');
  const m = /^Deployment\/(.+)$/.exec(ref);
  if (!m) throw new InputError(`only Deployment targets are supported, got ${JSON.stringify(ref)}`, object, 'REFERENCE', entry.file);
  const t = /\/\s*(\d+)%$/.exec(col('TARGETS'));
  if (!t) throw new InputError(`expected a CPU target such as "100%/50%", got ${JSON.stringify(col('TARGETS'))}`, object, 'TARGETS', entry.file);
  const min = Number(col('MINPODS'));
  const max = Number(col('MAXPODS'));
  if (!Number.isInteger(min) || min < 1) throw new InputError(`must be an integer >= 1, got ${JSON.stringify(col('MINPODS'))}`, object, 'MINPODS', entry.file);
  if (!Number.isInteger(max) || max < min) throw new InputError(`must be an integer >= MINPODS, got ${JSON.stringify(col('MAXPODS'))}`, object, 'MAXPODS', entry.file);
  return { target: m[1], hpa: { minReplicas: min, maxReplicas: max, metrics: [{ resource: 'cpu', type: 'Utilization', target: Number(t[1]) }] } };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Sum of the containers' requests of a pod object (millicores, MiB). */
function podRequests(pod: Record<string, unknown>, file: string, object: string): Requests {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const read = (list: unknown, field: string): Requests[] =>
    (Array.isArray(list) ? list : []).map((c, i) => {
      const req = isRecord(c) && isRecord(c.resources) && isRecord(c.resources.requests) ? c.resources.requests : {};
      // Extended resources (whole units) as the node's reserved amounts; anything else is skipped.
      const extended = Object.entries(req)
        .filter(([k, v]) => isExtendedResourceName(k) && (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))))
        .map(([k, v]) => [k, Number(v)] as const);
      return {
        cpu: req.cpu !== undefined ? parseCpuMillis(req.cpu, { file, object, field: `spec.${field}[${i}].resources.requests.cpu` }) : 0,
        memory: req.memory !== undefined ? parseMemoryMiB(req.memory, { file, object, field: `spec.${field}[${i}].resources.requests.memory` }) : 0,
        ...(extended.length > 0 ? { extended: Object.fromEntries(extended) } : {}),
      };
    });
  const inits = read(spec.initContainers, 'initContainers').map((q, i) => {
    const c = (spec.initContainers as unknown[])[i];
    return { ...q, sidecar: isRecord(c) && c.restartPolicy === 'Always' };
  });
  const oh = isRecord(spec.overhead) ? spec.overhead : {};
  const overhead = {
    cpu: oh.cpu !== undefined ? parseCpuMillis(oh.cpu, { file, object, field: 'spec.overhead.cpu' }) : 0,
    memory: oh.memory !== undefined ? parseMemoryMiB(oh.memory, { file, object, field: 'spec.overhead.memory' }) : 0,
  };
  // PodRequests (component-helpers resource/helpers.go), as kube-scheduler counts the pod.
  return combinePodRequests(read(spec.containers, 'containers'), inits, overhead);
}

/** What the setup/ folder holds, split by how it is read. */
interface Setup {
  objects: SourceObject[];
  /** `kubectl top pod`, by pod name. */
  usage: Map<string, Usage>;
  /** `kubectl get hpa` rows. */
  hpaRows: Array<{ row: string[]; file: string }>;
  /** Whether a namespace is checked (its deployments modelled) or only takes capacity. */
  checked: (ns: string) => boolean;
}

export function loadKubectlLogs(dir: string, warnings: Warnings, opts: LogsOptions = {}): ClusterSpec {
  if (!isFolder(dir)) throw new InputError('is not a folder', undefined, undefined, dir);
  const setupDir = join(dir, 'setup');
  if (!isFolder(setupDir)) throw new InputError('has no setup/ folder of kubectl output', undefined, undefined, dir);
  const setup: Setup = {
    objects: [],
    usage: new Map(),
    hpaRows: [],
    checked: (ns) => (opts.namespace ? ns === opts.namespace : !SYSTEM_NAMESPACES.includes(ns)),
  };
  for (const file of filesIn(setupDir)) readSetupFile(file, warnings, setup.objects, setup.usage, setup.hpaRows);
  if (opts.namespace !== undefined && !setup.objects.some((o) => nsOf(o) === opts.namespace)) {
    // Nothing of the input would be checked: that is not a hold (docs/reliability.md).
    const found = [...new Set(setup.objects.map(nsOf))].sort().join(', ');
    throw new InputError(`--namespace ${JSON.stringify(opts.namespace)}: no object of the kubectl output is in that namespace (found: ${found || 'none'})`, undefined, undefined, setupDir);
  }
  for (const o of setup.objects) {
    const kind = isRecord(o.value) ? str(o.value.kind) : undefined;
    // A DaemonSet's pods are in the pod list and take their node's capacity there; the
    // DaemonSet itself adds nothing, so it is read silently.
    if (kind === 'KiviSnapshot') {
      snapshotGaps(o, warnings);
      continue;
    }
    if (!kind || !['Node', 'Pod', 'Deployment', 'HorizontalPodAutoscaler', 'ReplicaSet', 'DaemonSet', 'PodDisruptionBudget'].includes(kind)) {
      // It matters unless its kind cannot act on pods or it lives in a namespace not checked.
      const affectsCheck = kind === undefined || (!isInertKind(kind) && (!isRecord(o.value) || !isRecord(o.value.metadata) || str(o.value.metadata.namespace) === undefined || setup.checked(nsOf(o))));
      const w = warnings.add(`${kind ? `kind ${kind}` : 'an object without a kind'} is not used, ignored`, o.file, undefined, undefined, { line: o.line, affectsCheck });
      w.affectsCheck ||= affectsCheck;
    }
  }

  const nodes: NodeSpec[] = byKind(setup, 'Node').map((o) => warnings.at({ line: o.line }, () => nodeFromObject(o.value, { file: o.file, object: `Node/${(o.value as { metadata?: { name?: string } }).metadata?.name ?? '?'}`, line: o.line }, warnings)));
  if (nodes.length === 0) throw new InputError('no nodes: add the output of `kubectl get nodes -o json`', undefined, undefined, setupDir);
  const { deployments, templates } = readDeployments(setup, warnings);
  if (deployments.length === 0) throw nothingToCheck(setup, setupDir, opts);
  const pods = readPods(setup, nodes, deployments, warnings);
  const budgets = readBudgets(setup, warnings);
  const user = readUserInput(join(dir, 'user_input'));

  // Room for every deployment to reach max(spec, HPA maximum) pods, plus 3 spare slots.
  let spareSlots = 3;
  for (const d of deployments) {
    const have = pods.filter((p) => p.deployment === d.name).length;
    spareSlots += Math.max(0, Math.max(d.replicas, d.hpa?.maxReplicas ?? 0) - have);
  }
  const sources: NonNullable<ClusterSpec['sources']> = { '*': { file: setupDir } };
  for (const o of setup.objects) {
    const v = o.value;
    if (isRecord(v) && typeof v.kind === 'string' && isRecord(v.metadata) && typeof v.metadata.name === 'string') {
      sources[`${v.kind}/${v.metadata.name}`] ??= { file: o.file, line: o.line };
    }
  }
  user.intents.forEach((_, i) => (sources[`intent #${i + 1}`] = { file: user.intentsFile }));
  user.events.forEach((_, i) => (sources[`event #${i + 1}`] = { file: user.eventsFile }));
  const unmodelled = warnings.items.length > 0 ? { unmodelled: [...warnings.items] } : {};
  const pdbs = budgets.length > 0 ? { podDisruptionBudgets: budgets } : {};
  // Load models: the profile's, else the default for deployments with an HPA, starting at the measured usage.
  applyProfileLoads(user.profile.load, user.eventsFile, deployments, templates);
  const hpaController = profileHpaController(user.profile.hpaController, user.eventsFile);
  const spec: ClusterSpec = {
    name: basename(dir.replace(/\/+$/, '')), sources, nodes, podTemplates: templates, deployments, pods, spareSlots, events: user.events, intents: user.intents,
    ...pdbs, ...(hpaController ? { hpaController } : {}), ...unmodelled,
  };
  startFromUsage(spec);
  return spec;
}

/** The checked namespaces' PodDisruptionBudgets (docs/model.md §8.9). */
function readBudgets(setup: Setup, warnings: Warnings): PodDisruptionBudgetSpec[] {
  const out: PodDisruptionBudgetSpec[] = [];
  for (const o of byKind(setup, 'PodDisruptionBudget')) {
    if (!setup.checked(nsOf(o))) continue;
    const name = (o.value as { metadata?: { name?: string } }).metadata?.name ?? '?';
    out.push(warnings.at({ line: o.line }, () => podDisruptionBudgetFromObject(o.value, { file: o.file, object: `PodDisruptionBudget/${name}`, line: o.line }, warnings)));
  }
  return out;
}

/**
 * `kivi snapshot`'s record (src/live/snapshot.ts): each resource it could not read is something
 * the check cannot account for, so a hold is inconclusive.
 */
function snapshotGaps(o: SourceObject, warnings: Warnings): void {
  const missing = isRecord(o.value) && Array.isArray(o.value.missing) ? o.value.missing : [];
  for (const m of missing) {
    if (!isRecord(m)) continue;
    warnings.add(`the snapshot could not read ${str(m.resource) ?? '?'}: ${str(m.reason) ?? 'no reason given'}`, o.file, undefined, undefined, { line: o.line, affectsCheck: true });
  }
}

/** No deployment in the checked namespaces: a check of nothing is an error, never a pass. */
function nothingToCheck(setup: Setup, setupDir: string, opts: LogsOptions): InputError {
  const namespaces = [...new Set(byKind(setup, 'Deployment').map(nsOf))].sort();
  if (namespaces.length === 0) return new InputError('no Deployment to check: add the output of `kubectl get deployments -A -o json`', undefined, undefined, setupDir);
  const which = opts.namespace !== undefined ? `namespace "${opts.namespace}"` : `the namespaces checked by default (system namespaces ${SYSTEM_NAMESPACES.join(', ')} are not)`;
  return new InputError(`no Deployment in ${which}; the deployments are in ${namespaces.join(', ')} (choose one with --namespace)`, undefined, opts.namespace !== undefined ? '--namespace' : undefined, setupDir);
}

function byKind(setup: Setup, kind: string): SourceObject[] {
  return setup.objects.filter((o) => isRecord(o.value) && o.value.kind === kind);
}

function nsOf(o: SourceObject): string {
  return isRecord(o.value) && isRecord(o.value.metadata) ? (str(o.value.metadata.namespace) ?? 'default') : 'default';
}

/** The checked namespaces' deployments, with their HPAs (objects first, then `kubectl get hpa` rows). */
function readDeployments(setup: Setup, warnings: Warnings): { deployments: DeploymentSpec[]; templates: PodTemplateSpec[] } {
  const deployments: DeploymentSpec[] = [];
  const templates: PodTemplateSpec[] = [];
  for (const o of byKind(setup, 'Deployment')) {
    if (!setup.checked(nsOf(o))) continue;
    const name = (o.value as { metadata?: { name?: string } }).metadata?.name ?? '?';
    const r = warnings.at({ line: o.line }, () => deploymentFromObject(o.value, { file: o.file, object: `Deployment/${name}`, line: o.line }, warnings));
    if (deployments.some((d) => d.name === r.deployment.name)) {
      throw new InputError('two deployments of that name in the checked namespaces; choose one with --namespace', `Deployment/${r.deployment.name}`, 'metadata.name', o.file);
    }
    deployments.push(r.deployment);
    templates.push(r.template);
  }
  for (const o of byKind(setup, 'HorizontalPodAutoscaler')) {
    if (!setup.checked(nsOf(o))) continue;
    const name = (o.value as { metadata?: { name?: string } }).metadata?.name ?? '?';
    const r = warnings.at({ line: o.line }, () => hpaFromObject(o.value, { file: o.file, object: `HorizontalPodAutoscaler/${name}`, line: o.line }, warnings));
    const d = deployments.find((x) => x.name === r.target);
    if (!d) throw new InputError(`targets Deployment "${r.target}", which is not in the logs`, `HorizontalPodAutoscaler/${name}`, 'spec.scaleTargetRef.name', o.file);
    if (r.hpa) d.hpa = r.hpa;
  }
  for (const entry of setup.hpaRows) {
    const r = hpaFromRow(entry);
    if (!r) continue;
    const d = deployments.find((x) => x.name === r.target);
    if (!d) {
      warnings.note(`targets Deployment "${r.target}", which is not checked, ignored`, entry.file, `HorizontalPodAutoscaler/${r.target}`);
      continue;
    }
    if (!d.hpa) d.hpa = r.hpa;
  }
  return { deployments, templates };
}

/**
 * Pods: those of checked deployments become pod slots; every other pod takes its share of its
 * node (lowering the node's cpuLeft and memLeft).
 */
function readPods(setup: Setup, nodes: NodeSpec[], deployments: DeploymentSpec[], warnings: Warnings): PodSpec[] {
  const pods: PodSpec[] = [];
  const taken = new Map<string, Usage & { count: number; reqCpu: number; reqMemory: number; reqExtended: Record<string, number> }>();
  for (const o of byKind(setup, 'Pod')) {
    const pod = o.value as Record<string, unknown>;
    const meta = isRecord(pod.metadata) ? pod.metadata : {};
    const name = str(meta.name) ?? '?';
    const object = `Pod/${name}`;
    const status = isRecord(pod.status) ? pod.status : {};
    const phase = str(status.phase);
    const node = isRecord(pod.spec) ? str(pod.spec.nodeName) : undefined;
    if (phase === 'Succeeded' || phase === 'Failed') continue; // finished pods hold no resources
    if (meta.deletionTimestamp !== undefined) {
      warnings.add('is terminating: left out', o.file, object, undefined, { line: o.line });
      continue;
    }
    const req = podRequests(pod, o.file, object);
    const used = setup.usage.get(name) ?? req;
    const ns = str(meta.namespace) ?? 'default';
    const owner = ownerDeployment(meta, deployments);
    if (!setup.checked(ns) || owner === undefined) {
      if (setup.checked(ns) && owner === undefined) warnings.note('is not owned by a checked Deployment: it only takes capacity', o.file, object, undefined, o.line);
      if (node) {
        const t = taken.get(node) ?? { cpu: 0, memory: 0, count: 0, reqCpu: 0, reqMemory: 0, reqExtended: {} };
        for (const [k, v] of Object.entries(req.extended ?? {})) t.reqExtended[k] = (t.reqExtended[k] ?? 0) + v;
        t.cpu += used.cpu;
        t.memory += used.memory;
        t.reqCpu += req.cpu;
        t.reqMemory += req.memory;
        t.count += 1;
        taken.set(node, t);
      }
      continue;
    }
    if (node !== undefined && !nodes.some((n) => n.name === node)) throw new InputError(`runs on node "${node}", which is not in the logs`, object, 'spec.nodeName', o.file);
    // Names are data: a checked pod's name appears in every counterexample (ValidatePodName).
    const badName = dns1123SubdomainProblem(name);
    if (badName) throw new InputError(badName, object, 'metadata.name', o.file);
    pods.push({ name, deployment: owner, node, phase: phase === 'Running' && node ? 'Running' : 'Pending', cpu: used.cpu, memory: used.memory });
  }
  for (const n of nodes) {
    const t = taken.get(n.name);
    if (!t) continue;
    n.cpuLeft = n.cpu - t.cpu;
    n.memLeft = n.memory - t.memory;
    // The scheduler counts their requests, not their usage (NodeInfo.Requested).
    n.reserved = { cpu: (n.reserved?.cpu ?? 0) + t.reqCpu, memory: (n.reserved?.memory ?? 0) + t.reqMemory, pods: (n.reserved?.pods ?? 0) + t.count };
    if (Object.keys(t.reqExtended).length > 0) n.reserved.extended = t.reqExtended;
  }
  return pods;
}

/** user_input/: intents, and the events_assumption of a cluster profile. */
function readUserInput(userDir: string): { events: EventSpec[]; intents: ClusterSpec['intents']; eventsFile: string; intentsFile: string; profile: Record<string, unknown> } {
  const out = { events: [] as EventSpec[], intents: [] as ClusterSpec['intents'], eventsFile: '', intentsFile: '', profile: {} as Record<string, unknown> };
  if (!isFolder(userDir)) return out;
  for (const file of filesIn(userDir)) {
    const f = basename(file);
    if (/^intents?\.(json|ya?ml)$/i.test(f)) {
      out.intents = parseIntents(readValue(file), file);
      out.intentsFile = file;
    } else if (/^cluster_configs?\.(json|ya?ml)$/i.test(f)) {
      const v = readValue(file);
      if (isRecord(v)) {
        out.events = parseEvents(v.events_assumption, file, 'events_assumption');
        out.profile = v;
      }
      out.eventsFile = file;
    }
  }
  return out;
}

/** The checked deployment that owns a pod, through its ReplicaSet owner (see replicaSetDeployment). */
function ownerDeployment(meta: Record<string, unknown>, deployments: DeploymentSpec[]): string | undefined {
  const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
  const rs = owners.find((o) => isRecord(o) && o.kind === 'ReplicaSet') as Record<string, unknown> | undefined;
  if (!rs || typeof rs.name !== 'string') return undefined;
  const labels = isRecord(meta.labels) ? meta.labels : {};
  const dep = replicaSetDeployment(rs.name, labels['pod-template-hash']);
  return deployments.some((d) => d.name === dep) ? dep : undefined;
}
