/**
 * The static configuration of a compiled cluster (docs/model.md docs/inputs.md, "Configuration folder"): never changes during a run
 * and is shared by every state. Per-node and per-template facts that the reference recomputed
 * per scheduling attempt (label matches, affinity, taints, topology domains) are precomputed
 * here as typed arrays indexed by node (1..N, slot 0 unused) or template (1..T).
 */
import { type Layout, P_GENERATED, P_OWNER, P_STATUS, POD_FREE, POD_WORDS } from './layout.js';

export interface CompiledConstraint {
  /** Position in the template's `topologySpreadConstraints` list (0-based). */
  index: number;
  topologyKey: string;
  hard: boolean; // DoNotSchedule
  maxSkew: number;
  minDomains: number;
  /** nodeAffinityPolicy Honor: nodes failing the pod's required affinity are not counted. */
  honorAffinity: boolean;
  /** nodeTaintsPolicy Honor: nodes with taints the pod does not tolerate are not counted. */
  honorTaints: boolean;
  /** domainOf[n]: value id of the node's topologyKey label, 1-based; 0 = the node lacks the key. */
  domainOf: Int32Array;
  /** Number of distinct value ids over all nodes. */
  domainCount: number;
  /** The label value of each value id (index 0 unused), for messages. */
  domainNames: string[];
  /** matchesTemplate[t] = 1 if pods of template t match the selector (pod labels are the template's). */
  matchesTemplate: Uint8Array;
  /** 1 if the template that owns the constraint matches its own selector. */
  selfMatch: number;
}

/**
 * One inter-pod (anti-)affinity term compiled against the nodes and templates (docs/model.md
 * §8.2.2): the domain of each node for its topology key, and which templates' pods it selects.
 */
export interface CompiledPodAffinityTerm {
  topologyKey: string;
  /** domainOf[n]: value id of node n's topologyKey label, 1-based; 0 = the node lacks the key. */
  domainOf: Int32Array;
  domainCount: number;
  /** matchesTemplate[t] = 1: pods of template t are in the term's namespaces and match its selector. */
  matchesTemplate: Uint8Array;
  /** A preferred term's weight (1..100); 0 for a required term. */
  weight: number;
  /**
   * matchesTemplate as the descheduler (v0.32 `GetNamespacesFromPodAffinityTerm`) reads a term: its `namespaces`, or the pod's own
   * namespace when none are listed; the namespaceSelector is not looked at.
   */
  deschedulerMatchesTemplate: Uint8Array;
}

/** A template's `podAffinity` and `podAntiAffinity`, compiled. */
export interface CompiledInterPodAffinity {
  requiredAffinity: CompiledPodAffinityTerm[];
  requiredAntiAffinity: CompiledPodAffinityTerm[];
  preferredAffinity: CompiledPodAffinityTerm[];
  preferredAntiAffinity: CompiledPodAffinityTerm[];
  /** The template's pods match every one of its own required affinity terms. */
  selfAffine: boolean;
}

export interface CompiledCpuPattern {
  usage: Int32Array;
  at: Int32Array;
  /** The largest `at`: a start time further back than this no longer matters. */
  maxAt: number;
}

