/**
 * The fault suite (issue 15, item 8; docs/reliability.md, "The fault suite"): generated bad
 * inputs for every loader (each manifest kind, the profile's keys, kubectl output, the
 * descheduler policy, --cluster FILE, standard input) and every option, each run with a small
 * time and memory limit. For every input kivi exits 0–3 within the bound, prints no stack trace,
 * and answers a wrong input with exit 2 and one line on stderr naming the file and the field (or
 * the option). Most inputs run in this process through the CLI's `run` with captured output; a
 * few as real processes with a 256 MiB heap; the scaling search's with 1 and 2 worker threads.
 *
 * `npm test` runs a few hundred inputs from fixed seeds; `npm run fuzz` (KIVI_FUZZ_RUNS) many
 * more from a random seed that it prints (KIVI_FUZZ_SEED replays one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertSafe, errorLines, params, runInProcess, runProcess, timeoutFor, type FaultInput } from './fault-harness.js';
import { damage, damaged, editField, inputOf, layoutsOf, PROTO_NAMES, type Layout } from './fault-inputs.js';
import { BAD_FIELDS, BAD_OPTIONS } from './fault-table.js';

/** Every (field, value, layout) of the table, as fast-check picks them. */
const badField = fc
  .nat()
  .chain((i) => {
    const entry = BAD_FIELDS[i % BAD_FIELDS.length];
    return fc.record({ entry: fc.constant(entry), value: fc.constantFrom(...entry.values), layout: fc.constantFrom(...layoutsOf(entry.target)) });
  });

function mentionOf(entry: (typeof BAD_FIELDS)[number]): string {
  return entry.mention ?? String(entry.path[entry.path.length - 1]);
}

describe('the base inputs are valid: each ends in a verdict, not an error', () => {
  it.each<Layout>(['config', 'scale', 'inputs', 'stdin', 'logs'])('%s', async (layout) => {
    const input = inputOf(layout, () => {});
    const r = await runInProcess(input);
    assertSafe(r, input);
    expect(errorLines(r.err), r.err).toEqual([]);
    expect([0, 1, 3]).toContain(r.code);
  });
});

describe('a wrong value in any field of any loader: exit 2, one line naming the file and the field', () => {
  it('every entry of the table, in every layout it applies to', { timeout: timeoutFor(250) }, async () => {
    await fc.assert(
      fc.asyncProperty(badField, async ({ entry, value, layout }) => {
        const input = editField(layout, entry.target, entry.doc, entry.path, value);
        const r = await runInProcess(input);
        assertSafe(r, input, { error: true, file: input.file, mention: [mentionOf(entry)] });
      }),
      params(250),
    );
  });
});

describe('random damage to any file: a verdict or one error line, never a crash', () => {
  it('values of any type at any path, truncated files, random bytes, removed files', { timeout: timeoutFor(150) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Layout>('config', 'scale', 'inputs', 'stdin', 'logs'), fc.array(damage, { minLength: 1, maxLength: 3 }), async (layout, ds) => {
        const input = damaged(layout, ds);
        assertSafe(await runInProcess(input), input, { namesInput: true });
      }),
      params(150),
    );
  });
});

describe('wrong options and conflicting modes: exit 2, one line naming the option', () => {
  /** The options are given with a built-in case, or alone when they name the input themselves. */
  function optionInput(args: string[]): FaultInput {
    const ownInput = args.some((a) => a === '-c' || a === '-p' || a === '--live');
    return { files: [], argv: [...(ownInput ? [] : ['-c', 'c1']), '-o', ...args] };
  }

  it('every entry of the table', { timeout: timeoutFor(120) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BAD_OPTIONS), async ({ args, mention }) => {
        const input = optionInput(args);
        assertSafe(await runInProcess(input), input, { error: true, mention });
      }),
      params(120),
    );
  });

  it('random option values: a verdict or one error line', { timeout: timeoutFor(60) }, async () => {
    const flag = fc.constantFrom('--timeout', '--max-states', '--max-depth', '--seed', '--steps', '--search', '--format', '-v', '--intents-group', '--scale', '--load', '-c');
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTO_NAMES, '1', '2', '0', 'c3', 'bfs', 'json', 'app=0:100:50'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(flag, value), { minLength: 1, maxLength: 3 }), async (pairs) => {
        const input = { files: [], argv: ['-c', 'c1', '-o', ...pairs.flat()] };
        assertSafe(await runInProcess(input), input);
      }),
      params(60),
    );
  });
});

