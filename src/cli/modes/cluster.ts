/** The concrete cluster every mode but the scaling search checks: a case, a folder or kubectl output. */
import { loadCase } from '../../cases/index.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { loadConfigFolder } from '../../parsers/config-folder.js';
import { loadKubectlLogs } from '../../parsers/kubectl-logs.js';
import { applyLoadOptions, startFromUsage } from '../../parsers/load.js';
import { loadInputs } from '../../parsers/inputs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFolder } from '../../parsers/files.js';
import type { CliOptions } from '../options.js';
import { Warnings } from '../../parsers/warnings.js';
import { InputError } from '../../model/errors.js';
import { printWarnings, type ModeContext } from '../context.js';
import { debugFile } from '../emit.js';

/** The cluster the options name: manifests as paths, a folder, kubectl output or a case. */
export function readCluster(opts: CliOptions, warnings: Warnings, readStdin: () => string = () => readFileSync(0, 'utf8')): ClusterSpec {
  if (opts.inputs !== undefined) {
    // One folder in the reference's layout is read as -p (yaml/ + user_input/) or -log (setup/) would.
    const [only] = opts.inputs;
    if (opts.inputs.length === 1 && opts.cluster === undefined && isFolder(only)) {
      if (isFolder(join(only, 'yaml')) || isFolder(join(only, 'manifests'))) return loadConfigFolder(only, warnings, { namespace: opts.namespace });
      if (isFolder(join(only, 'setup'))) return loadKubectlLogs(only, warnings, { namespace: opts.namespace });
    }
    return loadInputs(opts.inputs, warnings, { namespace: opts.namespace, cluster: opts.cluster, readStdin });
  }
  if (opts.path !== undefined) {
    return opts.inputLogs ? loadKubectlLogs(opts.path, warnings, { namespace: opts.namespace }) : loadConfigFolder(opts.path, warnings, { namespace: opts.namespace });
  }
  return loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false });
}

/** Loads the cluster, prints the loader's warnings and writes -jf and -fd's cluster.json. */
export function loadCluster(ctx: ModeContext): ClusterSpec {
  const { io, opts } = ctx;
  const warnings = new Warnings();
  const spec = readCluster(opts, warnings, io.stdin);
  if (opts.load) {
    applyLoadOptions(spec, opts.load);
    if (opts.inputLogs) startFromUsage(spec); // the measured usage is the starting level
  }
  printWarnings(io, warnings.lines);
  if (opts.path !== undefined && spec.deployments.length === 0 && spec.pods.length === 0) {
    // An empty cluster "holds" vacuously: say that nothing would be checked instead (exit 2).
    const where = opts.namespace !== undefined ? ` in namespace ${JSON.stringify(opts.namespace)}` : '';
    throw new InputError(`nothing to check: no Deployment or Pod${where}`, undefined, undefined, opts.path);
  }
  if (opts.jsonFilePath !== undefined) ctx.outputs.stage('--json-file-path', opts.jsonFilePath, JSON.stringify(spec, null, 2) + '\n');
  if (opts.fileDebug >= 1) debugFile(ctx, 'cluster.json', JSON.stringify(spec, null, 2) + '\n');
  return spec;
}
