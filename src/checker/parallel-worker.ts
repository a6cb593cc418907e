/**
 * One worker thread of the parallel breadth-first search (parallel-search.ts). It owns the
 * fingerprints that `ownerOf` gives it: their visited set, and the frontier of the states among
 * them. Per level, synchronously (the thread never yields to its event loop):
 *
 * 1. expand: every frontier state in rank order; each successor goes to its owner's stream
 *    (parallel-streams.ts), in key order; violations are noted, the first per code. A key names
 *    its parent by the parent's position among its worker's frontier (the frontier's global
 *    ranks may not be known yet).
 * 2. after the barrier, the main thread's answer to the last report: stop, or the ranks of every
 *    worker's frontier (the positions in the merge of every worker's keys, which the main thread
 *    made while the workers expanded). It is usually there already: no wait.
 * 3. accept: read the streams sent to it (their entries' headers only), their keys made global
 *    with those ranks, merged by key; a fingerprint not seen before is a new state (the first in
 *    key order is the one the sequential search stores). The streams themselves are the
 *    frontier's part found by other workers: the next expansion decodes them again, entry by
 *    entry, and expands the accepted ones (no copy of a state into a queue of its own).
 * 4. report the accepted keys to the main thread, and go on to expand them at once.
 *
 * A level costs one barrier (and the last report's wake of the main thread): a thread's sleep
 * and wake cost about a millisecond of CPU each on the virtual machines measured
 * (docs/performance.md), and the main thread's merge no longer holds the workers up.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { FingerprintSet } from './fingerprint-set.js';
import { Watch } from './limits.js';
import { barrier, C_ABORT, C_DONE, C_GO, C_LEVEL_LIMIT, C_LIMIT, C_STOP, LIMIT_CODES, type LevelReport, ownerOf, type WorkerInit } from './parallel-protocol.js';
import { PendingStates } from './parallel-pending.js';
import { CandidateReader, CandidateWriter, type StreamChunks } from './parallel-streams.js';
import { SleepSets } from './sleep-sets.js';
import { StateEngine } from './state-engine.js';
import { StateQueue } from './state-queue.js';
import type { TransitionSystem } from './transition-system.js';

/** Entries whose visited-set slots `accept` touches at a time, ahead of their lookups. */
const TOUCH_BATCH = 16;

class LevelWorker {
  readonly N: number;
  readonly me: number;
  readonly P: number;
  /** The processes an expansion asks (the model's candidates), or null: every process. */
  readonly procs: Int32Array | null;
  readonly fp: StateEngine;
  readonly seen = new FingerprintSet();
  /** The frontier's states this worker found itself, in key order. */
  readonly queue: StateQueue;
  readonly sleep: SleepSets | null;
  readonly writers: CandidateWriter[] = [];
  readonly pending = new PendingStates();
  readonly watch: Watch;
  /**
   * Positions (among this worker's frontier, in key order) and sleep sets of the frontier's
   * states in `queue` (-1: taken over, skipped).
   */
  ownRanks: Int32Array = new Int32Array(0);
  ownMasks: Int32Array = new Int32Array(0);
  /**
   * The frontier's states another worker found first: the streams of the last level (`received[j]`,
   * from the j-th other worker), and per stream the accepted entries' positions in it
   * (`recvOrds[j]`), their positions among this worker's frontier (`recvRanks[j]`) and their sleep
   * sets, all in stream order (which is key order).
   */
  received: StreamChunks[] = [];
  recvOrds: Int32Array[] = [];
  recvRanks: Int32Array[] = [];
  recvMasks: Int32Array[] = [];
  depth = 0;
  transitions = 0;
  events = new Map<number, number[]>();
  tick = 0;
  /** A new state was beyond maxDepth in this level. */
  cut = false;
  /** The words `FingerprintSet.touch` read, kept so that the reads are not optimized away. */
  sink = 0;

