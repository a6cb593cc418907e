/**
 * `--format junit`: one test case per intent (and, in the scaling search, per setup checked).
 * A violated intent is a <failure> carrying its counterexample; an intent a limit left unchecked
 * is an <error>, so a CI never reads it as a pass.
 */
import type { CheckResult } from '../check.js';
import { printable } from '../model/printable.js';
import type { ScalingResult } from '../scaling/search.js';
import { scalingStopSentence } from './scaling.js';
import { counterexampleLines } from './text.js';
import { capacityProofSentence } from './capacity.js';
import { unaccountedSentence, warningText, type Unmodelled } from './unmodelled.js';

/** XML text of one line, its control characters escaped first (printable.ts; XML 1.0 cannot carry most of them). */
function esc(s: string): string {
  return printable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cases(r: CheckResult, suite: string): { xml: string[]; failures: number; errors: number } {
  const xml: string[] = [];
  let failures = 0;
  let errors = 0;
  const seconds = r.stats.seconds.toFixed(3);
  for (const intent of r.intents) {
    const f = r.failures.find((x) => x.intent === intent);
    xml.push(`    <testcase classname="kivi.${esc(suite)}" name="${esc(intent)}" time="${seconds}">`);
    if (f) {
      failures++;
      xml.push(`      <failure message="${esc(`${intent} can be violated`)}" type="violation">${counterexampleLines(f, 1).map(esc).join('\n')}</failure>`);
    } else if (r.limit) {
      errors++;
      xml.push(`      <error message="${esc(`not fully checked: the search hit its ${r.limit} limit`)}" type="inconclusive"/>`);
    } else if (r.unaccounted) {
      errors++;
      xml.push(`      <error message="${esc(`not a pass: ${unaccountedSentence(r.unaccounted.length)}`)}" type="inconclusive">${r.unaccounted.map(warningText).map(esc).join('\n')}</error>`);
    }
    // docs/model.md §8.2.8: the hold was proved by counting, not by a search.
    if (!f && r.capacityProof) xml.push(`      <system-out>${esc(capacityProofSentence(r.capacityProof))}</system-out>`);
    xml.push('    </testcase>');
  }
  for (const f of r.failures.filter((x) => x.intent === null)) {
    failures++;
    xml.push(`    <testcase classname="kivi.${esc(suite)}" name="${esc(`invalid end state: ${f.stuckProcess}`)}" time="${seconds}">`);
    xml.push(`      <failure message="${esc(`${f.stuckProcess} is stuck`)}" type="deadlock">${counterexampleLines(f, 1).map(esc).join('\n')}</failure>`);
    xml.push('    </testcase>');
  }
  return { xml, failures, errors };
}

/**
 * Every input feature kivi does not model, one a line (`not modelled: ` or, when it cannot
 * change the verdict, `not modelled (does not touch the checked cluster): `).
 */
function systemErr(r: Unmodelled): string[] {
  const all = r.unmodelled ?? [];
  if (all.length === 0) return [];
  const lines = all.map((w) => `${w.affectsCheck ? 'not modelled' : 'not modelled (does not touch the checked cluster)'}: ${warningText(w)}`);
  return [`    <system-err>${lines.map(esc).join('\n')}</system-err>`];
}

function document(suites: Array<{ name: string; r: CheckResult }>): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const body: string[] = [];
  for (const { name, r } of suites) {
    const c = cases(r, name);
    const count = r.intents.length + r.failures.filter((x) => x.intent === null).length;
    tests += count;
    failures += c.failures;
    errors += c.errors;
    body.push(`  <testsuite name="${esc(name)}" tests="${count}" failures="${c.failures}" errors="${c.errors}" time="${r.stats.seconds.toFixed(3)}">`, ...c.xml, ...systemErr(r), '  </testsuite>');
  }
  out.push(`<testsuites name="kivi" tests="${tests}" failures="${failures}" errors="${errors}">`, ...body, '</testsuites>');
  return out.join('\n');
}

export function junitReport(r: CheckResult): string {
  return document([{ name: r.cluster, r }]);
}

/** The scaling search: one test case per setup checked, in order; a violating one carries its trace. */
export function junitScalingReport(r: ScalingResult, name: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = r.outcomes.filter((o) => o.status === 'violated').length;
  const stop = scalingStopSentence(r);
  const unaccounted = !stop && r.status === 'inconclusive' && r.unaccounted !== undefined && r.inconclusive.length === 0;
  const extra = unaccounted || stop ? 1 : 0;
  const errors = r.outcomes.filter((o) => o.status === 'inconclusive').length + extra;
  const tests = r.outcomes.length + extra;
  out.push(`<testsuites name="kivi" tests="${tests}" failures="${failures}" errors="${errors}">`);
  out.push(`  <testsuite name="${esc(`${name} scaling search`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${r.seconds.toFixed(3)}">`);
  for (const o of r.outcomes) {
    out.push(`    <testcase classname="kivi.${esc(name)}" name="${esc(`setup #${o.index + 1} ${o.description}`)}">`);
    const f = r.failing.find((x) => x.index === o.index);
    if (f) {
      const lines = f.result.failures.flatMap((x) => [`${x.intent ?? `invalid end state: ${x.stuckProcess}`}:`, ...counterexampleLines(x, 1)]);
      out.push(`      <failure message="${esc(`violates ${f.result.failures.map((x) => x.intent ?? 'an end state').join(', ')}`)}" type="violation">${lines.map(esc).join('\n')}</failure>`);
    } else if (o.status === 'inconclusive') {
      out.push('      <error message="not fully checked: the search hit a limit" type="inconclusive"/>');
    }
    out.push('    </testcase>');
  }
  if (stop) {
    // The search stopped before it was a proof: a test case that says so, so a CI gate never
    // reads "every test passed".
    out.push(`    <testcase classname="kivi.${esc(name)}" name="the search as a whole">`);
    out.push(`      <error message="${esc(`not a pass: ${stop}`)}" type="inconclusive"/>`);
    out.push('    </testcase>');
  }
  if (unaccounted) {
    out.push(`    <testcase classname="kivi.${esc(name)}" name="unmodelled input">`);
    out.push(`      <error message="${esc(`not a pass: ${unaccountedSentence(r.unaccounted!.length)}`)}" type="inconclusive">${r.unaccounted!.map(warningText).map(esc).join('\n')}</error>`);
    out.push('    </testcase>');
  }
  out.push(...systemErr(r), '  </testsuite>', '</testsuites>');
  return out.join('\n');
}
