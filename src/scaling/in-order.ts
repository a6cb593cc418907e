/**
 * The scaling search's setups as one stream across size levels (docs/scaling.md, "The answer"):
 * a lane that is free takes the next setup in enumeration order, whatever its level, so no
 * worker waits for a level's last setups. Results are passed on in stream order only, so the
 * answer is the first violating setup in order whatever the number of lanes. Each setup has its
 * own stop flag: once a violation at position i is known (without `all`), no setup after i is
 * started, those after i already running are stopped, and their results are dropped.
 */
import type { SetupResult, SetupTask } from './check-setup.js';
import type { RunOne } from './runner.js';

export interface InOrderOptions<T> {
  /** At most this many setups handed to the runner at once. */
  lanes: number;
  /** Go on after a violation and pass every result on (`-a`). */
  all: boolean;
  /** True once the search must stop (a time limit, an abort): no setup is started from then on. */
  stop: () => boolean;
  /** An abort also stops the setups running. */
  signal?: AbortSignal;
  /** The task checking `item`, with its own stop flag. */
  task: (item: T, stopFlag: Int32Array) => SetupTask;
  /** Each result as it comes in, in any order (progress); not those dropped. */
  onFinish?: (item: T, r: SetupResult) => void;
  /** Each result in stream order, up to the first violation (every one with `all`). */
  onInOrder: (item: T, r: SetupResult) => void;
}

export interface InOrderEnd<T> {
  /** Every item was taken and its result passed on. */
  complete: boolean;
  /** Items after the first violation that had started when it was found: stopped, or finished; not passed on. */
  dropped: Array<{ item: T; result: SetupResult }>;
}

/** Checks the items of `items` on `runOne`, `lanes` at a time, passing their results on in order. */
export async function checkInOrder<T>(items: Iterator<T>, runOne: RunOne, o: InOrderOptions<T>): Promise<InOrderEnd<T>> {
  const running = new Map<number, Int32Array>(); // position → its stop flag
  const waiting = new Map<number, { item: T; r: SetupResult | undefined }>(); // finished, not yet passed on
  const dropped: InOrderEnd<T>['dropped'] = [];
  let taken = 0;
  let passed = 0;
  let answer = Number.POSITIVE_INFINITY; // position of the first violation known
  let exhausted = false;
  let failed = false;
  const stopFrom = (first: number): void => {
    for (const [k, flag] of running) if (k >= first) Atomics.store(flag, 0, 1);
  };
  const onAbort = (): void => stopFrom(0);
  o.signal?.addEventListener('abort', onAbort);
  const settle = (k: number, item: T, r: SetupResult | undefined): void => {
    if (k > answer) {
      if (r) dropped.push({ item, result: r });
      return;
    }
    waiting.set(k, { item, r });
    if (!r) return; // not started (the search stops): the results stop before it
    o.onFinish?.(item, r);
    if (!o.all && r.result.status === 'violated' && k < answer) {
      answer = k;
      stopFrom(k + 1);
      for (const [j, w] of waiting) {
        if (j <= k) continue;
        waiting.delete(j);
        if (w.r) dropped.push({ item: w.item, result: w.r });
      }
    }
    for (let w = waiting.get(passed); w?.r !== undefined; w = waiting.get(passed)) {
      waiting.delete(passed++);
      o.onInOrder(w.item, w.r);
    }
  };
  const lane = async (): Promise<void> => {
    for (;;) {
      if (failed || o.stop() || (!o.all && taken > answer)) return;
      const next = items.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const k = taken++;
      const flag = new Int32Array(new SharedArrayBuffer(4));
      running.set(k, flag);
      let r: SetupResult | undefined;
      try {
        r = await runOne(o.task(next.value, flag));
      } finally {
        running.delete(k);
      }
      settle(k, next.value, r);
    }
  };
  try {
    // Every lane settles before an error is passed on: no task is left running on a pool that
    // is then destroyed.
    const settled = await Promise.allSettled(
      Array.from({ length: o.lanes }, () =>
        lane().catch((e: unknown) => {
          failed = true;
          stopFrom(0);
          throw e;
        }),
      ),
    );
    const error = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (error) throw error.reason;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  return { complete: exhausted && passed === taken, dropped };
}
