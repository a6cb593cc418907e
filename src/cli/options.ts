/**
 * The command line: the commander program (options, help text) and the checks of option
 * combinations commander cannot express. Nothing here runs a check.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_HOLDS, EXIT_USAGE, type Io } from './context.js';
import { rewriteLegacyFlags } from './legacy-flags.js';
import { CASE_IDS } from '../cases/index.js';
import { INTENTS } from '../intents/catalog.js';
import { liveOptions } from './live-options.js';
import { parseShard } from '../scaling/shard.js';
import { MAX_WORKERS } from '../scaling/search.js';

function integer(min: number, max?: { value: number; why: string }) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    }
    if (max !== undefined && n > max.value) throw new InvalidArgumentError(`expected an integer from ${min} to ${max.value} (${max.why}), got "${value}"`);
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  // Decimal only: Number() also reads "0x10" (16) and "0b1".
  if (!/^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value) || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds > 0, got "${value}"`);
  return n;
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The package's version, read from its package.json (two levels above dist/cli/). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The report formats of --format (also those of `kivi merge`). */
export const FORMATS = ['text', 'json', 'junit', 'github', 'sarif'] as const;
/** Words a user may give after -o or to --output meaning a format: the formats and html. */
const FORMAT_WORDS: readonly string[] = [...FORMATS, 'html'];

