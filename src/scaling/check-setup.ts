/** Checking one setup, with the abstract states the fixpoint needs (in-process or in a worker). */
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
import { InputError } from '../model/errors.js';
import { abstractState } from './abstraction.js';

export interface SetupTask {
  spec: ClusterSpec;
  opts: CheckOptions;
  /** Node type index of each node, in spec.nodes order; absent: no abstraction. */
  nodeTypes?: number[];
  typeCount?: number;
}

export interface SetupResult {
  result: CheckResult;
  /** Distinct abstract states reached (docs/scaling.md), when asked for. */
  abstract: number[];
}

export async function checkSetup(task: SetupTask): Promise<SetupResult> {
  if (!task.nodeTypes) return { result: await checkCluster(task.spec, task.opts), abstract: [] };
  const seen = new Set<number>();
  const nodeType = Int32Array.from([-1, ...task.nodeTypes]);
  const types = task.typeCount ?? 0;
  const result = await checkCluster(task.spec, task.opts, (cfg) => (s) => {
    seen.add(abstractState(cfg, nodeType, types, s));
  });
  return { result, abstract: [...seen] };
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
