/**
 * The fixed layout of the dynamic state: one Int32Array per state, no objects or strings
 * (`model.md` §3.2, minus the scratch fields SPIN had to reset). Objects are 1-based as in the
 * reference model; index 0 means "none" (an unbound pod has loc 0, a bare pod has owner 0), so
 * the arrays below reserve no slot for it: node n lives at `nodeBase + (n - 1) * NODE_WORDS`.
 */

// Global words.
export const G_TIME = 0; // the model clock (`model.md` §5)
export const G_HPA_LAST = 1; // time of the HPA's last run
export const G_INIT = 2; // init process phase (see INIT_* below)
export const GLOBAL_WORDS = 3;

export const INIT_ENQUEUE = 0; // next: enqueue the initial hpa/ds triggers
export const INIT_WAIT_STABLE = 1; // next: when Q5-idle, spawn the after-stable events
export const INIT_DONE = 2;

// Node fields.
export const N_CPU_LEFT = 0;
export const N_MEM_LEFT = 1;
export const N_STATUS = 2; // NODE_* below
export const N_NUM_POD = 3; // pods assumed on the node by the scheduler
export const NODE_WORDS = 4;

export const NODE_DOWN = 0;
export const NODE_READY = 1;
export const NODE_UNHEALTHY = 2;

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
export const POD_WORDS = 9;

export const POD_FREE = 0;
export const POD_RUNNING = 1;
export const POD_PENDING = 2;
export const POD_TERMINATING = 3;

// Deployment fields. The replica set's member list (`model.md` §7.8.2) is not stored: it is the
// pods with P_IN_RS = 1 and this owner, in ascending slot order, which is the sorted list the
// reference maintains (without its insertion bug).
export const D_STATUS = 0; // 0 = not created yet, 1 = live
export const D_SPEC = 1; // spec.replicas (written by the HPA and user commands)
export const D_REPLICAS = 2; // started pods: running plus not-yet-deleted terminating ones
export const D_IN_CREATION = 3; // created, not started
export const D_IN_DELETION = 4; // marked for deletion, not deleted yet
export const D_TEMPLATE = 5;
export const D_HPA_ENABLED = 6;
export const D_HPA_MIN = 7;
export const D_HPA_MAX = 8;
export const DEP_WORDS = 9;

// Work queues (`model.md` §4): FIFO of distinct pending ids, stored as [length, items...].
export const Q_DC = 0; // deployment controller: deployment ids
export const Q_SCH = 1; // scheduler: pod ids
export const Q_HPA = 2; // HPA: deployment ids
export const Q_NC = 3; // node controller: node ids
export const Q_KBL = 4; // kubelet: pod ids
export const Q_DS = 5; // descheduler trigger: deployment ids
export const QUEUE_COUNT = 6;
export const QUEUE_NAMES = ['dcQ', 'sQ', 'hpaQ', 'ncQ', 'kblQ', 'dsQ'] as const;

// Event processes: one record each.
export const E_PHASE = 0;
export const E_SPAWN_TIME = 1;
export const EVENT_WORDS = 2;

export interface Layout {
  readonly nodes: number;
  readonly pods: number;
  readonly deployments: number;
  readonly events: number;
  readonly nodeBase: number;
  readonly podBase: number;
  readonly depBase: number;
  /** Offset of each queue's length word; items follow it. */
  readonly queueBase: Int32Array;
  readonly queueCap: Int32Array;
  readonly eventBase: number;
  /** Total words per state. */
  readonly words: number;
}

export function makeLayout(nodes: number, pods: number, deployments: number, events: number): Layout {
  const nodeBase = GLOBAL_WORDS;
  const podBase = nodeBase + nodes * NODE_WORDS;
  const depBase = podBase + pods * POD_WORDS;
  let at = depBase + deployments * DEP_WORDS;
  const caps = [deployments, pods, deployments, nodes, pods, deployments];
  const queueBase = new Int32Array(QUEUE_COUNT);
  const queueCap = new Int32Array(QUEUE_COUNT);
  for (let q = 0; q < QUEUE_COUNT; q++) {
    queueBase[q] = at;
    queueCap[q] = caps[q];
    at += 1 + caps[q];
  }
  const eventBase = at;
  at += events * EVENT_WORDS;
  return { nodes, pods, deployments, events, nodeBase, podBase, depBase, queueBase, queueCap, eventBase, words: at };
}

export const nodeAt = (l: Layout, n: number): number => l.nodeBase + (n - 1) * NODE_WORDS;
export const podAt = (l: Layout, q: number): number => l.podBase + (q - 1) * POD_WORDS;
export const depAt = (l: Layout, d: number): number => l.depBase + (d - 1) * DEP_WORDS;
export const eventAt = (l: Layout, e: number): number => l.eventBase + e * EVENT_WORDS;