/** kivi's subcommands: each names a mode over the same options (`kivi snapshot` has its own). */
export const SUBCOMMANDS = ['check', 'scale', 'simulate', 'case'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** Option groups of `--help`, by the option's long name. */
const HELP_GROUPS: Array<[string, string[]]> = [
  ['Input:', ['case', 'path', 'cluster', 'input-logs', 'live', 'kubeconfig', 'context', 'namespace', 'scale', 'case-non-violation', 'allow-unmodelled', 'json-file-path']],
  ['Mode:', ['original', 'simulation', 'seed', 'steps', 'loop', 'random', 'runs', 'intents-group']],
  ['Search and its limits:', ['search', 'interleaving', 'no-reduction', 'no-symmetry', 'no-capacity-proof', 'workers', 'stop-at-first', 'max-states', 'max-depth', 'max-memory', 'timeout', 'pan-compile', 'pan-runtime']],
  ['Scaling search (without -o):', ['max-nodes-per-type', 'pods-per-node-cap', 'fixpoint', 'no-fixpoint', 'all-violation', 'fast-find']],
  ['Output:', ['format', 'output', 'json', 'sarif', 'junit', 'report', 'log-output-file', 'verbose-level', 'file-debug', 'debug-dir']],
];

function groupHelp(program: Command): void {
  for (const o of program.options) {
    const name = o.long?.replace(/^--/, '') ?? '';
    const group = HELP_GROUPS.find(([, names]) => names.includes(name));
    o.helpGroup(group ? group[0] : 'Other:');
  }
}

function commandsHelp(): string {
  return (
    '\nCommands (each a mode over the options above; the reference\'s single-dash flags work without a command):\n' +
    '  check PATH...    check manifests as given (files, folders read recursively, - for stdin; a folder with\n' +
    '                   yaml/ + user_input/ or setup/ is read as -p or -log would); --cluster FILE gives the\n' +
    '                   cluster profile (node types, replica counts, events, intents)\n' +
    '  scale PATH...    the incremental scaling search over the same inputs (also -p DIR or -c ID)\n' +
    '  simulate PATH... one random execution (as --simulation)\n' +
    '  case ID          a built-in case as is: ' + CASE_IDS.join(', ') + '\n' +
    '  snapshot DIR     write the live cluster of a kubeconfig context to DIR (kivi snapshot --help)\n'
  );
}

function buildProgram(io: Io): Command {
  const program = new Command('kivi');
  program
    .usage('[command] [options] [paths...]')
    .argument('[paths...]', 'with check, scale or simulate: manifest files, folders or - for standard input')
    .description(
      'Explicit-state model checker for Kubernetes cluster configurations: explores every interleaving of the ' +
        'scheduler, deployment controller, HPA, kubelet and events, and prints the shortest counterexample when ' +
        'an intent (e.g. pod_always_schedulable) can be violated.',
    )
    .addOption(new Option('-c, --case <id>', 'check a built-in case: c1 … c8'))
    .addOption(new Option('-p, --path <dir>', 'check a configuration folder (yaml/ manifests + user_input/), or with --input-logs a folder of kubectl output (setup/ + user_input/)'))
    .addOption(new Option('--cluster <file>', 'with check PATH...: the cluster profile (cluster_configs.json keys: nodesTypes, dTypes, events_assumption, …, and an intents list)'))
    .addOption(new Option('--live', 'check the live cluster of the current kubeconfig context: a snapshot (as `kivi snapshot DIR` writes it) read as kubectl output; see --kubeconfig, --context'))
    .addOption(new Option('--input-logs', 'read -p as kubectl output of a live cluster; implies --original (short: -log)'))
    .addOption(new Option('--allow-unmodelled', 'accept "all intents hold" (exit 0) although the input has features kivi does not model that touch the checked workloads or nodes; without it such a run is inconclusive (exit 3). They are listed either way'))
    .addOption(new Option('--namespace <ns>', 'with -p: check only this namespace (default: every namespace but the system ones)'))
    .addOption(
      new Option(
        '--load <deployment=levels>',
        'the load a deployment\'s pods can carry, in percent of their CPU request: FROM:TO:STEP or A,B,C, then /any (default: any level at any time) ' +
          'or /step (one level up or down at a time); e.g. --load web=0:200:50/step. Repeatable; web=off removes it. With -p, deployments with an HPA ' +
          'that state no load get 0,50,100,200/any (docs/inputs.md, "Load")',
      ).argParser(collect),
    )
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
    .addOption(new Option('--format <format>', 'report format: text (the reference\'s), json (docs/json-output.md), junit, github (workflow annotations and a step summary; docs/ci.md) or sarif (SARIF 2.1.0)').choices([...FORMATS]).default('text'))
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
    .addOption(
      new Option(
        '--workers <n>',
        'worker threads: with -o/-log/--live, threads sharing one breadth-first search, with the same verdict and counterexample as one (default 1, in-process; ' +
          '--search dfs stays on one); for the scaling search, threads checking setups in parallel (default: the number of cores; 1 runs in-process)',
      ).argParser(integer(1, { value: MAX_WORKERS, why: 'twice the cores, at least 4' })),
    )
    .addOption(new Option('--shard <INDEX/COUNT>', 'scaling search: check only shard INDEX of COUNT (the setups whose index is INDEX modulo COUNT) and write its share as JSON (--format json) for kivi merge; INDEX defaults to $JOB_COMPLETION_INDEX (write /COUNT); docs/scale-out.md'))
    .addOption(new Option('--shard-count <n>', 'scaling search: the number of shards, with the index from $JOB_COMPLETION_INDEX (an Indexed Job); same as --shard /N').argParser(integer(1)))
    .addOption(new Option('--max-nodes-per-type <n>', 'scaling search: at most this many nodes of one type (the reference\'s confident_node_size)').argParser(integer(1)).default(6))
    .addOption(new Option('--pods-per-node-cap <n>', 'scaling search: at most this many replicas per node on average (confident_pod_size_factor)').argParser(integer(1)).default(6))
    .addOption(new Option('--fixpoint', 'scaling search (the default): when no setup violates, prove that no cluster of any size does (exit 0), or say why not (exit 3); see docs/scaling.md'))
    .addOption(new Option('--no-fixpoint', 'scaling search: no proof; no violating setup is then "no failure in any setup checked" (exit 0), evidence up to the sizes checked'))
    .addOption(new Option('-a, --all-violation', 'go on after the first violating setup (scaling search) or intent group (-ig) and report every one'))
    .addOption(new Option('-f, --fast-find <level>', 'scaling search: 1 makes counts grow by 2 from 7 on (the reference\'s fast find)').argParser(integer(0)).default(0))
    .addOption(new Option('-v, --verbose-level <n>', 'detail of counterexample lines: 1 the steps that matter, 2 controller internals, 3+ more').argParser(integer(0)).default(1))
    .addOption(new Option('--search <strategy>', 'search order: bfs gives a shortest counterexample, dfs may find one with less memory').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--interleaving <mode>', 'coarse: a controller drains its queue in one transition (the reference\'s atomic bursts); fine: one queue item per transition, as SPIN explores the reference without them (docs/model.md §7.5)').choices(['coarse', 'fine']).default('coarse'))
    .addOption(new Option('--no-reduction', 'with --interleaving fine: compute every transition (the sleep-set reduction, docs/model.md §7.6, is on by default)'))
    .addOption(new Option('--no-symmetry', 'search without the symmetry reduction (docs/model.md §8.11.5): nodes and pods in index and slot order where Kubernetes leaves the order open, every renaming of interchangeable nodes and pod slots a state of its own; more states, useful to validate a result'))
    .addOption(new Option('--no-capacity-proof', 'search even where a capacity argument proves pod_always_schedulable (docs/model.md §8.2.8: nodes that never change and always have room for every pod); by default -o, -log and --live answer such a cluster without a search'))
    .addOption(new Option('--stop-at-first', 'stop at the first violation of any intent (by default kivi finds the shortest counterexample of each intent it checks)'))
    .addOption(new Option('--max-states <n>', 'stop (exit 3, inconclusive) after storing this many distinct states').argParser(integer(1)))
    .addOption(new Option('--max-depth <n>', 'do not explore paths longer than this many transitions (exit 3 if that cut anything)').argParser(integer(0)))
    .addOption(new Option('--max-memory <MiB>', 'memory budget for the whole process, in MiB: the search stops (exit 3) before its stores would take it past the budget (default: a quarter of RAM, at most 6 GiB, and at most three quarters of a container\'s memory limit; at least 128: Node itself takes about 60)').argParser(integer(128)))
    .addOption(new Option('--timeout <seconds>', 'stop (exit 3, inconclusive) this many seconds after kivi started, reading the input included (short: -to)').argParser(seconds))
    .version(packageVersion(), '--version', 'print kivi\'s version and exit')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    // One line per usage error: commander's own, as `kivi: …`, with where to look.
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s) => io.err(`kivi: ${s.replace(/^error: /, '').trimEnd()} (kivi --help lists the options)\n`),
    })
    .addHelpText(
      'after',
      '\nExit codes:\n  0  all intents hold\n  1  a violation was found (the counterexample is printed)\n' +
        '  2  bad usage or input\n  3  inconclusive: a state, depth, time or memory limit was hit before the search finished,\n' +
        '     or the intents hold but the input has features kivi does not model that touch them\n' +
        '  70 internal error: a bug in kivi (please report it with the message)\n' +
        '\nIntents (user_input/intents.json, or intents in --cluster): ' + INTENTS.map((i) => i.user).join(', ') + '\n' +
        '\nExamples:\n  kivi -c c3 -o            check case c3 at scale 3 (finds an unschedulable pod)\n' +
        '  kivi case c3             the same\n' +
        '  kivi check deploy/ --cluster cluster.yaml         manifests in a folder, with a cluster profile\n' +
        '  helm template web ./chart | kivi check - --cluster cluster.yaml\n' +
        '  kivi -c c3 -o -cn        the same cluster with one spread constraint (no violation)\n' +
        '  kivi -c c3 -o -s 11      case c3 with 11 nodes\n' +
        '  kivi snapshot DIR        write the live cluster of the current kubeconfig context to DIR (see kivi snapshot --help)\n' +
        '  kivi --live              check the live cluster of the current kubeconfig context\n',
    );
  for (const o of liveOptions()) program.addOption(o);
  groupHelp(program);
  program.addHelpText('after', commandsHelp());
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
  interleaving: 'coarse' | 'fine';
  /** false with --no-reduction. */
  reduction: boolean;
  /** false with --no-symmetry. */
  symmetry: boolean;
  /** false with --no-capacity-proof. */
  capacityProof: boolean;
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  stopAtFirst?: boolean;
  maxMemory?: number;
  inputLogs?: boolean;
  /** Manifest paths of `kivi check|scale|simulate PATH...` ('-' is standard input). */
  inputs?: string[];
  cluster?: string;
  live?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** `--load DEPLOYMENT=LEVELS[/CHANGE]`, in the order given. */
  load?: string[];
  allowUnmodelled?: boolean;
  workers?: number;
  shard?: string;
  shardCount?: number;
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
export function parseOptions(argvIn: readonly string[], io: Io): CliOptions | number {
  const sub = (SUBCOMMANDS as readonly string[]).includes(argvIn[0]) ? (argvIn[0] as Subcommand) : undefined;
  const argv = sub ? argvIn.slice(1) : argvIn;
  const program = buildProgram(io);
  let opts: CliOptions;
  try {
    program.parse(rewriteLegacyFlags(argv), { from: 'user' });
    opts = program.opts<CliOptions>();
  } catch (e) {
    if (e instanceof CommanderError) return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_HOLDS : EXIT_USAGE;
    throw e;
  }
  const given = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
  const problem = applySubcommand(sub, program.args, opts) ?? combinationProblem(opts) ?? inapplicable(opts, given);
  if (problem === undefined) return opts;
  io.err(`kivi: ${problem}\n`);
  return EXIT_USAGE;
}

