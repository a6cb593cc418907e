/**
 * A configuration folder (`-p DIR`, docs/inputs.md, "Configuration folder"):
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
 * reference. The profile's bounds (minSize..maxSize, `max_pod_per_node`) go into the cluster's
 * `scaling` field, from which the scaling search builds its setups.
 */
import { applyProfileLoads, applyProfilePatterns, profileHpaController } from './load.js';
import { filesUnder, isFile, isFolder } from './files.js';
import { basename, join } from 'node:path';
import {
  type ClusterSpec, type DeploymentSpec, type EventSpec, MAX_REPLICAS, type NodeSpec, type ScalingDeploymentSpec, type ScalingNodeTypeSpec,
  type PriorityClassSpec, type ScalingSpec,
} from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { dns1123SubdomainProblem } from './names.js';
import { isRecord, readDocuments, readValue, type SourceObject } from './documents.js';
import { parseEvents } from './events.js';
import { parseIntents } from './intents.js';
import { readManifests } from './manifests.js';
import { priorityClassFromObject } from './kinds/priority-class.js';
import { parseAutoscaler, parseNodeGroups } from './node-groups.js';
import { profileNodeTemplate, rejectUnknownKeys } from './profile-nodes.js';
import type { Warnings } from './warnings.js';
import { refineFieldLines } from './field-lines.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export interface FolderOptions {
  /** Only objects of this namespace are checked. */
  namespace?: string;
}

function listFiles(dir: string): string[] {
  return filesUnder(dir, MANIFEST_EXT);
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

/** A profile's optional `minSize` or `maxSize`: an integer >= 0. */
function readSize(t: Record<string, unknown>, key: 'minSize' | 'maxSize', object: string, file: string): number | undefined {
  const v = t[key];
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) throw new InputError(`must be an integer >= 0, got ${JSON.stringify(v)}`, object, key, file);
  return v;
}

/** The nodes of the profile's node types (`num` of each), and the types for the scaling search. */
function nodesFromProfile(profile: Record<string, unknown>, file: string): { nodes: NodeSpec[]; types: ScalingNodeTypeSpec[] } {
  const types = profile.nodesTypes ?? profile.nodeTypes;
  if (types === undefined) return { nodes: [], types: [] };
  if (!Array.isArray(types)) throw new InputError('must be a list of node types', undefined, 'nodesTypes', file);
  const nodes: NodeSpec[] = [];
  const scalingTypes: ScalingNodeTypeSpec[] = [];
  const counters = new Map<string, number>();
  types.forEach((t, i) => {
    const object = `nodesTypes[${i}]`;
    if (!isRecord(t) || !isRecord(t.template)) throw new InputError('needs a "template" object', object, 'template', file);
    rejectUnknownKeys(t, ['template', 'num', 'minSize', 'maxSize'], object, file);
    const tmpl = t.template;
    const num = t.num ?? 1;
    if (typeof num !== 'number' || !Number.isInteger(num) || num < 0 || num > MAX_NODES_PER_TYPE) {
      throw new InputError(`must be an integer from 0 to ${MAX_NODES_PER_TYPE}, got ${JSON.stringify(num)}`, object, 'num', file);
    }
    const minSize = readSize(t, 'minSize', object, file);
    const maxSize = readSize(t, 'maxSize', object, file);
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      throw new InputError(`minSize (${minSize}) is greater than maxSize (${maxSize})`, object, 'minSize', file);
    }
    const prefix = typeof tmpl.name === 'string' ? tmpl.name : 'node';
    // The nodes are named `<name>-<k>`: Node names are DNS subdomains (ValidateNodeName).
    const badName = dns1123SubdomainProblem(`${prefix}-1`);
    if (badName) throw new InputError(badName, object, 'template.name', file);
    const shape = profileNodeTemplate(tmpl, file, object);
    const node = (index: number): NodeSpec => ({ name: `${prefix}-${index}`, ...shape, ...(shape.allocatable ? { allocatable: { ...shape.allocatable } } : {}) });
    // A type the profile has nodes of keeps at least one unless its minSize says 0: the scaling
    // search does not empty a zone the user did not allow to be empty.
    const type: ScalingNodeTypeSpec = { label: typeof tmpl.name === 'string' ? tmpl.name : `type-${i + 1}`, minSize: minSize ?? Math.min(1, num), maxSize: maxSize ?? num, nodes: [] };
    for (let k = 0; k < num; k++) {
      const index = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, index);
      const n = node(index);
      nodes.push(n);
      type.nodes.push(n.name);
    }
    if (num === 0) type.template = node(1);
    scalingTypes.push(type);
  });
  return { nodes, types: scalingTypes };
}