  constructor(
    readonly sys: TransitionSystem,
    readonly init: WorkerInit,
  ) {
    this.N = init.workers;
    this.me = init.index;
    this.P = sys.processCount;
    this.procs = sys.candidates ? new Int32Array(this.P) : null;
    // Extra regions: each stream's last state written, then each received stream's state
    // decoded (all in one memory: the scans need no copy).
    this.fp = new StateEngine(sys.stateWords, 2 * this.N);
    this.queue = new StateQueue(sys.stateWords, undefined, this.fp);
    for (let j = 0; j < this.N; j++) this.writers.push(new CandidateWriter(this.fp, this.fp.extra[j]));
    this.sleep = SleepSets.forSearch(sys, init.opts.reduction, true);
    this.watch = new Watch(init.opts);
    const cur = this.fp.cur;
    cur.set(sys.initialState());
    this.fp.hashCur();
    if (ownerOf(this.fp.curHi, this.N) === this.me) {
      this.seen.add(this.fp.curHi, this.fp.curLo);
      this.queue.push(0, 0, cur);
      this.ownRanks = new Int32Array(1);
      this.ownMasks = new Int32Array(1);
    }
  }

  get ownBytes(): number {
    let b = this.seen.bytes + this.queue.bytes + this.pending.bytes + 8 * this.ownRanks.length;
    for (const w of this.writers) b += w.bytes;
    // The received streams' chunks are their writers' (shared memory, counted there).
    for (let j = 0; j < this.received.length; j++) b += 12 * this.recvOrds[j].length;
    return b;
  }

  /** False when a limit stops the search (C_LIMIT set, by this worker or another). */
  checkpoint(): boolean {
    const { control, storeBytes } = this.init;
    if (Atomics.load(control, C_LIMIT) !== 0) return false;
    storeBytes[this.me] = this.ownBytes;
    let total = 0;
    for (let i = 0; i < storeBytes.length; i++) total += storeBytes[i];
    this.watch.measure(total);
    const limit = Atomics.load(control, C_ABORT) !== 0 ? 'aborted' : this.watch.check(total, this.seen.growthBytes + this.queue.growthBytes);
    if (limit === undefined) return true;
    Atomics.compareExchange(control, C_LIMIT, 0, LIMIT_CODES.indexOf(limit as (typeof LIMIT_CODES)[number]) + 1);
    return false;
  }

  note(code: number, rank: number, p: number, c: number): void {
    if (!this.events.has(code)) this.events.set(code, [code, rank, p, c]);
  }

