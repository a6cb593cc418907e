/**
 * The cluster description kivi checks: the user-facing, name-based form that built-in cases,
 * manifest folders and `kubectl` logs all become (the reference called it the "cluster JSON",
 * docs/model.md §3.1). `compile()` turns it into the static configuration plus the initial state.
 *
 * Everything refers to other objects by name; indices exist only after compilation.
 */
import type { HpaControllerSpec, HpaSpec, LoadSpec } from './autoscaling-spec.js';
import type { DeschedulerSpec } from './descheduler-spec.js';
import type { SchedulerProfileSpec } from './scheduler-profile.js';
import type { PreemptionPolicy, PriorityClassSpec } from './priority-classes.js';

export type {
  HpaBehaviorSpec, HpaControllerSpec, HpaMetricSpec, HpaScalingPolicySpec, HpaScalingRulesSpec, HpaSpec, LoadSpec,
} from './autoscaling-spec.js';
export type { DeschedulerPluginName, DeschedulerProfileSpec, DeschedulerSpec, ResourceThresholdsSpec } from './descheduler-spec.js';
export type { FitScoringSpec, InterPodAffinityArgsSpec, ResourceWeightSpec, SchedulerPluginName, SchedulerProfileSpec } from './scheduler-profile.js';

/** Largest replica count or HPA maximum kivi accepts: each replica needs a pod slot in the state. */
export const MAX_REPLICAS = 100_000;

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
  /**
   * What the scheduler may hand out (`status.allocatable`): cpu and memory default to the
   * capacity above, pods to 110 (the kubelet's default maxPods).
   */
  allocatable?: { cpu?: number; memory?: number; pods?: number; extended?: Record<string, number> };
  /**
   * Requests already taken on the node by pods kivi does not model as pod slots (DaemonSet
   * pods, pods of namespaces that are not checked): NodeResourcesFit counts them.
   */
  reserved?: { cpu?: number; memory?: number; pods?: number; extended?: Record<string, number> };
  /** `kubernetes.io/hostname` is added automatically (the node name). */
  labels?: Record<string, string>;
  /**
   * `Ready` (default), `NotReady` (down) or `Unhealthy` (kernel panic). `Absent` is a node-group
   * slot the cluster autoscaler has not provisioned (docs/model.md §8.10): no such node yet.
   */
  status?: 'Ready' | 'NotReady' | 'Unhealthy' | 'Absent';
  taints?: TaintSpec[];
  /** `spec.unschedulable`: cordoned at the start (docs/model.md §9.8). */
  unschedulable?: boolean;
  /** `cluster-autoscaler.kubernetes.io/scale-down-disabled: "true"` on the node. */
  scaleDownDisabled?: boolean;
}

/**
 * A node group of the cluster autoscaler (a cloud provider's `NodeGroup`, docs/model.md §8.10):
 * nodes made from one template, between minSize and maxSize of them. Its nodes are named
 * `<name>-1` … `<name>-<maxSize>`; the first `initialSize` exist at the start.
 */
export interface NodeGroupSpec {
  name: string;
  minSize: number;
  maxSize: number;
  /** Default: minSize. */
  initialSize?: number;
  /** The node every new node of the group is made from (`TemplateNodeInfo`); its name is ignored. */
  template: Omit<NodeSpec, 'name' | 'status' | 'cpuLeft' | 'memLeft'>;
}

/** The cluster autoscaler's flags that kivi models (docs/model.md §8.10), in seconds where timed. */
export interface AutoscalerSpec {
  /** `--expander`: random (default), least-waste or priority. */
  expander?: 'random' | 'least-waste' | 'priority';
  /** The priority expander's ConfigMap: priority → group-name regular expressions. */
  priorities?: Record<string, string[]>;
  /** `--scale-down-utilization-threshold`, default 0.5. */
  scaleDownUtilizationThreshold?: number;
  /** `--scale-down-unneeded-time`, default 600 s. */
  scaleDownUnneededTime?: number;
  /** `--scale-down-delay-after-add`, default 600 s. */
  scaleDownDelayAfterAdd?: number;
  /** `--scale-down-enabled`, default true. */
  scaleDownEnabled?: boolean;
  /** How long a requested node takes to register Ready (a cloud's boot time, not a flag): default 120 s. */
  provisioningTime?: number;
}

export type { NodeLifecycleSpec, TaintEffect, TaintSpec, TolerationSpec } from './taint-spec.js';
import type { NodeLifecycleSpec, TaintEffect, TaintSpec, TolerationSpec } from './taint-spec.js';

