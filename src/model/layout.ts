/**
 * The fixed layout of the dynamic state: one Int32Array per state, no objects or strings
 * (docs/model.md §4.2, minus the scratch fields SPIN had to reset). Objects are 1-based as in the
 * reference model; index 0 means "none" (an unbound pod has loc 0, a bare pod has owner 0), so
 * the arrays below reserve no slot for it: node n lives at `nodeBase + (n - 1) * NODE_WORDS`.
 * Regions that only some clusters need (maintenance, kernel panic, monitors) exist only then.
 */

// Global words.
export const G_TIME = 0; // the model clock (docs/model.md §6)
export const G_HPA_LAST = 1; // time of the HPA's last run
export const G_DS_LAST = 2; // time of the descheduler's last pass
export const G_INIT = 3; // init process phase (see INIT_* below)
export const G_MAINT_COUNT = 4; // nodes in maintenance now (`cur_node_in_maintenance`)
// 1 while a scheduler burst waits at a tie: the head of sQ is its next pod, whose best nodes are
// the scheduler's next choices, and no other process moves (docs/model.md §7.2, §8.2.4).
export const G_SCH_TIE = 5;
// Pods with a deletion the taint manager scheduled (P_TM_DUE ≠ 0): a count kept with every write
// of P_TM_DUE (controllers/tm-due.ts), a function of the pod words, so no renaming touches it.
export const G_TM_SCHEDULED = 6;
// While a scale-down waits at a choice of victims (docs/model.md §8.1.1): how many it still
// deletes among the pods Kubernetes orders by facts kivi does not keep, and the template it keeps
// (a rollout's current one, or 0). The deployment at the head of dcQ is the one scaled down, and
// no other process moves (one reconcile, as G_SCH_TIE keeps one burst).
export const G_RS_TIE = 7;
export const G_RS_KEEP = 8;
export const GLOBAL_WORDS = 9;

export const INIT_ENQUEUE = 0; // next: enqueue the initial hpa/ds triggers
export const INIT_WAIT_STABLE = 1; // next: when Q5-idle, spawn the after-stable events
export const INIT_DONE = 2;

// Node fields.
export const N_CPU_LEFT = 0;
export const N_MEM_LEFT = 1;
export const N_STATUS = 2; // NODE_* below
export const N_NUM_POD = 3; // pods assumed on the node
export const N_MAINTAINED = 4; // 1 once the node went through maintenance
// 1 while the node is cordoned (`spec.unschedulable`, and the node.kubernetes.io/unschedulable
// NoSchedule taint the node lifecycle controller adds for it): docs/model.md §9.8.
export const N_UNSCHEDULABLE = 5;
// The node's taints: one bit per taint of the cluster's taint universe (CompiledCluster.taints,
// docs/model.md §8.6); the node lifecycle controller and `taint` commands change them.
export const N_TAINTS = 6;
export const NODE_WORDS = 7;

export const NODE_DOWN = 0;
export const NODE_READY = 1;
export const NODE_UNHEALTHY = 2;
/**
 * A node-group slot with no node: not provisioned yet, or removed by the cluster autoscaler
 * (docs/model.md §8.10). Every controller, plugin, domain count and report treats it as no node.
 */
export const NODE_ABSENT = 3;

// Per-node process words, present only when the process exists.
export const MN_PHASE = 0; // maintenanceNode(i): MAINT_NODE_* in controllers/events/maintenance.ts
export const MN_START = 1;
export const MAINT_NODE_WORDS = 2;
export const KP_PHASE = 0; // kernelPanic(i): KP_* in controllers/events/kernel-panic.ts
export const KP_TIMES = 1;
export const KERNEL_PANIC_WORDS = 2;
// Per-zone words of the node lifecycle controller, present only with node lifecycle taints.
export const Z_LAST_TAINT = 0; // when the zone's NoExecute tainter last tainted a node (docs/model.md §8.5)
// Counts of the zone's nodes, functions of their N_STATUS and N_TAINTS words kept with every write
// of a lifecycle taint or of a node's presence (controllers/zone-counts.ts, docs/model.md §8.5):
export const Z_NOT_READY = 1; // present, seen not Ready (a lifecycle NoSchedule taint)
export const Z_READY = 2; // present, without one
export const Z_WAITING = 3; // with a lifecycle NoSchedule taint and no NoExecute one: the tainter's to take
export const ZONE_WORDS = 4;