export interface CompiledTemplate {
  name: string;
  /** `PodRequests`: max(largest init container, Σ containers (+ restartable init containers)) + overhead. */
  cpuRequest: number;
  memRequest: number;
  /**
   * The request NodeResourcesFit's scoring uses (`GetNonzeroRequests`): 100 millicores and
   * 200 MiB where the pod requests nothing of the resource.
   */
  cpuNonZero: number;
  memNonZero: number;
  /** Request of each extended resource (CompiledCluster.extendedResources order); null when none. */
  extendedRequest: Int32Array | null;
  /** Usage of a newly created pod (docs/model.md §8.1.2). */
  cpuUsage: number;
  memUsage: number;
  /** Node index of `spec.nodeName`, 0 if unset. */
  nodeName: number;
  /** requiredNodes[n] = 1 if node n passes the required node affinity and selector; null = no requirement. */
  requiredNodes: Uint8Array | null;
  /** Sum of the weights of the preferred terms node n matches; null = no preferred terms. */
  preferredWeight: Int32Array | null;
  /**
   * The taints of the cluster's taint universe (CompiledCluster.taints) the pod does not
   * tolerate, one bit each, by effect: NoSchedule or NoExecute (TaintToleration's Filter), NoExecute
   * (the taint manager deletes the pod), PreferNoSchedule (TaintToleration's Score). A node's
   * taints are state (N_TAINTS): `s[node + N_TAINTS] & untoleratedScheduleMask` is non-zero when
   * the Filter rejects the node. The tolerations include DefaultTolerationSeconds' (docs/model.md §8.6).
   */
  untoleratedScheduleMask: number;
  untoleratedExecuteMask: number;
  untoleratedPreferMask: number;
  /**
   * Per taint bit, for a NoExecute taint the pod tolerates: the `tolerationSeconds` of the first
   * toleration that tolerates it (`v1helper.GetMatchingTolerations`), in ticks; -1 when that
   * toleration has none (tolerated forever). 0 for the other bits.
   */
  tolerationTicks: Int32Array;
  hard: CompiledConstraint[];
  soft: CompiledConstraint[];
  /** No constraints were given: Kubernetes' system defaults apply (docs/model.md §3.2). */
  systemDefaultSpread: boolean;
  cpuPattern: CompiledCpuPattern | null;
  /** Inter-pod affinity and anti-affinity; absent or null when the template has none. */
  interPod?: CompiledInterPodAffinity | null;
  critical: boolean;
  /**
   * The pod's priority as the Priority admission plugin resolves it (docs/model.md §8.2.5):
   * its class's value, the globalDefault class's, or 0. The scheduler's queue and preemption and
   * the descheduler's evictor read it.
   */
  priority: number;
  /** The class the priority came from ('' for none: no class named and no globalDefault). */
  priorityClass: string;
  /** `preemptionPolicy: Never`: the pod never preempts (`PodEligibleToPreemptOthers`). */
  preemptNever: boolean;
  /** The pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`, so a cordoned node still takes it. */
  toleratesUnschedulable: boolean;
  /** Namespace index (0-based) for the descheduler's per-namespace limit. */
  namespace: number;
  /** Facts the descheduler's DefaultEvictor reads (docs/model.md §8.7.2). */
  localStorage: boolean;
  pvc: boolean;
  /** OWNER_* below: what a bare pod of this template is owned by (a deployment's pods are owned). */
  ownerKind: number;
  mirror: boolean;
  evictAnnotation: boolean;
  /** Number of tolerations (the descheduler's `PodToleratesTaints` compares counts). */
  tolerationCount: number;
  /** The pod has required node affinity terms (the descheduler's `PodHasNodeAffinity`). */
  hasRequiredAffinity: boolean;
  /** The pod has a nodeSelector or node affinity (the descheduler's `hasSelectorOrAffinity`). */
  selectorOrAffinity: boolean;
  /**
   * `cluster-autoscaler.kubernetes.io/safe-to-evict`: 1 "true", -1 "false", 0 absent. Optional:
   * absent means 0.
   */
  safeToEvict?: number;
}

/** A bare pod without ownerReferences, with another owner, or owned by a DaemonSet. */
export const OWNER_NONE = 0;
export const OWNER_OTHER = 1;
export const OWNER_DAEMONSET = 2;

export interface CompiledMetric {
  /** 0 = cpu, 1 = memory (docs/model.md docs/model.md §4.1). */
  resource: number;
  /** 0 = AverageValue, 1 = Utilization. */
  type: number;
  target: number;
}

/** `selectPolicy` of one direction's scaling rules (docs/model.md §8.3.3). */
export const SELECT_MAX = 0;
export const SELECT_MIN = 1;
export const SELECT_DISABLED = 2;
/** `HPAScalingPolicy.type`. */
export const POLICY_PODS = 0;
export const POLICY_PERCENT = 1;

/** One direction of an HPA's `behavior` (`HPAScalingRules`), times in ticks (docs/model.md §6.1). */
export interface CompiledScalingRules {
  /** `stabilizationWindowSeconds` · 10: a recommendation counts while its age is below this. */
  window: number;
  select: number;
  policyType: Int32Array;
  policyValue: Int32Array;
  /** `periodSeconds` · 10: a scale event counts while its age is below this. */
  policyPeriod: Int32Array;
  /** The longest policy period (`getLongestPolicyPeriod`), in ticks. */
  longestPeriod: number;
}

export interface CompiledBehavior {
  scaleUp: CompiledScalingRules;
  scaleDown: CompiledScalingRules;
}

export interface CompiledHpa {
  minReplicas: number;
  maxReplicas: number;
  metrics: CompiledMetric[];
  /** null: no `behavior`, the legacy normalization (`normalizeDesiredReplicas`) applies. */
  behavior: CompiledBehavior | null;
}