export type WhenUnsatisfiable = 'DoNotSchedule' | 'ScheduleAnyway';

export interface TopologySpreadConstraintSpec {
  maxSkew: number;
  /** Any node label key; `hostname` is an alias of `kubernetes.io/hostname`. */
  topologyKey: string;
  whenUnsatisfiable: WhenUnsatisfiable;
  /** The selector's `matchLabels` (and `In` requirements of one value); defaults to the template's own labels. */
  labelSelector?: LabelSelector;
  /**
   * The selector's other `matchExpressions` (`In` with several values, `NotIn`, `Exists`,
   * `DoesNotExist`), ANDed with `labelSelector` as `metav1.LabelSelectorAsSelector` does.
   */
  labelSelectorExpressions?: PodSelectorRequirementSpec[];
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  /**
   * `matchLabelKeys`: the pod's own values of these keys are ANDed into the selector (a key the
   * pod lacks is ignored). `pod-template-hash` means "pods of the same pod template".
   */
  matchLabelKeys?: string[];
}

/** A node selector operator (k8s.io/api core/v1 `NodeSelectorOperator`). */
export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/**
 * One `NodeSelectorRequirement`. In/NotIn take one or more values, Exists/DoesNotExist none,
 * Gt/Lt exactly one integer. In `matchFields` the key is `metadata.name` and the operator In or NotIn.
 */
export interface NodeSelectorRequirementSpec {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

/** One `NodeSelectorTerm`: every part must hold (ANDed). */
export interface NodeAffinityTermSpec {
  /** All pairs must match (`In` with one value each). */
  matchLabels: Record<string, string>;
  /** `matchExpressions` against the node's labels. */
  matchExpressions?: NodeSelectorRequirementSpec[];
  /** `matchFields` against the node's fields (`metadata.name` only). */
  matchFields?: NodeSelectorRequirementSpec[];
}

export interface NodeAffinitySpec {
  /** `requiredDuringSchedulingIgnoredDuringExecution`: terms are ORed. */
  required?: NodeAffinityTermSpec[];
  /** `preferredDuringSchedulingIgnoredDuringExecution`: weight 1..100 each. */
  preferred?: { weight: number; term: NodeAffinityTermSpec }[];
}

/**
 * A pod label selector with Kubernetes' four set-based operators, for inter-pod affinity terms
 * (`metav1.LabelSelectorAsSelector`): every matchLabels pair and every expression must hold.
 */
export interface PodLabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: PodSelectorRequirementSpec[];
}