describe('the scaling search with 1 and 2 worker threads: the same exit code and message', () => {
  // Errors raised while a worker checks a setup come back as the same InputError (issue 15,
  // reproduction 5); here every profile and manifest entry of the table, and random damage.
  const scaleField = badField.filter(({ layout }) => layout === 'scale');
  it('bad fields and damage', { timeout: timeoutFor(30) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(scaleField.map(({ entry, value }) => editField('scale', entry.target, entry.doc, entry.path, value) as FaultInput), fc.array(damage, { minLength: 1, maxLength: 2 }).map((ds) => damaged('scale', ds))), async (input) => {
        const one = await runInProcess(input);
        assertSafe(one, input);
        const twoInput = { ...input, argv: input.argv.map((a) => (a === '1' ? '2' : a)) };
        const two = await runInProcess(twoInput);
        assertSafe(two, twoInput);
        expect(two.code, `${one.err}\n${two.err}`).toBe(one.code);
        expect(errorLines(two.err.replaceAll(two.dir, '$DIR'))).toEqual(errorLines(one.err.replaceAll(one.dir, '$DIR')));
      }),
      params(30),
    );
  });
});

describe('as real processes (256 MiB heap): the same rules, and no signal ends them', () => {
  const inputs: Array<[string, FaultInput & { file?: string }, boolean]> = [
    ['a bad quantity on standard input', editField('stdin', 'web', 0, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'], '12 cores'), true],
    ['a bad profile field with 2 workers', { ...editField('scale', 'profile', undefined, ['dTypes', 0, 'num'], -1), argv: ['-p', '$DIR', '--workers', '2'] }, true],
    ['a Pod on a missing node', editField('config', 'cluster', 3, ['spec', 'nodeName'], 'nowhere'), true],
    ['a bad kubectl output file', editField('logs', 'logs:setup/hpa.json', undefined, ['items', 0, 'spec', 'maxReplicas'], 0), true],
    ['conflicting modes', { files: [], argv: ['-c', 'c1', '-o', '-si', '-l'] }, true],
    ['random damage', damaged('config', [{ kind: 'text', file: 1, text: '\u0000\u00ff: [' }]), true],
  ];
  it.each(inputs)('%s', (_name, input, bad) => {
    const r = runProcess(input);
    expect(r.signal, r.err).toBeNull();
    assertSafe(r, input, { error: bad, file: input.file });
  });
});

/** Crashes and false answers the fault suite found, each kept as an input of its own. */
describe('found by the fault suite', () => {
  const toStringMap = { toString: 'prototype' };
  it.each<[string, FaultInput & { file?: string }, string]>([
    // String(value) of a YAML map with a key toString threw a TypeError (exit 70).
    ['a kubectl Node label whose value is a map with a key "toString"', editField('logs', 'logs:setup/nodes.json', undefined, ['items', 1, 'metadata', 'labels', 'zone'], toStringMap), 'label values must be strings, got {"toString":"prototype"}'],
    ['a profile label whose value is a map with a key "toString"', editField('config', 'profile', undefined, ['nodesTypes', 0, 'template', 'labels', 'zone'], toStringMap), 'label values must be strings'],
    ['a profile taint object whose key is a map', editField('config', 'profile', undefined, ['nodesTypes', 0, 'template', 'taint', 0], { key: toStringMap, effect: 'NoSchedule' }), 'must be a label key'],
    // The scaling search dropped a Pod pinned to a node that does not exist and checked the rest.
    ['a Pod on a missing node, scaling search', editField('scale', 'cluster', 3, ['spec', 'nodeName'], 'nowhere'), 'node "nowhere" does not exist'],
    // A Namespace's name was not validated: its labels counted under a name no namespace can have.
    ['a Namespace named Default_NS', editField('config', 'cluster', 0, ['metadata', 'name'], 'Default_NS'), '"Default_NS" is not a lowercase RFC 1123 label'],
    // Number("0x10") is 16: a hexadecimal timeout was accepted.
    ['--timeout 0x10', { files: [], argv: ['-c', 'c1', '-o', '--timeout', '0x10'] }, "'--timeout <seconds>' argument '0x10' is invalid"],
  ])('%s: exit 2 with one line', async (_name, input, message) => {
    const r = await runInProcess(input);
    assertSafe(r, input, { error: true, file: input.file, mention: [message] });
  });
});
