/**
 * kivi as a library: `check` a cluster, and the loaders that build one. Nothing here prints or
 * exits; input mistakes throw an `InputError` whose message names file, object and field.
 *
 *   import { check, loadCase } from 'kivi';
 *   const result = await check(loadCase('c3'));
 *   result.status; // 'violated'
 */
import { loadCase as loadBuiltInCase, type CaseOptions } from './cases/index.js';
import { checkCluster, type CheckOptions } from './check.js';
import { capacityProofSentence } from './report/capacity.js';
import type { ObjectRef } from './checker/log.js';
import type { SearchStats, Limit } from './checker/result.js';
import type { ClusterSpec, InputWarning } from './model/cluster.js';
import { loadConfigFolder as loadFolder } from './parsers/config-folder.js';
import { loadKubectlLogs } from './parsers/kubectl-logs.js';
import { Warnings } from './parsers/warnings.js';

export interface CheckStep {
  /** 0-based position in the counterexample. */
  index: number;
  /** Detail level: 1 the steps that matter, 2 controller internals, 3+ more. */
  level: number;
  /** `Scheduler`, `HPA`, `Deployment`, `Kubelet`, ... */
  component: string;
  message: string;
  /** The process whose transition printed it (`scheduler`, `eventCpuChange(app)`). */
  process: string;
  /** The Kubernetes objects the step is about, as the controller that acted recorded them. */
  objects: ObjectRef[];
  /** What happened, in Kubernetes' event-reason words (`Scheduled`, `Killing`, …); '' if none. */
  reason: string;
}

export interface Violation {
  /** The violated intent's user name; null for an invalid end state. */
  intent: string | null;
  /** For an invalid end state: the stuck process or monitor. */
  stuckProcess?: string;
  /** The counterexample, every level; filter by `level` for the reference's view (level 1). */
  steps: CheckStep[];
}

export interface Result {
  status: 'holds' | 'violated' | 'inconclusive';
  /** Intents checked (user names). */
  intents: string[];
  violations: Violation[];
  /** The limit that stopped the search before it finished, if any. */
  limit?: Limit;
  stats: SearchStats;
  /**
   * Set when pod_always_schedulable was proved without a search (docs/model.md §8.2.8; pass
   * `capacityProof: false` to search anyway): the Summary's sentence. `stats` counts 0 states.
   */
  capacityProof?: string;
  /**
   * Every feature of the input that kivi reads but does not model, with file, line, object,
   * field and whether it touches the checked cluster (`affectsCheck`). Empty for built-in cases.
   */
  warnings: InputWarning[];
  /**
   * With status 'inconclusive' and no `limit`: the intents hold in the model, but these
   * features (those of `warnings` that touch the checked cluster) are not accounted for. Pass
   * `allowUnmodelled: true` to accept the hold.
   */
  unaccounted?: InputWarning[];
}

export interface CheckApiOptions extends CheckOptions {
  /** Abort the search: the result is 'inconclusive' with limit 'aborted'. */
  signal?: AbortSignal;
}

export async function check(cluster: ClusterSpec, options: CheckApiOptions = {}): Promise<Result> {
  const r = await checkCluster(cluster, options);
  return {
    status: r.status,
    intents: r.intents,
    violations: r.failures.map((f) => {
      const steps: CheckStep[] = [];
      for (const step of f.steps) {
        for (const line of step.lines) steps.push({ index: steps.length, level: line.level, component: line.component, message: line.text, process: step.process, objects: [...line.objects], reason: line.reason });
      }
      return { intent: f.intent, stuckProcess: f.stuckProcess, steps };
    }),
    limit: r.limit,
    stats: r.stats,
    ...(r.capacityProof ? { capacityProof: capacityProofSentence(r.capacityProof) } : {}),
    warnings: r.unmodelled ?? [],
    ...(r.unaccounted ? { unaccounted: r.unaccounted } : {}),
  };
}

/** A built-in case (`c1` … `c8`) as a cluster. */
export function loadCase(id: string, options: CaseOptions = {}): ClusterSpec {
  return loadBuiltInCase(id, options);
}

export interface LoadOptions {
  /** Check only this namespace. */
  namespace?: string;
  /** Receives each warning about input kivi reads but does not model. */
  onWarning?: (warning: string) => void;
}

function withWarnings<T>(load: (w: Warnings) => T, options: LoadOptions): T {
  const w = new Warnings();
  const result = load(w);
  for (const line of w.lines) options.onWarning?.(line);
  return result;
}

/** A configuration folder: `yaml/` manifests and `user_input/` (docs/inputs.md). */
export function loadConfigFolder(dir: string, options: LoadOptions = {}): ClusterSpec {
  return withWarnings((w) => loadFolder(dir, w, { namespace: options.namespace }), options);
}

/** The kubectl output of a live cluster: `setup/` and `user_input/` (docs/inputs.md). */
export function loadLogs(dir: string, options: LoadOptions = {}): ClusterSpec {
  return withWarnings((w) => loadKubectlLogs(dir, w, { namespace: options.namespace }), options);
}
