/** Checking one setup, with the abstract states the fixpoint needs (in-process or in a worker). */
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';
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
