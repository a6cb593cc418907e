/** kivi as a library (docs/api.md). */
export { check, loadCase, loadConfigFolder, loadLogs, type CheckApiOptions, type CheckStep, type LoadOptions, type Result, type Violation } from './api.js';
export { CASE_IDS, type CaseOptions, tiesTooLarge } from './cases/index.js';
export { checkCluster, type CheckOptions, type CheckResult, type ClusterSnapshot, type Failure, type NodeSnapshot, type PodPhase } from './check.js';
export { compile } from './system/compile.js';
export { KiviModel } from './system/kivi-model.js';
export { search } from './checker/search.js';
export { replay, type Replay, type TraceStep } from './checker/replay.js';
export type { Log, LogLine, ObjectRef } from './checker/log.js';
export type { TransitionSystem } from './checker/transition-system.js';
export type { Limit, SearchOptions, SearchResult, SearchStats, Strategy } from './checker/result.js';
export type * from './model/cluster.js';
export { InputError } from './model/errors.js';
export { textReport, counterexampleLines } from './report/text.js';
