/**
 * The command line: the commander program (options, help text) and the checks of option
 * combinations commander cannot express. Nothing here runs a check.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_HOLDS, EXIT_USAGE, type Io } from './context.js';
import { rewriteLegacyFlags } from './legacy-flags.js';
import { liveOptions } from './live-options.js';

function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    }
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds > 0, got "${value}"`);
  return n;
}

/** The package's version, read from its package.json (two levels above dist/cli/). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function buildProgram(io: Io): Command {
  const program = new Command('kivi');
  program
    .version(packageVersion(), '--version', 'print kivi\'s version and exit')
    .description(
      'Explicit-state model checker for Kubernetes cluster configurations: explores every interleaving of the ' +
        'scheduler, deployment controller, HPA, kubelet and events, and prints the shortest counterexample when ' +
        'an intent (e.g. pod_always_schedulable) can be violated.',
    )
    .addOption(new Option('-c, --case <id>', 'check a built-in case: c1 … c8'))
    .addOption(new Option('-p, --path <dir>', 'check a configuration folder (yaml/ manifests + user_input/), or with --input-logs a folder of kubectl output (setup/ + user_input/)'))
    .addOption(new Option('--live', 'check the live cluster of the current kubeconfig context: a snapshot (as `kivi snapshot DIR` writes it) read as kubectl output; see --kubeconfig, --context'))
    .addOption(new Option('--input-logs', 'read -p as kubectl output of a live cluster; implies --original (short: -log)'))
    .addOption(new Option('--allow-unmodelled', 'accept "all intents hold" (exit 0) although the input has features kivi does not model that touch the checked workloads or nodes; without it such a run is inconclusive (exit 3). They are listed either way'))
    .addOption(new Option('--namespace <ns>', 'with -p: check only this namespace (default: every namespace but the system ones)'))
    .addOption(new Option('-s, --scale <n>', 'size argument of the built-in case, usually the number of nodes').argParser(integer(1)).default(3))
    .addOption(new Option('--case-non-violation', 'use the case\'s non-violating variant (short: -cn)'))
    .addOption(new Option('-o, --original', 'check the given topology as is; without -o kivi runs the incremental scaling search: small clusters of the same node and deployment types, smallest first'))
    .addOption(new Option('--simulation', 'run one random execution instead of a search; reproducible with --seed (short: -si)'))
    .addOption(new Option('--seed <n>', 'seed of --simulation (default: random; printed so the run can be replayed)').argParser(integer(0)))
    .addOption(new Option('--steps <n>', 'step bound of --simulation').argParser(integer(1)).default(10_000))
    .addOption(new Option('--json-file-path <file>', 'write the cluster that is checked, as JSON (short: -jf)'))
    .addOption(new Option('--log-output-file <file>', 'append the report to this file instead of printing it (short: -lf)'))
    .addOption(new Option('--file-debug <level>', 'write debug files into --debug-dir: 1+ the checked cluster and every failure\'s full trace; 3+ also every scaling setup (short: -fd)').argParser(integer(0)).default(0))
    .addOption(new Option('--debug-dir <dir>', 'folder for --file-debug').default('kivi-debug'))
    .addOption(new Option('--format <format>', 'report format: text (the reference\'s), json (docs/json-output.md), junit, github (workflow annotations and a step summary; docs/ci.md) or sarif (SARIF 2.1.0)').choices(['text', 'json', 'junit', 'github', 'sarif']).default('text'))
    .addOption(new Option('--json <file>', 'also write the JSON report to this file (any number of --json/--sarif/--junit in one run)'))
    .addOption(new Option('--sarif <file>', 'also write SARIF 2.1.0 to this file'))
    .addOption(new Option('--junit <file>', 'also write JUnit XML to this file'))
    .addOption(new Option('--report <file.html>', 'also write a self-contained HTML page of the counterexample: a lane per controller, the cluster after each step'))
    .addOption(new Option('--output <file>', 'write the report to this file instead of standard output'))
    .addOption(new Option('-l, --loop', 'look for a reachable loop in which pods are deleted and started again, or replicas go up and down; printed as a path and a cycle after START OF CYCLE'))
    .addOption(new Option('-r, --random', 'randomized depth-first runs with fresh seeds (from --seed), each bounded by --timeout (default 60 s); stops at the first violation or a run that finishes'))
    .addOption(new Option('--runs <n>', 'with --random: how many runs at most').argParser(integer(1)).default(5))
    .addOption(new Option('--pan-compile <options>', 'the reference\'s SPIN compile options; DBITSTATE, DNP, DT_RAND… are mapped or warned about (short: -pc)'))
    .addOption(new Option('--pan-runtime <options>', 'the reference\'s SPIN run options; mN becomes --max-depth N (short: -pr)'))
    .addOption(new Option('--intents-group <k>', 'check the intents in groups of at most k, each a separate search (short: -ig); 0 = all together').argParser(integer(0)).default(0))
    .addOption(new Option('--workers <n>', 'scaling search: worker threads checking setups in parallel (default: the number of cores; 1 runs in-process)').argParser(integer(1)))
    .addOption(new Option('--max-nodes-per-type <n>', 'scaling search: at most this many nodes of one type (the reference\'s confident_node_size)').argParser(integer(1)).default(6))
    .addOption(new Option('--pods-per-node-cap <n>', 'scaling search: at most this many replicas per node on average (confident_pod_size_factor)').argParser(integer(1)).default(6))
    .addOption(new Option('--fixpoint', 'scaling search: stop when a larger size shows no new abstract behaviour (a heuristic that can stop before a violation; see docs/scaling.md)'))
    .addOption(new Option('--trust-fixpoint', 'with --fixpoint: count a fixpoint as a proof (exit 0); without it a fixpoint is inconclusive (exit 3)'))
    .addOption(new Option('-a, --all-violation', 'go on after the first violating setup (scaling search) or intent group (-ig) and report every one'))
    .addOption(new Option('-f, --fast-find <level>', 'scaling search: 1 makes counts grow by 2 from 7 on (the reference\'s fast find)').argParser(integer(0)).default(0))
    .addOption(new Option('-v, --verbose-level <n>', 'detail of counterexample lines: 1 the steps that matter, 2 controller internals, 3+ more').argParser(integer(0)).default(1))
    .addOption(new Option('--search <strategy>', 'search order: bfs gives a shortest counterexample, dfs may find one with less memory').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--stop-at-first', 'stop at the first violation of any intent (by default kivi finds the shortest counterexample of each intent it checks)'))
    .addOption(new Option('--max-states <n>', 'stop (exit 3, inconclusive) after storing this many distinct states').argParser(integer(1)))
    .addOption(new Option('--max-depth <n>', 'do not explore paths longer than this many transitions (exit 3 if that cut anything)').argParser(integer(0)))
    .addOption(new Option('--max-memory <MiB>', 'memory budget for the search\'s state store (exit 3 when hit; default: a quarter of RAM, at most 6 GiB)').argParser(integer(16)))
    .addOption(new Option('--timeout <seconds>', 'stop (exit 3, inconclusive) after this much search time (short: -to)').argParser(seconds))
    .addOption(liveOptions()[0])
    .addOption(liveOptions()[1])
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run kivi --help for the options)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .addHelpText(
      'after',
      '\nExit codes:\n  0  all intents hold\n  1  a violation was found (the counterexample is printed)\n' +
        '  2  bad usage or input\n  3  inconclusive: a state, depth, time or memory limit was hit before the search finished\n' +
        '\nExamples:\n  kivi -c c3 -o            check case c3 at scale 3 (finds an unschedulable pod)\n' +
        '  kivi -c c3 -o -cn        the same cluster with one spread constraint (no violation)\n' +
        '  kivi -c c3 -o -s 11      case c3 with 11 nodes\n' +
        '  kivi snapshot DIR        write the live cluster of the current kubeconfig context to DIR (see kivi snapshot --help)\n' +
        '  kivi --live              check the live cluster of the current kubeconfig context\n',
    );
  return program;
}

export interface CliOptions {
  case?: string;
  path?: string;
  scale: number;
  caseNonViolation?: boolean;
  original?: boolean;
  verboseLevel: number;
  search: 'bfs' | 'dfs';
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  stopAtFirst?: boolean;
  maxMemory?: number;
  inputLogs?: boolean;
  live?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allowUnmodelled?: boolean;
  workers?: number;
  allViolation?: boolean;
  fastFind: number;
  simulation?: boolean;
  seed?: number;
  steps: number;
  jsonFilePath?: string;
  logOutputFile?: string;
  panCompile?: string;
  panRuntime?: string;
  intentsGroup: number;
  fixpoint?: boolean;
  trustFixpoint?: boolean;
  random?: boolean;
  runs: number;
  loop?: boolean;
  fileDebug: number;
  debugDir: string;
  maxNodesPerType: number;
  podsPerNodeCap: number;
  format: 'text' | 'json' | 'junit' | 'github' | 'sarif';
  output?: string;
  report?: string;
  json?: string;
  sarif?: string;
  junit?: string;
}

/** The options of `argv`, or the exit code when they are wrong (or were --help). */
export function parseOptions(argv: readonly string[], io: Io): CliOptions | number {
  const program = buildProgram(io);
  let opts: CliOptions;
  try {
    program.parse(rewriteLegacyFlags(argv), { from: 'user' });
    opts = program.opts<CliOptions>();
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_HOLDS : EXIT_USAGE;
    throw e;
  }
  if (program.args.length > 0) {
    io.err(`kivi: unexpected argument "${program.args[0]}"\n`);
    return EXIT_USAGE;
  }
  const problem = combinationProblem(opts);
  if (problem === undefined) return opts;
  io.err(`kivi: ${problem}\n`);
  return EXIT_USAGE;
}