// Cluster autoscaler words, present only with node groups (docs/model.md §8.10): one global word,
// then two per node.
export const CA_LAST_SCALE_UP = 0; // time of the last scale-up (scale-down-delay-after-add)
export const CA_GLOBAL_WORDS = 1;
export const CN_PHASE = 0; // CA_NODE_* below
export const CN_SINCE = 1; // provisioning start, or the time the node became unneeded
export const CA_NODE_WORDS = 2;

export const CA_NODE_NONE = 0;
export const CA_NODE_PROVISIONING = 1; // requested from the cloud: absent until it registers Ready
export const CA_NODE_UNNEEDED = 2; // present, under the utilization threshold and drainable since CN_SINCE
export const CA_NODE_DELETING = 3; // tainted ToBeDeletedByClusterAutoscaler, its pods evicted

// Pod-slot fields.
export const P_STATUS = 0; // POD_* below
export const P_LOC = 1; // node index, 0 = unbound
export const P_OWNER = 2; // deployment index, 0 = bare pod
export const P_TEMPLATE = 3; // pod template index
export const P_CPU = 4; // current usage
export const P_MEM = 5;
export const P_CPU_IDX = 6; // next entry of the template's CPU pattern
export const P_START = 7; // time the kubelet started the pod
export const P_IN_RS = 8; // 1 while the pod is a started member of its replica set
export const P_GENERATED = 9; // 1 for a pod the deployment controller created (for its name)
export const P_METRICS = 10; // METRICS_TRUSTED: a pod that ran before the check; its samples count at once
// The taint manager's scheduled deletion of the pod (tolerationSeconds, docs/model.md §8.6):
// 0 = none, else its due time + 1.
export const P_TM_DUE = 11;
export const POD_WORDS = 12;

export const METRICS_TRUSTED = 1;

export const POD_FREE = 0;
export const POD_RUNNING = 1;
export const POD_PENDING = 2;
export const POD_TERMINATING = 3;

// Deployment fields. A replica set is identified by its pod template (Kubernetes' pod-template
// hash): its members are the deployment's pods with that template. Its started-member list
// (docs/model.md §8.8.2) is the pods with P_IN_RS = 1, in ascending slot order: the sorted list
// the reference maintains, without its insertion bug.
export const D_STATUS = 0; // 0 = not created yet, 1 = live
export const D_SPEC = 1; // spec.replicas (written by the HPA and user commands)
export const D_REPLICAS = 2; // started pods: running plus not-yet-deleted terminating ones
export const D_IN_CREATION = 3; // created, not started
export const D_IN_DELETION = 4; // marked for deletion, not deleted yet
export const D_TEMPLATE = 5; // the pod template new pods get (the newest replica set)
export const D_HPA = 6; // index into the static HPA table, 0 = none
export const D_STRATEGY = 7; // STRATEGY_* below
export const D_MAX_SURGE = 8; // percent
export const D_MAX_UNAVAILABLE = 9; // percent
export const D_FLAGS = 10; // FLAG_* below (intent bookkeeping set by the kubelet)
export const DEP_WORDS = 11;

export const STRATEGY_RECREATE = 0;
export const STRATEGY_ROLLING = 1;

export const FLAG_EVICTED = 1; // a pod was deleted (checkEvictionCycle)
export const FLAG_ADDED = 2; // a pod started (checkEvictionCycle)
export const FLAG_ADDED_EVER = 4; // a pod started at least once (checkBalanceNode)
export const FLAG_TM_EVICTED = 8; // the taint manager deleted a pod (evicted_pod_rescheduled)

