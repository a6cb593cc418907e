/**
 * Every file the `kivi` command writes goes through here: reports, -jf, -fd debug files,
 * --output, -lf and the GitHub step summary.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { makeFolder } from '../parsers/files.js';
import { dirname, join } from 'node:path';
import { InputError } from '../model/errors.js';
import type { Io } from './context.js';

interface WriteHow {
  append?: boolean;
  /** Create the file's folder first. */
  mkdir?: boolean;
}

/** Writes `text`; on failure returns why (the error code), else undefined. */
export function tryWrite(file: string, text: string, how: WriteHow = {}): string | undefined {
  try {
    if (how.mkdir) makeFolder(dirname(file));
    if (how.append) appendFileSync(file, text);
    else writeFileSync(file, text);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}

/** Writes `text`, or fails as an input error that names `flag` and the file. */
export function writeFileFor(flag: string, file: string, text: string, how: WriteHow = {}): void {
  const why = tryWrite(file, text, how);
  if (why !== undefined) throw new InputError(`cannot be written (${why})`, undefined, flag, file);
}

/** -fd: a file in the debug folder (created on first use). */
export function writeDebugFile(dir: string, name: string, text: string): void {
  writeFileFor('--debug-dir', join(dir, name), text, { mkdir: true });
}

/**
 * --output empties its file and sends standard output there; -lf appends to its file and
 * prints instead when it cannot. Returns the redirected io, or undefined (after saying why)
 * when --output cannot be written.
 */
export function redirectOutput(ioIn: Io, output: string | undefined, logFile: string | undefined): Io | undefined {
  let io = ioIn;
  if (output !== undefined) {
    const why = tryWrite(output, '');
    if (why !== undefined) {
      io.err(`kivi: ${output}: cannot be written (${why})\n`);
      return undefined;
    }
    io = { ...io, out: (text: string) => appendFileSync(output, text) };
  }
  if (logFile !== undefined) {
    const out = io.out;
    io = {
      ...io,
      out: (text: string) => {
        const why = tryWrite(logFile, text, { append: true });
        if (why === undefined) return;
        out(text);
        io.err(`kivi: ${logFile}: cannot be written (${why}); printing instead\n`);
      },
    };
  }
  return io;
}