function combinationProblem(opts: CliOptions): string | undefined {
  if (opts.live && (opts.case !== undefined || opts.path !== undefined || opts.inputLogs)) return '--live reads the cluster of the kubeconfig: give no -c/--case, -p/--path or -log with it';
  if (!opts.live && (opts.kubeconfig !== undefined || opts.context !== undefined)) return '--kubeconfig and --context go with --live (or with kivi snapshot)';
  if (opts.live) return undefined;
  if ((opts.case === undefined) === (opts.path === undefined)) return 'give exactly one of -c/--case or -p/--path (kivi --help lists the options)';
  if (opts.inputLogs && opts.path === undefined) return '--input-logs (-log) reads the folder given with -p/--path';
  if (opts.format !== 'text' && (opts.simulation || opts.loop)) {
    return `--format ${opts.format} is available for searches and the scaling search, not with --simulation or --loop`;
  }
  const files = (['json', 'sarif', 'junit', 'report'] as const).filter((k) => opts[k] !== undefined);
  if (files.length > 0 && (opts.simulation || opts.loop)) return `--${files[0]} is available for searches and the scaling search, not with --simulation or --loop`;
  // Modes that exclude each other are an error, not resolved silently.
  const modes = [opts.simulation && '--simulation', opts.loop && '--loop', opts.random && '--random'].filter((m): m is string => typeof m === 'string');
  if (modes.length > 1) return `${modes[0]} and ${modes[1]} cannot be combined: choose one`;
  if (opts.output !== undefined && opts.logOutputFile !== undefined) return '--output and --log-output-file (-lf) both take the report: choose one';
  if (opts.trustFixpoint && !opts.fixpoint) return '--trust-fixpoint needs --fixpoint';
  return undefined;
}
