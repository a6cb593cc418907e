/** A piscina worker: checks one setup's cluster. */
import { checkCluster, type CheckOptions, type CheckResult } from '../check.js';
import type { ClusterSpec } from '../model/cluster.js';

export default async function checkSetup(task: { spec: ClusterSpec; opts: CheckOptions }): Promise<CheckResult> {
  return checkCluster(task.spec, task.opts);
}
