/**
 * The scaling search's setups as one stream across size levels (docs/scaling.md, "The answer";
 * src/scaling/in-order.ts): a free worker takes the next setup whatever its level, results are
 * read in enumeration order, and once a violation is known the setups after it are not started
 * or are stopped, their results dropped. The answer (status, failing setups, outcomes, counts)
 * must not depend on the number of workers.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/check.js';
import { loadCase } from '../src/cases/index.js';
import { loadConfigFolder } from '../src/parsers/config-folder.js';
import { Warnings } from '../src/parsers/warnings.js';
import type { SetupResult, SetupTask } from '../src/scaling/check-setup.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { checkInOrder } from '../src/scaling/in-order.js';
import { instantiate } from '../src/scaling/instantiate.js';
import { runner } from '../src/scaling/runner.js';
import { scalingSearch, type ScalingResult } from '../src/scaling/search.js';
import type { ScalingTemplate } from '../src/scaling/types.js';

/** Everything of an answer that must not depend on where and when setups ran. */
function answer(r: ScalingResult) {
  return {
    status: r.status,
    checked: r.checked,
    states: r.states,
    failing: r.failing.map((f) => [f.index, f.description, f.result.failures.map((x) => [x.intent, x.steps.length])]),
    inconclusive: r.inconclusive.map((f) => f.index),
    outcomes: r.outcomes,
  };
}

describe('the same answer for 1, 2 and 3 workers', () => {
  const cases: Array<[string, () => ScalingTemplate, boolean]> = [
    // c3: the first violation is setup #58, on the third size level (docs/scaling.md).
    ['c3', () => scalingTemplate(loadCase('c3', { scale: 3 })), false],
    ['c8', () => scalingTemplate(loadCase('c8', { scale: 3 })), false],
    ['c5 -a', () => scalingTemplate(loadCase('c5', { scale: 3 })), true],
    ['c7 -a', () => scalingTemplate(loadCase('c7', { scale: 3 })), true],
    // No violation: every setup of every level is checked.
    ['c6 -cn', () => scalingTemplate(loadCase('c6', { scale: 3, nonViolation: true })), false],
    ['examples/c3-config', () => scalingTemplate(loadConfigFolder('examples/c3-config', new Warnings())), false],
    ['examples/zone-spread-every-size -a', () => scalingTemplate(loadConfigFolder('examples/zone-spread-every-size', new Warnings())), true],
  ];
  for (const [name, template, all] of cases) {
    it(name, async () => {
      const t = template();
      const one = await scalingSearch(t, { workers: 1, all });
      // The outcomes are the setups up to the answer, in enumeration order, each once.
      expect(one.outcomes.map((o) => o.index)).toEqual(one.outcomes.map((_, k) => k));
      expect(one.checked).toBe(one.outcomes.length);
      if (!all && one.status === 'violated') expect(one.failing[0].index).toBe(one.checked - 1);
      for (const workers of [2, 3]) {
        const r = await scalingSearch(t, { workers, all });
        expect(answer(r), `${name}, ${workers} workers`).toEqual(answer(one));
      }
    }, 120_000);
  }
});

