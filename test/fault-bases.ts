/**
 * The valid inputs the fault suite (test/fault-suite.test.ts) breaks: a configuration folder with
 * one object of every manifest kind kivi reads (src/parsers/kinds/) and a profile that uses most
 * of the cluster_configs.json keys, and the kubectl output of examples/c3-logs. Each file is a
 * value (a list of documents, one JSON value, or text) so that a generator can change one field.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

export type Doc = Record<string, unknown>;

/** One input file: documents (YAML stream or JSON), one value (JSON or YAML), or a text table. */
export type BaseFile =
  | { rel: string; kind: 'docs'; value: Doc[] }
  | { rel: string; kind: 'value'; value: unknown }
  | { rel: string; kind: 'text'; value: string };

const webPodSpec = {
  containers: [{ name: 'web', image: 'ghcr.io/example/web:1.0', resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } } }],
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['general'] }] }] } } },
  priorityClassName: 'web-high',
};

/** yaml/web.yaml: Deployment, HPA, PDB of `web`. */
function webDocs(): Doc[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: { metadata: { labels: { app: 'web' } }, spec: structuredClone(webPodSpec) },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 3,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  ];
}

/** yaml/cluster.yaml: Namespace, PriorityClass, Node, Pod, DaemonSet. */
function clusterDocs(): Doc[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { team: 'shop' } } },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'web-high' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'edge-1', labels: { zone: 'C', pool: 'general', 'kubernetes.io/hostname': 'edge-1' } },
      spec: { taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }] },
      status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, capacity: { cpu: '2', memory: '4Gi', pods: '110' } },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe', namespace: 'default', labels: { app: 'probe' } },
      spec: { nodeName: 'edge-1', tolerations: [{ key: 'dedicated', operator: 'Exists' }], containers: [{ name: 'probe', image: 'busybox', resources: { requests: { cpu: '100m', memory: '32Mi' } } }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'agent', image: 'agent', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
      },
    },
  ];
}

/** A KubeSchedulerConfiguration that weighs NodeResourcesFit (LeastAllocated) twice. */
export function schedulerConfiguration(): Doc {
  return {
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    profiles: [
      {
        schedulerName: 'default-scheduler',
        plugins: { score: { enabled: [{ name: 'NodeResourcesFit', weight: 2 }] } },
        pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'LeastAllocated' } } }],
      },
    ],
  };
}

/** yaml/policies.yaml: KubeSchedulerConfiguration and DeschedulerPolicy. */
function policyDocs(): Doc[] {
  return [
    schedulerConfiguration(),
    {
      apiVersion: 'descheduler/v1alpha2',
      kind: 'DeschedulerPolicy',
      maxNoOfPodsToEvictPerNode: 2,
      profiles: [
        {
          name: 'default',
          pluginConfig: [
            { name: 'DefaultEvictor', args: { evictSystemCriticalPods: false } },
            { name: 'LowNodeUtilization', args: { thresholds: { cpu: 20, memory: 20 }, targetThresholds: { cpu: 70, memory: 70 } } },
          ],
          plugins: { balance: { enabled: ['RemoveDuplicates', 'LowNodeUtilization'] } },
        },
      ],
    },
  ];
}

/** user_input/cluster_configs.json: node types, dTypes, events, and the optional keys. */
export function profileValue(): Record<string, unknown> {
  return {
    nodesTypes: [
      { template: { name: 'pool', cpu: 4, memory: 8, labels: { zone: 'A', pool: 'general' }, taint: ['dedicated=web:NoSchedule'] }, num: 1, minSize: 1, maxSize: 2 },
      { template: { cpu: '2', memory: '4Gi', labels: { zone: 'B', pool: 'general' } }, num: 1, minSize: 0, maxSize: 1 },
    ],
    dTypes: [{ name: 'web', num: 2, minSize: 2, maxSize: 3 }],
    events_assumption: [{ name: 'eventCpuChange', para: { targetDeployment: 'web' } }],
    max_pod_per_node: 7,
    priorityClasses: [{ name: 'batch-low', value: 10 }],
    load: { web: '0:100:50/step' },
    hpaController: { tolerance: 0.1, downscaleStabilizationSeconds: 300 },
  };
}

export const INTENTS = [{ name: 'pod_always_schedulable' }, { name: 'replica_num_always_meet_min', params: { deployment: 'web' } }];

/** The configuration folder (`kivi -p DIR`). */
export function configBase(): BaseFile[] {
  return [
    { rel: 'yaml/web.yaml', kind: 'docs', value: webDocs() },
    { rel: 'yaml/cluster.yaml', kind: 'docs', value: clusterDocs() },
    { rel: 'yaml/policies.yaml', kind: 'docs', value: policyDocs() },
    { rel: 'user_input/cluster_configs.json', kind: 'value', value: profileValue() },
    { rel: 'user_input/intents.json', kind: 'value', value: INTENTS },
  ];
}

/** Manifests and a `--cluster` profile (`kivi check FILE... --cluster FILE`, or `-` for stdin). */
export function inputsBase(): BaseFile[] {
  return [
    { rel: 'app/web.yaml', kind: 'docs', value: webDocs() },
    { rel: 'app/cluster.yaml', kind: 'docs', value: clusterDocs() },
    { rel: 'app/policies.yaml', kind: 'docs', value: policyDocs() },
    { rel: 'cluster.yaml', kind: 'value', value: { ...profileValue(), intents: INTENTS } },
  ];
}

const LOGS = new URL('../examples/c3-logs/', import.meta.url);

/** The kubectl output of examples/c3-logs (`kivi -p DIR -log`). */
export function logsBase(): BaseFile[] {
  const json = (rel: string): BaseFile => ({ rel, kind: 'value', value: JSON.parse(readFileSync(new URL(rel, LOGS), 'utf8')) });
  return [
    json('setup/nodes.json'),
    json('setup/pods.json'),
    json('setup/deployments.json'),
    json('setup/hpa.json'),
    { rel: 'setup/top-pods.txt', kind: 'text', value: readFileSync(new URL('setup/top-pods.txt', LOGS), 'utf8') },
    json('user_input/intents.json'),
  ];
}

/** A file's text, by its extension: documents as a YAML stream or a JSON List, values as JSON or YAML. */
export function render(f: BaseFile): string {
  const dump = (v: unknown): string => yaml.dump(v, { skipInvalid: true, noRefs: true, lineWidth: -1 });
  const asYaml = f.rel.endsWith('.yaml');
  switch (f.kind) {
    case 'docs':
      return asYaml ? f.value.map((d) => `---\n${dump(d)}`).join('') : JSON.stringify({ apiVersion: 'v1', kind: 'List', items: f.value });
    case 'value':
      return asYaml ? dump(f.value) : JSON.stringify(f.value, null, 1);
    case 'text':
      return f.value;
  }
}