  /**
   * Phase 1: expands the frontier; false when a limit stopped it. A successor this worker owns
   * is added to its visited set at once (the first key of this worker reaches it first); one
   * owned by another worker goes to it. At the depth bound (`cutLevel`), new states are only
   * noted as cut. Keys and events name the parent by its position in the frontier (`rank` below).
   */
  expand(cutLevel: boolean): boolean {
    const { sys, fp, seen, queue, sleep, writers, watch, P, N, me, pending, ownRanks, ownMasks, recvOrds, recvRanks, recvMasks, procs } = this;
    const cur = fp.cur;
    const next = fp.next;
    const nextAt = fp.nextAt;
    let transitions = 0;
    let tick = this.tick;
    let ok = true;
    // The own queue and the received streams (source S and 0..S-1) merged by rank.
    const S = this.received.length;
    const readers = this.received.map((s, j) => new CandidateReader(s, sys.stateWords, null, recvOrds[j].length > 0 ? fp.extra[N + j] : null));
    const at = new Int32Array(S);
    let oi = 0;
    expansion: for (;;) {
      if (oi < ownRanks.length && ownRanks[oi] < 0) {
        queue.shift(fp.incoming); // taken over: a stream holds it
        oi++;
        continue;
      }
      let src = oi < ownRanks.length ? S : -1;
      let rank = src < 0 ? 0 : ownRanks[oi];
      for (let j = 0; j < S; j++) {
        if (at[j] < recvRanks[j].length && (src < 0 || recvRanks[j][at[j]] < rank)) {
          src = j;
          rank = recvRanks[j][at[j]];
        }
      }
      if (src < 0) break;
      let mask: number;
      if (src === S) {
        queue.shift(fp.incoming);
        mask = ownMasks[oi++];
        fp.loadCur(fp.incoming);
      } else {
        const r = readers[src];
        r.seek(recvOrds[src][at[src]]);
        mask = recvMasks[src][at[src]++];
        fp.loadCurAt(r.stateAt);
      }
      sys.loaded?.(cur, fp.pairs, 0, -1); // a load of the whole state: it may differ anywhere
      sleep?.beginWith(mask);
      let successors = 0;
      // The model's candidates when it has them (transition-system.ts), else every process.
      const np = procs !== null ? sys.candidates!(cur, procs) : P;
      for (let i = 0; i < np; i++) {
        const p = procs !== null ? procs[i] : i;
        if (++tick >= watch.every) {
          tick = 0;
          if (!this.checkpoint()) {
            ok = false;
            break expansion;
          }
        }
        const k = sys.choices(cur, p);
        if (sleep && k > 0 && sleep.asleep(p, k)) {
          successors += k;
          continue;
        }
        const known = sleep !== null && k > 0 && sleep.look(cur, p);
        for (let c = 0; c < k; c++) {
          successors++;
          next.set(cur);
          const code = sys.step(next, p, c, null, cur);
          transitions++;
          if (code !== 0) {
            this.note(code, rank, p, c);
            continue;
          }
          fp.hashNext();
          const o = ownerOf(fp.hi, N);
          if (o === me) {
            if (cutLevel) {
              if (!seen.has(fp.hi, fp.lo)) this.cut = true;
              continue;
            }
            if (!seen.add(fp.hi, fp.lo)) continue;
            pending.add(fp.hi, fp.lo, rank, p, c, known ? sleep!.maskFor(p) : 0);
            queue.push(0, 0, next, nextAt);
            continue;
          }
          writers[o].write(next, nextAt, fp.hi, fp.lo, rank, p, c, known ? sleep!.maskFor(p) : 0);
        }
      }
      if (successors === 0) {
        const code = sys.endState(cur);
        if (code !== 0) this.note(code, rank, P, 0);
      }
    }
    this.tick = tick;
    this.transitions += transitions;
    this.release();
    return ok;
  }

  /** The received streams, expanded, are let go. */
  private release(): void {
    this.received = [];
  }

  /**
   * Phase 3: the streams other workers sent (`streams[j]`, written by worker `from[j]`), merged
   * by key, their parents' positions made global by `ranks` (ranks[i]: worker i's frontier, by
   * position). Another worker's successor is a new state when its fingerprint is new, or when it
   * takes over a state this worker found itself with a larger key; the stream keeps it (read
   * again by the next expansion). Returns this worker's new states' keys: its own and the
   * others', merged in key order.
   */
  accept(streams: StreamChunks[], from: number[], ranks: Int32Array[], cutDepth: boolean): Int32Array {
    this.pending.rankBy(ranks[this.me]);
    const readers = streams.map((s, j) => new CandidateReader(s, this.sys.stateWords, ranks[from[j]], null));
    let keys: Int32Array = new Int32Array(3 * 1024);
    // Per accepted entry: its sleep set, its stream and its position there.
    let masks: Int32Array = new Int32Array(1024);
    let srcs: Int32Array = new Int32Array(1024);
    let ords: Int32Array = new Int32Array(1024);
    let n = 0;
    const { seen, pending } = this;
    // The visited set's slots of the next entries are touched ahead of their lookups, a batch at
    // a time (FingerprintSet.touch): their cache misses overlap instead of coming one by one.
    let ahead = 0;
    for (const r of readers) this.sink ^= r.touchAhead(seen, 2 * TOUCH_BATCH);
    for (;;) {
      if (++ahead === TOUCH_BATCH) {
        ahead = 0;
        for (let j = 0; j < readers.length; j++) this.sink ^= readers[j].touchAhead(seen, TOUCH_BATCH);
      }
      let best: CandidateReader | null = null;
      let bj = -1;
      for (let j = 0; j < readers.length; j++) {
        const r = readers[j];
        if (!r.done && (best === null || r.before(best))) {
          best = r;
          bj = j;
        }
      }
      if (best === null) break;
      if (cutDepth) {
        if (!seen.has(best.hi, best.lo)) this.cut = true;
      } else if (seen.add(best.hi, best.lo) || pending.takeOver(best.hi, best.lo, best.rank, best.p, best.c)) {
        if (n === masks.length) {
          keys = grow(keys);
          masks = grow(masks);
          srcs = grow(srcs);
          ords = grow(ords);
        }
        keys[3 * n] = best.rank;
        keys[3 * n + 1] = best.p;
        keys[3 * n + 2] = best.c;
        srcs[n] = bj;
        ords[n] = best.ord;
        masks[n++] = best.mask;
      }
      best.advance();
    }
    this.received = streams;
    return this.mergeKeys(keys, masks, srcs, ords, n);
  }