/**
 * The profile's `priorityClasses` (`[{name, value, globalDefault?, preemptionPolicy?}]`), read as
 * PriorityClass objects, after those of the manifests: a name given twice, or a second
 * globalDefault class, is an error (docs/inputs.md).
 */
function profilePriorityClasses(v: unknown, file: string, manifests: PriorityClassSpec[], warnings: Warnings): PriorityClassSpec[] {
  const out = [...manifests];
  if (v === undefined) return out;
  if (!Array.isArray(v)) throw new InputError('must be a list of {name, value, globalDefault?, preemptionPolicy?}', undefined, 'priorityClasses', file);
  v.forEach((x, i) => {
    const field = `priorityClasses[${i}]`;
    if (!isRecord(x)) throw new InputError('must be an object {name, value, globalDefault?, preemptionPolicy?}', undefined, field, file);
    const { name, ...rest } = x;
    const pc = priorityClassFromObject({ ...rest, metadata: { name } }, { file }, warnings);
    if (out.some((c) => c.name === pc.name)) throw new InputError('is defined twice', `PriorityClass/${pc.name}`, field, file);
    const dflt = out.find((c) => c.globalDefault);
    if (pc.globalDefault && dflt) {
      throw new InputError(`PriorityClass ${dflt.name} is already marked as default. Only one default can exist`, `PriorityClass/${pc.name}`, `${field}.globalDefault`, file);
    }
    out.push(pc);
  });
  return out;
}

export interface UserInput {
  /** The cluster profile; empty without one. */
  profile: Record<string, unknown>;
  /** '' without a profile. */
  profileFile: string;
  intents: ClusterSpec['intents'];
  intentFile?: string;
}

const PROFILE_KEYS = ['nodesTypes', 'nodeTypes', 'dTypes', 'events_assumption', 'userCommand', 'max_pod_per_node', 'nodesScaleType', 'dScaleType', 'nodeGroups', 'autoscaler', 'priorityClasses', 'load', 'hpaController', 'cpuPattern', 'nodeLifecycle'];

/**
 * A cluster profile file (docs/inputs.md, "The cluster profile"), with a warning for each key it
 * does not know. The one `--cluster` names may also hold the `intents` list.
 */
export function readProfile(file: string, warnings: Warnings, withIntents: boolean): Record<string, unknown> {
  const v = readValue(file);
  if (!isRecord(v)) throw new InputError('must be an object with nodesTypes, dTypes and events_assumption', undefined, undefined, file);
  for (const key of Object.keys(v)) {
    if (!PROFILE_KEYS.includes(key) && !(withIntents && key === 'intents')) warnings.add('unknown key, ignored', file, undefined, key);
  }
  return v;
}

/** user_input/: the cluster profile (with warnings for unknown keys) and the intents. */
function readUserInput(dir: string, warnings: Warnings): UserInput {
  const userDir = join(dir, 'user_input');
  const out: UserInput = { profile: {}, profileFile: '', intents: [] };
  if (!isFolder(userDir)) {
    warnings.note('no user_input/ folder: no cluster profile, only pod_always_schedulable is checked', dir);
    return out;
  }
  const pf = findFile(userDir, ['cluster_configs', 'cluster_config']);
  if (pf) {
    out.profile = readProfile(pf, warnings, false);
    out.profileFile = pf;
  }
  out.intentFile = findFile(userDir, ['intents', 'intent']);
  if (out.intentFile) out.intents = parseIntents(readValue(out.intentFile), out.intentFile);
  return out;
}

/**
 * dTypes: each listed deployment's replica count (`num`), and every deployment's bounds for the
 * scaling search: those of its first dTypes entry, default 1..replicas, HPA factor 2.
 */
