/** Checking one setup (in-process or in a worker). */
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';

export interface SetupTask {
  spec: ClusterSpec;
  /** The search options; `stopFlag` is this setup's own (src/scaling/in-order.ts). */
  opts: CheckOptions;
}

export interface SetupResult {
  result: CheckResult;
}

/** True when the setup's stop flag is already set: it is not started (an earlier setup violates, or the search stops). */
export function stopRequested(task: SetupTask): boolean {
  const flag = task.opts.stopFlag;
  return flag !== undefined && Atomics.load(flag, 0) !== 0;
}

export async function checkSetup(task: SetupTask): Promise<SetupResult> {
  return { result: await checkCluster(task.spec, task.opts) };
}

/** What a worker thread answers: the result, an input error as plain data, or that the setup was not started. */
export type WorkerReply = SetupResult | { inputError: { reason: string; object?: string; field?: string; file?: string } } | { notStarted: true };

/** A worker's answer in this thread: an input error becomes an InputError again; undefined: not started. */
export function fromWorker(reply: WorkerReply): SetupResult | undefined {
  if ('inputError' in reply) {
    const e = reply.inputError;
    throw new InputError(e.reason, e.object, e.field, e.file);
  }
  if ('notStarted' in reply) return undefined;
  return reply;
}