  /**
   * This worker's new states in key order: its own (not taken over) and the others' (`n`, with
   * `keys`, `masks`, and their streams and positions there: `srcs`, `ords`). Sets the frontier's
   * masks, and its ranks to positions in that order (`rank` makes them global). Empties `pending`.
   */
  private mergeKeys(keys: Int32Array, masks: Int32Array, srcs: Int32Array, ords: Int32Array, n: number): Int32Array {
    const { pending } = this;
    const m = pending.size;
    const own = pending.keys;
    const out = new Int32Array(3 * (m + n));
    const ownAt = new Int32Array(m);
    const otherAt = new Int32Array(n);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < m || j < n) {
      if (i < m && pending.taken[i] !== 0) {
        ownAt[i++] = -1;
        continue;
      }
      const from = i < m && (j === n || keyBefore(own, i, keys, j)) ? own : keys;
      const at = from === own ? i : j;
      out[3 * k] = from[3 * at];
      out[3 * k + 1] = from[3 * at + 1];
      out[3 * k + 2] = from[3 * at + 2];
      if (from === own) ownAt[i++] = k++;
      else otherAt[j++] = k++;
    }
    this.ownRanks = ownAt;
    this.ownMasks = pending.masks.slice(0, m);
    this.byStream(otherAt, masks, srcs, ords, n);
    pending.clear();
    return out.slice(0, 3 * k);
  }

  /** Splits the accepted entries (positions `rankAt`, in key order) by stream: recvOrds, recvRanks, recvMasks. */
  private byStream(rankAt: Int32Array, masks: Int32Array, srcs: Int32Array, ords: Int32Array, n: number): void {
    const S = this.received.length;
    const count = new Int32Array(S);
    for (let i = 0; i < n; i++) count[srcs[i]]++;
    this.recvOrds = Array.from(count, (c) => new Int32Array(c));
    this.recvRanks = Array.from(count, (c) => new Int32Array(c));
    this.recvMasks = Array.from(count, (c) => new Int32Array(c));
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const j = srcs[i];
      const x = count[j]++;
      this.recvOrds[j][x] = ords[i];
      this.recvRanks[j][x] = rankAt[i];
      this.recvMasks[j][x] = masks[i];
    }
  }

  /** The level's violations, the first per code, as (code, rank, process, choice) quadruples with global ranks. */
  eventsBy(ranks: Int32Array): number[] {
    const out: number[] = [];
    for (const [code, pos, p, c] of this.events.values()) out.push(code, ranks[pos], p, c);
    return out;
  }
}

function grow(a: Int32Array): Int32Array {
  const g = new Int32Array(2 * a.length);
  g.set(a);
  return g;
}

