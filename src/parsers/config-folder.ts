/**
 * A configuration folder (`-p DIR`, `cases-and-inputs.md` §4.1–§4.3):
 *
 *   DIR/yaml/         Kubernetes manifests (.yaml, .yml, .json; several documents per file,
 *                     `kind: List`): Deployments, HPAs, Pods, Nodes, a DeschedulerPolicy, a
 *                     KubeSchedulerConfiguration
 *   DIR/user_input/   intents.json, and the cluster profile cluster_configs.json (also
 *                     cluster_config.json and .yaml/.yml versions of both)
 *
 * The cluster profile describes what manifests do not: node types and how many of each, the
 * replica count to check for each deployment, and the events to assume. With `-o` the check
 * runs on exactly those counts: every deployment starts absent and is created, as in the
 * reference. (The scaling search over minSize..maxSize is a later feature.)
 */
import { filesIn, isFile, isFolder } from './files.js';
import { basename, join } from 'node:path';
import type { ClusterSpec, DeploymentSpec, EventSpec, NodeSpec, TaintSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { isRecord, readDocuments, readValue } from './documents.js';
import { parseEvents } from './events.js';
import { parseIntents } from './intents.js';
import { readManifests } from './manifests.js';
import { parseCpuMillis, parseMemoryMiB } from './quantity.js';
import { MAX_REPLICAS } from '../system/compile.js';
import type { Warnings } from './warnings.js';
import type { DeploymentType, NodeType, ScalingTemplate } from '../scaling/types.js';
import { sharedPart } from '../scaling/from-spec.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export interface FolderOptions {
  /** Only objects of this namespace are checked. */
  namespace?: string;
}

function listFiles(dir: string): string[] {
  return filesIn(dir, MANIFEST_EXT);
}

function findFile(dir: string, names: string[]): string | undefined {
  for (const n of names) for (const ext of ['.json', '.yaml', '.yml']) {
    const f = join(dir, n + ext);
    if (isFile(f)) return f;
  }
  return undefined;
}

/** Most nodes of one type, and most pod slots of one deployment, kivi builds. */
export const MAX_NODES_PER_TYPE = 10_000;

/**
 * Node capacity in the cluster profile: a number is cores (CPU) or GiB (memory), as in the
 * reference's cluster_configs.json; a string is a Kubernetes quantity.
 */
function profileCpu(v: unknown, file: string, object: string, field: string): number {
  return parseCpuMillis(v, { file, object, field });
}

function profileMemory(v: unknown, file: string, object: string, field: string): number {
  return typeof v === 'number' ? parseMemoryMiB(v * 2 ** 30, { file, object, field }) : parseMemoryMiB(v, { file, object, field });
}

/** The reference's taint strings `key=value:Effect` (or `key:Effect`), or taint objects. */
export function parseTaint(v: unknown, file: string, object: string, field: string): TaintSpec {
  if (isRecord(v)) return { key: String(v.key), value: v.value === undefined ? undefined : String(v.value), effect: v.effect as TaintSpec['effect'] };
  if (typeof v === 'string') {
    const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(v.trim());
    if (m) return { key: m[1], value: m[2], effect: m[3] as TaintSpec['effect'] };
  }
  throw new InputError(`must be "key=value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute, got ${JSON.stringify(v)}`, object, field, file);
}

function nodesFromProfile(profile: Record<string, unknown>, file: string): NodeSpec[] {
  const types = profile.nodesTypes ?? profile.nodeTypes;
  if (types === undefined) return [];
  if (!Array.isArray(types)) throw new InputError('must be a list of node types', undefined, 'nodesTypes', file);
  const nodes: NodeSpec[] = [];
  const counters = new Map<string, number>();
  types.forEach((t, i) => {
    const object = `nodesTypes[${i}]`;
    if (!isRecord(t) || !isRecord(t.template)) throw new InputError('needs a "template" object', object, 'template', file);
    const tmpl = t.template;
    const num = t.num ?? 1;
    if (typeof num !== 'number' || !Number.isInteger(num) || num < 0 || num > MAX_NODES_PER_TYPE) {
      throw new InputError(`must be an integer from 0 to ${MAX_NODES_PER_TYPE}, got ${JSON.stringify(num)}`, object, 'num', file);
    }
    for (const key of ['minSize', 'maxSize']) {
      const v = t[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw new InputError(`must be an integer >= 0, got ${JSON.stringify(v)}`, object, key, file);
    }
    if (typeof t.minSize === 'number' && typeof t.maxSize === 'number' && t.minSize > t.maxSize) {
      throw new InputError(`minSize (${t.minSize}) is greater than maxSize (${t.maxSize})`, object, 'minSize', file);
    }
    const labels = tmpl.labels ?? {};
    if (!isRecord(labels)) throw new InputError('must be a map of label values', object, 'template.labels', file);
    const taints = tmpl.taint ?? tmpl.taints;
    const prefix = typeof tmpl.name === 'string' ? tmpl.name : 'node';
    for (let k = 0; k < num; k++) {
      const index = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, index);
      nodes.push({
        name: `${prefix}-${index}`,
        cpu: profileCpu(tmpl.cpu, file, object, 'template.cpu'),
        memory: profileMemory(tmpl.memory, file, object, 'template.memory'),
        labels: Object.fromEntries(Object.entries(labels).map(([key, val]) => [key, String(val)])),
        taints: Array.isArray(taints) ? taints.map((x, j) => parseTaint(x, file, object, `template.taint[${j}]`)) : undefined,
      });
    }
  });
  return nodes;
}

