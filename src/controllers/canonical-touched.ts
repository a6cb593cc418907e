/**
 * What a transition touched, for the touched-only canonical form (canonical-order.ts
 * `computeAfter`, docs/model.md §8.11.6): the pods whose words or queue places changed, the nodes
 * whose words, kernel-panic or maintenance words or place in the node controller's queue changed
 * or that gained, lost or hold such a pod, and the groups (nodes, 0 for the unbound slots) that
 * gained, lost or hold a touched pod.
 *
 * Where both states are in a state engine's memory (the search's), one SIMD pass lists the
 * engine's 16-word blocks that differ and only their words are compared. Elsewhere the blocks
 * that changed are found by comparing bytes (a memcmp per call, through byte views):
 * a region that is equal costs one call; one that differs is halved until a part is a few blocks
 * long, which is compared word by word. A call costs about as much as comparing a few hundred
 * bytes, so few, long comparisons find the few changed blocks of a state of thousands.
 */
import { ByteView } from '../model/byte-view.js';
import { engineOf, type StateEngine } from '../checker/state-engine.js';
import { KERNEL_PANIC_WORDS, MAINT_NODE_WORDS, NODE_WORDS, P_LOC, POD_WORDS, Q_KBL, Q_NC, type Layout } from '../model/layout.js';
import { POD_QUEUES } from './canonical-keys.js';
import { markQueueChanges } from './queue-changes.js';

/** A part of a region at most this many words long is compared word by word. */
const LEAF_WORDS = 256;

/** A set of item numbers (pods or nodes, 1-based) with its members listed in the order they joined. */
export class ItemSet {
  readonly mark: Uint8Array;
  readonly list: Int32Array;
  size = 0;

  constructor(count: number) {
    this.mark = new Uint8Array(count + 1);
    this.list = new Int32Array(count + 1);
  }

  add(x: number): void {
    if (this.mark[x] === 1) return;
    this.mark[x] = 1;
    this.list[this.size++] = x;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.mark[this.list[i]] = 0;
    this.size = 0;
  }

  /** Sorts the list ascending (an insertion sort: the sets are small). */
  sort(): void {
    const a = this.list;
    for (let i = 1; i < this.size; i++) {
      const x = a[i];
      let j = i - 1;
      while (j >= 0 && a[j] > x) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }
}

export class Touched {
  /** The touched pods, then sorted by slot. */
  readonly pods: ItemSet;
  /** The touched nodes (never 0). */
  readonly nodes: ItemSet;
  /** The nodes that gained, lost or hold a touched pod (a set of their groups; 0 is in `unbound`). */
  readonly groups: ItemSet;
  /** The unbound group gained, lost or holds a touched pod. */
  unbound = false;
  /** markQueueChanges' marks and scratch (marks all 0 between calls). */
  private readonly queueMark: Uint8Array;
  private readonly count: Int32Array;
  private readonly bytes = new ByteView();
  private readonly parentBytes = new ByteView();
  private sb: Buffer = Buffer.alloc(0);
  private pb: Buffer = Buffer.alloc(0);
  private s: Int32Array = new Int32Array(0);
  private parent: Int32Array = new Int32Array(0);
  /** The state engine whose memory holds s and parent, if one does (scan), else undefined (diff). */
  engine: StateEngine | undefined = undefined;
  /** With the engine: how many of its `blockList` blocks differ between s and parent (all of the state's, ascending); else -1. */
  listed = -1;
  /** The set `diff` adds the changed blocks to. */
  private into: ItemSet;

  constructor(
    private readonly l: Layout,
    private readonly kubeletSet: boolean,
  ) {
    const most = Math.max(l.nodes, l.pods);
    this.pods = new ItemSet(l.pods);
    this.nodes = new ItemSet(l.nodes);
    this.groups = new ItemSet(l.nodes);
    this.queueMark = new Uint8Array(most + 1);
    this.count = new Int32Array(most + 1);
    this.into = this.pods;
  }

