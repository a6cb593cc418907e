/**
 * Small files with one job: no file under src/ is longer than 600 lines and no function longer
 * than 120 (README, "Architecture"). Functions are found with the TypeScript parser, so nested
 * functions and arrow functions count on their own too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 120;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every function-like node of a source text with its name and line count. */
export function functionLengths(fileName: string, text: string): Array<{ name: string; lines: number }> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const out: Array<{ name: string; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = (node as ts.FunctionLikeDeclaration).name;
      const name = named ? named.getText(sf) : `<anonymous at line ${first + 1}>`;
      out.push({ name, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('size limits', () => {
  it(`no file under src/ is longer than ${MAX_FILE_LINES} lines`, () => {
    const long = files(SRC)
      .map((f) => ({ f: relative(SRC, f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.n > MAX_FILE_LINES)
      .map((x) => `${x.f}: ${x.n} lines`);
    expect(long).toEqual([]);
  });

  it(`no function under src/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files(SRC).flatMap((f) =>
      functionLengths(f, readFileSync(f, 'utf8'))
        .filter((x) => x.lines > MAX_FUNCTION_LINES)
        .map((x) => `${relative(SRC, f)}: ${x.name}, ${x.lines} lines`),
    );
    expect(long).toEqual([]);
  });

  it('the measure counts a function from its first to its last line', () => {
    const text = 'export function f(a: number): number {\n  const g = () => {\n    return a;\n  };\n  return g();\n}\n';
    expect(functionLengths('x.ts', text)).toEqual([
      { name: 'f', lines: 6 },
      { name: '<anonymous at line 2>', lines: 3 },
    ]);
  });
});