export function loadConfigFolder(dir: string, warnings: Warnings, opts: FolderOptions = {}): ClusterSpec {
  if (!isFolder(dir)) throw new InputError('is not a folder', undefined, undefined, dir);
  const yamlDir = ['yaml', 'manifests'].map((d) => join(dir, d)).find((d) => isFolder(d));
  if (!yamlDir) throw new InputError('has no yaml/ folder of manifests', undefined, undefined, dir);
  const userDir = join(dir, 'user_input');
  const objects = listFiles(yamlDir).flatMap((f) => readDocuments(f));
  const m = readManifests(objects, warnings, { namespace: opts.namespace });

  let profile: Record<string, unknown> = {};
  let profileFile = '';
  let intents: ClusterSpec['intents'] = [];
  if (isFolder(userDir)) {
    const pf = findFile(userDir, ['cluster_configs', 'cluster_config']);
    if (pf) {
      const v = readValue(pf);
      if (!isRecord(v)) throw new InputError('must be an object with nodesTypes, dTypes and events_assumption', undefined, undefined, pf);
      profile = v;
      profileFile = pf;
      for (const key of Object.keys(v)) {
        if (!['nodesTypes', 'nodeTypes', 'dTypes', 'events_assumption', 'userCommand', 'max_pod_per_node', 'nodesScaleType', 'dScaleType'].includes(key)) {
          warnings.add('unknown key, ignored', pf, undefined, key);
        }
      }
    }
    const intf = findFile(userDir, ['intents', 'intent']);
    if (intf) intents = parseIntents(readValue(intf), intf);
  } else {
    warnings.add('no user_input/ folder: no cluster profile, only pod_always_schedulable is checked', dir);
  }

  const nodes = [...m.nodes, ...nodesFromProfile(profile, profileFile)];
  if (nodes.length === 0) throw new InputError('no nodes: give node types in user_input/cluster_configs.json or Node manifests in yaml/', undefined, undefined, dir);

  // dTypes set each deployment's replica count; the deployment starts absent and is created.
  const deployments: DeploymentSpec[] = m.deployments.map((d) => ({ ...d }));
  const events: EventSpec[] = [];
  const dTypes = profile.dTypes;
  if (dTypes !== undefined) {
    if (!Array.isArray(dTypes)) throw new InputError('must be a list', undefined, 'dTypes', profileFile);
    dTypes.forEach((t, i) => {
      const object = `dTypes[${i}]`;
      if (!isRecord(t) || typeof t.name !== 'string') throw new InputError('needs the deployment "name"', object, 'name', profileFile);
      const d = deployments.find((x) => x.name === t.name);
      if (!d) throw new InputError(`no Deployment "${t.name}" in ${basename(yamlDir)}/`, object, 'name', profileFile);
      if (t.num !== undefined) {
        if (typeof t.num !== 'number' || !Number.isInteger(t.num) || t.num < 0 || t.num > MAX_REPLICAS) {
          throw new InputError(`must be an integer from 0 to ${MAX_REPLICAS}, got ${JSON.stringify(t.num)}`, object, 'num', profileFile);
        }
        d.replicas = t.num;
      }
    });
  }
  for (const d of deployments) {
    d.created = false;
    events.push({ kind: 'createTargetDeployment', deployment: d.name });
  }
  events.push(...parseEvents(profile.events_assumption, profileFile, 'events_assumption'));
  events.push(...parseEvents(profile.userCommand, profileFile, 'userCommand'));

  // Pod slots: every deployment can reach max(replicas, HPA maximum), plus 3 spare (the
  // reference gave slots to HPA deployments only, so others could never create a pod).
  let spareSlots = 0;
  for (const d of deployments) spareSlots += Math.max(d.replicas, d.hpa?.maxReplicas ?? 0) + 3;

  const sources: NonNullable<ClusterSpec['sources']> = { '*': { file: profileFile || dir } };
  events.forEach((_, i) => (sources[`event #${i + 1}`] = { file: profileFile || dir }));
  for (const [key, src] of m.sources) sources[key] = src;
  const intentFile = isFolder(userDir) ? findFile(userDir, ['intents', 'intent']) : undefined;
  if (intentFile) intents.forEach((_, i) => (sources[`intent #${i + 1}`] = { file: intentFile }));
  return {
    name: basename(dir.replace(/\/+$/, '')),
    sources,
    nodes,
    podTemplates: m.podTemplates,
    deployments,
    pods: m.pods,
    spareSlots,
    events,
    intents,
    descheduler: m.descheduler,
    scheduler: m.scheduler,
  };
}