/** The HPA controller's flags (kube-controller-manager), times in ticks (docs/model.md §8.3). */
export interface CompiledHpaController {
  /** `--horizontal-pod-autoscaler-tolerance` (0.1). */
  tolerance: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization` (5 min) · 10. */
  downscaleStabilization: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period` (5 min) · 10. */
  cpuInitializationPeriod: number;
}

/** A deployment's load model (docs/model.md §9.9). */
export interface CompiledLoad {
  /** Percentages of the CPU request, ascending. */
  levels: Int32Array;
  /** true: one level up or down at a time; false: any level. */
  step: boolean;
}

/** A manifest for applyDeployment/createDeployment, resolved to indices. */
export interface CompiledManifest {
  id: string;
  deployment: number;
  replicas: number;
  /** Template index, 0 = keep the deployment's. */
  template: number;
  /** -1 = keep. */
  strategy: number;
  maxSurge: number;
  maxUnavailable: number;
  /** HPA table index; 0 with `hpaGiven` false = keep (or none for a new deployment). */
  hpa: number;
  hpaGiven: boolean;
}

export const EV_CPU_CHANGE = 0;
export const EV_MAINTENANCE = 1;
export const EV_NODE_FAILURE = 2;
export const EV_CREATE_TARGET = 3;
export const EV_APPLY = 4;
export const EV_CREATE = 5;
export const EV_SCALE = 6;
export const EV_CORDON = 7;
export const EV_UNCORDON = 8;
export const EV_DRAIN = 9;
export const EV_TAINT = 10;

export interface CompiledEvent {
  kind: number;
  /** The name users wrote (`eventCpuChange`). */
  kindName: string;
  deployment: number;
  node: number;
  parallel: number;
  manifest: number;
  afterStable: boolean;
  first: boolean;
  /** A `taint` command: the taint bits it removes, then the ones it adds (0 for other events). */
  taintRemove: number;
  taintAdd: number;
}

export interface CompiledMonitor {
  /** Intent code (src/intents/catalog.ts). */
  intent: number;
  deployment: number;
  /** checkExpReplicas: expected = (expFromSpec ? spec : 0) + expOffset. */
  expFromSpec: boolean;
  expOffset: number;
  /** checkBalanceNode. */
  maxSkew: number;
  /** checkMinReadyReplicas: the ready replicas to keep; -1 = the HPA minimum, or the live spec without an HPA. */
  minReady: number;
}

export const PLUGIN_REMOVE_DUPLICATES = 1;
export const PLUGIN_TOPOLOGY_SPREAD = 2;
export const PLUGIN_INTERPOD_ANTI_AFFINITY = 3;
export const PLUGIN_LOW_NODE_UTILIZATION = 4;
export const PLUGIN_HIGH_NODE_UTILIZATION = 5;
export const PLUGIN_NODE_AFFINITY = 6;
export const PLUGIN_NODE_TAINTS = 7;

/** Resources of the node-utilization plugins: cpu, memory, pods (indices into the threshold arrays). */
export const RES_CPU = 0;
export const RES_MEM = 1;
export const RES_PODS = 2;

/**
 * LowNodeUtilization or HighNodeUtilization args compiled against the nodes (docs/model.md
 * §8.7.6): per node and resource, the low and high threshold in the resource's unit
 * (`getNodeThresholds`, `resourceThreshold`), at n · 3 + r.
 */
export interface CompiledNodeUtilization {
  low: Float64Array;
  high: Float64Array;
  /** useDeviationThresholds: percentages, thresholds computed per pass from the average usage. */
  deviation: boolean;
  lowPercent: Float64Array;
  highPercent: Float64Array;
  /** Deviation: the resource was not given (MinResourcePercentage), its thresholds are the allocatable. */
  unset: Uint8Array;
  numberOfNodes: number;
  /** excluded[ns] = 1: `evictableNamespaces.exclude` names the namespace. */
  excludedNamespace: Uint8Array;
}

