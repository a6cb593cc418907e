/**
 * `kivi snapshot DIR`: write a live cluster's state to a folder that `kivi -p DIR -log` reads
 * (src/live/snapshot.ts, docs/inputs.md "A live cluster"). Exit 0 when written, 2 when the
 * kubeconfig or the API server fails.
 */
import { Command, CommanderError } from 'commander';
import { liveOptions } from './live-options.js';
import { takeSnapshot, type SnapshotResult } from '../live/snapshot.js';
import { InputError } from '../model/errors.js';
import { EXIT_HOLDS, EXIT_USAGE, type Io } from './context.js';

export function snapshotSummary(dir: string, r: SnapshotResult): string {
  const counts = Object.entries(r.counts).map(([k, v]) => `${v} ${k}`).join(', ');
  const lines = [`kivi: snapshot of context "${r.context}" (${r.server}) written to ${dir}: ${counts}`];
  for (const m of r.missing) lines.push(`kivi: warning: could not read ${m.resource}: ${m.reason}`);
  return `${lines.join('\n')}\n`;
}

export async function snapshotCommand(argv: readonly string[], io: Io): Promise<number> {
  const program = new Command('kivi snapshot')
    .description('Read the live cluster of a kubeconfig context (nodes, pods, deployments, replica sets, daemon sets, HPAs, PodDisruptionBudgets, priority classes, and pod metrics when metrics-server answers) and write DIR/setup/ and DIR/user_input/intents.json, which `kivi -p DIR -log` checks.')
    .argument('<dir>', 'folder to write (created if missing; files of the same names are replaced)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  for (const o of liveOptions()) program.addOption(o);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' ? EXIT_HOLDS : EXIT_USAGE;
    throw e;
  }
  const opts = program.opts<{ kubeconfig?: string; context?: string }>();
  const dir = program.args[0];
  try {
    const r = await takeSnapshot({ out: dir, kubeconfig: opts.kubeconfig, context: opts.context });
    io.err(snapshotSummary(dir, r));
    return EXIT_HOLDS;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`kivi: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
