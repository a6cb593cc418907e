/**
 * Fuzzing the input loaders (src/parsers/config-folder.ts, src/parsers/kubectl-logs.ts).
 *
 * Whatever a user puts into a configuration folder or a folder of kubectl output, kivi must
 * end in one of two ways: a cluster it can check, or an InputError that names the file (and
 * becomes one line on stderr with exit code 2). Any other exception (TypeError, RangeError...)
 * is a bug in kivi, not in the input, and fails these properties.
 *
 * Inputs: random documents (fc.jsonValue / fc.anything rendered as YAML or JSON, random text,
 * truncated files) and mutations of a valid folder of each layout (a field deleted, a value
 * replaced by one of another type, random quantity strings, wrong kinds, nulls), written into
 * temporary folders. A loaded cluster is compiled and checked with a small state budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../src/check.js';
import type { ClusterSpec } from '../src/model/cluster.js';
import { compile } from '../src/system/compile.js';
import { InputError } from '../src/model/errors.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { loadKubectlLogs } from '../src/parsers/kubectl-logs.js';
import { Warnings } from '../src/parsers/warnings.js';
import { schedulerConfiguration } from './fault-bases.js';
import { paths } from './fault-inputs.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Folder models: every file is a list of documents, one value, or a text table.

type FileModel =
  | { rel: string; kind: 'docs'; value: unknown[] }
  | { rel: string; kind: 'value'; value: unknown }
  | { rel: string; kind: 'table'; value: unknown[][]; csv: boolean };

const webContainer = {
  name: 'web',
  image: 'ghcr.io/example/web:1.0',
  ports: [{ containerPort: 8080, protocol: 'TCP' }],
  resources: { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
};

/** A valid configuration folder that uses most of what the manifest reader understands. */
function configBase(): FileModel[] {
  return [
    {
      rel: 'yaml/app.yaml',
      kind: 'docs',
      value: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
            template: {
              metadata: { labels: { app: 'web', tier: 'front' } },
              spec: {
                containers: [webContainer],
                topologySpreadConstraints: [
                  { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
                  {
                    maxSkew: 2,
                    topologyKey: 'kubernetes.io/hostname',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
                  },
                ],
                nodeSelector: { pool: 'general' },
                affinity: {
                  nodeAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      { weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['A', 'B'] }] } },
                    ],
                  },
                },
                tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
                terminationGracePeriodSeconds: 30,
              },
            },
          },
        },
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'web', namespace: 'default' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            minReplicas: 1,
            maxReplicas: 4,
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
          },
        },
      ],
    },
    {
      rel: 'yaml/batch.yml',
      kind: 'docs',
      value: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'batch' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'batch' } },
            strategy: { type: 'Recreate' },
            template: {
              metadata: { labels: { app: 'batch' } },
              spec: { containers: [{ name: 'batch', image: 'busybox', resources: { requests: { cpu: 0.1, memory: '64Mi' } } }] },
            },
          },
        },
        {
          apiVersion: 'autoscaling/v1',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'batch' },
          spec: { scaleTargetRef: { kind: 'Deployment', name: 'batch' }, minReplicas: 1, maxReplicas: 2, targetCPUUtilizationPercentage: 70 },
        },
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'edge-1', labels: { zone: 'C', pool: 'general', 'kubernetes.io/hostname': 'edge-1' } },
          spec: { taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] },
          status: {
            allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
            capacity: { cpu: '2', memory: '4Gi', pods: '110' },
            conditions: [{ type: 'Ready', status: 'True' }],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'probe', namespace: 'default', labels: { app: 'probe' } },
          spec: { nodeName: 'edge-1', containers: [{ name: 'probe', image: 'busybox', resources: { requests: { cpu: '50m', memory: '32Mi' } } }] },
          status: { phase: 'Running' },
        },
      ],
    },
    {
      rel: 'yaml/policies.yaml',
      kind: 'docs',
      value: [
        {
          apiVersion: 'descheduler/v1alpha2',
          kind: 'DeschedulerPolicy',
          maxNoOfPodsToEvictPerNode: 2,
          profiles: [
            {
              name: 'default',
              pluginConfig: [
                { name: 'DefaultEvictor', args: { evictSystemCriticalPods: false } },
                { name: 'RemovePodsViolatingTopologySpreadConstraint', args: { constraints: ['DoNotSchedule'] } },
              ],
              plugins: { balance: { enabled: ['RemoveDuplicates', 'RemovePodsViolatingTopologySpreadConstraint'] } },
            },
          ],
        },
        schedulerConfiguration(),
      ],
    },
    {
      rel: 'user_input/cluster_configs.json',
      kind: 'value',
      value: {
        nodesTypes: [
          { template: { name: 'a', cpu: 4, memory: 16, labels: { zone: 'A', pool: 'general' } }, num: 1 },
          { template: { cpu: '2', memory: '8Gi', labels: { zone: 'B', pool: 'general' }, taint: ['dedicated=web:NoSchedule'] }, num: 1, minSize: 1, maxSize: 3 },
        ],
        dTypes: [{ name: 'web', num: 2 }, { name: 'batch' }],
        events_assumption: [{ name: 'eventCpuChange', para: { targetDeployment: 'web' } }],
      },
    },
    {
      rel: 'user_input/intents.json',
      kind: 'value',
      value: [
        { name: 'pod_always_schedulable' },
        { name: 'no_oscillation_eviction', params: { deployment: 'web' } },
        { name: 'replica_num_always_meet_min', para: { did: 'web' } },
      ],
    },
  ];
}