export interface CompiledDeschedulerProfile {
  name: string;
  plugins: number[];
  evictSystemCriticalPods: boolean;
  evictLocalStoragePods: boolean;
  ignorePvcPods: boolean;
  evictFailedBarePods: boolean;
  nodeFit: boolean;
  /** Pods with a priority >= this are not evicted; null: no threshold. */
  priorityThreshold: number | null;
  /** selects[t] = 1: pods of template t match the evictor's labelSelector; null: no selector. */
  selects: Uint8Array | null;
  /** Taken into account when > 1. */
  minReplicas: number;
  /** Pods no PodDisruptionBudget covers are not evicted. */
  ignorePodsWithoutPDB: boolean;
  /** RemoveDuplicates' `excludeOwnerKinds` names ReplicaSet: the deployments' pods are never duplicates. */
  duplicatesExcludeReplicaSets: boolean;
  balanceHard: boolean;
  balanceSoft: boolean;
  topologyBalanceNodeFit: boolean;
  lowUtilization: CompiledNodeUtilization | null;
  highUtilization: CompiledNodeUtilization | null;
  affinityRequired: boolean;
  affinityPreferred: boolean;
  /**
   * RemovePodsViolatingNodeTaints: per template, the taints of the cluster's universe it looks at
   * and the template does not tolerate (docs/model.md §8.6); a node violates when it has one.
   */
  taintViolation: Int32Array | null;
  /**
   * Per plugin id, its own pod filter (`namespaces`, `labelSelector`): admits[t] = 1 when pods of
   * template t pass it; null: the plugin has none.
   */
  pluginAdmits: (Uint8Array | null)[];
  /** RemovePodsViolatingNodeTaints looks at `node.kubernetes.io/unschedulable:NoSchedule`, the taint a cordoned node carries. */
  taintUnschedulable: boolean;
  /** The policy's nodeSelector: selected[n] = 1 for the nodes the descheduler looks at; null: every node. */
  nodeSelected: Uint8Array | null;
  /** DefaultEvictor's nodeSelector: the nodes nodeFit tries; null: every node. */
  evictorNodes: Uint8Array | null;
  maxPerNode: number;
  maxPerNamespace: number;
  maxTotal: number;
}

/** One plugin of the scheduler profile, in the order of the scheduler's plugin registry. */
export interface CompiledSchedulerPlugin {
  name: string;
  /** Its Filter runs. */
  filter: boolean;
  /** Its score weight; 0 = it does not score. */
  weight: number;
  /** It is the profile's PostFilter plugin (DefaultPreemption, docs/model.md §8.2.5). Absent: false. */
  postFilter?: boolean;
}

/** A scoring strategy of NodeResourcesFit or BalancedAllocation, on cpu and memory. */
export interface CompiledResourceScoring {
  /** 0 LeastAllocated, 1 MostAllocated, 2 RequestedToCapacityRatio (unused by BalancedAllocation). */
  type: number;
  /** Weight of cpu and of memory; 0 = the resource is not scored. */
  cpuWeight: number;
  memWeight: number;
  /** Weight of each extended resource (CompiledCluster.extendedResources order); 0 or past the end = not scored. */
  extendedWeight: Int32Array;
  /** RequestedToCapacityRatio: utilization points and scores already scaled to 0..100. */
  shapeUtilization: Int32Array;
  shapeScore: Int32Array;
}

export const SCORING_LEAST_ALLOCATED = 0;
export const SCORING_MOST_ALLOCATED = 1;
export const SCORING_REQUESTED_TO_CAPACITY_RATIO = 2;

export interface CompiledSchedulerProfile {
  plugins: CompiledSchedulerPlugin[];
  /** NodeResourcesFit's scoring strategy. Optional: absent means LeastAllocated, cpu and memory weight 1. */
  fit?: CompiledResourceScoring;
  /** NodeResourcesBalancedAllocation's resources. Optional: absent means cpu and memory, weight 1. */
  balanced?: CompiledResourceScoring;
  /** Every node sharing the best score is a successor (docs/model.md §8.2.4); false: the lowest index. */
  branchOnTies: boolean;
  /** Exact twins (controllers/scheduler/twins.ts) are one successor; false: each tied node is one. */
  mergeTwins: boolean;
  /** `ties: feasible`: no score plugin runs, every feasible node is a best node. Optional: absent means false. */
  ignoreScores?: boolean;
  /** InterPodAffinityArgs.hardPodAffinityWeight (default 1). */
  hardPodAffinityWeight: number;
  /** InterPodAffinityArgs.ignorePreferredTermsOfExistingPods (default false). */
  ignorePreferredTermsOfExistingPods: boolean;
  /** percentageOfNodesToScore, 0..100 (0: kube-scheduler's adaptive default; docs/model.md §8.2.6). */
  percentageOfNodesToScore: number;
}

