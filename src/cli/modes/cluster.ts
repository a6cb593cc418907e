/** The concrete cluster every mode but the scaling search checks: a case, a folder or kubectl output. */
import { loadCase } from '../../cases/index.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { loadConfigFolder } from '../../parsers/config-folder.js';
import { loadKubectlLogs } from '../../parsers/kubectl-logs.js';
import { applyLoadOptions, startFromUsage } from '../../parsers/load.js';
import { Warnings } from '../../parsers/warnings.js';
import { printWarnings, type ModeContext } from '../context.js';
import { writeDebugFile, writeFileFor } from '../files.js';

/** Loads the cluster, prints the loader's warnings and writes -jf and -fd's cluster.json. */
export function loadCluster({ io, opts }: ModeContext): ClusterSpec {
  const warnings = new Warnings();
  let spec: ClusterSpec;
  if (opts.path !== undefined) {
    spec = opts.inputLogs ? loadKubectlLogs(opts.path, warnings, { namespace: opts.namespace }) : loadConfigFolder(opts.path, warnings, { namespace: opts.namespace });
  } else {
    spec = loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false });
  }
  if (opts.load) {
    applyLoadOptions(spec, opts.load);
    if (opts.inputLogs) startFromUsage(spec); // the measured usage is the starting level
  }
  printWarnings(io, warnings.lines);
  if (opts.jsonFilePath !== undefined) writeFileFor('--json-file-path', opts.jsonFilePath, JSON.stringify(spec, null, 2) + '\n');
  if (opts.fileDebug >= 1) writeDebugFile(opts.debugDir, 'cluster.json', JSON.stringify(spec, null, 2) + '\n');
  return spec;
}