/** What a subcommand and its positional arguments mean, as options; a problem if they are wrong. */
function applySubcommand(sub: Subcommand | undefined, args: string[], opts: CliOptions): string | undefined {
  if (sub === undefined) {
    // `-o json`: -o is --original (the reference's flag), not an output option.
    if (args.length > 0 && FORMAT_WORDS.includes(args[0])) {
      return `unexpected argument "${args[0]}": -o means --original (check the topology as given); for a report format use --format ${args[0] === 'html' ? 'text --report FILE.html' : args[0]}`;
    }
    if (args.length > 0) return `unexpected argument "${args[0]}": to check manifest files or folders, run kivi check ${args.join(' ')}`;
    return undefined;
  }
  if (sub === 'case') {
    if (args.length !== 1) return `kivi case takes one case id (${CASE_IDS.join(', ')}), got ${args.length === 0 ? 'none' : args.join(' ')}`;
    if (opts.case !== undefined || opts.path !== undefined) return 'kivi case ID takes no -c/--case or -p/--path';
    opts.case = args[0];
    opts.original = true;
    return undefined;
  }
  if (args.length > 0) {
    if (opts.case !== undefined || opts.path !== undefined) return `kivi ${sub} takes either paths or -c/--case or -p/--path, not both`;
    opts.inputs = args;
  }
  if (opts.cluster !== undefined && opts.inputs === undefined) return '--cluster goes with manifest paths (kivi check PATH... --cluster FILE)';
  if (sub === 'check') opts.original = true;
  if (sub === 'simulate') opts.simulation = true;
  return undefined;
}