/** One taint of the cluster's taint universe. */
export interface CompiledTaint {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** As kube-scheduler names it in a Filter reason: `{key: value}`. */
  name: string;
}

/**
 * The node lifecycle controller's settings and zones (docs/model.md §8.5; kube-controller-manager
 * flags `--node-eviction-rate`, `--secondary-node-eviction-rate`, `--unhealthy-zone-threshold`,
 * `--large-cluster-size-threshold`).
 */
export interface CompiledNodeLifecycle {
  /** zoneOf[n]: node n's zone (0-based; region and zone labels, `nodetopology.GetZoneKey`). */
  zoneOf: Int32Array;
  /** Nodes per zone. */
  zoneSize: Int32Array;
  zoneNames: string[];
  /** --unhealthy-zone-threshold in ten-thousandths (0.55 → 5500). */
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
  /** Ticks between two nodes a zone's NoExecute tainter takes: 10 / rate (0.1 → 100); 0 = none. */
  evictionPeriod: number;
  secondaryEvictionPeriod: number;
  /** The largest of the two periods: a last tainting further back no longer matters. */
  maxPeriod: number;
}

/** A node group (docs/model.md §8.10): its slots are nodes first … first + maxSize − 1. */
export interface CompiledNodeGroup {
  name: string;
  minSize: number;
  maxSize: number;
  first: number;
  /** The priority expander's priority of the group; -1 when no regular expression matches it. */
  priority: number;
}

export const EXPANDER_RANDOM = 0;
export const EXPANDER_LEAST_WASTE = 1;
export const EXPANDER_PRIORITY = 2;

/** The cluster autoscaler's configuration (docs/model.md §8.10); times in ticks. */
export interface CompiledAutoscaler {
  groups: CompiledNodeGroup[];
  /** Per node: its group's index + 1, 0 for a node of no group. */
  groupOf: Int32Array;
  expander: number;
  /** The scale-down utilization threshold as a fraction thresholdNum / UTILIZATION_SCALE. */
  thresholdNum: number;
  unneededTime: number;
  delayAfterAdd: number;
  provisioningTime: number;
  scaleDownEnabled: boolean;
  /** Per node: the scale-down-disabled annotation. */
  scaleDownDisabled: Uint8Array;
  /** Per template: its pods are in kube-system. */
  kubeSystem: Uint8Array;
}

/** The denominator of CompiledAutoscaler.thresholdNum. */
export const UTILIZATION_SCALE = 10_000;

export const BUDGET_NONE = 0; // neither minAvailable nor maxUnavailable
export const BUDGET_MIN_AVAILABLE = 1;
export const BUDGET_MAX_UNAVAILABLE = 2;
/** budgetOfTemplate value of a template that several budgets select. */
export const BUDGETS_SEVERAL = -1;

/** A PodDisruptionBudget compiled against the templates (docs/model.md §8.9). */
export interface CompiledBudget {
  name: string;
  /** BUDGET_* above. */
  mode: number;
  /** `value` is a percentage (of the owning controllers' scale), else a pod count. */
  percent: boolean;
  value: number;
  /** unhealthyPodEvictionPolicy AlwaysAllow (else IfHealthyBudget). */
  alwaysAllow: boolean;
  /** matchesTemplate[t] = 1: pods of template t are in the budget's namespace and match its selector. */
  matchesTemplate: Uint8Array;
}

