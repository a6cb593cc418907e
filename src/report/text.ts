/**
 * The reference's text report (docs/docs/model.md §2.3): numbered `[i][Component] message`
 * steps, then a Summary block. Differences, on purpose: step numbers are right at every
 * verbosity (the reference substituted every `*`), no trailing spaces, a deadlock names the
 * stuck process, an inconclusive search says so, and the Summary adds the search statistics.
 */
import type { CheckResult, Failure, LoopOutcome, SimulationOutcome } from '../check.js';
import type { SearchStats } from '../checker/result.js';
import { printable } from '../model/printable.js';
import { unaccountedSentence, unmodelledSummaryLines } from './unmodelled.js';
import { capacityProofSentence } from './capacity.js';

/** The displayed counterexample lines of a failure at verbosity `level`. */
export function counterexampleLines(f: Pick<Failure, 'intent' | 'stuckProcess' | 'stuckReason' | 'steps'>, level: number): string[] {
  const out: string[] = [];
  for (const step of f.steps) {
    for (const line of step.lines) {
      if (line.level > level) continue;
      const i = out.length;
      out.push(printable(line.component ? `[${i}][${line.component}] ${line.text}` : `[${i}] ${line.text}`));
    }
  }
  if (f.intent === null && level >= 1) {
    out.push(printable(`[${out.length}][Deadlock] Invalid end state: ${f.stuckProcess} can never move again${f.stuckReason ? `: ${f.stuckReason}` : ''}`));
  }
  return out;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function statsLine(st: SearchStats): string {
  const rate = Math.round(st.statesPerSecond).toLocaleString('en-US');
  return (
    `Explored: ${st.states.toLocaleString('en-US')} states, ${st.transitions.toLocaleString('en-US')} transitions, ` +
    `depth ${st.depth} (${st.strategy}), ${rate} states/s, peak memory ${mib(st.peakRssBytes)}, ` +
    `fingerprint collision probability ${st.collisionProbability.toExponential(1)}`
  );
}

/**
 * `Interleaving: fine, sleep-set reduction: 3,557 of 37,306 transitions pruned (9.5 %), every
 * state kept` (docs/model.md §7.6); the reduction never drops a state, so the states explored
 * are the unreduced count.
 */
export function interleavingLine(st: SearchStats): string {
  if (st.pruned === undefined) return 'Interleaving: fine, no reduction';
  const all = st.transitions + st.pruned;
  const pct = all > 0 ? ((100 * st.pruned) / all).toFixed(1) : '0.0';
  return `Interleaving: fine, sleep-set reduction: ${st.pruned.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} transitions pruned (${pct} %), all ${st.states.toLocaleString('en-US')} states kept`;
}

const LIMIT_TEXT = {
  states: 'the state limit (--max-states)',
  depth: 'the depth limit (--max-depth)',
  time: 'the time limit (--timeout)',
  memory: 'the memory limit (--max-memory)',
  aborted: 'an interruption (a signal or an abort request)',
} as const;

export interface TextReportOptions {
  verbosity: number;
  /** Seconds for the verification phase, shown as `Elapsed time`. */
  elapsedSeconds: number;
}

export function textReport(r: CheckResult, opts: TextReportOptions): string {
  const lines: string[] = [];
  lines.push(`Working on the intents: ${r.intents.join(' ')}`);
  if (r.failures.length > 0) {
    lines.push('========================');
    lines.push(`${r.failures.length} failure(s) are found!`);
    r.failures.forEach((f, i) => {
      lines.push(`-----Failure #${i + 1}-----`);
      lines.push('Counterexample:');
      lines.push(...counterexampleLines(f, opts.verbosity));
      lines.push('', '');
    });
  }
  lines.push('Summary:');
  if (r.status === 'violated') {
    lines.push(`    ${r.failures.length} failure(s) found!`);
    if (r.tiesLowest) lines.push('    Found taking every scheduler tie to the lowest-index node, after the search of every tie hit its limit: an execution kube-scheduler may take, not necessarily the shortest.');
    // A stuck drain is an invalid end state that breaks drain_completes (docs/model.md §10.1).
    const names = [...new Set(r.failures.map((f) => f.intent ?? f.endStateIntent).filter((x) => x !== undefined))];
    lines.push(`    Violating intent(s): ${names.join(' ')}`.trimEnd());
    for (const f of r.failures) if (f.intent === null) lines.push(`    Invalid end state: ${f.stuckProcess} is stuck`);
    if (r.limit) {
      lines.push(`    The search hit ${LIMIT_TEXT[r.limit]} before it finished: intents not listed above were not fully checked.`);
    }
  } else if (r.status === 'inconclusive' && r.unaccounted && !r.limit) {
    lines.push(`    Inconclusive: ${unaccountedSentence(r.unaccounted.length)}.`);
  } else if (r.status === 'inconclusive' && r.limit === 'aborted') {
    lines.push('    Inconclusive: interrupted, not a proof. No failure was found in the part explored.');
  } else if (r.status === 'inconclusive') {
    lines.push(`    Inconclusive: the search hit ${LIMIT_TEXT[r.limit ?? 'states']} before it finished.`);
    lines.push('    No failure was found in the part explored; that is not a proof that the intents hold.');
  } else {
    lines.push('    No failure is found!');
  }
  // docs/model.md §8.2.8: a hold (or one the unmodelled features make inconclusive) proved by counting.
  if (r.capacityProof && !r.limit) lines.push(`    ${capacityProofSentence(r.capacityProof)}`);
  lines.push(...unmodelledSummaryLines(r));
  lines.push(`    Elapsed time: ${Math.round(opts.elapsedSeconds * 100) / 100} seconds`);
  lines.push(`    ${statsLine(r.stats)}`);
  if (r.stats.interleaving === 'fine') lines.push(`    ${interleavingLine(r.stats)}`);
  lines.push('');
  return lines.map(printable).join('\n');
}

/** `-si`: the reference printed "Simulation result:" and the kept lines; kivi numbers them and names the seed. */
export function simulationReport(sim: SimulationOutcome, verbosity: number): string {
  const lines = [`Simulation result (seed ${sim.seed}; replay with --simulation --seed ${sim.seed}):`];
  lines.push(...counterexampleLines({ intent: sim.failure?.intent ?? '', stuckProcess: sim.failure?.stuckProcess, steps: sim.steps }, verbosity));
  if (sim.failure?.intent === null) lines.push(`[${lines.length - 1}][Deadlock] Invalid end state: ${sim.failure.stuckProcess} can never move again`);
  lines.push('', 'Summary:');
  if (sim.failure) {
    lines.push('    1 failure(s) found!');
    lines.push(sim.failure.intent ? `    Violating intent(s): ${sim.failure.intent}` : `    Invalid end state: ${sim.failure.stuckProcess} is stuck`);
  } else {
    const why = sim.end === 'step-bound' ? 'the step bound (--steps) was reached' : 'the cluster came to rest';
    lines.push(`    No failure on this run (${why}). One execution proves nothing about the others.`);
  }
  lines.push('');
  return lines.map(printable).join('\n');
}

/** `-l`: the path into the loop, then the loop itself after a START OF CYCLE marker (the reference's form). */
export function loopReport(r: LoopOutcome, verbosity: number, elapsedSeconds: number): string {
  const lines: string[] = [];
  if (r.status === 'loop') {
    const prefix = counterexampleLines({ intent: '', steps: r.prefix }, verbosity);
    const cycle = counterexampleLines({ intent: '', steps: r.cycle }, verbosity).map((l, i) => l.replace(/^\[\d+\]/, `[${prefix.length + 1 + i}]`));
    lines.push('========================', '1 failure(s) are found!', '-----Failure #1-----', 'Counterexample:');
    lines.push(...prefix, `[${prefix.length}] START OF CYCLE`, ...cycle, '', '');
  }
  if (r.status === 'violated' && r.failure) {
    lines.push('========================', '1 failure(s) are found!', '-----Failure #1-----', 'Counterexample:', ...counterexampleLines(r.failure, verbosity), '', '');
  }
  lines.push('Summary:');
  if (r.status === 'violated' && r.failure) {
    lines.push('    1 failure(s) found!');
    lines.push(r.failure.intent !== null ? `    Violating intent(s): ${r.failure.intent}` : `    Invalid end state: ${r.failure.stuckProcess} is stuck`);
  } else if (r.status === 'loop') lines.push('    1 failure(s) found!', '    Violating intent(s): loop (the steps after START OF CYCLE repeat forever)');
  else if (r.status === 'none') lines.push('    No failure is found! No reachable loop deletes and restarts pods or rescales.');
  else if (r.unaccounted && !r.limit) lines.push(`    Inconclusive: no reachable loop in the model, but kivi does not model ${r.unaccounted.length} feature(s) of the input that touch the checked workloads or nodes; pass --allow-unmodelled to accept that.`);
  else if (r.limit === 'aborted') lines.push('    Inconclusive: interrupted, not a proof.');
  else lines.push(`    Inconclusive: the search hit ${LIMIT_TEXT[r.limit ?? 'states']} before it finished.`);
  lines.push(...unmodelledSummaryLines(r));
  lines.push(`    Elapsed time: ${Math.round(elapsedSeconds * 100) / 100} seconds`, `    Explored: ${r.states.toLocaleString('en-US')} states (depth-first, loop detection)`, '');
  return lines.map(printable).join('\n');
}