function applyDTypes(dTypes: unknown, file: string, deployments: DeploymentSpec[], manifests: string): Record<string, ScalingDeploymentSpec> {
  const sizes = new Map<string, { minSize?: number; maxSize?: number }>();
  if (dTypes !== undefined) {
    if (!Array.isArray(dTypes)) throw new InputError('must be a list', undefined, 'dTypes', file);
    dTypes.forEach((t, i) => {
      const object = `dTypes[${i}]`;
      if (!isRecord(t) || typeof t.name !== 'string') throw new InputError('needs the deployment "name"', object, 'name', file);
      rejectUnknownKeys(t, ['name', 'num', 'minSize', 'maxSize'], object, file);
      const d = deployments.find((x) => x.name === t.name);
      if (!d) throw new InputError(`no Deployment "${t.name}" in ${manifests}`, object, 'name', file);
      if (t.num !== undefined) {
        if (typeof t.num !== 'number' || !Number.isInteger(t.num) || t.num < 0 || t.num > MAX_REPLICAS) {
          throw new InputError(`must be an integer from 0 to ${MAX_REPLICAS}, got ${JSON.stringify(t.num)}`, object, 'num', file);
        }
        d.replicas = t.num;
      }
      const size = { minSize: readSize(t, 'minSize', object, file), maxSize: readSize(t, 'maxSize', object, file) };
      if (!sizes.has(t.name)) sizes.set(t.name, size);
    });
  }
  const bounds: Record<string, ScalingDeploymentSpec> = {};
  for (const d of deployments) {
    const size = sizes.get(d.name);
    // The HPA never lets the deployment run fewer than minReplicas or more than maxReplicas
    // (horizontal.go normalizeDesiredReplicas): setups outside that range are not clusters
    // Kubernetes would run, and each setup keeps the HPA as the manifest gives it.
    const hpa = d.hpa;
    const minSize = Math.max(size?.minSize ?? 1, hpa?.minReplicas ?? 0);
    if (hpa && size?.maxSize !== undefined && size.maxSize < hpa.minReplicas) {
      throw new InputError(`is ${size.maxSize}, below the HPA's minReplicas (${hpa.minReplicas}): the HPA never lets ${d.name} run fewer`, `dTypes ${d.name}`, 'maxSize', file);
    }
    // A maxSize the user gives is kept as is (a minSize above it is an error later); the default
    // (the replica count) is raised to the HPA's minimum and lowered to its maximum.
    const maxSize = size?.maxSize ?? Math.max(minSize, Math.min(d.replicas, hpa?.maxReplicas ?? Infinity));
    bounds[d.name] = { minSize, maxSize, hpaFactor: 2, ...(hpa ? { keepHpaBounds: true } : {}) };
  }
  return bounds;
}

/**
 * The profile's `nodeLifecycle`: the node lifecycle controller's flags by their names in
 * camelCase (`nodeEvictionRate` for `--node-eviction-rate`, ...); ranges are checked when compiled.
 */
function readNodeLifecycle(v: unknown, file: string): NonNullable<ClusterSpec['nodeLifecycle']> {
  const keys = ['nodeEvictionRate', 'secondaryNodeEvictionRate', 'unhealthyZoneThreshold', 'largeClusterSizeThreshold'] as const;
  if (!isRecord(v)) throw new InputError(`must be a map of ${keys.join(', ')}`, undefined, 'nodeLifecycle', file);
  const out: NonNullable<ClusterSpec['nodeLifecycle']> = {};
  for (const [k, x] of Object.entries(v)) {
    const key = keys.find((name) => name === k);
    if (key === undefined) throw new InputError(`is not one of ${keys.join(', ')}`, undefined, `nodeLifecycle.${k}`, file);
    if (typeof x !== 'number') throw new InputError(`must be a number, got ${JSON.stringify(x)}`, undefined, `nodeLifecycle.${k}`, file);
    out[key] = x;
  }
  return out;
}

export function loadConfigFolder(dir: string, warnings: Warnings, opts: FolderOptions = {}): ClusterSpec {
  if (!isFolder(dir)) throw new InputError('is not a folder', undefined, undefined, dir);
  const yamlDir = ['yaml', 'manifests'].map((d) => join(dir, d)).find((d) => isFolder(d));
  if (!yamlDir) throw new InputError('has no yaml/ folder of manifests', undefined, undefined, dir);
  // Subfolders too, as `kubectl apply -R -f yaml/` reads them.
  const objects = listFiles(yamlDir).flatMap((f) => readDocuments(f));
  const user = readUserInput(dir, warnings);
  return assembleCluster({ name: basename(dir.replace(/\/+$/, '')), where: dir, manifests: `${basename(yamlDir)}/`, objects, ...user }, warnings, opts);
}

/** What a cluster is assembled from: manifests, and a cluster profile with intents. */
export interface ClusterInputs extends UserInput {
  name: string;
  /** The folder or the paths, for messages. */
  where: string;
  /** How messages name the manifests ("yaml/", "the inputs"). */
  manifests: string;
  objects: SourceObject[];
}

/**
 * The cluster of some manifests and a cluster profile (docs/inputs.md): the manifests' workloads,
 * the profile's node types, node groups, replica counts and events, and the scaling bounds.
 */