// Work queues (docs/docs/model.md §6): FIFO of distinct pending ids, stored as [length, items...].
export const Q_DC = 0; // deployment controller: deployment ids
export const Q_SCH = 1; // scheduler: pod ids
export const Q_HPA = 2; // HPA: deployment ids
export const Q_NC = 3; // node controller: node ids
export const Q_KBL = 4; // kubelet: pod ids
export const Q_DS = 5; // descheduler trigger: deployment ids
export const Q_TM = 6; // taint manager: pod ids
export const QUEUE_COUNT = 7;

// Event and user-command processes: one record each. The meaning of A and B depends on the kind.
export const E_PHASE = 0;
export const E_A = 1;
export const EVENT_WORDS = 2;

// Intent monitors: one record each.
export const M_STAGE = 0;
export const M_COUNT = 1;
export const MONITOR_WORDS = 2;

// HPA history, per deployment, present only when some deployment can have an HPA
// (docs/model.md §8.3.3): the upstream controller's recommendations and scale events, each a
// (timestamp, value) pair, newest first, in fixed slots (`controllers/hpa/history.ts`).
export const H_FLAGS = 0; // HF_* below
export const H_WAKE = 1; // with HF_WAKE: when the HPA looks again at a held recommendation
export const H_RECS = 2; // hpaRecSlots pairs (time, recommendation + 1; 0 = empty)
export const HF_SEEN = 1; // the HPA recorded its initial recommendation
export const HF_WAKE = 2; // a stabilization window or rate limit holds a recommendation back

export interface LayoutSizes {
  nodes: number;
  pods: number;
  deployments: number;
  events: number;
  monitors: number;
  maintenance: boolean;
  kernelPanic: boolean;
  /** Zones of the node lifecycle controller; absent or 0 without node lifecycle taints. */
  zones?: number;
  /** DefaultPreemption can act: one nominated-node word per pod slot (docs/model.md §8.2.5). */
  nominated?: boolean;
  /** Recommendation slots per deployment (0: no HPA history region). */
  hpaRecSlots: number;
  /** Scale-event slots per direction per deployment. */
  hpaEventSlots: number;
  /** Whether the HPA history region exists (some deployment can have an HPA). */
  hpaHistory: boolean;
  /** Whether the load region exists: one word per deployment, its load level's index (docs/model.md §9.9). */
  load: boolean;
  /** Node groups exist: the cluster autoscaler's words. Optional: absent means none. */
  autoscaler?: boolean;
}

export interface Layout extends LayoutSizes {
  readonly nodeBase: number;
  readonly podBase: number;
  readonly depBase: number;
  /** Offset of each queue's length word; items follow it. */
  readonly queueBase: Int32Array;
  readonly queueCap: Int32Array;
  readonly eventBase: number;
  readonly monitorBase: number;
  /** -1 when absent. */
  readonly maintNodeBase: number;
  readonly kernelPanicBase: number;
  /** -1 without node lifecycle taints. */
  readonly zoneBase: number;
  /**
   * Pod q's nominated node (`status.nominatedNodeName`) is at nominatedBase + q − 1: the node a
   * preemption made room on, 0 for none. -1 when preemption cannot happen.
   */
  readonly nominatedBase: number;
  /** -1 when absent; else deployment d's HPA history is at hpaHistBase + (d − 1) · hpaHistWords. */
  readonly hpaHistBase: number;
  readonly hpaHistWords: number;
  /** -1 when absent; else deployment d's load level index is at loadBase + d − 1. */
  readonly loadBase: number;
  /** -1 without node groups. */
  readonly caBase: number;
  readonly caNodeBase: number;
  /** Total words per state. */
  readonly words: number;
}

