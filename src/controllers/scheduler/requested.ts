/**
 * What the pods on each node request, as kube-scheduler's NodeInfo keeps it (`NodeInfo.Requested`
 * and `NodeInfo.NonZeroRequested`, pkg/scheduler/framework/types.go; docs/model.md §8.2.2): the
 * requests of every pod bound to the node, running, pending or terminating, plus what the node
 * runs outside the pod slots (DaemonSet pods, pods of other namespaces). Usage plays no part.
 *
 * Computed from the pod slots once, then kept up to date: within a burst with its own placements
 * (CycleState.placed), and for a new burst's state by moving the pod slots that differ from
 * those last counted; typed arrays allocated once, nothing per cycle.
 */
import type { CompiledCluster } from '../../model/config.js';
import { P_LOC, P_STATUS, P_TEMPLATE, POD_FREE, POD_WORDS } from '../../model/layout.js';
import type { CycleState } from './framework.js';

export class NodeRequests {
  /** Σ requests per node (index 0 unused). */
  readonly cpu: Int32Array;
  readonly mem: Int32Array;
  /** Σ non-zero requests per node, for scoring (`GetNonzeroRequests`). */
  readonly cpuNonZero: Int32Array;
  readonly memNonZero: Int32Array;
  /** Σ requests of extended resource r on node n at n · R + r (R = cfg.extendedResources.length). */
  readonly extended: Int32Array;
  /**
   * What the sums hold for each pod slot: its node (0: none) and template. A new burst's state
   * is compared with them slot by slot and only the slots that differ are moved (NodeInfo's
   * `RemovePod`/`AddPod`), instead of summing every pod again.
   */
  /**
   * version[n] changes whenever node n's sums do (from a clock that only goes up), so a plugin
   * may keep a node's score while its version stays (NodeInfo's `Generation`).
   */
  readonly version: Int32Array;
  private clock = 0;
  private readonly countedNode: Int32Array;
  private readonly countedTemplate: Int32Array;
  private counted = false;
  private burst = 0;
  private seen = 0;
  /**
   * The origin (CycleState.origin) of the burst whose starting state the sums were last brought
   * to by comparing every slot, 0 for none; and the moves since, to undo (slot, node and
   * template before), so that a burst from that same state starts from there.
   */
  private base = 0;
  private readonly undoPod: Int32Array;
  private readonly undoNode: Int32Array;
  private readonly undoTemplate: Int32Array;
  private undos = 0;

  constructor(private readonly cfg: CompiledCluster) {
    const n = cfg.layout.nodes + 1;
    this.cpu = new Int32Array(n);
    this.mem = new Int32Array(n);
    this.cpuNonZero = new Int32Array(n);
    this.memNonZero = new Int32Array(n);
    this.extended = cfg.nodeReservedExtended.slice();
    this.countedNode = new Int32Array(cfg.layout.pods + 1);
    this.version = new Int32Array(n);
    this.countedTemplate = new Int32Array(cfg.layout.pods + 1);
    this.undoPod = new Int32Array(2 * cfg.layout.pods + 2);
    this.undoNode = new Int32Array(this.undoPod.length);
    this.undoTemplate = new Int32Array(this.undoPod.length);
  }

  /** Bring the sums up to the state in `cs`. */
  update(cs: CycleState): void {
    if (cs.burst !== 0 && cs.burst === this.burst && cs.placements >= this.seen) {
      // Same burst: only its new placements changed which pods are bound.
      for (let i = this.seen; i < cs.placements; i++) this.move(cs.placedPod[i], cs.placedNode[i], cs.placedTemplate[i]);
      this.seen = cs.placements;
      return;
    }
    if (cs.burst !== 0 && this.base !== 0 && cs.origin === this.base) {
      // A burst from the state last counted slot by slot: back to it, then this burst's placements.
      this.rewind();
      for (let i = 0; i < cs.placements; i++) this.move(cs.placedPod[i], cs.placedNode[i], cs.placedTemplate[i]);
    } else {
      if (this.counted && cs.hintOrigin !== 0 && this.base === cs.hintOrigin) this.syncSlots(cs.s, cs.hintSlots, cs.hintCount);
      else if (this.counted) this.sync(cs.s);
      else this.recompute(cs.s);
      // Before any placement the state is the one the burst started from.
      this.base = cs.burst !== 0 && cs.placements === 0 ? cs.origin : 0;
    }
    this.burst = cs.burst;
    this.seen = cs.placements;
  }

