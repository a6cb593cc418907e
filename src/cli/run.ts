/**
 * The `kivi` command: parse options, build the cluster, check it, print the reference's text
 * report and return the exit code (0 intents hold, 1 violation, 2 bad usage or input,
 * 3 inconclusive).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadCase } from '../cases/index.js';
import { checkCluster, findLoop, simulateCluster } from '../check.js';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckResult } from '../check.js';
import { counterexampleLines } from '../report/text.js';
import { enumerateSetups } from '../scaling/enumerate.js';
import { scalingTemplate } from '../scaling/from-spec.js';
import { instantiate } from '../scaling/instantiate.js';
import { loopReport, simulationReport } from '../report/text.js';
import { InputError } from '../model/errors.js';
import { textReport } from '../report/text.js';
import { rewriteLegacyFlags } from './legacy-flags.js';
import { mapSpinOptions } from './spin-options.js';
import type { ClusterSpec } from '../model/cluster.js';
import { loadConfigFolder } from '../parsers/config-folder.js';
import { scalingReport } from '../report/scaling.js';
import { jsonReport, jsonScalingReport } from '../report/json.js';
import { githubReport, type GithubReport } from '../report/github.js';
import { junitReport, junitScalingReport } from '../report/junit.js';
import { sarifReport } from '../report/sarif.js';
import { htmlReport } from '../report/html.js';
import type { ScalingTemplate } from '../scaling/types.js';
import { scalingSearch } from '../scaling/search.js';
import { loadKubectlLogs } from '../parsers/kubectl-logs.js';
import { Warnings } from '../parsers/warnings.js';

export const EXIT_HOLDS = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress on a terminal (stderr); omitted when not interactive. */
  progress?: (text: string) => void;
}

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

function buildProgram(io: Io): Command {
  const program = new Command('kivi');
  program
    .description(
      'Explicit-state model checker for Kubernetes cluster configurations: explores every interleaving of the ' +
        'scheduler, deployment controller, HPA, kubelet and events, and prints the shortest counterexample when ' +
        'an intent (e.g. pod_always_schedulable) can be violated.',
    )
    .addOption(new Option('-c, --case <id>', 'check a built-in case: c1 … c8'))
    .addOption(new Option('-p, --path <dir>', 'check a configuration folder (yaml/ manifests + user_input/), or with --input-logs a folder of kubectl output (setup/ + user_input/)'))
    .addOption(new Option('--input-logs', 'read -p as kubectl output of a live cluster; implies --original (short: -log)'))
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
    .addOption(new Option('-a, --all-violation', 'go on after the first violating setup (scaling search) or intent group (-ig) and report every one'))
    .addOption(new Option('-f, --fast-find <level>', 'scaling search: 1 makes counts grow by 2 from 7 on (the reference\'s fast find)').argParser(integer(0)).default(0))
    .addOption(new Option('-v, --verbose-level <n>', 'detail of counterexample lines: 1 the steps that matter, 2 controller internals, 3+ more').argParser(integer(0)).default(1))
    .addOption(new Option('--search <strategy>', 'search order: bfs gives a shortest counterexample, dfs may find one with less memory').choices(['bfs', 'dfs']).default('bfs'))
    .addOption(new Option('--stop-at-first', 'stop at the first violation of any intent (by default kivi finds the shortest counterexample of each intent it checks)'))
    .addOption(new Option('--max-states <n>', 'stop (exit 3, inconclusive) after storing this many distinct states').argParser(integer(1)))
    .addOption(new Option('--max-depth <n>', 'do not explore paths longer than this many transitions (exit 3 if that cut anything)').argParser(integer(0)))
    .addOption(new Option('--max-memory <MiB>', 'memory budget for the search\'s state store (exit 3 when hit; default: a quarter of RAM, at most 6 GiB)').argParser(integer(16)))
    .addOption(new Option('--timeout <seconds>', 'stop (exit 3, inconclusive) after this much search time (short: -to)').argParser(seconds))
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
        '  kivi -c c3 -o -s 11      case c3 with 11 nodes\n',
    );
  return program;
}

