/**
 * The limits every search honours (docs/reliability.md): a deadline, a memory budget for the
 * whole process, an AbortSignal and a stop flag shared with worker threads. The search asks
 * `check` every few transitions (integer arithmetic and one clock read) and gives the event loop
 * a turn (`pause`) every few milliseconds of work, so an AbortSignal or a signal handler runs
 * while it searches.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { Limit, SearchOptions } from './result.js';

/** Work between two calls of `Watch.check`, in milliseconds (the call count adapts to it). */
export const CHECK_EVERY_MS = 1;
/** Work between two turns of the event loop, in milliseconds. */
export const YIELD_EVERY_MS = 20;
/** How often the resident memory is measured again, in milliseconds. */
const RSS_EVERY_MS = 50;
/** Bounds of `Watch.every`: steps (processes asked or transitions taken) between two checks. */
const MIN_EVERY = 1;
const MAX_EVERY = 4096;

/**
 * The memory limit of the container (cgroup v2 `memory.max`, else cgroup v1
 * `memory.limit_in_bytes`), or undefined when none is set. `read` returns a file's text or
 * undefined (tests pass their own).
 */
export function cgroupMemoryLimit(read: (file: string) => string | undefined = readOptional): number | undefined {
  const v2 = read('/sys/fs/cgroup/memory.max')?.trim();
  if (v2 !== undefined && /^\d+$/.test(v2)) return Number(v2);
  if (v2 === 'max') return undefined;
  const v1 = read('/sys/fs/cgroup/memory/memory.limit_in_bytes')?.trim();
  // cgroup v1 writes "no limit" as a huge number (PAGE_COUNTER_MAX pages).
  if (v1 !== undefined && /^\d+$/.test(v1) && Number(v1) < 2 ** 60) return Number(v1);
  return undefined;
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The default budget for the process's resident memory: a quarter of the machine's memory, at
 * most 6 GiB, and at most three quarters of the container's limit when one is set (the rest is
 * left to Node's heap and the kernel, so kivi stops with exit 3 before the container kills it).
 */
export function defaultMaxMemory(machine = totalmem(), container = cgroupMemoryLimit()): number {
  const own = Math.min(6 * 2 ** 30, Math.floor(machine / 4));
  return container === undefined ? own : Math.min(own, Math.floor(container * 0.75));
}

export const DEFAULT_MAX_MEMORY = defaultMaxMemory();

export function rssBytes(): number {
  return process.memoryUsage.rss();
}

/** Gives the event loop one turn (timers, signals, an AbortSignal's listeners run). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The limits of one search, checked by the search loop. */
export class Watch {
  private deadline: number;
  private readonly maxMemory: number;
  /** Resident memory that is not the search's own stores, as last measured. */
  private other: number;
  private lastYield: number;
  private lastCheck: number;
  private lastRss: number;
  /**
   * Steps between two calls of `check`: doubled while a check comes sooner than CHECK_EVERY_MS
   * after the last one, halved while it comes later, so the clock is read about once a
   * millisecond whether a step takes a microsecond (small states) or a millisecond (10^4 nodes).
   */
  every = 32;

  constructor(private readonly opts: SearchOptions) {
    // Date.now: performance.now() allocates (an hrtime pair) on every call in Node 20, and the
    // search reads the clock thousands of times a second. `deadline` is on the same clock, so it
    // means the same in a worker thread.
    const now = Date.now();
    let deadline = opts.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : now + opts.timeLimitMs;
    if (opts.deadline !== undefined) deadline = Math.min(deadline, opts.deadline);
    this.deadline = deadline;
    this.maxMemory = opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY;
    this.other = rssBytes();
    this.lastYield = now;
    this.lastCheck = now;
    this.lastRss = now;
  }

  /**
   * The limit reached, if any. `storeBytes` is what the search's stores hold now, `growthBytes`
   * what their next growth could add (a typed array that doubles is briefly there twice): the
   * search stops before that growth could take the process past the budget.
   */
  check(storeBytes: number, growthBytes: number): Limit | undefined {
    const now = Date.now();
    const since = now - this.lastCheck;
    this.lastCheck = now;
    if (since < CHECK_EVERY_MS) this.every = Math.min(MAX_EVERY, this.every * 2);
    else if (since > 2 * CHECK_EVERY_MS) this.every = Math.max(MIN_EVERY, this.every >> 1);
    if (this.stopped()) return 'aborted';
    if (now > this.deadline) return 'time';
    if (this.other + storeBytes + growthBytes > this.maxMemory) return 'memory';
    return undefined;
  }

  /** A later deadline (search.ts ResumableSearch.resume). */
  moveDeadline(deadline: number): void {
    this.deadline = deadline;
  }

  stopped(): boolean {
    const flag = this.opts.stopFlag;
    return this.opts.signal?.aborted === true || (flag !== undefined && Atomics.load(flag, 0) !== 0);
  }

  /** True when the search has worked YIELD_EVERY_MS since its last turn of the event loop. */
  due(): boolean {
    return Date.now() - this.lastYield >= YIELD_EVERY_MS;
  }

  /**
   * One turn of the event loop; every RSS_EVERY_MS, the memory that is not the stores is
   * measured again (reading the resident size is a system call: not at every turn).
   */
  async pause(storeBytes: number): Promise<void> {
    await yieldToEventLoop();
    this.lastYield = this.measure(storeBytes);
  }

  /**
   * Every RSS_EVERY_MS, measures again the memory that is not the stores (a worker thread of the
   * parallel search, which never yields, calls it at its checks). Returns the clock read.
   */
  measure(storeBytes: number): number {
    const now = Date.now();
    if (now - this.lastRss >= RSS_EVERY_MS) {
      this.other = Math.max(0, rssBytes() - storeBytes);
      this.lastRss = now;
    }
    return now;
  }
}