/** One `LabelSelectorRequirement` of a pod label selector. */
export interface PodSelectorRequirementSpec {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/**
 * One inter-pod (anti-)affinity term (`v1.PodAffinityTerm`, docs/model.md §8.2.2): the pods it
 * selects are in one of its namespaces and match `labelSelector`; they count in the domain of
 * `topologyKey` of the node they are on.
 */
export interface PodAffinityTermSpec {
  /** Omitted: the term matches no pod (a nil selector selects nothing). */
  labelSelector?: PodLabelSelectorSpec;
  /** Any node label key; `hostname` is an alias of `kubernetes.io/hostname`. */
  topologyKey: string;
  /**
   * `matchLabelKeys`: the incoming pod's own value of each key is ANDed into the selector
   * (`key In (value)`); `mismatchLabelKeys` likewise as `key NotIn (value)`. A key the pod lacks
   * is ignored; `pod-template-hash` means "pods of the same pod template".
   */
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
  /** With `namespaceSelector` omitted too: the pod's own namespace. */
  namespaces?: string[];
  /** Selects namespaces by their labels (`namespaceLabels`); `{}` selects every namespace. */
  namespaceSelector?: PodLabelSelectorSpec;
}

/** `podAffinity` or `podAntiAffinity` of a pod. */
export interface PodAffinitySpec {
  /** `requiredDuringSchedulingIgnoredDuringExecution`: all terms must hold. */
  required?: PodAffinityTermSpec[];
  /** `preferredDuringSchedulingIgnoredDuringExecution`: weight 1..100 each. */
  preferred?: { weight: number; term: PodAffinityTermSpec }[];
}

/**
 * Usage over a pod's life (docs/docs/model.md §10.2): usage[0] is a new pod's usage; usage[k] (k >= 1)
 * applies at startTime + at[k] ticks (one tick is 0.1 s), or earlier once the cluster is idle.
 */
export interface CpuPatternSpec {
  usage: number[];
  at: number[];
}

export interface PodTemplateSpec {
  name: string;
  labels: Record<string, string>;
  cpuRequest: number;
  memoryRequest: number;
  /**
   * The requests NodeResourcesFit scores with, where they differ from cpuRequest/memoryRequest:
   * containers naming no cpu or memory count 100 millicores and 200 MiB
   * (`NonMissingContainerRequests`). Omitted: 100/200 if the request is 0, else the request.
   */
  cpuNonZeroRequest?: number;
  memoryNonZeroRequest?: number;
  /** Extended resources the pod requests (`nvidia.com/gpu`: 1), whole units. */
  extendedRequests?: Record<string, number>;
  /** Usage of a new pod; defaults to the request (as the reference does). */
  cpuUsage?: number;
  memoryUsage?: number;
  /** `spec.nodeName`: the pod bypasses the scheduler. */
  nodeName?: string;
  /** `spec.nodeSelector`: one more required term ANDed with the affinity terms. */
  nodeSelector?: Record<string, string>;
  nodeAffinity?: NodeAffinitySpec;
  tolerations?: TolerationSpec[];
  /** `affinity.podAffinity`: near the pods its terms select (the InterPodAffinity plugin). */
  podAffinity?: PodAffinitySpec;
  /** `affinity.podAntiAffinity`: away from the pods its terms select. */
  podAntiAffinity?: PodAffinitySpec;
  /**
   * `cluster-autoscaler.kubernetes.io/safe-to-evict` on the pod: true or false; omitted when the
   * annotation is absent.
   */
  safeToEvict?: boolean;
  /** System-critical pods (a system priority class): the descheduler leaves them alone. */
  critical?: boolean;
  /**
   * `spec.priorityClassName`: the PriorityClass whose value the Priority admission plugin gives
   * the pods (docs/model.md §8.2.5). Omitted: the globalDefault class, or priority 0.
   */
  priorityClassName?: string;
  /**
   * `spec.priority` as an admitted pod carries it (kubectl output). Given with a class that the
   * input defines, it must equal the class's value, as admission requires.
   */
  priority?: number;
  /** `spec.preemptionPolicy`; admission sets it from the class (default PreemptLowerPriority). */
  preemptionPolicy?: PreemptionPolicy;
  /** The pod has an `emptyDir` or `hostPath` volume (descheduler `IsPodWithLocalStorage`). */
  localStorage?: boolean;
  /** The pod has a `persistentVolumeClaim` volume (descheduler `IsPodWithPVC`). */
  pvc?: boolean;
  /**
   * A bare pod's controlling owner kind when it has ownerReferences (`StatefulSet`, `Job`,
   * `DaemonSet`, `Node` for a mirror pod); omitted: no ownerReferences. Pods of a deployment are owned.
   */
  ownerKind?: string;
  /** A mirror or static pod (annotation `kubernetes.io/config.mirror`, or a `config.source` other than `api`). */
  mirror?: boolean;
  /** The pod carries the annotation `descheduler.alpha.kubernetes.io/evict`. */
  evictAnnotation?: boolean;
  /** Namespace of the template's pods (default `default`); only the descheduler's limits use it. */
  namespace?: string;
  /**
   * `undefined` means "not given": Kubernetes' system default constraints apply
   * (hostname maxSkew 3 and zone maxSkew 5, both ScheduleAnyway).
   */
  topologySpreadConstraints?: TopologySpreadConstraintSpec[];
  cpuPattern?: CpuPatternSpec;
  /**
   * Seconds from the pod's start until its Ready condition turns true (the readiness probe's
   * `initialDelaySeconds`; 0, the default, is a pod without a readiness probe). The HPA ignores
   * the CPU samples of pods that are not ready (docs/model.md §8.3.1).
   */
  readinessDelaySeconds?: number;
}

export type { PreemptionPolicy, PriorityClassSpec } from './priority-classes.js';

export interface StrategySpec {
  type: 'Recreate' | 'RollingUpdate';
  /** Percent of spec.replicas (Kubernetes' default 25). */
  maxSurge?: number;
  maxUnavailable?: number;
}

export interface DeploymentSpec {
  name: string;
  /** The load model of its pods (docs/model.md §9.9); omitted: their usage changes only by CPU events and patterns. */
  load?: LoadSpec;
  /** `spec.replicas`. */
  replicas: number;
  template: string;
  /** false: a deployment that does not exist yet (a user command creates it later). */
  created?: boolean;
  hpa?: HpaSpec;
  /** Default: Recreate (the reference's only working strategy). */
  strategy?: StrategySpec;
}

/**
 * A Deployment manifest that a user command applies or creates later (`kubectl apply` /
 * `kubectl create`). It targets the deployment with the same `name`; if none is declared, an
 * absent one is added for it.
 */
export interface DeploymentManifestSpec {
  /** How commands refer to this manifest; defaults to `name`. */
  id?: string;
  name: string;
  /** Omitted: 1, as Kubernetes defaults a manifest without `replicas` (the story of case c2). */
  replicas?: number;
  /** Pod template; omitted keeps the deployment's current one. */
  template?: string;
  strategy?: StrategySpec;
  /** Omitted keeps the deployment's HPA. */
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

interface EventTiming {
  /** Launched once the cluster is first idle (`after_stable` in the reference). */
  afterStable?: boolean;
  /** Runs before every controller starts (`first` in the reference). */
  first?: boolean;
}

/**
 * Events and user commands (docs/model.md §9). The reference kept them in two lists with the same
 * shape; kivi keeps one.
 */
export type EventSpec = EventTiming &
  (
    | { /** One upward CPU bump of 1..6 units on one started pod of the deployment. */ kind: 'eventCpuChange'; deployment: string }
    | { /** Rolling maintenance of every node, at most `parallel` down at a time. */ kind: 'maintenance'; parallel: number }
    | { /** One watcher per node: a node with ≤ 2 % free CPU panics, and recovers above it. */ kind: 'kernelPanic' }
    | { /** The node goes down, the node controller may notice, the node comes back. */ kind: 'nodeFailure'; node: string }
    | { /** Turns an absent deployment live. */ kind: 'createTargetDeployment'; deployment: string }
    | { /** `kubectl apply` of a manifest. */ kind: 'applyDeployment'; manifest: string }
    | { /** `kubectl create` of a manifest. */ kind: 'createDeployment'; manifest: string }
    | { /** `kubectl scale` of any live deployment by −3..+3. */ kind: 'scaleDeployment' }
    | {
        /**
         * `kubectl taint nodes NODE SPEC --overwrite`: `key=value:Effect` adds the taint (replacing
         * one with the same key and effect), `key:Effect-` removes the key's taints of that
         * effect and `key-` all of the key's taints.
         */
        kind: 'taint';
        node: string;
        /** The effect is absent only in `key-` (remove). */
        taint: { key: string; value?: string; effect?: TaintEffect };
        remove: boolean;
      }
    | { /** `kubectl cordon`: the node takes no new pods. */ kind: 'cordon'; node: string }
    | { /** `kubectl uncordon`. */ kind: 'uncordon'; node: string }
    | { /** `kubectl drain --ignore-daemonsets --force`: cordon, evict every pod through the Eviction API, wait until they are gone. */ kind: 'drain'; node: string }
  );

export type EventKind = EventSpec['kind'];

export interface IntentSpec {
  /** User name (`no_oscillation_eviction`) or the reference's internal name. */
  name: string;
  params?: {
    /** The deployment the intent is about, by name. */
    deployment?: string;
    /** replica_num_always_meet_exp: a number, or `spec`, `spec-1`, `spec+2`... (live spec). */
    expReplicas?: number | string;
    /** pod_balance_across_node: default 2. */
    maxSkew?: number;
    /** ready_replicas_always_meet_min: default the HPA minimum, or the live spec without an HPA. */
    minReady?: number;
    /** priority_class_never_preempted, priority_class_never_pending: the PriorityClass by name. */
    priorityClass?: string;
  };
}


/** A count the scaling search varies, from minSize to maxSize. */
export interface SizeRange {
  minSize: number;
  maxSize: number;
}

/** A node type of the scaling search (a `nodesTypes` entry of a cluster profile). */
export interface ScalingNodeTypeSpec extends SizeRange {
  /** Shown in setups (`zone-a nodes: 2`); a setup names its nodes `zone-a-1`, `zone-a-2`, ... */
  label: string;
  /** The type's nodes in `nodes`, by name; setups copy the first. */
  nodes: string[];
  /** What setups copy when `nodes` is empty. */
  template?: NodeSpec;
}

export interface ScalingDeploymentSpec extends SizeRange {
  /** A setup's HPA goes from its replica count to count × hpaFactor (at most maxPodPerNode × nodes). */
  hpaFactor: number;
  /**
   * Keep the deployment's own HPA minimum and maximum in every setup (at most maxPodPerNode ×
   * nodes) instead of deriving them with hpaFactor: the bounds a user's manifest states.
   */
  keepHpaBounds?: boolean;
}

/**
 * What the scaling search (docs/scaling.md) varies and within which bounds. Each setup is made
 * of copies of the node types and every deployment at some replica count, without initial pods.
 */
export interface ScalingSpec {
  /**
   * The node types, in setup order. Omitted: nodes that are equal once their initial pods' usage
   * is given back form one type each, all with the bounds `nodeSize`.
   */
  nodeTypes?: ScalingNodeTypeSpec[];
  /** Bounds of each node type when `nodeTypes` is omitted. */
  nodeSize?: SizeRange;
  /** Replica bounds of every deployment, by name. */
  deployments: Record<string, ScalingDeploymentSpec>;
  /** At most this many pods per node on average (`max_pod_per_node`). */
  maxPodPerNode: number;
  /**
   * A setup creates each deployment with a `first` createTargetDeployment command and drops the
   * cluster's `first` ones; true drops all of them (a configuration folder creates every
   * deployment with one).
   */
  dropCreateEvents?: boolean;
}

/**
 * A DaemonSet: one pod per node its placement admits, taking that node's capacity. kivi does not
 * schedule, start or delete these pods; their requests count on their nodes (docs/model.md §8.2.2).
 */
export interface DaemonSetSpec {
  name: string;
  /** The pod template: requests, nodeName, nodeSelector, node affinity and tolerations matter. */
  template: PodTemplateSpec;
}

/**
 * A PodDisruptionBudget (`policy/v1`, docs/model.md §8.9): how many of the pods its selector picks
 * in its namespace voluntary evictions must leave healthy. At most one of `minAvailable` and
 * `maxUnavailable`; each an integer or a percentage string (`"50%"`).
 */
export interface PodDisruptionBudgetSpec {
  name: string;
  /** Default `default`. */
  namespace?: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  /** Omitted: a nil selector, which selects no pod; `{}` selects every pod of the namespace. */
  selector?: PodLabelSelectorSpec;
  /** Default IfHealthyBudget. */
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
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
   * number of pod slots (docs/model.md §2.2).
   */
  spareSlots: number;
  events: EventSpec[];
  intents: IntentSpec[];
  /** Manifests that user commands apply or create. */
  manifests?: DeploymentManifestSpec[];
  /**
   * Labels of namespaces, by name, for inter-pod affinity's `namespaceSelector`. Every namespace
   * also has `kubernetes.io/metadata.name` = its name, as the API server sets it.
   */
  namespaceLabels?: Record<string, Record<string, string>>;
  /** DaemonSets whose pods take capacity on the nodes they run on. */
  daemonSets?: DaemonSetSpec[];
  /**
   * PriorityClass objects (the built-in system-cluster-critical and system-node-critical exist
   * without being listed). Templates' priorities are resolved from them as the Priority
   * admission plugin does (docs/model.md §8.2.5).
   */
  priorityClasses?: PriorityClassSpec[];
  /** PodDisruptionBudgets that the Eviction API enforces (docs/model.md §8.9). */
  podDisruptionBudgets?: PodDisruptionBudgetSpec[];
  /** A descheduler runs when this is set. */
  descheduler?: DeschedulerSpec;
  scheduler?: SchedulerProfileSpec;
  /** The node lifecycle controller's settings; Kubernetes' defaults when absent. */
  nodeLifecycle?: NodeLifecycleSpec;
  /** The HPA controller's flags; omitted: Kubernetes' defaults. */
  hpaController?: HpaControllerSpec;
  /**
   * Where objects came from (`Deployment/web` → file and line), so that a mistake found while
   * compiling still names the user's file. `*` is the fallback (the input folder).
   */
  sources?: Record<string, { file: string; line?: number }>;
  /** Node groups of the cluster autoscaler; the autoscaler runs when there is one (docs/model.md §8.10). */
  nodeGroups?: NodeGroupSpec[];
  autoscaler?: AutoscalerSpec;
  /** Types and bounds for the scaling search (kivi without `-o`). */
  scaling?: ScalingSpec;
  /**
   * What the input holds that kivi reads but does not model, as the loader warned about it. A
   * hold is inconclusive while one of them touches the checked cluster (docs/inputs.md,
   * "What kivi does not model").
   */
  unmodelled?: InputWarning[];
}

/** One input feature kivi does not model (or leaves out), where it is. */
export interface InputWarning {
  message: string;
  file?: string;
  /** 1-based line of the object's document (or of the file's entry). */
  line?: number;
  /** `Kind/name`. */
  object?: string;
  /** Field path inside the object. */
  field?: string;
  /**
   * Whether it touches a checked workload or node (a field of a checked Deployment's pod
   * template, a node, the scheduler's profile, an object kivi does not model that can act on
   * them); false for what cannot change the verdict (an object outside the checked namespace,
   * a pod that has finished, a note).
   */
  affectsCheck: boolean;
}