/** The mode the options select, in the words of --help. */
function modeOf(opts: CliOptions): string {
  if (opts.simulation) return '--simulation';
  if (opts.random) return '--random';
  if (opts.loop) return '--loop';
  if (opts.original || opts.inputLogs || opts.live) return 'a search of the given cluster (-o)';
  return 'the scaling search (without -o)';
}

/**
 * Options given on the command line that the chosen mode would ignore: an error naming the
 * mode, rather than a run that silently does something else than asked.
 */
function inapplicable(opts: CliOptions, given: (name: string) => boolean): string | undefined {
  const scaling = !opts.original && !opts.inputLogs && !opts.live && !opts.simulation && !opts.loop && !opts.random;
  const single = !!(opts.original || opts.inputLogs || opts.live) && !opts.simulation && !opts.loop && !opts.random;
  const rules: Array<[string, string, boolean, string]> = [
    ['seed', '--seed', !!(opts.simulation || opts.random), '--simulation and --random'],
    ['steps', '--steps', !!opts.simulation, '--simulation'],
    ['runs', '--runs', !!opts.random, '--random'],
    ['workers', '--workers', scaling || single, 'the scaling search and a search of one cluster (-o, -log, --live)'],
    ['maxNodesPerType', '--max-nodes-per-type', scaling, 'the scaling search (without -o)'],
    ['podsPerNodeCap', '--pods-per-node-cap', scaling, 'the scaling search (without -o)'],
    ['fixpoint', '--fixpoint', scaling, 'the scaling search (without -o)'],
    ['fastFind', '--fast-find', scaling, 'the scaling search (without -o)'],
    ['scale', '-s/--scale', opts.case !== undefined, 'a built-in case (-c)'],
    ['caseNonViolation', '--case-non-violation', opts.case !== undefined, 'a built-in case (-c)'],
    ['namespace', '--namespace', opts.case === undefined, 'manifests, folders and kubectl output (not -c)'],
    ['debugDir', '--debug-dir', opts.fileDebug > 0, '--file-debug'],
  ];
  for (const [key, flag, applies, where] of rules) {
    if (given(key) && !applies) return `${flag} applies to ${where}, not to ${modeOf(opts)}: remove it`;
  }
  return undefined;
}