/**
 * The folder as node and deployment types for the scaling search (`cases-and-inputs.md` §5.1):
 * node types with their minSize..maxSize, deployment types with the bounds of their dTypes
 * entry (default 1..replicas), HPA factor 2, and `max_pod_per_node` (default 7).
 */
export function loadConfigTemplate(dir: string, warnings: Warnings, opts: FolderOptions = {}): ScalingTemplate {
  const spec = loadConfigFolder(dir, warnings, opts);
  const profileFile = findFile(join(dir, 'user_input'), ['cluster_configs', 'cluster_config']);
  const profile = profileFile ? (readValue(profileFile) as Record<string, unknown>) : {};
  const types = (profile.nodesTypes ?? profile.nodeTypes ?? []) as Array<Record<string, unknown>>;
  if (!Array.isArray(types) || types.length === 0) {
    throw new InputError('the scaling search needs node types with minSize and maxSize (or use -o)', undefined, 'nodesTypes', profileFile ?? dir);
  }
  // The folder's own nodes, in profile order: `num` of each type (at least one built per type).
  const byType: NodeType[] = [];
  let at = spec.nodes.length - types.reduce((a, t) => a + ((t.num as number | undefined) ?? 1), 0);
  types.forEach((t, k) => {
    const num = (t.num as number | undefined) ?? 1;
    const tmpl = num > 0 ? spec.nodes[at] : nodesFromProfile({ nodesTypes: [{ ...t, num: 1 }] }, profileFile ?? '')[0];
    at += num;
    const label = typeof (t.template as Record<string, unknown>)?.name === 'string' ? String((t.template as Record<string, unknown>).name) : `type-${k + 1}`;
    byType.push({ label, template: { ...tmpl }, minSize: (t.minSize as number | undefined) ?? 0, maxSize: (t.maxSize as number | undefined) ?? num });
  });
  const dTypes = (Array.isArray(profile.dTypes) ? profile.dTypes : []) as Array<Record<string, unknown>>;
  const maxPod = profile.max_pod_per_node ?? 7;
  if (typeof maxPod !== 'number' || !Number.isInteger(maxPod) || maxPod < 1) {
    throw new InputError(`must be an integer >= 1, got ${JSON.stringify(maxPod)}`, undefined, 'max_pod_per_node', profileFile);
  }
  const deploymentTypes: DeploymentType[] = spec.deployments.map((d) => {
    const entry = dTypes.find((x) => x.name === d.name);
    const minSize = (entry?.minSize as number | undefined) ?? 1;
    const maxSize = (entry?.maxSize as number | undefined) ?? d.replicas;
    if (minSize > maxSize) throw new InputError(`minSize (${minSize}) is greater than maxSize (${maxSize})`, `dTypes ${d.name}`, 'minSize', profileFile);
    return { label: d.name, template: { ...d }, minSize, maxSize, hpaFactor: 2 };
  });
  // loadConfigFolder creates every deployment with a command; each setup does that itself.
  const base = sharedPart(spec, (e) => e.kind !== 'createTargetDeployment');
  return { base, nodeTypes: byType, deploymentTypes, maxPodPerNode: maxPod, pinnedTypes: {} };
}