const HASH = '6f7c9d8b5';

function logsPod(name: string, node: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: { app: 'web', 'pod-template-hash': HASH },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${HASH}`, controller: true, uid: 'u1' }],
    },
    spec: {
      nodeName: node,
      containers: [webContainer],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
      tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }],
      priority: 0,
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function logsNode(name: string, zone: string | undefined, controlPlane: boolean): Record<string, unknown> {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
  if (zone) labels.zone = zone;
  if (controlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : { podCIDR: '10.244.1.0/24' },
    status: {
      allocatable: { cpu: '2', memory: '8029412Ki', pods: '110' },
      capacity: { cpu: '2', memory: '8029412Ki', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady' },
      ],
    },
  };
}

/** A valid folder of kubectl output: nodes, pods, deployments, HPAs, `kubectl top pod`, `kubectl get hpa`. */
function logsBase(): FileModel[] {
  return [
    {
      rel: 'setup/nodes.json',
      kind: 'docs',
      value: [logsNode('cp', undefined, true), logsNode('w1', 'A', false), logsNode('w2', 'B', false)],
    },
    {
      rel: 'setup/pods.json',
      kind: 'docs',
      value: [
        logsPod(`web-${HASH}-aaaaa`, 'w1'),
        logsPod(`web-${HASH}-bbbbb`, 'w2'),
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'coredns-5d78c9869d-x1x1x',
            namespace: 'kube-system',
            labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'coredns-5d78c9869d', controller: true }],
          },
          spec: {
            nodeName: 'cp',
            priorityClassName: 'system-cluster-critical',
            containers: [{ name: 'coredns', resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } } }],
          },
          status: { phase: 'Running' },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'done-job-abcde', namespace: 'default', ownerReferences: [{ kind: 'Job', name: 'done-job' }] },
          spec: { nodeName: 'w1', containers: [{ name: 'job', resources: {} }] },
          status: { phase: 'Succeeded' },
        },
      ],
    },
    {
      rel: 'setup/deployments.json',
      kind: 'docs',
      value: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'default' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [webContainer],
                topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
              },
            },
          },
          status: { replicas: 2, readyReplicas: 2 },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'coredns', namespace: 'kube-system' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [{ name: 'coredns', resources: { requests: { cpu: '100m' } } }] } },
          },
        },
      ],
    },
    {
      rel: 'setup/hpa.json',
      kind: 'docs',
      value: [
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'web', namespace: 'default' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
            minReplicas: 1,
            maxReplicas: 3,
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
          },
          status: { currentReplicas: 2, desiredReplicas: 2 },
        },
      ],
    },
    {
      rel: 'setup/top-pods.txt',
      kind: 'table',
      csv: false,
      value: [
        ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
        [`web-${HASH}-aaaaa`, '200m', '30Mi'],
        [`web-${HASH}-bbbbb`, '150m', '28Mi'],
      ],
    },
    {
      rel: 'setup/get-hpa.csv',
      kind: 'table',
      csv: true,
      value: [
        ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
        ['web', 'Deployment/web', '100%/50%', '1', '3', '2', '5m'],
      ],
    },
    { rel: 'user_input/intents.json', kind: 'value', value: [{ name: 'pod_always_schedulable' }, { name: 'no_oscillation_replica_num', params: { deployment: 'web' } }] },
    { rel: 'user_input/cluster_configs.json', kind: 'value', value: { events_assumption: [{ name: 'eventCpuChange', para: { targetDeployment: 'web' } }] } },
  ];
}

// ---------------------------------------------------------------------------------------------
// Rendering and writing

function dumpYaml(v: unknown): string {
  return yaml.dump(v, { skipInvalid: true, noRefs: true });
}

function render(f: FileModel, asYaml: boolean): string {
  switch (f.kind) {
    case 'docs':
      if (asYaml) return f.value.map((d) => `---\n${dumpYaml(d)}`).join('');
      return JSON.stringify(f.value.length === 1 ? f.value[0] : { apiVersion: 'v1', kind: 'List', items: f.value, metadata: { resourceVersion: '' } }, null, 2);
    case 'value':
      return asYaml ? dumpYaml(f.value) : JSON.stringify(f.value, null, 2);
    case 'table': {
      const rows = (Array.isArray(f.value) ? f.value : [f.value]).map((r) => (Array.isArray(r) ? r : [r]).map((c) => (typeof c === 'string' ? c : JSON.stringify(c) ?? '')));
      if (f.csv) return rows.map((r) => `${r.join(',')},`).join('\n') + '\n';
      const width = Math.max(8, ...rows.flat().map((c) => c.length)) + 3;
      return rows.map((r) => r.map((c) => c.padEnd(width)).join('')).join('\n') + '\n';
    }
  }
}

/** A fresh temporary folder (removed by the caller). */
function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'kivi-fuzz-'));
}

function writeFolder(dir: string, files: { rel: string; text: string | Buffer }[], dirs: string[]): void {
  for (const d of dirs) mkdirSync(join(dir, d), { recursive: true });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.rel)), { recursive: true });
    writeFileSync(join(dir, f.rel), f.text);
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations of a JSON-like tree

type Path = (string | number)[];


function parentOf(root: unknown, path: Path): { parent: Record<string | number, unknown> | unknown[]; key: string | number } {
  let cur = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  return { parent: cur, key: path[path.length - 1] };
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Small values only: counts like replicas or nodesTypes[].num must not make the model huge. */
const smallValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -3, max: 40 }),
    fc.double({ min: -1000, max: 1000 }),
    // No huge integers: a count of 2^31 nodes or replicas is a known bug (tested on its own below).
    fc.constantFrom(0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', 'true', '1', '100m', '25%', 'Deployment', 'NoSchedule', 'In', 'web', '~', 'null', '-'),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('name', 'kind', 'cpu', 'key', 'value', 'x', 'matchLabels', 'effect'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A value of another type than `v` (string ↔ number ↔ boolean ↔ object ↔ array ↔ null). */
function otherType(v: unknown, pick: number): unknown {
  const candidates: unknown[] = ['7', 'x', '', 7, -1, 0.5, true, false, null, [], {}, [v], { value: v }, '100m', 'Deployment'];
  const others = candidates.filter((c) => typeOf(c) !== typeOf(v));
  return structuredClone(others[pick % others.length]);
}

const quantity: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('100m', '0.5', '1e3', '512Mi', '1Gi', '1G', '64k', '-1', '-100m', '1.5.5', '', 'm', '1Zi', ' 2 ', '+3', '.5', '5.', '1e-12', '1e400', '9e18', '0x10', '1_000', 'NaN', 'Infinity', '1 Gi', '2Ki ', '0', '0m'),
  fc.tuple(fc.double({ noNaN: true }), fc.constantFrom('', 'm', 'n', 'u', 'k', 'M', 'G', 'T', 'E', 'Ki', 'Mi', 'Gi', 'Ei', 'mi', 'b')).map(([n, s]) => `${n}${s}`),
  fc.tuple(fc.nat({ max: 1_000_000 }), fc.constantFrom('', 'm', 'Mi', 'Gi', 'Ki', 'k', 'G')).map(([n, s]) => `${n}${s}`),
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.integer({ min: -1000, max: 100000 }),
);

const kindName: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('Deployment', 'Pod', 'Node', 'HorizontalPodAutoscaler', 'DeschedulerPolicy', 'KubeSchedulerConfiguration', 'ReplicaSet', 'List', 'PodList', 'Service', 'deployment', ''),
  fc.string({ maxLength: 8 }),
  smallValue,
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'null'; at: number }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'retype'; at: number; pick: number }
  | { op: 'quantity'; at: number; value: unknown }
  | { op: 'kind'; at: number; value: unknown }
  | { op: 'duplicate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('null' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: smallValue }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ op: fc.constant('quantity' as const), at: fc.nat(), value: quantity }),
  fc.record({ op: fc.constant('kind' as const), at: fc.nat(), value: kindName }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
);

const QUANTITY_KEYS = new Set(['cpu', 'memory', 'averageValue', 'targetAverageValue', 'CPU(cores)', 'MEMORY(bytes)']);

/** Applies a mutation to a tree (the file's value); returns the (possibly replaced) root. */
function mutate(root: unknown, m: Mutation, f: FileModel): unknown {
  let all = paths(root);
  if (m.op === 'quantity') {
    // A quantity field; in tables, any cell but the header's.
    all = f.kind === 'table' ? all.filter((p) => p.length === 2 && p[0] !== 0) : all.filter((p) => QUANTITY_KEYS.has(String(p[p.length - 1])));
  } else if (m.op === 'kind') {
    const k = all.filter((p) => p[p.length - 1] === 'kind');
    if (k.length > 0) all = k;
  }
  if (all.length === 0) return m.op === 'replace' ? structuredClone(m.value) : root;
  const path = all[m.at % all.length];
  const { parent, key } = parentOf(root, path);
  const p = parent as Record<string | number, unknown>;
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
      break;
    case 'null':
      p[key] = null;
      break;
    case 'replace':
    case 'quantity':
    case 'kind':
      p[key] = structuredClone(m.value);
      break;
    case 'retype':
      p[key] = otherType(p[key], m.pick);
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      else p[key] = [structuredClone(p[key]), structuredClone(p[key])];
      break;
  }
  return root;
}

/** Damage to a whole file after rendering. */
type Damage =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'remove' };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.string({ unit: 'binary', maxLength: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'remove' as const }) },
);

interface Variant {
  mutations: { file: number; m: Mutation }[];
  asYaml: boolean[];
  damage: { file: number; d: Damage };
}

function variantArb(fileCount: number): fc.Arbitrary<Variant> {
  return fc.record({
    mutations: fc.array(fc.record({ file: fc.nat({ max: fileCount - 1 }), m: mutation }), { minLength: 1, maxLength: 4 }),
    asYaml: fc.array(fc.boolean(), { minLength: fileCount, maxLength: fileCount }),
    damage: fc.record({ file: fc.nat({ max: fileCount - 1 }), d: damage }),
  });
}

function applyVariant(base: FileModel[], v: Variant): { rel: string; text: string | Buffer }[] {
  const files = base.map((f) => ({ ...f, value: structuredClone(f.value) }) as FileModel);
  for (const { file, m } of v.mutations) {
    const f = files[file];
    (f as { value: unknown }).value = mutate(f.value, m, f);
    if (f.kind === 'docs' && !Array.isArray(f.value)) (f as { value: unknown }).value = [f.value];
  }
  const out: { rel: string; text: string | Buffer }[] = [];
  files.forEach((f, i) => {
    let text: string | Buffer = render(f, v.asYaml[i]);
    if (v.damage.file === i) {
      const d = v.damage.d;
      if (d.kind === 'remove') return;
      if (d.kind === 'truncate') text = text.slice(0, Math.floor(text.length * d.at));
      if (d.kind === 'text') text = d.text;
      if (d.kind === 'bytes') text = Buffer.from(d.bytes);
    }
    out.push({ rel: f.rel, text });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The property: a result or an InputError naming a file of the folder

interface Outcome {
  stage: 'load' | 'compile' | 'check' | 'ok';
  error?: InputError;
}

function describeError(e: unknown, stage: string, files: { rel: string; text: string | Buffer }[]): Error {
  const listing = files.map((f) => `--- ${f.rel}\n${typeof f.text === 'string' ? f.text.slice(0, 1500) : `<${f.text.length} bytes>`}`).join('\n');
  const what = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return new Error(`${stage} threw something other than an InputError naming the file:\n${what}\n${listing}`);
}

function expectNamesFile(e: unknown, dir: string, stage: string, files: { rel: string; text: string | Buffer }[]): InputError {
  if (!(e instanceof InputError)) throw describeError(e, stage, files);
  if (e.file === undefined || !e.file.startsWith(dir) || !e.message.startsWith(e.file)) {
    throw describeError(e, `${stage} (an InputError that names no file of the folder)`, files);
  }
  return e;
}

async function loadAndCheck(dir: string, files: { rel: string; text: string | Buffer }[], load: (dir: string, w: Warnings) => ClusterSpec, check: boolean): Promise<Outcome> {
  let spec: ClusterSpec;
  try {
    spec = load(dir, new Warnings());
  } catch (e) {
    return { stage: 'load', error: expectNamesFile(e, dir, 'the loader', files) };
  }
  try {
    compile(spec);
  } catch (e) {
    return { stage: 'compile', error: expectNamesFile(e, dir, 'compile() of the loaded cluster', files) };
  }
  if (check) {
    try {
      await checkCluster(spec, { maxStates: 2000, timeLimitMs: 2000 });
    } catch (e) {
      return { stage: 'check', error: expectNamesFile(e, dir, 'checkCluster() of the loaded cluster', files) };
    }
  }
  return { stage: 'ok' };
}

const loadConfig = (dir: string, w: Warnings): ClusterSpec => loadConfigFolder(dir, w);
const loadLogs = (dir: string, w: Warnings): ClusterSpec => loadKubectlLogs(dir, w);

async function runFolder(
  files: { rel: string; text: string | Buffer }[],
  dirs: string[],
  load: (dir: string, w: Warnings) => ClusterSpec,
  check: boolean,
): Promise<Outcome> {
  const dir = tempFolder();
  try {
    writeFolder(dir, files, dirs);
    return await loadAndCheck(dir, files, load, check);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Random file contents: a JSON value, any value (as YAML), a Kubernetes-looking object, or text. */
const randomContent: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.anything({ maxDepth: 3 }).map((v) => dumpYaml(v)),
  fc.tuple(kindName, fc.dictionary(fc.constantFrom('metadata', 'spec', 'status', 'items', 'apiVersion', 'profiles'), smallValue, { maxKeys: 4 }))
    .map(([kind, rest]) => dumpYaml({ ...rest, kind })),
  fc.array(fc.tuple(kindName, fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }).map((docs) => docs.map(([kind, v]) => `---\n${dumpYaml({ kind, metadata: { name: 'x' }, spec: v })}`).join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', '---\n', '--- !!binary', '{', '[1, 2', 'a: b: c', 'key: [unclosed', '\t- x', 'NAME\n', 'NAME CPU(cores) MEMORY(bytes)\nx', 'NAME,REFERENCE,TARGETS\nh,Deployment/x,1%', '*anchor', '%YAML 9.9\n---\n'),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
);

// ---------------------------------------------------------------------------------------------

describe('loaders: the valid base folders load, compile and check', () => {
  it('configuration folder', async () => {
    const files = configBase().map((f) => ({ rel: f.rel, text: render(f, f.rel.endsWith('.yaml') || f.rel.endsWith('.yml')) }));
    expect((await runFolder(files, [], loadConfig, true)).stage).toBe('ok');
  });
  it('kubectl output', async () => {
    const files = logsBase().map((f) => ({ rel: f.rel, text: render(f, false) }));
    expect((await runFolder(files, [], loadLogs, true)).stage).toBe('ok');
  });
});

describe('loaders: fuzzing ends in a cluster or an InputError that names the file', () => {
  // Random files next to valid ones, so that random content also reaches the later stages
  // (a profile with nodes lets random manifests be compiled; kubectl output needs nodes first).
  const baseProfile = configBase().find((f) => f.rel === 'user_input/cluster_configs.json')!;
  const baseNodes = logsBase().find((f) => f.rel === 'setup/nodes.json')!;

  it('configuration folder: random documents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(randomContent, { minLength: 0, maxLength: 3 }),
        fc.oneof(fc.constant('base' as const), fc.constant(undefined), randomContent),
        fc.option(randomContent, { nil: undefined }),
        async (manifests, profile, intents) => {
          const files = manifests.map((text, i) => ({ rel: `yaml/doc-${i}.${i % 2 ? 'json' : 'yaml'}`, text }));
          if (profile !== undefined) files.push({ rel: baseProfile.rel, text: profile === 'base' ? render(baseProfile, false) : profile });
          if (intents !== undefined) files.push({ rel: 'user_input/intents.json', text: intents });
          await runFolder(files, ['yaml'], loadConfig, false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('kubectl output: random documents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(randomContent, { minLength: 0, maxLength: 4 }),
        fc.boolean(),
        fc.option(randomContent, { nil: undefined }),
        async (setup, withNodes, intents) => {
          const files = setup.map((text, i) => ({ rel: `setup/out-${i}.${['json', 'txt', 'csv', 'yaml'][i % 4]}`, text }));
          if (withNodes) files.push({ rel: baseNodes.rel, text: render(baseNodes, false) });
          if (intents !== undefined) files.push({ rel: 'user_input/intents.json', text: intents });
          await runFolder(files, ['setup'], loadLogs, false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('configuration folder: mutations of a valid folder', async () => {
    const base = configBase();
    await fc.assert(
      fc.asyncProperty(variantArb(base.length), async (v) => {
        await runFolder(applyVariant(base, v), ['yaml'], loadConfig, true);
      }),
      { numRuns: 100 },
    );
  });

  it('kubectl output: mutations of a valid folder', async () => {
    const base = logsBase();
    await fc.assert(
      fc.asyncProperty(variantArb(base.length), async (v) => {
        await runFolder(applyVariant(base, v), ['setup'], loadLogs, true);
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * Inputs the random runs rarely or never produce (found by longer fuzzing runs and by reading
 * the loaders), checked one by one with the same rule: a result or an InputError naming a file
 * or folder of the input.
 */
describe('loaders: odd folders and extreme values end in a cluster or an InputError naming the file', () => {
  const profile = (extra: object): string => JSON.stringify({ nodesTypes: [{ template: { cpu: 2, memory: 4 }, num: 1 }], ...extra });
  const deployment = (replicas: number): string =>
    dumpYaml({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', resources: { requests: { cpu: '100m' } } }] } } },
    });
  const hpa = (maxReplicas: number): string =>
    dumpYaml({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas } });
  const logsFiles = (): { rel: string; text: string }[] => logsBase().map((f) => ({ rel: f.rel, text: render(f, false) }));

  /** `file`: the input is wrong, and the InputError must name exactly this file. */
  type OddCase = { name: string; layout: 'config' | 'logs'; files: () => { rel: string; text: string }[]; fs?: (dir: string) => void; file?: string };
  const withFile = (files: { rel: string; text: string }[], rel: string, text: string) => [...files.filter((f) => f.rel !== rel), { rel, text }];
  const configFiles = (): { rel: string; text: string }[] => [{ rel: 'yaml/web.yaml', text: deployment(1) }, { rel: 'user_input/cluster_configs.json', text: profile({}) }];
  const unknownIntent = '[{"name": "no_oscillation_eviction", "params": {"deployment": "nope"}}]';
  const unknownEvent = '{"events_assumption": [{"name": "eventCpuChange", "para": {"targetDeployment": "nope"}}]}';
  const cases: OddCase[] = [
    {
      name: 'config: a replica count of 10^9 in cluster_configs.json dTypes',
      layout: 'config',
      files: () => [{ rel: 'yaml/web.yaml', text: deployment(1) }, { rel: 'user_input/cluster_configs.json', text: profile({ dTypes: [{ name: 'web', num: 1e9 }] }) }],
    },
    {
      name: 'config: an HPA with maxReplicas 2^31',
      layout: 'config',
      files: () => [{ rel: 'yaml/web.yaml', text: `${deployment(1)}---\n${hpa(2 ** 31)}` }, { rel: 'user_input/cluster_configs.json', text: profile({}) }],
    },
    {
      name: 'logs: a Deployment with spec.replicas 10^9',
      layout: 'logs',
      files: () => logsFiles().map((f) => (f.rel === 'setup/deployments.json' ? { rel: f.rel, text: f.text.replace('"replicas": 2,', '"replicas": 1000000000,') } : f)),
    },
    { name: 'config: yaml/ is a file', layout: 'config', files: () => [{ rel: 'yaml', text: 'kind: Deployment\n' }] },
    {
      name: 'config: a dangling symbolic link in yaml/',
      layout: 'config',
      files: () => [{ rel: 'user_input/cluster_configs.json', text: profile({}) }],
      fs: (dir) => {
        mkdirSync(join(dir, 'yaml'));
        symlinkSync(join(dir, 'no-such-file.yaml'), join(dir, 'yaml/app.yaml'));
      },
    },
    { name: 'logs: setup/ is a file', layout: 'logs', files: () => [{ rel: 'setup', text: '{}' }] },
    {
      name: 'logs: a dangling symbolic link in setup/',
      layout: 'logs',
      files: () => logsFiles(),
      fs: (dir) => symlinkSync(join(dir, 'no-such-file.json'), join(dir, 'setup/nodes-old.json')),
    },
    { name: 'logs: user_input/ is a file', layout: 'logs', files: () => [...logsFiles().filter((f) => !f.rel.startsWith('user_input/')), { rel: 'user_input', text: '[]' }] },
    {
      name: 'config: an intent about an unknown deployment names user_input/intents.json',
      layout: 'config',
      files: () => withFile(configFiles(), 'user_input/intents.json', unknownIntent),
      file: 'user_input/intents.json',
    },
    {
      name: 'config: an event about an unknown deployment names user_input/cluster_configs.json',
      layout: 'config',
      files: () => withFile(configFiles(), 'user_input/cluster_configs.json', profile(JSON.parse(unknownEvent))),
      file: 'user_input/cluster_configs.json',
    },
    {
      name: 'logs: an intent about an unknown deployment names user_input/intents.json',
      layout: 'logs',
      files: () => withFile(logsFiles(), 'user_input/intents.json', unknownIntent),
      file: 'user_input/intents.json',
    },
    {
      name: 'logs: an event about an unknown deployment names user_input/cluster_configs.json',
      layout: 'logs',
      files: () => withFile(logsFiles(), 'user_input/cluster_configs.json', unknownEvent),
      file: 'user_input/cluster_configs.json',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = tempFolder();
    try {
      const files = c.files();
      writeFolder(dir, files, []);
      c.fs?.(dir);
      // Load and compile only: a cluster this large is not worth searching here.
      const outcome = await loadAndCheck(dir, files, c.layout === 'config' ? loadConfig : loadLogs, false);
      if (c.file !== undefined) {
        expect(outcome.stage, 'the input is wrong: an InputError is expected').not.toBe('ok');
        expect(outcome.error?.file).toBe(join(dir, c.file));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI on a broken folder', () => {
  const deploymentYaml = dumpYaml({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', resources: { requests: { cpu: '100m' } } }] } } },
  });
  const cases: { name: string; flag: string; files: { rel: string; text: string }[]; file: string }[] = [
    { name: 'invalid YAML in a manifest', flag: '-o', files: [{ rel: 'yaml/app.yaml', text: 'kind: Deployment\nmetadata: {name: [x\n' }], file: 'yaml/app.yaml' },
    {
      name: 'a Deployment with a bad quantity',
      flag: '-o',
      files: [
        {
          rel: 'yaml/app.yaml',
          text: deploymentYaml.replace('cpu: 100m', 'cpu: 12 cores'),
        },
        { rel: 'user_input/cluster_configs.json', text: '{"nodesTypes": [{"template": {"cpu": 2, "memory": 4}, "num": 1}]}' },
      ],
      file: 'yaml/app.yaml',
    },
    { name: 'intents that are not a list', flag: '-o', files: [{ rel: 'yaml/empty.yaml', text: '' }, { rel: 'user_input/intents.json', text: '{"name": "pod_always_schedulable"}' }], file: 'user_input/intents.json' },
    { name: 'kubectl output with truncated nodes.json', flag: '-log', files: [{ rel: 'setup/nodes.json', text: '{"apiVersion": "v1", "items": [{"kind": "Node", "metadata": {"na' }], file: 'setup/nodes.json' },
    { name: 'kubectl output with a broken top table', flag: '-log', files: [{ rel: 'setup/top.txt', text: 'NAME CPU(cores) MEMORY(bytes)\nweb-1 lots 1Mi\n' }], file: 'setup/top.txt' },
  ];

  it('a node type with num 10^9 in cluster_configs.json: exit 2 within 5 s, not a hang', () => {
    const dir = tempFolder();
    try {
      writeFolder(dir, [{ rel: 'yaml/web.yaml', text: deploymentYaml }, { rel: 'user_input/cluster_configs.json', text: '{"nodesTypes": [{"template": {"cpu": 2, "memory": 4}, "num": 1000000000}]}' }], []);
      const r = spawnSync(process.execPath, [BIN, '-p', dir, '-o'], { encoding: 'utf8', timeout: 5000 });
      expect(r.signal, 'kivi was still running after 5 s').toBeNull();
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).not.toContain('\n    at ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: exit 2, one stderr line naming the file, no stack trace', (_name, c) => {
    const dir = tempFolder();
    try {
      writeFolder(dir, c.files, []);
      const r = spawnSync(process.execPath, [BIN, '-p', dir, c.flag], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('\n    at ');
      expect(r.stderr.endsWith('\n')).toBe(true);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^kivi: /);
      expect(lines[0]).toContain(join(dir, c.file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
