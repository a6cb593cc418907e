/**
 * Bounded parsing (issue 15, reproductions 4 and 9; docs/reliability.md, "Bounded parsing"):
 * limits that hold before anything walks a parsed file, and duplicate keys as errors naming
 * both lines.
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/model/errors.js';
import { MAX_DEPTH, MAX_DOCUMENTS } from '../src/parsers/bounded-yaml.js';
import { parseDocuments, readValue } from '../src/parsers/documents.js';
import { MAX_FILE_BYTES } from '../src/parsers/files.js';
import { aliasBomb, kiviRun } from './reliability-helpers.js';

/** What `f` throws, which must be an InputError. */
function thrown(f: () => unknown): InputError {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const dir = mkdtempSync(join(tmpdir(), 'kivi-parsing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reproduction 4: an alias bomb', () => {
  it('is an input error naming the file while parsing (before any walk could expand it)', () => {
    const bomb = aliasBomb();
    expect(bomb.length).toBeLessThan(500);
    const e = thrown(() => parseDocuments(bomb, 'bomb.yaml'));
    expect(e.file).toBe('bomb.yaml');
    expect(e.reason).toContain('too large once its aliases are expanded');
  });

  it('in a manifest, the profile and kubectl output: exit 2, one stderr line naming the file', async () => {
    const folder = join(dir, 'bomb');
    mkdirSync(join(folder, 'yaml'), { recursive: true });
    mkdirSync(join(folder, 'user_input'), { recursive: true });
    mkdirSync(join(folder, 'setup'), { recursive: true });
    for (const [rel, flag] of [['yaml/bomb.yaml', '-o'], ['user_input/cluster_configs.yaml', '-o'], ['setup/nodes.yaml', '-log']] as const) {
      const file = join(folder, rel);
      writeFileSync(file, aliasBomb());
      const r = await kiviRun('-p', folder, flag);
      expect(r.code, rel).toBe(2);
      expect(r.err.trimEnd().split('\n'), r.err).toEqual([`kivi: ${file}: too large once its aliases are expanded (more than 5,000,000 nodes): an alias bomb?`]);
      rmSync(file);
    }
  });

  it('aliases that stay small are read as before (a shared label map)', () => {
    const docs = parseDocuments('base: &labels {app: web, tier: front}\na: *labels\nb: *labels\n', 'ok.yaml');
    expect(docs[0].value).toEqual({ base: { app: 'web', tier: 'front' }, a: { app: 'web', tier: 'front' }, b: { app: 'web', tier: 'front' } });
  });
});

describe('reproduction 9: duplicate keys are an error naming both lines', () => {
  it('block mapping', () => {
    const e = thrown(() => parseDocuments('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    x: y\n  name: b\n', 'pod.yaml'));
    expect(e.message).toBe('pod.yaml: duplicate key "name" in one mapping: line 7, first at line 4');
  });

  it('a mapping in a list item', () => {
    const e = thrown(() => parseDocuments('containers:\n- name: a\n  image: x\n  name: b\n', 'c.yaml'));
    expect(e.message).toBe('c.yaml: duplicate key "name" in one mapping: line 4, first at line 2');
  });

  it('JSON (cluster_configs.json) and flow mappings', () => {
    const file = join(dir, 'dup.json');
    writeFileSync(file, '{\n  "dTypes": [],\n  "nodesTypes": [],\n  "dTypes": [1]\n}\n');
    expect(thrown(() => readValue(file)).message).toBe(`${file}: duplicate key "dTypes" in one mapping: line 4, first at line 2`);
    expect(thrown(() => parseDocuments('{a: 1, b: 2, a: 3}\n', 'f.yaml')).message).toBe('f.yaml: duplicate key "a" in one mapping: line 1, first at line 1');
  });

  it('the same key in two different mappings is fine', () => {
    expect(parseDocuments('a:\n  name: x\nb:\n  name: y\n', 'ok.yaml')[0].value).toEqual({ a: { name: 'x' }, b: { name: 'y' } });
  });
});

describe('limits on documents, nesting and size', () => {
  it(`more than ${MAX_DOCUMENTS} documents in one file`, () => {
    expect(thrown(() => parseDocuments('---\na: 1\n'.repeat(MAX_DOCUMENTS + 1), 'many.yaml')).reason).toContain('YAML documents in one file');
  });

  it(`nesting deeper than ${MAX_DEPTH}, in flow and block style, even far deeper than the stack`, () => {
    expect(thrown(() => parseDocuments('['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1), 'deep.yaml')).reason).toContain('nesting exceeded');
    expect(thrown(() => parseDocuments('['.repeat(200_000) + ']'.repeat(200_000), 'deeper.yaml')).file).toBe('deeper.yaml');
    const block = Array.from({ length: MAX_DEPTH + 2 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    expect(thrown(() => parseDocuments(block, 'block.yaml')).reason).toContain('nesting exceeded');
  });

  it(`a file larger than ${MAX_FILE_BYTES / 2 ** 20} MiB is not read`, () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, '');
    truncateSync(file, MAX_FILE_BYTES + 1); // sparse: nothing is written
    expect(thrown(() => readValue(file)).reason).toMatch(/more than the 64 MiB kivi reads/);
  });
});
