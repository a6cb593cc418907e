/** kivi as a library. */
export { checkCluster, type CheckOptions, type CheckResult, type Failure } from './check.js';
export { loadCase, CASE_IDS, type CaseOptions } from './cases/index.js';
export { compile } from './model/compile.js';
export { KiviModel } from './model/kivi-model.js';
export { search } from './checker/search.js';
export { replay, type TraceStep } from './checker/replay.js';
export type { TransitionSystem } from './checker/transition-system.js';
export type { SearchOptions, SearchResult, SearchStats, Strategy } from './checker/result.js';
export type * from './model/cluster.js';
export { InputError } from './model/errors.js';
export { textReport, counterexampleLines } from './report/text.js';
export { loadConfigFolder, type FolderOptions } from './parsers/config-folder.js';
export { loadKubectlLogs as loadLogs, type LogsOptions } from './parsers/kubectl-logs.js';
export { Warnings } from './parsers/warnings.js';