function combinationProblem(opts: CliOptions): string | undefined {
  if (opts.live && (opts.case !== undefined || opts.path !== undefined || opts.inputLogs)) return '--live reads the cluster of the kubeconfig: give no -c/--case, -p/--path or -log with it';
  if (!opts.live && (opts.kubeconfig !== undefined || opts.context !== undefined)) return '--kubeconfig and --context go with --live (or with kivi snapshot)';
  if (opts.live) return undefined;
  if (opts.cluster !== undefined && opts.inputs === undefined) return '--cluster goes with manifest paths (kivi check PATH... --cluster FILE)';
  const sources = [opts.case, opts.path, opts.inputs].filter((x) => x !== undefined).length;
  if (sources !== 1) return 'give exactly one of: manifest paths (kivi check PATH...), -p/--path DIR or -c/--case ID (kivi --help lists the options)';
  if (opts.output !== undefined && FORMAT_WORDS.includes(opts.output)) {
    return `--output ${opts.output} would write the report to a file named "${opts.output}": for that format use --format ${opts.output === 'html' ? 'text --report FILE.html' : opts.output} (with --output FILE for a file)`;
  }
  if (opts.output !== undefined && opts.logOutputFile !== undefined) return '--output and --log-output-file (-lf) both say where the report goes: give one';
  if (opts.inputLogs && opts.path === undefined) return '--input-logs (-log) reads the folder given with -p/--path';
  const shard = shardProblem(opts);
  if (shard !== undefined) return shard;
  if (opts.format !== 'text' && (opts.simulation || opts.loop)) {
    return `--format ${opts.format} is available for searches and the scaling search, not with --simulation or --loop`;
  }
  const files = (['json', 'sarif', 'junit', 'report'] as const).filter((k) => opts[k] !== undefined);
  if (files.length > 0 && (opts.simulation || opts.loop)) return `--${files[0]} is available for searches and the scaling search, not with --simulation or --loop`;
  // Modes that exclude each other are an error, not resolved silently.
  const modes = [opts.simulation && '--simulation', opts.loop && '--loop', opts.random && '--random'].filter((m): m is string => typeof m === 'string');
  if (modes.length > 1) return `${modes[0]} and ${modes[1]} cannot be combined: choose one`;
  return undefined;
}

/** --shard: one share of the scaling search, as JSON for kivi merge (docs/scale-out.md). */
function shardProblem(opts: CliOptions): string | undefined {
  if (opts.shard === undefined && opts.shardCount === undefined) return undefined;
  if (opts.original || opts.inputLogs || opts.simulation || opts.loop || opts.random) return '--shard splits the scaling search (without -o, -log, --simulation, --loop, --random)';
  if (opts.format !== 'json') return '--shard writes its share for kivi merge as JSON: add --format json (and --output FILE)';
  if (opts.fixpoint === true) return '--fixpoint proves once every setup is checked, which shards split: run it without --shard (a shard never tries the proof)';
  const files = (['json', 'sarif', 'junit', 'report'] as const).filter((k) => opts[k] !== undefined);
  if (files.length > 0) return `--${files[0]} goes with kivi merge, which writes the answer of all shards`;
  const s = parseShard(opts.shard ?? '', opts.shardCount, process.env.JOB_COMPLETION_INDEX);
  return typeof s === 'string' ? s : undefined;
}
