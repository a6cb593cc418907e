/**
 * The scheduler's choices' cycle against a cycle that counts the state afresh, for the tests of
 * what a cycle keeps or shares (test/scheduler-runs.test.ts, test/scheduler-loaded.test.ts).
 */
import { expect } from 'vitest';
import type { CompiledCluster } from '../src/model/config.js';
import { Scheduler } from '../src/controllers/scheduler/scheduler.js';
import { P_STATUS, POD_PENDING, Q_SCH, podAt } from '../src/model/layout.js';
import { queueItem, queueLength } from '../src/model/queues.js';

/** The first pending pod of s's scheduler queue (the one `choices` runs its cycle for), or 0. */
export function firstPendingPod(cfg: CompiledCluster, s: Int32Array): number {
  const l = cfg.layout;
  for (let i = 0, n = queueLength(s, l, Q_SCH); i < n; i++) {
    const q = queueItem(s, l, Q_SCH, i);
    if (s[podAt(l, q) + P_STATUS] === POD_PENDING) return q;
  }
  return 0;
}

/**
 * Expects the last cycle of `sched` (run for `pod` in s) to equal a fresh scheduler's: the same
 * feasible nodes, totals of feasible nodes, ties and feasible count. Returns the fresh one.
 */
export function expectFreshCycle(cfg: CompiledCluster, sched: Scheduler, s: Int32Array, pod: number): Scheduler {
  const fresh = new Scheduler(cfg);
  fresh.cycle.beginBurst();
  fresh.schedule(s, pod, 0);
  expect([...sched.cycle.feasible]).toEqual([...fresh.cycle.feasible]);
  for (let m = 1; m <= cfg.layout.nodes; m++) if (fresh.cycle.feasible[m] === 1) expect(sched.cycle.total[m]).toBe(fresh.cycle.total[m]);
  expect(sched.cycle.ties).toBe(fresh.cycle.ties);
  expect(sched.cycle.feasibleCount).toBe(fresh.cycle.feasibleCount);
  return fresh;
}
