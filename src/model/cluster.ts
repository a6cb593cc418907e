/**
 * The cluster description kivi checks: the user-facing, name-based form that built-in cases,
 * manifest folders and `kubectl` logs all become (the reference called it the "cluster JSON",
 * `model.md` §2). `compile()` turns it into the static configuration plus the initial state.
 *
 * Everything refers to other objects by name; indices exist only after compilation.
 */

/** A label selector: `matchLabels` only for now (pairs that must all be equal). */
export type LabelSelector = Record<string, string>;

export interface NodeSpec {
  name: string;
  /** Capacity (allocatable) in the cluster's CPU unit (millicores for real inputs). */
  cpu: number;
  memory: number;
  /**
   * Free CPU/memory at the start. Defaults to capacity minus the usage of the pods placed on the
   * node; set explicitly when something kivi does not model also uses the node.
   */
  cpuLeft?: number;
  memLeft?: number;
  /** `kubernetes.io/hostname` is added automatically (the node name). */
  labels?: Record<string, string>;
  /** `Ready` (default), `NotReady` (down) or `Unhealthy` (kernel panic). */
  status?: 'Ready' | 'NotReady' | 'Unhealthy';
}

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';

export interface TopologySpreadConstraintSpec {
  maxSkew: number;
  /** Any node label key; `hostname` is an alias of `kubernetes.io/hostname`. */
  topologyKey: string;
  whenUnsatisfiable: WhenUnsatisfiable;
  /** Defaults to the template's own labels. */
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface NodeAffinityTermSpec {
  /** All pairs must match (a `matchExpressions` list of `In` with one value each). */
  matchLabels: Record<string, string>;
}

export interface NodeAffinitySpec {
  /** `requiredDuringSchedulingIgnoredDuringExecution`: terms are ORed. */
  required?: NodeAffinityTermSpec[];
  /** `preferredDuringSchedulingIgnoredDuringExecution`: weight 1..100 each. */
  preferred?: { weight: number; term: NodeAffinityTermSpec }[];
}

export interface CpuPatternSpec {
  /** usage[0] is a new pod's usage; usage[k] (k >= 1) applies at startTime + at[k]. */
  usage: number[];
  at: number[];
}

export interface PodTemplateSpec {
  name: string;
  labels: Record<string, string>;
  cpuRequest: number;
  memoryRequest: number;
  /** Usage of a new pod; defaults to the request (as the reference does). */
  cpuUsage?: number;
  memoryUsage?: number;
  /** `spec.nodeName`: the pod bypasses the scheduler. */
  nodeName?: string;
  nodeAffinity?: NodeAffinitySpec;
  /**
   * `undefined` means "not given": Kubernetes' system default constraints apply
   * (hostname maxSkew 3 and zone maxSkew 5, both ScheduleAnyway).
   */
  topologySpreadConstraints?: TopologySpreadConstraintSpec[];
  cpuPattern?: CpuPatternSpec;
}

export interface HpaMetricSpec {
  resource: 'cpu' | 'memory';
  /** `Utilization`: target is a percentage of the request; `AverageValue`: absolute per pod. */
  type: 'Utilization' | 'AverageValue';
  target: number;
}

export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  metrics: HpaMetricSpec[];
}

export interface DeploymentSpec {
  name: string;
  /** `spec.replicas`. */
  replicas: number;
  template: string;
  /** A deployment that does not exist yet (created later by a user command). */
  created?: boolean;
  hpa?: HpaSpec;
}

export interface PodSpec {
  name?: string;
  /** Owning deployment; omitted for a bare pod. */
  deployment?: string;
  /** Pod template; defaults to the deployment's. */
  template?: string;
  /** Node the pod is bound to; omitted for a pending, unbound pod. */
  node?: string;
  phase: 'Running' | 'Pending';
  /** Current usage; defaults to the template's usage. */
  cpu?: number;
  memory?: number;
}

export interface EventSpec {
  /** `eventCpuChange`: one upward CPU bump of 1..6 units on one pod of the deployment. */
  kind: 'eventCpuChange';
  deployment: string;
  /** Launched once the cluster is first idle (`after_stable` in the reference). */
  afterStable?: boolean;
}

export interface IntentSpec {
  name: string;
  params?: Record<string, unknown>;
}

export interface ClusterSpec {
  /** A short label for output (the case id or folder name). */
  name: string;
  nodes: NodeSpec[];
  podTemplates: PodTemplateSpec[];
  deployments: DeploymentSpec[];
  pods: PodSpec[];
  /**
   * Free pod slots beyond `pods`: how many more pods can exist at once. The state has a fixed
   * number of pod slots (`model.md` §0).
   */
  spareSlots: number;
  events: EventSpec[];
  intents: IntentSpec[];
}