function keyBefore(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  if (a[3 * i] !== b[3 * j]) return a[3 * i] < b[3 * j];
  if (a[3 * i + 1] !== b[3 * j + 1]) return a[3 * i + 1] < b[3 * j + 1];
  return a[3 * i + 2] < b[3 * j + 2];
}

/** The message waiting on `port` (posted before the barrier that preceded this call). */
function receive<T>(port: { postMessage: unknown } | null): T {
  const m = receiveMessageOnPort(port as never);
  if (m === undefined) throw new Error('internal error: parallel search: a message between workers is missing');
  return m.message as T;
}

/** The level loop of one worker, until the main thread says stop. */
function runLevels(w: LevelWorker, init: WorkerInit): void {
  const { control, peers, main, workers: N, index: me } = init;
  const maxDepth = init.opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const others: number[] = [];
  for (let j = 0; j < N; j++) if (j !== me) others.push(j);
  // The frontier of depth 0 is the initial state, at its owner's position 0: rank 0.
  let ranks: Int32Array[] = Array.from({ length: N }, () => Int32Array.of(0));
  let go = -1;
  for (;;) {
    w.events = new Map();
    w.cut = false;
    const before = w.transitions;
    const prunedBefore = w.sleep?.pruned ?? 0;
    const cutLevel = w.depth + 1 > maxDepth;
    w.expand(cutLevel);
    const streams = w.writers.map((wr) => wr.take());
    // Shared memory, never transferred (parallel-streams.ts: a detached buffer slows every typed array access after).
    for (const j of others) peers[j]!.postMessage(streams[j]);
    barrier(control, N);
    // C_LIMIT as the last worker to arrive saw it: another may set C_LIMIT in the next level already.
    const limit = Atomics.load(control, C_LEVEL_LIMIT);
    if (go >= 0) {
      // The answer to the last report, given while this level was expanded.
      while (Atomics.load(control, C_GO) === go) Atomics.wait(control, C_GO, go);
      if (Atomics.load(control, C_STOP) !== 0) return;
      ranks = receive<Int32Array[]>(main);
    }
    let keys: Int32Array = new Int32Array(0);
    if (limit === 0) {
      const incoming = others.map((j) => receive<StreamChunks>(peers[j]));
      // The streams are kept for the next expansion (their writers reuse them after the next barrier).
      keys = w.accept(incoming, others, ranks, cutLevel);
    }
    init.storeBytes[me] = w.ownBytes;
    const report: LevelReport = { keys, events: w.eventsBy(ranks[me]), transitions: w.transitions - before, pruned: (w.sleep?.pruned ?? 0) - prunedBefore, cut: w.cut, limit, ...(w.sys.observed ? { observed: Array.from(w.sys.observed) } : {}) };
    main.postMessage(report); // copied, as the streams
    go = Atomics.load(control, C_GO);
    // Only the last report wakes the main thread (a wake costs more than the futex call).
    if (Atomics.add(control, C_DONE, 1) === N - 1) Atomics.notify(control, C_DONE);
    if (limit !== 0) {
      // Every worker saw the limit (and accepted nothing): the answer is stop.
      while (Atomics.load(control, C_GO) === go) Atomics.wait(control, C_GO, go);
      return;
    }
    w.depth++;
  }
}

async function start(): Promise<void> {
  const init = workerData as WorkerInit;
  const mod = (await import(init.recipe.module)) as Record<string, (args: unknown) => TransitionSystem | Promise<TransitionSystem>>;
  const build = mod[init.recipe.name ?? 'buildSystem'];
  if (typeof build !== 'function') throw new Error(`parallel search: ${init.recipe.module} exports no function ${init.recipe.name ?? 'buildSystem'}`);
  const sys = await build(init.recipe.args);
  runLevels(new LevelWorker(sys, init), init);
  for (const p of init.peers) p?.close();
  init.main.close();
}

await start();