interface CliOptions {
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
  namespace?: string;
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

/** The parts of a scaling template the reports read (sources, intents, deployments). */
function scalingSpec(t: ScalingTemplate): ClusterSpec {
  return { ...t.base, nodes: [], pods: [], deployments: t.deploymentTypes.map((d) => d.template), spareSlots: 0 };
}

/** GitHub: annotations on standard output; the summary into $GITHUB_STEP_SUMMARY when set, else printed too. */
function emitGithub(io: Io, g: GithubReport): void {
  if (g.annotations) io.out(g.annotations + '\n');
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) {
    try {
      appendFileSync(file, g.summary + '\n');
      return;
    } catch {
      io.err(`kivi: ${file}: cannot be written; printing the summary instead\n`);
    }
  }
  io.out(g.summary + '\n');
}

/** -fd: a file in the debug folder (created on first use). */
function debugWrite(opts: CliOptions, name: string, text: string): void {
  const file = join(opts.debugDir, name);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError(`cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, undefined, '--debug-dir', file);
  }
}

/** -fd: every failure's trace at every level, one file each. */
function writeFailures(opts: CliOptions, r: CheckResult, prefix: string): void {
  r.failures.forEach((f, i) => debugWrite(opts, `${prefix}failure-${i + 1}.txt`, counterexampleLines(f, 99).join('\n') + '\n'));
}

function writeReport(file: string, html: string): void {
  try {
    writeFileSync(file, html);
  } catch (e) {
    throw new InputError(`cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, undefined, '--report', file);
  }
}