export function makeLayout(sz: LayoutSizes): Layout {
  const nodeBase = GLOBAL_WORDS;
  const podBase = nodeBase + sz.nodes * NODE_WORDS;
  const depBase = podBase + sz.pods * POD_WORDS;
  let at = depBase + sz.deployments * DEP_WORDS;
  const caps = [sz.deployments, sz.pods, sz.deployments, sz.nodes, sz.pods, sz.deployments, sz.pods];
  const queueBase = new Int32Array(QUEUE_COUNT);
  const queueCap = new Int32Array(QUEUE_COUNT);
  for (let q = 0; q < QUEUE_COUNT; q++) {
    queueBase[q] = at;
    queueCap[q] = caps[q];
    at += 1 + caps[q];
  }
  const eventBase = at;
  at += sz.events * EVENT_WORDS;
  const monitorBase = at;
  at += sz.monitors * MONITOR_WORDS;
  let maintNodeBase = -1;
  if (sz.maintenance) {
    maintNodeBase = at;
    at += sz.nodes * MAINT_NODE_WORDS;
  }
  let kernelPanicBase = -1;
  if (sz.kernelPanic) {
    kernelPanicBase = at;
    at += sz.nodes * KERNEL_PANIC_WORDS;
  }
  let nominatedBase = -1;
  if (sz.nominated) {
    nominatedBase = at;
    at += sz.pods;
  }
  let caBase = -1;
  let caNodeBase = -1;
  if (sz.autoscaler) {
    caBase = at;
    caNodeBase = at + CA_GLOBAL_WORDS;
    at = caNodeBase + sz.nodes * CA_NODE_WORDS;
  }
  let hpaHistBase = -1;
  const hpaHistWords = sz.hpaHistory ? H_RECS + 2 * sz.hpaRecSlots + 4 * sz.hpaEventSlots : 0;
  if (sz.hpaHistory) {
    hpaHistBase = at;
    at += sz.deployments * hpaHistWords;
  }
  let loadBase = -1;
  if (sz.load) {
    loadBase = at;
    at += sz.deployments;
  }
  let zoneBase = -1;
  const zones = sz.zones ?? 0;
  if (zones > 0) {
    zoneBase = at;
    at += zones * ZONE_WORDS;
  }
  return {
    ...sz, zones, nodeBase, podBase, depBase, queueBase, queueCap, eventBase, monitorBase, maintNodeBase, kernelPanicBase,
    nominatedBase, caBase, caNodeBase, hpaHistBase, hpaHistWords, loadBase, zoneBase, words: at,
  };
}

export const nodeAt = (l: Layout, n: number): number => l.nodeBase + (n - 1) * NODE_WORDS;
export const podAt = (l: Layout, q: number): number => l.podBase + (q - 1) * POD_WORDS;
export const depAt = (l: Layout, d: number): number => l.depBase + (d - 1) * DEP_WORDS;
export const eventAt = (l: Layout, e: number): number => l.eventBase + e * EVENT_WORDS;
export const monitorAt = (l: Layout, m: number): number => l.monitorBase + m * MONITOR_WORDS;
export const maintNodeAt = (l: Layout, n: number): number => l.maintNodeBase + (n - 1) * MAINT_NODE_WORDS;
export const nominatedAt = (l: Layout, q: number): number => l.nominatedBase + q - 1;
export const caNodeAt = (l: Layout, n: number): number => l.caNodeBase + (n - 1) * CA_NODE_WORDS;
export const kernelPanicAt = (l: Layout, n: number): number => l.kernelPanicBase + (n - 1) * KERNEL_PANIC_WORDS;
export const hpaHistAt = (l: Layout, d: number): number => l.hpaHistBase + (d - 1) * l.hpaHistWords;
export const loadAt = (l: Layout, d: number): number => l.loadBase + d - 1;
export const zoneAt = (l: Layout, z: number): number => l.zoneBase + z * ZONE_WORDS;
