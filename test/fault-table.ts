/**
 * Values that are wrong, field by field, for the fault suite (test/fault-suite.test.ts): each is
 * rejected by the Kubernetes API server's validation (apimachinery validation.go, the kinds'
 * `Validate*` functions in pkg/apis/.../validation), by the component's own config validation
 * (kube-scheduler's, the descheduler's), or by kivi's profile format (docs/inputs.md). kivi must
 * answer each with exit 2 and one line naming the file and the field.
 */
import type { Target } from './fault-inputs.js';

export interface BadField {
  target: Target;
  /** Index of the document in a file of documents (yaml/*.yaml). */
  doc?: number;
  path: (string | number)[];
  values: unknown[];
  /** What the error line must contain besides the file (default: the last key of `path`). */
  mention?: string;
}

const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];
const POD = ['spec', 'template', 'spec'];
/** DNS-1123 subdomain names the API server rejects (IsDNS1123Subdomain). */
const BAD_NAMES = ['Web', 'web_1', '', '-web', 'web-', `${'a'.repeat(254)}`, '__proto__', 'web\n::error file=x::y', 42, null];
/** Quantities resource.ParseQuantity rejects (and negative requests, ValidateResourceRequirements). */
const BAD_QUANTITIES = ['12 cores', '-1', 'abc', '1.5.5', '1Zi', '', true, {}, []];

