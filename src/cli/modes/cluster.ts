/** The concrete cluster every mode but the scaling search checks: a case, a folder or kubectl output. */
import { loadCase } from '../../cases/index.js';
import type { ClusterSpec } from '../../model/cluster.js';
import { loadConfigFolder } from '../../parsers/config-folder.js';
import { loadKubectlLogs } from '../../parsers/kubectl-logs.js';
import { Warnings } from '../../parsers/warnings.js';
import { InputError } from '../../model/errors.js';
import { printWarnings, type ModeContext } from '../context.js';
import { debugFile } from '../emit.js';

/** Loads the cluster, prints the loader's warnings and writes -jf and -fd's cluster.json. */
export function loadCluster(ctx: ModeContext): ClusterSpec {
  const { io, opts } = ctx;
  const warnings = new Warnings();
  let spec: ClusterSpec;
  if (opts.path !== undefined) {
    spec = opts.inputLogs ? loadKubectlLogs(opts.path, warnings, { namespace: opts.namespace }) : loadConfigFolder(opts.path, warnings, { namespace: opts.namespace });
  } else {
    spec = loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false });
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
