/** Shared by the reliability tests (issue 15; docs/reliability.md). */
import { run } from '../src/cli/run.js';

/** The CLI in this process: exit code, standard output and standard error. */
export async function kiviRun(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** "Billion laughs": nine levels of nine aliases, about 340 bytes, 9^9 ≈ 3.9·10^8 nodes expanded. */
export function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let prev = 'a';
  for (const n of 'bcdefghi') {
    lines.push(`${n}: &${n} [${new Array(9).fill(`*${prev}`).join(',')}]`);
    prev = n;
  }
  return lines.join('\n') + '\n';
}