export function assembleCluster(input: ClusterInputs, warnings: Warnings, opts: FolderOptions = {}): ClusterSpec {
  const { objects, profile, profileFile, intents, intentFile, where } = input;
  const m = readManifests(objects, warnings, { namespace: opts.namespace });
  refineFieldLines(objects, warnings.items);
  nothingToCheck(input, m, opts);

  const profileNodes = nodesFromProfile(profile, profileFile);
  const nodeGroups = parseNodeGroups(profile.nodeGroups, profileFile);
  const autoscaler = parseAutoscaler(profile.autoscaler, profileFile);
  const nodes = [...m.nodes, ...profileNodes.nodes];
  if (nodes.length === 0 && !nodeGroups?.length) throw new InputError(`no nodes: give node types in a cluster profile (nodesTypes) or Node manifests in ${input.manifests}`, undefined, undefined, where);

  // dTypes set each deployment's replica count; the deployment starts absent and is created.
  const deployments: DeploymentSpec[] = m.deployments.map((d) => ({ ...d }));
  const bounds = applyDTypes(profile.dTypes, profileFile, deployments, input.manifests);
  applyProfilePatterns(profile.cpuPattern, profileFile, deployments, m.podTemplates);
  applyProfileLoads(profile.load, profileFile, deployments, m.podTemplates);
  const hpaController = profileHpaController(profile.hpaController, profileFile);
  const events: EventSpec[] = [];
  for (const d of deployments) {
    d.created = false;
    events.push({ kind: 'createTargetDeployment', deployment: d.name });
  }
  events.push(...parseEvents(profile.events_assumption, profileFile, 'events_assumption'));
  events.push(...parseEvents(profile.userCommand, profileFile, 'userCommand'));
  const maxPodPerNode = profile.max_pod_per_node ?? 7;
  if (typeof maxPodPerNode !== 'number' || !Number.isInteger(maxPodPerNode) || maxPodPerNode < 1) {
    throw new InputError(`must be an integer >= 1, got ${JSON.stringify(maxPodPerNode)}`, undefined, 'max_pod_per_node', profileFile);
  }
  const priorityClasses = profilePriorityClasses(profile.priorityClasses, profileFile, m.priorityClasses ?? [], warnings);
  // Node manifests belong to no node type: they are not scaled.
  const scaling: ScalingSpec = { nodeTypes: profileNodes.types, deployments: bounds, maxPodPerNode, dropCreateEvents: true };

  // Pod slots: every deployment can reach max(replicas, HPA maximum), plus 3 spare (the
  // reference gave slots to HPA deployments only, so others could never create a pod).
  let spareSlots = 0;
  for (const d of deployments) spareSlots += Math.max(d.replicas, d.hpa?.maxReplicas ?? 0) + 3;

  const sources: NonNullable<ClusterSpec['sources']> = { '*': { file: profileFile || where } };
  events.forEach((_, i) => (sources[`event #${i + 1}`] = { file: profileFile || where }));
  for (const [key, src] of m.sources) sources[key] = src;
  if (intentFile) intents.forEach((_, i) => (sources[`intent #${i + 1}`] = { file: intentFile }));
  return {
    name: input.name,
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
    ...(profile.nodeLifecycle !== undefined ? { nodeLifecycle: readNodeLifecycle(profile.nodeLifecycle, profileFile) } : {}),
    ...(m.namespaceLabels ? { namespaceLabels: m.namespaceLabels } : {}),
    ...(m.daemonSets ? { daemonSets: m.daemonSets } : {}),
    ...(priorityClasses.length > 0 ? { priorityClasses } : {}),
    ...(m.podDisruptionBudgets ? { podDisruptionBudgets: m.podDisruptionBudgets } : {}),
    ...(nodeGroups ? { nodeGroups } : {}),
    ...(autoscaler ? { autoscaler } : {}),
    scaling,
    ...(hpaController ? { hpaController } : {}),
    ...(warnings.items.length > 0 ? { unmodelled: [...warnings.items] } : {}),
  };
}

/**
 * A check of no workload is no check: without a Deployment or a Pod to check (none in the
 * manifests, or none in the namespace asked for) the input is an error, never a pass.
 */
function nothingToCheck(input: ClusterInputs, m: ReturnType<typeof readManifests>, opts: FolderOptions): void {
  if (m.deployments.length > 0 || m.pods.length > 0) return;
  const kinds = new Map<string, number>();
  const namespaces = new Set<string>();
  for (const o of input.objects) {
    if (!isRecord(o.value)) continue;
    const kind = typeof o.value.kind === 'string' ? o.value.kind : 'an object without a kind';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    if ((kind === 'Deployment' || kind === 'Pod') && isRecord(o.value.metadata)) namespaces.add(typeof o.value.metadata.namespace === 'string' ? o.value.metadata.namespace : 'default');
  }
  const found = kinds.size === 0 ? 'no Kubernetes objects at all' : [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  if (opts.namespace !== undefined && namespaces.size > 0) {
    throw new InputError(`no Deployment or Pod in namespace "${opts.namespace}" to check; ${input.manifests} has them in ${[...namespaces].sort().join(', ')}`, undefined, '--namespace', input.where);
  }
  throw new InputError(`no Deployment or Pod to check: ${input.manifests} holds ${found}`, undefined, undefined, input.where);
}
