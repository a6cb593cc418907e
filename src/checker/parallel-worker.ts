/**
 * One worker thread of the parallel breadth-first search (parallel-search.ts). It owns the
 * fingerprints that `ownerOf` gives it: their visited set, and the frontier of the states among
 * them. Per level, synchronously (the thread never yields to its event loop):
 *
 * 1. expand: every frontier state in rank order; each successor goes to its owner's stream
 *    (parallel-streams.ts), in key order; violations are noted, the first per code.
 * 2. accept: read the streams sent to it, merged by key; a fingerprint not seen before is a new
 *    state (the first in key order is the one the sequential search stores), pushed on the
 *    frontier with its sleep set.
 * 3. rank: the accepted keys go to every other worker; a state's rank in the next level is the
 *    number of accepted keys, over all workers, before its own.
 * 4. report to the main thread and wait for its answer (go on or stop).
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { FingerprintSet } from './fingerprint-set.js';
import { Watch } from './limits.js';
import { barrier, C_ABORT, C_DONE, C_GO, C_LIMIT, C_STOP, LIMIT_CODES, type LevelReport, ownerOf, type WorkerInit } from './parallel-protocol.js';
import { CandidateReader, CandidateWriter, type StreamChunks } from './parallel-streams.js';
import { SleepSets } from './sleep-sets.js';
import { StateEngine } from './state-engine.js';
import { StateQueue } from './state-queue.js';
import type { TransitionSystem } from './transition-system.js';

class LevelWorker {
  readonly N: number;
  readonly me: number;
  readonly P: number;
  readonly fp: StateEngine;
  readonly seen = new FingerprintSet();
  readonly queue: StateQueue;
  readonly sleep: SleepSets | null;
  readonly writers: CandidateWriter[] = [];
  readonly watch: Watch;
  /** Ranks of the frontier's states, by their index in it. */
  ranks: Int32Array = new Int32Array(0);
  depth = 0;
  transitions = 0;
  events = new Map<number, number[]>();
  tick = 0;

  constructor(
    readonly sys: TransitionSystem,
    readonly init: WorkerInit,
  ) {
    this.N = init.workers;
    this.me = init.index;
    this.P = sys.processCount;
    // Extra regions: each stream's last state written, then each stream's state read.
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
      this.ranks = new Int32Array(1);
    }
  }

  get ownBytes(): number {
    let b = this.seen.bytes + this.queue.bytes + this.ranks.byteLength;
    for (const w of this.writers) b += 4 * w.held;
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

  /** Phase 1: expands the frontier; false when a limit stopped it. */
  expand(): boolean {
    const { sys, fp, seen, queue, sleep, writers, watch, P, N, me, ranks } = this;
    const cur = fp.cur;
    const next = fp.next;
    let transitions = 0;
    let tick = this.tick;
    let ok = true;
    expansion: while (queue.size > 0) {
      queue.shift(fp.incoming);
      fp.loadCur(fp.incoming);
      const rank = ranks[queue.id];
      sleep?.beginWith(queue.depth);
      let successors = 0;
      for (let p = 0; p < P; p++) {
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
          const code = sys.step(next, p, c, null);
          transitions++;
          if (code !== 0) {
            this.note(code, rank, p, c);
            continue;
          }
          fp.hashNext();
          const o = ownerOf(fp.hi, N);
          if (o === me && seen.has(fp.hi, fp.lo)) continue;
          writers[o].write(next, fp.hi, fp.lo, rank, p, c, known ? sleep!.maskFor(p) : 0);
        }
      }
      if (successors === 0) {
        const code = sys.endState(cur);
        if (code !== 0) this.note(code, rank, P, 0);
      }
    }
    this.tick = tick;
    this.transitions += transitions;
    return ok;
  }

  /** Phase 2: the streams sent to this worker, merged by key; the new states join the frontier. Returns their keys. */
  accept(streams: StreamChunks[], cutDepth: boolean): { keys: Int32Array; cut: boolean } {
    const readers = streams.map((s, j) => new CandidateReader(s, this.fp.extra[this.N + j]));
    let keys = new Int32Array(3 * 1024);
    let n = 0;
    let cut = false;
    const { seen, queue } = this;
    for (;;) {
      let best: CandidateReader | null = null;
      for (const r of readers) if (!r.done && (best === null || r.before(best))) best = r;
      if (best === null) break;
      if (!seen.has(best.hi, best.lo)) {
        if (cutDepth) cut = true;
        else {
          seen.add(best.hi, best.lo);
          queue.push(n, best.mask, best.state);
          if (3 * n + 3 > keys.length) {
            const grown = new Int32Array(2 * keys.length);
            grown.set(keys);
            keys = grown;
          }
          keys[3 * n] = best.rank;
          keys[3 * n + 1] = best.p;
          keys[3 * n + 2] = best.c;
          n++;
        }
      }
      best.advance();
    }
    return { keys: keys.slice(0, 3 * n), cut };
  }

  /** Phase 3: the ranks of this worker's new states, from every worker's accepted keys. */
  rank(own: Int32Array, others: Int32Array[]): Int32Array {
    const n = own.length / 3;
    const ranks = new Int32Array(n);
    for (let i = 0; i < n; i++) ranks[i] = i;
    for (const o of others) {
      const m = o.length / 3;
      let j = 0;
      for (let i = 0; i < n; i++) {
        while (j < m && keyBefore(o, j, own, i)) j++;
        ranks[i] += j;
      }
    }
    return ranks;
  }
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
  for (;;) {
    w.events = new Map();
    const before = w.transitions;
    const prunedBefore = w.sleep?.pruned ?? 0;
    w.expand();
    const streams = w.writers.map((wr) => wr.take());
    for (let j = 0; j < N; j++) if (j !== me) peers[j]!.postMessage(streams[j], streams[j].chunks.map((c) => c.buffer as ArrayBuffer));
    barrier(control, N);
    const limit = Atomics.load(control, C_LIMIT);
    let keys: Int32Array = new Int32Array(0);
    let ranks: Int32Array = new Int32Array(0);
    let cut = false;
    if (limit === 0) {
      const incoming = peers.map((port, j) => (j === me ? streams[me] : receive<StreamChunks>(port)));
      const accepted = w.accept(incoming, w.depth + 1 > maxDepth);
      keys = accepted.keys;
      cut = accepted.cut;
      for (let j = 0; j < N; j++) if (j !== me) peers[j]!.postMessage(keys);
      barrier(control, N);
      ranks = w.rank(keys, peers.flatMap((port, j) => (j === me ? [] : [receive<Int32Array>(port)])));
      w.ranks = ranks;
      w.depth++;
    }
    init.storeBytes[me] = w.ownBytes;
    const report: LevelReport = { keys, ranks, events: [...w.events.values()].flat(), transitions: w.transitions - before, pruned: (w.sleep?.pruned ?? 0) - prunedBefore, cut, limit };
    main.postMessage(report, [keys.buffer as ArrayBuffer]);
    const go = Atomics.load(control, C_GO);
    Atomics.add(control, C_DONE, 1);
    Atomics.notify(control, C_DONE);
    while (Atomics.load(control, C_GO) === go) Atomics.wait(control, C_GO, go);
    if (Atomics.load(control, C_STOP) !== 0) return;
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
