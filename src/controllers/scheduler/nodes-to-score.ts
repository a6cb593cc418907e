/**
 * How many feasible nodes kube-scheduler scores (docs/model.md §8.2.6): on a large cluster it
 * stops filtering once it has found `numFeasibleNodesToFind` feasible nodes, starting at a
 * rotating node index, and scores only those (pkg/scheduler/schedule_one.go
 * `findNodesThatPassFilters`). kivi filters and scores every node; it is exact in a cycle whose
 * feasible nodes are at most that many, and records the cycles where they are more.
 */

/** pkg/scheduler/schedule_one.go `minFeasibleNodesToFind`. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** pkg/scheduler/schedule_one.go `minFeasibleNodesPercentageToFind`. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * The percentage kube-scheduler uses on a cluster of `numAllNodes` nodes for a configured
 * `percentageOfNodesToScore` (the profile's if set, else the configuration's; 0 = adaptive):
 * pkg/scheduler/schedule_one.go `numFeasibleNodesToFind`, `50 - numAllNodes/125` in integer
 * division, at least 5.
 */
export function scorePercentage(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (percentageOfNodesToScore !== 0) return percentageOfNodesToScore;
  const adaptive = 50 - Math.trunc(numAllNodes / 125);
  return adaptive < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND ? MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND : adaptive;
}

/**
 * pkg/scheduler/schedule_one.go `numFeasibleNodesToFind` (v1.27+, with the per-profile
 * percentage): every node below 100 nodes; else `numAllNodes * percentage / 100` in int32
 * arithmetic (truncated), at least 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const numNodes = Math.trunc((numAllNodes * scorePercentage(percentageOfNodesToScore, numAllNodes)) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

/**
 * Per number of nodes k (0..nodes): numFeasibleNodesToFind, for the filter step's one compare
 * per cycle; null where no cycle can have more feasible nodes than that (at most 100 nodes, or
 * a percentage of 100: every node is visited, every feasible one scored).
 */
export function nodesToFindTable(percentageOfNodesToScore: number, nodes: number): Int32Array | null {
  let cuts = false;
  const out = new Int32Array(nodes + 1);
  for (let k = 0; k <= nodes; k++) {
    out[k] = numFeasibleNodesToFind(percentageOfNodesToScore, k);
    if (out[k] < k) cuts = true;
  }
  return cuts ? out : null;
}

/** Words of the run-wide record (ModelContext.partialScoring): the largest cut cycle seen. */
export const PS_FEASIBLE = 0; // feasible nodes in that cycle (0: no cycle was cut)
export const PS_NODES = 1; // the cluster's nodes then (numAllNodes)
export const PS_SCORED = 2; // how many of them kube-scheduler scores (numFeasibleNodesToFind)
export const PARTIAL_SCORING_WORDS = 3;

/**
 * Keeps in `rec` the larger (feasible, nodes) pair of `rec` and this cycle's, so the record is
 * the same whatever order the cycles ran in (and over any number of worker threads).
 */
export function recordPartialScoring(rec: Int32Array, feasible: number, nodes: number, scored: number): void {
  if (feasible < rec[PS_FEASIBLE] || (feasible === rec[PS_FEASIBLE] && nodes <= rec[PS_NODES])) return;
  rec[PS_FEASIBLE] = feasible;
  rec[PS_NODES] = nodes;
  rec[PS_SCORED] = scored;
}