export interface CompiledCluster {
  name: string;
  layout: Layout;
  /** 1-based; index 0 is "". */
  nodeNames: string[];
  /** Node capacity, 1-based. */
  nodeCpu: Int32Array;
  nodeMemory: Int32Array;
  /** What the scheduler may hand out per node (`status.allocatable`), 1-based. */
  nodeAllocCpu: Int32Array;
  nodeAllocMem: Int32Array;
  nodeAllocPods: Int32Array;
  /** Requests (and pod count) of what runs on the node outside the pod slots (DaemonSet pods, other namespaces). */
  nodeReservedCpu: Int32Array;
  nodeReservedMem: Int32Array;
  nodeReservedPods: Int32Array;
  /** Extended resources some pod template requests (`nvidia.com/gpu`), in a fixed order. */
  extendedResources: string[];
  /** Allocatable and reserved amount of extended resource r on node n at n · R + r (R = extendedResources.length). */
  nodeAllocExtended: Int32Array;
  nodeReservedExtended: Int32Array;
  deploymentNames: string[];
  /** Name of the pod in each slot; generated pods are `<deployment>-<slot>` (docs/model.md §12, decision 6). */
  podNames: (string | null)[];
  templates: CompiledTemplate[];
  /** Index 0 is "no HPA". */
  hpas: CompiledHpa[];
  manifests: CompiledManifest[];
  /** Per deployment (1-based): some manifest gives it another pod template, so it can roll out. */
  templateMayChange: Uint8Array;
  /** Some deployment can have an HPA: the HPA process runs (docs/model.md §3.2, HPA_ENABLED). */
  hpaOn: boolean;
  hpaController: CompiledHpaController;
  /** Per deployment (1-based): its load model, or null. */
  loads: (CompiledLoad | null)[];
  /**
   * Per template: ticks after its start from which a running pod's CPU sample counts for the HPA
   * (readiness and the CPU initialization period, docs/model.md §8.3.1).
   */
  hpaCpuSampleAfter: Int32Array;
  /**
   * Some node can have a taint (in the input, from a `taint` command, or a node lifecycle
   * taint of a node that can fail): TaintToleration and the taint manager run (TAINT).
   */
  taintsOn: boolean;
  /** The taint universe: every taint a node can have, by bit (at most 31; docs/model.md §8.6). */
  taints: CompiledTaint[];
  /** Bits of the NoExecute taints of the universe. */
  noExecuteMask: number;
  /** The node lifecycle controller's zones and rates; null when no node can become NotReady. */
  nodeLifecycle: CompiledNodeLifecycle | null;
  /**
   * Pod templates do not all have the same priority: the scheduler's queue is ordered by
   * PrioritySort (docs/model.md §8.2.5); otherwise it is FIFO, as PrioritySort is among equals.
   */
  priorityOrder: boolean;
  /**
   * DefaultPreemption can act: it is enabled and some template that may preempt has a higher
   * priority than another. Then the state has a nominated-node word per pod slot.
   */
  preemptionOn: boolean;
  /** Per template: an intent watches its class (priority_class_never_preempted); null when none does. */
  watchPreempted: Uint8Array | null;
  /** Per template: priority_class_never_pending watches its class; null when none does. */
  watchPending: Uint8Array | null;
  /** Some node can be cordoned (at the start, or by a drain, cordon or maintenance): NodeUnschedulable runs. */
  cordonOn: boolean;
  /** Some template has a CPU pattern: podCpuChangeWithPattern runs. */
  cpuPatternOn: boolean;
  descheduler: CompiledDeschedulerProfile[] | null;
  scheduler: CompiledSchedulerProfile;
  namespaces: string[];
  events: CompiledEvent[];
  /** PodDisruptionBudgets, 0-based. */
  budgets: CompiledBudget[];
  /**
   * Per template (1-based): the one budget that selects its pods, as index + 1; 0 for none;
   * BUDGETS_SEVERAL when more than one does (the Eviction API refuses such pods).
   */
  budgetOfTemplate: Int32Array;
  hasAfterStableEvents: boolean;
  hasFirstEvents: boolean;
  /** One kernelPanic(i) process per node. */
  kernelPanicOn: boolean;
  /** Intent codes being checked (`src/intents/catalog.ts`), in the order the user gave them. */
  intents: number[];
  /**
   * The intents the search pursues until each has a counterexample: the ones the user named, or
   * pod_always_schedulable when the user named none. The default intent is still checked.
   */
  goalIntents: number[];
  monitors: CompiledMonitor[];
  /** The cluster autoscaler; null without node groups. Optional: absent means null. */
  autoscaler?: CompiledAutoscaler | null;
  initial: Int32Array;
}

/**
 * The name shown for the pod in `slot`: an initial pod keeps its own name (`web-5d9c7-aaaaa`);
 * a pod the deployment controller created, even in a slot an initial pod had, is
 * `<deployment>-<slot>` (docs/model.md §12, decision 6).
 */
export function podName(cfg: CompiledCluster, s: Int32Array, slot: number): string {
  const at = cfg.layout.podBase + (slot - 1) * POD_WORDS;
  const fixed = cfg.podNames[slot];
  if (fixed && s[at + P_GENERATED] === 0 && s[at + P_STATUS] !== POD_FREE) return fixed;
  const owner = s[at + P_OWNER];
  return owner > 0 ? `${cfg.deploymentNames[owner]}-${slot}` : fixed ?? `pod-${slot}`;
}