  /** Finds what the step from the canonical state `parent` to s touched. */
  find(s: Int32Array, parent: Int32Array): void {
    const l = this.l;
    this.pods.clear();
    this.nodes.clear();
    this.groups.clear();
    this.unbound = false;
    // Only the items a queue took or appended are touched by its change (queue-changes.ts).
    for (let j = 0; j < POD_QUEUES.length; j++) {
      this.queue(s, parent, l.queueBase[POD_QUEUES[j]], this.kubeletSet && POD_QUEUES[j] === Q_KBL, this.pods);
    }
    this.queue(s, parent, l.queueBase[Q_NC], false, this.nodes);
    this.s = s;
    this.parent = parent;
    this.engine = engineOf(s, parent);
    if (this.engine === undefined) {
      this.sb = this.bytes.of(s);
      this.pb = this.parentBytes.of(parent);
      this.listed = -1;
    } else this.listed = this.engine.blocksDiffering(s, parent, 0, this.engine.blockCount);
    this.changed(l.podBase, POD_WORDS, l.pods, this.pods);
    this.pods.sort();
    for (let i = 0; i < this.pods.size; i++) {
      const at = l.podBase + (this.pods.list[i] - 1) * POD_WORDS + P_LOC;
      this.group(s[at]);
      this.group(parent[at]);
    }
    this.changed(l.nodeBase, NODE_WORDS, l.nodes, this.nodes);
    if (l.kernelPanicBase >= 0) this.changed(l.kernelPanicBase, KERNEL_PANIC_WORDS, l.nodes, this.nodes);
    if (l.maintNodeBase >= 0) this.changed(l.maintNodeBase, MAINT_NODE_WORDS, l.nodes, this.nodes);
  }

  /** Node n (0: unbound) holds or held a touched pod. */
  private group(n: number): void {
    if (n === 0) {
      this.unbound = true;
      return;
    }
    this.groups.add(n);
    this.nodes.add(n);
  }

  /** Adds the items of the queue at qb that the step touched to `into`. */
  private queue(s: Int32Array, parent: Int32Array, qb: number, set: boolean, into: ItemSet): void {
    const mark = this.queueMark;
    markQueueChanges(s, parent, qb, mark, set, this.count);
    // The marked items are among the queue's items in s and in parent (and 0 for an absent place).
    mark[0] = 0;
    for (let i = 1; i <= parent[qb]; i++) this.take(parent[qb + i], into);
    for (let i = 1; i <= s[qb]; i++) this.take(s[qb + i], into);
  }

  private take(x: number, into: ItemSet): void {
    if (this.queueMark[x] === 0) return;
    this.queueMark[x] = 0;
    into.add(x);
  }

  /** Adds each block i (1..count, `width` words at base + (i − 1)·width) that differs between s and parent to `into`. */
  private changed(base: number, width: number, count: number, into: ItemSet): void {
    this.into = into;
    if (this.engine !== undefined) this.scan(this.engine.blockList, base, width, count);
    else this.diff(base, width, 1, count, false);
  }

  /**
   * `changed` where s and parent are in one state engine's memory (the search's successor and
   * the state it expands): one SIMD pass listed the engine's 16-word blocks that differ
   * (`find`), and only their words are compared (per call, a memcmp costs as much as comparing
   * hundreds of bytes, and halving calls one several times per changed block).
   */
  private scan(list: Int32Array, base: number, width: number, count: number): void {
    const s = this.s;
    const p = this.parent;
    const end = base + count * width;
    for (let j = 0; j < this.listed; j++) {
      const from = list[j] << 4;
      if (from + 16 <= base) continue;
      if (from >= end) break; // the list is ascending
      for (let w = from < base ? base : from, e2 = from + 16 < end ? from + 16 : end; w < e2; w++) {
        if (s[w] !== p[w]) this.into.add(((w - base) / width | 0) + 1);
      }
    }
  }

  /** The blocks lo..hi; `differs`: they are known to differ somewhere. */
  private diff(base: number, width: number, lo: number, hi: number, differs: boolean): void {
    const from = base + (lo - 1) * width;
    const to = base + hi * width;
    if (!differs && this.sb.compare(this.pb, from * 4, to * 4, from * 4, to * 4) === 0) return;
    if (to - from <= LEAF_WORDS) {
      const s = this.s;
      const p = this.parent;
      for (let i = lo, at = from; i <= hi; i++, at += width) {
        for (let w = at, e = at + width; w < e; w++) {
          if (s[w] !== p[w]) {
            this.into.add(i);
            break;
          }
        }
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    const end = base + mid * width;
    const left = this.sb.compare(this.pb, from * 4, end * 4, from * 4, end * 4) !== 0;
    if (left) this.diff(base, width, lo, mid, true);
    // The blocks differ somewhere: if not on the left, then on the right.
    this.diff(base, width, mid + 1, hi, !left);
  }
}