describe('a setup after a known violation is stopped', () => {
  // c3 (a topology spread constraint with whenUnsatisfiable DoNotSchedule over two zones, docs/model.md §15)
  // with two setups on two size levels, checked transition by transition (--interleaving fine):
  // #1 {zone-1: 1, zone-2: 2, 12 replicas} violates pod_always_schedulable early (maxSkew 1:
  // once zone-1's node is full, no pod may go to zone-2 and one stays pending); #2 {2, 2, 12}
  // is balanced and holds, after millions of states. With two workers both start together
  // (the second level does not wait for the first); once #1 violates, #2 must be stopped:
  // it is dropped, aborted, and counts nowhere.
  const template = (): ScalingTemplate => {
    const t = scalingTemplate(loadCase('c3', { scale: 3 }));
    t.nodeTypes[0] = { ...t.nodeTypes[0], minSize: 1, maxSize: 2 };
    t.nodeTypes[1] = { ...t.nodeTypes[1], minSize: 2, maxSize: 2 };
    t.deploymentTypes[0] = { ...t.deploymentTypes[0], minSize: 12, maxSize: 12 };
    return t;
  };

  it('two workers: the answer is #1; #2 was stopped (aborted), not run to its end', async () => {
    const t = template();
    let sawStopped = false;
    // #2 starts only if the second thread picks it up before #1 is done (#1 violates after 49
    // states, some 15 ms): usually it does, but on a loaded machine the second thread may start
    // late, and then #2 is never started (stopped before it starts, which is also right but not
    // what this test is about). Each attempt takes about 0.2 s; ten make a lost race unlikely.
    for (let attempt = 0; attempt < 10 && !sawStopped; attempt++) {
      const r = await scalingSearch(t, { workers: 2, check: { interleaving: 'fine' } });
      expect(r.totalSetups).toBe(2);
      expect(r.status).toBe('violated');
      expect(r.failing.map((f) => f.description)).toEqual(['{zone-1 nodes: 1, zone-2 nodes: 2, app replicas: 12}']);
      expect(r.failing[0].result.failures.map((f) => f.intent)).toContain('pod_always_schedulable');
      expect(r.checked).toBe(1);
      expect(r.outcomes.map((o) => o.index)).toEqual([0]);
      expect(r.states).toBe(r.failing[0].result.stats.states);
      for (const d of r.dropped ?? []) {
        expect(d).toMatchObject({ index: 1, status: 'inconclusive', limit: 'aborted' });
        sawStopped = true;
      }
    }
    expect(sawStopped).toBe(true);
  }, 120_000);
});