export const BAD_FIELDS: BadField[] = [
  // Deployment (ValidateDeployment)
  { target: 'web', doc: 0, path: ['metadata', 'name'], values: BAD_NAMES },
  { target: 'web', doc: 0, path: ['spec', 'replicas'], values: [-1, 'two', 1.5, [], {}] },
  { target: 'web', doc: 0, path: [...CONTAINER, 'resources', 'requests', 'cpu'], values: BAD_QUANTITIES, mention: 'cpu' },
  { target: 'web', doc: 0, path: [...CONTAINER, 'resources', 'requests', 'memory'], values: ['lots', '-1Gi', '1Zi'], mention: 'memory' },
  { target: 'web', doc: 0, path: ['spec', 'strategy', 'type'], values: ['Bogus', 5] },
  { target: 'web', doc: 0, path: ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], values: ['150x', -1, '-5%', 'abc'] },
  { target: 'web', doc: 0, path: [...POD, 'topologySpreadConstraints', 0, 'maxSkew'], values: [0, -1, 'one'] },
  { target: 'web', doc: 0, path: [...POD, 'topologySpreadConstraints', 0, 'whenUnsatisfiable'], values: ['Maybe', ''] },
  { target: 'web', doc: 0, path: [...POD, 'tolerations', 0, 'operator'], values: ['Maybe'] },
  { target: 'web', doc: 0, path: [...POD, 'tolerations', 0, 'effect'], values: ['Sometimes'] },
  { target: 'web', doc: 0, path: [...POD, 'containers'], values: ['x', null, 5] },
  { target: 'web', doc: 0, path: [...POD, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'operator'], values: ['Like', ''] },
  { target: 'web', doc: 0, path: [...POD, 'priorityClassName'], values: ['no-such-class'] },
  // HorizontalPodAutoscaler (ValidateHorizontalPodAutoscaler)
  { target: 'web', doc: 1, path: ['spec', 'maxReplicas'], values: [0, -1, 'five'] },
  { target: 'web', doc: 1, path: ['spec', 'minReplicas'], values: [-1, 'x', 9] },
  { target: 'web', doc: 1, path: ['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization'], values: [-5, 'fifty'] },
  { target: 'web', doc: 1, path: ['spec', 'metrics', 0, 'type'], values: ['Bogus'] },
  // PodDisruptionBudget (ValidatePodDisruptionBudgetSpec)
  { target: 'web', doc: 2, path: ['spec', 'minAvailable'], values: ['150x', -1, 'abc%'] },
  { target: 'web', doc: 2, path: ['spec', 'maxUnavailable'], values: [1], mention: 'maxUnavailable' },
  { target: 'web', doc: 2, path: ['metadata', 'name'], values: ['Web', '-x'] },
  // HPA behavior (validateBehavior: a window of 0..3600 s, known policy types, periods 1..1800 s)
  { target: 'web', doc: 1, path: ['spec', 'behavior'], values: [{ scaleDown: { stabilizationWindowSeconds: -1 } }, { scaleDown: { stabilizationWindowSeconds: 4000 } }], mention: 'stabilizationWindowSeconds' },
  { target: 'web', doc: 1, path: ['spec', 'behavior'], values: [{ scaleUp: { policies: [{ type: 'Bogus', value: 1, periodSeconds: 60 }] } }], mention: 'type' },
  { target: 'web', doc: 1, path: ['spec', 'behavior'], values: [{ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } }], mention: 'periodSeconds' },
  // Pod anti-affinity (ValidatePodAffinityTerm: a topology key is required)
  { target: 'web', doc: 0, path: [...POD, 'affinity', 'podAntiAffinity'], values: [{ requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: '' }] }], mention: 'topologyKey' },
  // Namespace (ValidateNamespace: a DNS-1123 label)
  { target: 'cluster', doc: 0, path: ['metadata', 'name'], values: ['Default_NS', 'a.b'] },
  { target: 'cluster', doc: 0, path: ['metadata', 'labels'], values: [{ team: 'bad value!' }], mention: 'labels' },
  // PriorityClass (ValidatePriorityClass), Node, Pod, DaemonSet
  { target: 'cluster', doc: 1, path: ['value'], values: ['high', 2e9, null] },
  { target: 'cluster', doc: 1, path: ['preemptionPolicy'], values: ['Sometimes'] },
  { target: 'cluster', doc: 2, path: ['metadata', 'name'], values: ['Edge_1', ''] },
  { target: 'cluster', doc: 2, path: ['status', 'allocatable', 'cpu'], values: ['-1', 'abc'] },
  { target: 'cluster', doc: 2, path: ['spec', 'taints', 0, 'effect'], values: ['Sometimes', ''] },
  { target: 'cluster', doc: 2, path: ['metadata', 'labels'], values: [{ 'bad key!': 'x' }, { zone: 'bad value!' }], mention: 'labels' },
  { target: 'cluster', doc: 3, path: ['spec', 'nodeName'], values: ['nowhere'] },
  { target: 'cluster', doc: 3, path: ['metadata', 'name'], values: ['Probe', 'a..b'] },
  { target: 'cluster', doc: 3, path: ['spec', 'containers', 0, 'resources', 'requests', 'cpu'], values: ['-100m', 'x'], mention: 'cpu' },
  { target: 'cluster', doc: 4, path: [...CONTAINER, 'resources', 'requests', 'cpu'], values: ['-1', 'x'], mention: 'cpu' },
  { target: 'cluster', doc: 4, path: ['metadata', 'name'], values: ['Agent'] },
  // KubeSchedulerConfiguration (ValidateKubeSchedulerConfiguration) and DeschedulerPolicy
  { target: 'policies', doc: 0, path: ['profiles', 0, 'plugins', 'score', 'enabled', 0, 'weight'], values: [-1, 'x'] },
  { target: 'policies', doc: 0, path: ['profiles', 0, 'pluginConfig', 0, 'args', 'scoringStrategy', 'type'], values: ['Weird'] },
  { target: 'policies', doc: 1, path: ['maxNoOfPodsToEvictPerNode'], values: [-1, 'x'] },
  { target: 'policies', doc: 1, path: ['profiles', 0, 'plugins', 'balance', 'enabled', 0], values: ['NoSuchPlugin'], mention: 'NoSuchPlugin' },
  { target: 'policies', doc: 1, path: ['profiles', 0, 'pluginConfig', 1, 'args', 'thresholds', 'cpu'], values: [150, -1, 'x'] },
  // The cluster profile (docs/inputs.md, "The cluster profile")
  { target: 'profile', path: ['nodesTypes', 0, 'num'], values: [-1, 'x', 1.5] },
  { target: 'profile', path: ['nodesTypes', 0, 'template', 'cpu'], values: [-1, 'abc'] },
  { target: 'profile', path: ['nodesTypes', 0, 'template', 'memory'], values: [-1, 'lots'] },
  { target: 'profile', path: ['nodesTypes', 0, 'minSize'], values: [-1, 'x', 5] },
  { target: 'profile', path: ['nodesTypes', 0, 'maxSize'], values: [-1, 'x'] },
  { target: 'profile', path: ['nodesTypes'], values: ['x', 5, {}] },
  { target: 'profile', path: ['dTypes', 0, 'name'], values: ['nope'], mention: 'nope' },
  { target: 'profile', path: ['dTypes', 0, 'num'], values: [-1, 'x'] },
  { target: 'profile', path: ['dTypes', 0, 'minSize'], values: [-1, 'x'] },
  { target: 'profile', path: ['dTypes', 0, 'maxSize'], values: [1, -1] },
  { target: 'profile', path: ['events_assumption', 0, 'name'], values: ['noSuchEvent'], mention: 'noSuchEvent' },
  { target: 'profile', path: ['events_assumption', 0, 'para', 'targetDeployment'], values: ['nope'], mention: 'nope' },
  { target: 'profile', path: ['max_pod_per_node'], values: [0, -1, 'x'] },
  { target: 'profile', path: ['priorityClasses', 0, 'value'], values: ['x', 2e9] },
  { target: 'profile', path: ['load', 'web'], values: ['abc', '100:0:50', 5] },
  { target: 'profile', path: ['load', 'nope'], values: ['0:100:50'], mention: 'nope' },
  { target: 'profile', path: ['hpaController', 'tolerance'], values: [-1, 'x'] },
  // Intents
  { target: 'intents', path: [0, 'name'], values: ['no_such_intent'], mention: 'no_such_intent' },
  { target: 'intents', path: [1, 'params', 'deployment'], values: ['nope'], mention: 'nope' },
  // kubectl output (examples/c3-logs)
  { target: 'logs:setup/nodes.json', path: ['items', 1, 'status', 'allocatable', 'cpu'], values: ['abc', '-2'], mention: 'cpu' },
  { target: 'logs:setup/pods.json', path: ['items', 0, 'spec', 'containers', 0, 'resources', 'requests', 'cpu'], values: ['lots', '-5m'], mention: 'cpu' },
  { target: 'logs:setup/deployments.json', path: ['items', 0, 'spec', 'replicas'], values: [-1, 'x'] },
  { target: 'logs:setup/hpa.json', path: ['items', 0, 'spec', 'maxReplicas'], values: [0, 'x'] },
  { target: 'logs:user_input/intents.json', path: [0, 'name'], values: ['no_such_intent'], mention: 'no_such_intent' },
];

