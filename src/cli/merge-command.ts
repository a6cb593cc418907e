/**
 * `kivi merge FILE...`: the shares of a scaling search run with `--shard INDEX/COUNT`
 * (src/cli/modes/shard.ts) as the report and exit code one run would give (docs/scale-out.md).
 * Missing, repeated or mismatched shares are exit 2.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { withUnmodelled } from '../check.js';
import { InputError } from '../model/errors.js';
import type { InputWarning } from '../model/cluster.js';
import { mergeShares } from '../scaling/shard.js';
import { EXIT_HOLDS, EXIT_USAGE, exitCode, type Io } from './context.js';
import { Outputs, redirectOutput } from './files.js';
import { emitScaling } from './modes/scaling.js';
import type { ShardShareFile } from './modes/shard.js';
import { FORMATS, type CliOptions } from './options.js';

function level(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer >= 0, got "${value}"`);
  return Number(value);
}

function program(io: Io): Command {
  return new Command('kivi merge')
    .description('Combine the JSON shares of a scaling search run as shards (kivi ... --shard INDEX/COUNT --format json) into the report and exit code of one run.')
    .argument('<files...>', 'the shards\' JSON files, one per shard, in any order')
    .addOption(new Option('--format <format>', 'report format, as kivi\'s').choices([...FORMATS]).default('text'))
    .addOption(new Option('--output <file>', 'write the report to this file instead of standard output'))
    .addOption(new Option('--json <file>', 'also write the JSON report to this file'))
    .addOption(new Option('--sarif <file>', 'also write SARIF 2.1.0 to this file'))
    .addOption(new Option('--junit <file>', 'also write JUnit XML to this file'))
    .addOption(new Option('--report <file.html>', 'also write the HTML page of the counterexample'))
    .addOption(new Option('-v, --verbose-level <n>', 'detail of counterexample lines, as kivi\'s').argParser(level).default(1))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
}

/** A shard file's share, or a message saying why it is not one. */
function readShare(file: string): ShardShareFile | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return `${file}: not JSON (write shards with --format json --output FILE)`;
  }
  const share = (doc as { shard?: ShardShareFile } | null)?.shard;
  const ok = share && Number.isInteger(share.index) && Number.isInteger(share.count) && Array.isArray(share.outcomes) &&
    Array.isArray(share.failing) && Array.isArray(share.inconclusive) && typeof share.input === 'string' && share.report && typeof share.report.cluster === 'string';
  return ok ? share : `${file}: not a shard's result (no "shard" object; run kivi with --shard INDEX/COUNT --format json)`;
}

export async function mergeCommand(argv: readonly string[], ioIn: Io): Promise<number> {
  const p = program(ioIn);
  try {
    p.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' ? EXIT_HOLDS : EXIT_USAGE;
    throw e;
  }
  const given = p.opts<Pick<CliOptions, 'format' | 'output' | 'json' | 'sarif' | 'junit' | 'report' | 'verboseLevel'>>();
  const shares: ShardShareFile[] = [];
  for (const file of p.args) {
    const s = readShare(file);
    if (typeof s === 'string') {
      ioIn.err(`kivi merge: ${s}\n`);
      return EXIT_USAGE;
    }
    shares.push(s);
  }
  const merged = mergeShares(shares, p.args);
  if (typeof merged === 'string') {
    ioIn.err(`kivi merge: ${merged}\n`);
    return EXIT_USAGE;
  }
  const outputs = new Outputs([]);
  for (const [flag, file] of [['--output', given.output], ['--json', given.json], ['--sarif', given.sarif], ['--junit', given.junit], ['--report', given.report]] as const) {
    const problem = file === undefined ? undefined : outputs.claim(flag, file);
    if (problem) {
      ioIn.err(`kivi merge: ${problem}\n`);
      return EXIT_USAGE;
    }
  }
  const io = redirectOutput(ioIn, outputs, given.output, undefined);
  const report = shares[0].report;
  // Every share lists the input's features; each adds the partial-scoring notes of its own setups (docs/model.md §8.2.6).
  const r = withUnmodelled(merged, sharesUnmodelled(shares), report.allowUnmodelled ?? false);
  // The output options as kivi's own; the search options do not matter any more.
  const opts: CliOptions = { ...given, scale: 3, search: 'bfs', interleaving: 'coarse', reduction: true, symmetry: true, capacityProof: false, fastFind: 0, steps: 0, intentsGroup: 0, runs: 0, fileDebug: 0, debugDir: 'kivi-debug', maxNodesPerType: 0, podsPerNodeCap: 0 };
  try {
    emitScaling({ io, opts, check: {}, outputs }, r, report.cluster, report.intents ?? [], report.spec);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`kivi merge: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const failed = outputs.commit();
  for (const f of failed) ioIn.err(`kivi merge: ${f.file}: ${f.flag}: cannot be written (${f.reason})\n`);
  return failed.length > 0 ? EXIT_USAGE : exitCode(r.status);
}

/** The shares' unmodelled features, each once, in the order the shares list them. */
function sharesUnmodelled(shares: ShardShareFile[]): InputWarning[] | undefined {
  const seen = new Set<string>();
  const out: InputWarning[] = [];
  for (const s of shares) {
    for (const w of s.report.unmodelled ?? []) {
      const key = JSON.stringify(w);
      if (!seen.has(key)) out.push(w);
      seen.add(key);
    }
  }
  return shares.some((s) => s.report.unmodelled !== undefined) ? out : undefined;
}