  /** Undoes the moves made since `base`'s state was counted. */
  private rewind(): void {
    const base = this.base;
    this.base = 0; // the undoing moves are not recorded
    for (let i = this.undos - 1; i >= 0; i--) this.move(this.undoPod[i], this.undoNode[i], this.undoTemplate[i]);
    this.undos = 0;
    this.base = base;
  }

  /** The sums from scratch: reserved amounts plus every bound pod's request. */
  recompute(s: Int32Array): void {
    const cfg = this.cfg;
    const l = cfg.layout;
    this.base = 0;
    this.undos = 0;
    for (let n = 1; n <= l.nodes; n++) {
      this.cpu[n] = cfg.nodeReservedCpu[n];
      this.mem[n] = cfg.nodeReservedMem[n];
      // What runs outside the pod slots is counted with its requests as given.
      this.cpuNonZero[n] = cfg.nodeReservedCpu[n];
      this.memNonZero[n] = cfg.nodeReservedMem[n];
    }
    this.extended.set(cfg.nodeReservedExtended);
    this.version.fill(++this.clock);
    this.countedNode.fill(0);
    for (let q = 1, at = l.podBase; q <= l.pods; q++, at += POD_WORDS) {
      const n = s[at + P_LOC];
      if (n === 0 || s[at + P_STATUS] === POD_FREE) continue;
      this.move(q, n, s[at + P_TEMPLATE]);
    }
    this.counted = true;
  }

  /** The sums for s from those of the state last counted: only the pod slots that differ move. */
  private sync(s: Int32Array): void {
    const l = this.cfg.layout;
    this.base = 0;
    this.undos = 0;
    for (let q = 1; q <= l.pods; q++) this.syncSlot(s, q);
  }

  /**
   * The sums for s, which differs from the state counted at origin `base` only in the listed
   * slots: back to that state, then those slots (CycleState.hintOrigin).
   */
  private syncSlots(s: Int32Array, slots: Int32Array, count: number): void {
    this.rewind();
    this.base = 0;
    this.undos = 0;
    for (let i = 0; i < count; i++) this.syncSlot(s, slots[i]);
  }

  /** Pod slot q as s has it. */
  private syncSlot(s: Int32Array, q: number): void {
    const at = this.cfg.layout.podBase + (q - 1) * POD_WORDS;
    const n = s[at + P_STATUS] === POD_FREE ? 0 : s[at + P_LOC];
    if (n === this.countedNode[q] && (n === 0 || s[at + P_TEMPLATE] === this.countedTemplate[q])) return;
    this.move(q, n, s[at + P_TEMPLATE]);
  }

  /** Pod slot q is now on node n (0: none) with `template`: its requests leave its old node and join n's. */
  private move(q: number, n: number, template: number): void {
    const old = this.countedNode[q];
    if (this.base !== 0) {
      if (this.undos === this.undoPod.length) {
        this.base = 0; // too many to undo: the next burst counts slot by slot
      } else {
        this.undoPod[this.undos] = q;
        this.undoNode[this.undos] = old;
        this.undoTemplate[this.undos++] = this.countedTemplate[q];
      }
    }
    if (old !== 0) this.add(old, this.countedTemplate[q], -1);
    if (n !== 0) this.add(n, template, 1);
    this.countedNode[q] = n;
    this.countedTemplate[q] = template;
  }

  private add(n: number, template: number, sign: number): void {
    const t = this.cfg.templates[template];
    this.version[n] = ++this.clock;
    this.cpu[n] += sign * t.cpuRequest;
    this.mem[n] += sign * t.memRequest;
    this.cpuNonZero[n] += sign * t.cpuNonZero;
    this.memNonZero[n] += sign * t.memNonZero;
    const ext = t.extendedRequest;
    if (ext !== null) {
      const R = ext.length;
      for (let r = 0; r < R; r++) this.extended[n * R + r] += sign * ext[r];
    }
  }
}
