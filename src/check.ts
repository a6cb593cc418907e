/**
 * One verification: compile a cluster, search its state space, and turn a violation into a
 * named, replayed counterexample. The CLI and the library both go through here; nothing here
 * prints or exits.
 */
import { replay, type TraceStep } from './checker/replay.js';
import type { SearchOptions, SearchResult, SearchStats } from './checker/result.js';
import { search } from './checker/search.js';
import { DEADLOCK_BASE, intentByCode } from './intents/catalog.js';
import type { ClusterSpec } from './model/cluster.js';
import { compile } from './model/compile.js';
import { KiviModel } from './model/kivi-model.js';

export type CheckOptions = SearchOptions;

export interface Failure {
  /** The violated intent's user name; null for an invalid end state (deadlock). */
  intent: string | null;
  /** For a deadlock: the process that is stuck. */
  stuckProcess?: string;
  /** The counterexample, one entry per transition. */
  steps: TraceStep[];
}

export interface CheckResult {
  status: SearchResult['status'];
  cluster: string;
  /** User names of the intents checked, in order. */
  intents: string[];
  failures: Failure[];
  /** Which limit made the result inconclusive. */
  limit?: SearchResult['limit'];
  stats: SearchStats;
}

export async function checkCluster(spec: ClusterSpec, opts: CheckOptions = {}): Promise<CheckResult> {
  const cfg = compile(spec);
  const model = new KiviModel(cfg);
  const result = await search(model, opts);
  const intents = cfg.intents.map((c) => intentByCode(c)!.user);
  const failures: Failure[] = [];
  if (result.violation) {
    const { code, path } = result.violation;
    const rebuilt = replay(model, path);
    if (code >= DEADLOCK_BASE) {
      if (rebuilt.code !== 0) throw new Error('internal error: a deadlock path replays into a violation');
      failures.push({ intent: null, stuckProcess: model.processName(code - DEADLOCK_BASE), steps: rebuilt.steps });
    } else {
      if (rebuilt.code !== code) throw new Error(`internal error: counterexample replays to code ${rebuilt.code}, expected ${code}`);
      failures.push({ intent: intentByCode(code)?.user ?? `intent#${code}`, steps: rebuilt.steps });
    }
  }
  return { status: result.status, cluster: cfg.name, intents, failures, limit: result.limit, stats: result.stats };
}