/**
 * Options with wrong values: each is exit 2 with one line naming the option (commander's
 * argument parsers in src/cli/options.ts, or the combination checks).
 */
export const BAD_OPTIONS: Array<{ args: string[]; mention: string[] }> = [
  ...['--timeout', '--max-memory', '--max-states', '--max-depth', '--steps', '--runs', '--seed', '--intents-group', '--workers', '--scale', '--verbose-level', '--file-debug', '--fast-find', '--max-nodes-per-type', '--pods-per-node-cap', '--shard-count'].flatMap((flag) =>
    // Integers past 2^53 are not counts (a timeout that large is a valid, very long timeout).
    ['NaN', '-1', 'abc', '1e999', '', '__proto__', '0x10', ...(flag === '--timeout' ? [] : ['9007199254740993'])].map((v) => ({ args: [flag, v], mention: [flag] })),
  ),
  ...['--search', '--format'].flatMap((flag) => ['astar', '', '__proto__', 'BFS', 'TEXT'].map((v) => ({ args: [flag, v], mention: [flag] }))),
  { args: ['--timeout', '0'], mention: ['--timeout'] },
  { args: ['--max-memory', '127'], mention: ['--max-memory'] },
  { args: ['--workers', '100'], mention: ['--workers'] },
  { args: ['--workers', '0'], mention: ['--workers'] },
  { args: ['-si', '-l'], mention: ['--simulation', '--loop'] },
  { args: ['-r', '-l'], mention: ['--loop', '--random'] },
  { args: ['-si', '-r'], mention: ['--simulation', '--random'] },
  { args: ['--output', 'json'], mention: ['--output'] },
  { args: ['--output', 'o.txt', '-lf', 'l.txt'], mention: ['--output', '--log-output-file'] },
  { args: ['--trust-fixpoint'], mention: ['--trust-fixpoint', '--fixpoint'] },
  { args: ['-si', '--json', 'x.json'], mention: ['--json', '--simulation'] },
  { args: ['--shard', '1/2'], mention: ['--shard'] },
  { args: ['--kubeconfig', 'k'], mention: ['--kubeconfig', '--live'] },
  { args: ['--live', '-c', 'c1'], mention: ['--live'] },
  { args: ['--no-such-option'], mention: ['--no-such-option'] },
  { args: ['-c', '__proto__'], mention: ['__proto__'] },
  { args: ['-c', 'constructor'], mention: ['constructor'] },
  { args: ['-p', '/nonexistent/kivi-fault'], mention: ['/nonexistent/kivi-fault'] },
  { args: ['--load', 'web=abc'], mention: ['--load'] },
  { args: ['--load', '__proto__=0:100:50'], mention: ['__proto__'] },
  { args: ['--namespace', 'x'], mention: ['--namespace'] },
  { args: ['--runs', '3'], mention: ['--runs'] },
  { args: ['--steps', '5'], mention: ['--steps'] },
];