function writeJson(file: string, value: unknown): void {
  try {
    writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  } catch (e) {
    throw new InputError(`cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, undefined, '--json-file-path', file);
  }
}

export async function run(argv: readonly string[], ioIn: Io): Promise<number> {
  let io = ioIn;
  const program = buildProgram(ioIn);
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
  if ((opts.case === undefined) === (opts.path === undefined)) {
    io.err('kivi: give exactly one of -c/--case or -p/--path (kivi --help lists the options)\n');
    return EXIT_USAGE;
  }
  if (opts.inputLogs && opts.path === undefined) {
    io.err('kivi: --input-logs (-log) reads the folder given with -p/--path\n');
    return EXIT_USAGE;
  }
  if (opts.format !== 'text' && (opts.simulation || opts.loop || opts.random)) {
    io.err(`kivi: --format ${opts.format} is available for searches and the scaling search, not with --simulation, --loop or --random\n`);
    return EXIT_USAGE;
  }
  if (opts.output !== undefined) {
    const file = opts.output;
    try {
      writeFileSync(file, '');
    } catch (e) {
      io.err(`kivi: ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      return EXIT_USAGE;
    }
    io = { ...io, out: (text: string) => appendFileSync(file, text) };
  }
  if (opts.logOutputFile !== undefined) {
    const file = opts.logOutputFile;
    const out = io.out;
    io = {
      ...io,
      out: (text: string) => {
        try {
          appendFileSync(file, text);
        } catch (e) {
          out(text);
          io.err(`kivi: ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); printing instead\n`);
        }
      },
    };
  }
  const spin = mapSpinOptions(opts.panCompile, opts.panRuntime);
  for (const w of spin.warnings) io.err(`kivi: warning: ${w}\n`);
  const checkOpts = {
    strategy: opts.search,
    maxStates: opts.maxStates,
    maxDepth: opts.maxDepth ?? spin.maxDepth,
    stopAtFirst: opts.stopAtFirst ?? false,
    maxMemoryBytes: opts.maxMemory === undefined ? undefined : opts.maxMemory * 2 ** 20,
    timeLimitMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
  };
  try {
    const warnings = new Warnings();
    // Without -o the default is the incremental scaling search; kubectl logs describe one concrete
    // cluster, so there are no types to scale (reference §4.1).
    if (!opts.original && !opts.inputLogs && !opts.simulation && !opts.loop) {
      const template = scalingTemplate(opts.path !== undefined
        ? loadConfigFolder(opts.path, warnings, { namespace: opts.namespace })
        : loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false }));
      for (const w of warnings.lines) io.err(`kivi: warning: ${w}\n`);
      const progress = process.stderr.isTTY && io.progress
        ? (done: number, total: number, current: string, rate: number) =>
            io.progress!(`\r[${done}/${total}] ${Math.round(rate).toLocaleString('en-US')} states/s ${current}`.padEnd(100).slice(0, 140))
        : undefined;
      if (opts.fileDebug >= 3) {
        const setups = enumerateSetups(template, { fastFind: opts.fastFind, maxNodesPerType: opts.maxNodesPerType, podsPerNodeCap: opts.podsPerNodeCap });
        setups.forEach((setup, k) => {
          const spec = instantiate(template, setup);
          const pods = spec.deployments.reduce((a, d) => a + d.replicas, 0);
          debugWrite(opts, `setups/${k + 1}_${spec.nodes.length}_${pods}.json`, JSON.stringify(spec, null, 2) + '\n');
        });
      }
      const r = await scalingSearch(template, { check: checkOpts, all: opts.allViolation ?? false, workers: opts.workers, fastFind: opts.fastFind, maxNodesPerType: opts.maxNodesPerType, podsPerNodeCap: opts.podsPerNodeCap, fixpoint: opts.fixpoint ?? false, onProgress: progress });
      if (opts.fileDebug >= 1) r.failing.forEach((f) => writeFailures(opts, f.result, `setup-${f.index + 1}-`));
      const name = opts.path ?? `${opts.case}`;
      const answerSpec = r.failing[0] ? instantiate(template, r.failing[0].setup) : undefined;
      if (opts.json !== undefined) writeReport(opts.json, JSON.stringify(jsonScalingReport(r, name, answerSpec), null, 2) + '\n');
      if (opts.junit !== undefined) writeReport(opts.junit, junitScalingReport(r, name) + '\n');
      if (opts.sarif !== undefined && r.failing[0]) writeReport(opts.sarif, JSON.stringify(sarifReport(r.failing[0].result, scalingSpec(template)), null, 2) + '\n');
      if (opts.report !== undefined && r.failing[0]) {
        const f = r.failing[0];
        writeReport(opts.report, htmlReport(f.result, instantiate(template, f.setup), Math.max(1, opts.verboseLevel)));
      }
      if (progress) io.progress!('\r'.padEnd(101) + '\r');
      if (opts.format === 'json') io.out(JSON.stringify(jsonScalingReport(r, name, answerSpec), null, 2) + '\n');
      else if (opts.format === 'junit') io.out(junitScalingReport(r, name) + '\n');
      else if (opts.format === 'sarif' && r.failing[0]) io.out(JSON.stringify(sarifReport(r.failing[0].result, scalingSpec(template)), null, 2) + '\n');
      else if (opts.format === 'github' && r.failing[0]) emitGithub(io, githubReport(r.failing[0].result, scalingSpec(template)));
      else io.out(scalingReport(r, opts.verboseLevel) + '\n');
      return r.status === 'violated' ? EXIT_VIOLATION : r.status === 'inconclusive' ? EXIT_INCONCLUSIVE : EXIT_HOLDS;
    }
    let spec: ClusterSpec;
    if (opts.path !== undefined) {
      spec = opts.inputLogs ? loadKubectlLogs(opts.path, warnings, { namespace: opts.namespace }) : loadConfigFolder(opts.path, warnings, { namespace: opts.namespace });
    } else {
      spec = loadCase(opts.case!, { scale: opts.scale, nonViolation: opts.caseNonViolation ?? false });
    }
    for (const w of warnings.lines) io.err(`kivi: warning: ${w}\n`);
    if (opts.jsonFilePath !== undefined) writeJson(opts.jsonFilePath, spec);
    if (opts.fileDebug >= 1) debugWrite(opts, 'cluster.json', JSON.stringify(spec, null, 2) + '\n');
    if (opts.simulation) {
      const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
      const sim = simulateCluster(spec, seed, opts.steps);
      io.out(simulationReport(sim, opts.verboseLevel) + '\n');
      // A simulation that met no failure proves nothing: inconclusive.
      return sim.failure ? EXIT_VIOLATION : EXIT_INCONCLUSIVE;
    }
    if (opts.loop) {
      const started = performance.now();
      const r = await findLoop(spec, checkOpts);
      io.out(loopReport(r, opts.verboseLevel, (performance.now() - started) / 1000) + '\n');
      return r.status === 'loop' ? EXIT_VIOLATION : r.status === 'none' ? EXIT_HOLDS : EXIT_INCONCLUSIVE;
    }
    if (opts.random) {
      // -r: randomized depth-first runs, each with its own seed and time budget (reference §6.1,
      // without its unbounded retries). A run that finishes explored everything: a real answer.
      const base = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
      for (let run = 0; run < opts.runs; run++) {
        const seed = base + run;
        const started = performance.now();
        const result = await checkCluster(spec, { ...checkOpts, strategy: 'dfs' as const, seed, timeLimitMs: checkOpts.timeLimitMs ?? 60_000 });
        const elapsed = (performance.now() - started) / 1000;
        io.out(`Random run ${run + 1} of ${opts.runs} (depth-first, seed ${seed}):\n`);
        if (result.status !== 'inconclusive' || run === opts.runs - 1) {
          io.out(textReport(result, { verbosity: opts.verboseLevel, elapsedSeconds: elapsed }) + '\n');
          return result.status === 'violated' ? EXIT_VIOLATION : result.status === 'holds' ? EXIT_HOLDS : EXIT_INCONCLUSIVE;
        }
        io.out(`    no violation before the limit; trying the next seed\n`);
      }
    }
    // -ig k: the named intents in groups of at most k, each its own search (reference §6.2);
    // the search stops at the first group with a failure unless -a.
    const groups: ClusterSpec['intents'][] = [];
    if (opts.intentsGroup > 0 && spec.intents.length > opts.intentsGroup) {
      for (let i = 0; i < spec.intents.length; i += opts.intentsGroup) groups.push(spec.intents.slice(i, i + opts.intentsGroup));
    } else groups.push(spec.intents);
    let status: 'holds' | 'violated' | 'inconclusive' = 'holds';
    for (const group of groups) {
      const started = performance.now();
      const result = await checkCluster({ ...spec, intents: group }, checkOpts);
      const elapsed = (performance.now() - started) / 1000;
      if (opts.fileDebug >= 1) writeFailures(opts, result, groups.length > 1 ? `group-${groups.indexOf(group) + 1}-` : '');
      if (opts.report !== undefined) writeReport(opts.report, htmlReport(result, { ...spec, intents: group }, Math.max(1, opts.verboseLevel)));
      if (opts.json !== undefined) writeReport(opts.json, JSON.stringify(jsonReport(result, undefined, spec), null, 2) + '\n');
      if (opts.sarif !== undefined) writeReport(opts.sarif, JSON.stringify(sarifReport(result, spec), null, 2) + '\n');
      if (opts.junit !== undefined) writeReport(opts.junit, junitReport(result) + '\n');
      if (opts.format === 'json') io.out(JSON.stringify(jsonReport(result, undefined, spec), null, groups.length > 1 ? undefined : 2) + '\n');
      else if (opts.format === 'junit') io.out(junitReport(result) + '\n');
      else if (opts.format === 'github') emitGithub(io, githubReport(result, spec));
      else if (opts.format === 'sarif') io.out(JSON.stringify(sarifReport(result, spec), null, 2) + '\n');
      else io.out(textReport(result, { verbosity: opts.verboseLevel, elapsedSeconds: elapsed }) + '\n');
      if (result.status === 'violated') status = 'violated';
      else if (result.status === 'inconclusive' && status === 'holds') status = 'inconclusive';
      if (result.status === 'violated' && !opts.allViolation) break;
    }
    if (status === 'violated') return EXIT_VIOLATION;
    if (status === 'inconclusive') return EXIT_INCONCLUSIVE;
    return EXIT_HOLDS;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`kivi: ${e.format()}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
