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

/** Transitions between two calls of `Watch.check` (a clock read each). */
export const CHECK_EVERY = 32;
/** Work between two turns of the event loop, in milliseconds. */
export const YIELD_EVERY_MS = 5;

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
  private readonly deadline: number;
  private readonly maxMemory: number;
  /** Resident memory that is not the search's own stores, as last measured. */
  private other: number;
  private lastYield: number;

  constructor(private readonly opts: SearchOptions) {
    const now = performance.now();
    let deadline = opts.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : now + opts.timeLimitMs;
    // `deadline` is on the wall clock (Date.now) so that it means the same in a worker thread.
    if (opts.deadline !== undefined) deadline = Math.min(deadline, now + (opts.deadline - Date.now()));
    this.deadline = deadline;
    this.maxMemory = opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY;
    this.other = rssBytes();
    this.lastYield = now;
  }

  /**
   * The limit reached, if any. `storeBytes` is what the search's stores hold now; they are typed
   * arrays that double when full, so the search stops before the next doubling could exceed the
   * budget.
   */
  check(storeBytes: number): Limit | undefined {
    if (this.stopped()) return 'aborted';
    if (performance.now() > this.deadline) return 'time';
    if (this.other + 2 * storeBytes > this.maxMemory) return 'memory';
    return undefined;
  }

  stopped(): boolean {
    const flag = this.opts.stopFlag;
    return this.opts.signal?.aborted === true || (flag !== undefined && Atomics.load(flag, 0) !== 0);
  }

  /** True when the search has worked YIELD_EVERY_MS since its last turn of the event loop. */
  due(): boolean {
    return performance.now() - this.lastYield >= YIELD_EVERY_MS;
  }

  /** One turn of the event loop; then measures the memory that is not the stores again. */
  async pause(storeBytes: number): Promise<void> {
    await yieldToEventLoop();
    this.other = Math.max(0, rssBytes() - storeBytes);
    this.lastYield = performance.now();
  }
}