/** A fake check: its result once `finish` is called. */
function fakeRunner() {
  const calls: Array<{ index: number; flag: Int32Array; finish: (status: CheckResult['status']) => void }> = [];
  const runOne = (task: SetupTask): Promise<SetupResult | undefined> => {
    const flag = task.opts.stopFlag!;
    if (Atomics.load(flag, 0) !== 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const index = (task as unknown as { index: number }).index;
      calls.push({ index, flag, finish: (status) => resolve({ result: { status, stats: { states: 10 + index }, failures: [] } as unknown as CheckResult }) });
    });
  };
  return { calls, runOne };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('checkInOrder (one stream, results in order)', () => {
  const run = (n: number, lanes: number, all: boolean, runOne: (t: SetupTask) => Promise<SetupResult | undefined>) => {
    const passed: number[] = [];
    const finished: number[] = [];
    const done = checkInOrder(Array.from({ length: n }, (_, k) => k)[Symbol.iterator](), runOne, {
      lanes,
      all,
      stop: () => false,
      task: (index, stopFlag) => ({ index, spec: {}, opts: { stopFlag } }) as unknown as SetupTask,
      onFinish: (index) => finished.push(index),
      onInOrder: (index) => passed.push(index),
    });
    return { passed, finished, done };
  };

  it('a free lane takes the next item at once; results are passed on in order', async () => {
    const f = fakeRunner();
    const { passed, done } = run(5, 2, false, f.runOne);
    await tick();
    expect(f.calls.map((c) => c.index)).toEqual([0, 1]);
    f.calls[1].finish('holds'); // #1 ends first: its lane takes #2 while #0 still runs
    await tick();
    expect(f.calls.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(passed).toEqual([]); // #1 waits for #0
    f.calls[0].finish('holds');
    await tick();
    expect(passed).toEqual([0, 1]);
    f.calls[2].finish('holds');
    await tick();
    f.calls[3].finish('holds');
    await tick();
    f.calls[4].finish('holds');
    const end = await done;
    expect(passed).toEqual([0, 1, 2, 3, 4]);
    expect(end).toEqual({ complete: true, dropped: [] });
  });

  it('a violation at #1 stops #2 and #3 (running), starts nothing after, drops what finished after it', async () => {
    const f = fakeRunner();
    const { passed, done } = run(10, 4, false, f.runOne);
    await tick();
    expect(f.calls.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    f.calls[3].finish('holds'); // #3 ends before the violation is known: its lane takes #4
    await tick();
    expect(f.calls.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
    f.calls[1].finish('violated');
    await tick();
    // #2 and #4 are running: their stop flags are set; #0 (before the violation) runs on.
    expect(f.calls.map((c) => Atomics.load(c.flag, 0))).toEqual([0, 0, 1, 0, 1]);
    expect(f.calls).toHaveLength(5); // the lanes freed by #1 start nothing
    f.calls[2].finish('inconclusive');
    f.calls[4].finish('inconclusive');
    await tick();
    expect(passed).toEqual([]);
    f.calls[0].finish('holds');
    const end = await done;
    expect(passed).toEqual([0, 1]);
    expect(end.complete).toBe(false);
    expect(end.dropped.map((d) => d.item).sort()).toEqual([2, 3, 4]);
  });

  it('an earlier violation found later wins: the later one is dropped', async () => {
    const f = fakeRunner();
    const { passed, done } = run(6, 3, false, f.runOne);
    await tick();
    f.calls[2].finish('violated');
    await tick();
    f.calls[0].finish('violated');
    await tick();
    expect(Atomics.load(f.calls[1].flag, 0)).toBe(1);
    f.calls[1].finish('inconclusive');
    const end = await done;
    expect(passed).toEqual([0]);
    expect(end.dropped.map((d) => d.item).sort()).toEqual([1, 2]);
  });

  it('with all (-a), nothing is stopped and every result is passed on in order', async () => {
    const f = fakeRunner();
    const { passed, done } = run(4, 2, true, f.runOne);
    for (let k = 0; k < 4; k++) {
      await tick();
      f.calls[k].finish('violated');
    }
    const end = await done;
    expect(passed).toEqual([0, 1, 2, 3]);
    expect(f.calls.map((c) => Atomics.load(c.flag, 0))).toEqual([0, 0, 0, 0]);
    expect(end).toEqual({ complete: true, dropped: [] });
  });
});

describe('the default runner: this thread and a pool side by side', () => {
  it('once the pool is up, a second setup runs in the pool while this thread checks the first', async () => {
    // poolAfterMs 0: the pool starts at once. The first setup goes to this thread (free), the
    // second to the pool's one thread (workers − 1). #2 {2, 2, 12} under --interleaving fine is
    // millions of states; #1 {1, 2, 12} violates early. #2's answer arrives first; then #2 is
    // stopped through its flag: had the two run one after the other, #2 would have run to its
    // end (holds) before #1 could start.
    const t = scalingTemplate(loadCase('c3', { scale: 3 }));
    const { runOne, close } = await runner(2, true, 0);
    const task = (nodes: number[]): SetupTask => ({ spec: instantiate(t, { nodes, deployments: [12] }), opts: { interleaving: 'fine', stopFlag: new Int32Array(new SharedArrayBuffer(4)) } });
    const long = task([2, 2]);
    const short = task([1, 2]);
    try {
      const longDone = runOne(long);
      const first = await runOne(short);
      expect(first?.result.status).toBe('violated');
      Atomics.store(long.opts.stopFlag!, 0, 1);
      const second = await longDone;
      expect(second?.result).toMatchObject({ status: 'inconclusive', limit: 'aborted' });
    } finally {
      await close();
    }
  }, 120_000);

  it('before the pool, the next setup waits until the last result has been read (its stop flag may be set)', async () => {
    // poolAfterMs out of reach: one setup at a time in this thread. #1 finishes; the caller
    // reads its result and stops #2 (as a violation does): #2 must not have started.
    const t = scalingTemplate(loadCase('c4', { scale: 3 }));
    const { runOne, close } = await runner(2, true, 1e9);
    const task = (nodes: number[], replicas: number): SetupTask => ({ spec: instantiate(t, { nodes, deployments: [replicas] }), opts: { stopFlag: new Int32Array(new SharedArrayBuffer(4)) } });
    const first = task([2], 5);
    const second = task([2], 6);
    try {
      const one = runOne(first).then((r) => {
        Atomics.store(second.opts.stopFlag!, 0, 1);
        return r;
      });
      const two = runOne(second);
      expect((await one)?.result.status).toBe('violated');
      expect(await two).toBeUndefined();
    } finally {
      await close();
    }
  });
});
