/** Checking one setup (in-process or in a worker). */
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';

export interface SetupTask {
  spec: ClusterSpec;
  opts: CheckOptions;
}

export interface SetupResult {
  result: CheckResult;
}

export async function checkSetup(task: SetupTask): Promise<SetupResult> {
  return { result: await checkCluster(task.spec, task.opts) };
}

/** What a worker thread answers: the result, or an input error as plain data. */
export type WorkerReply = SetupResult | { inputError: { reason: string; object?: string; field?: string; file?: string } };

/** A worker's answer in this thread: an input error becomes an InputError again. */
export function fromWorker(reply: WorkerReply): SetupResult {
  if ('inputError' in reply) {
    const e = reply.inputError;
    throw new InputError(e.reason, e.object, e.field, e.file);
  }
  return reply;
}
