/**
 * Every file the `kivi` command writes goes through here: reports, -jf, -fd debug files,
 * --output, -lf and the GitHub step summary (docs/reliability.md, "Outputs").
 *
 * - The paths are checked before the run: a path inside a folder kivi reads its input from, or
 *   two options naming one file, is a usage error (exit 2) and nothing is written.
 * - Reports, -jf, --output and -lf are kept in memory during the run and written at its end:
 *   each to a temporary file in the same folder, then renamed over the target, so an
 *   interrupted or failing run never leaves a half-written or emptied file. A target that is
 *   not a regular file (a terminal, a pipe, /dev/null) is written directly.
 * - A write that fails is exit 2, with the path and the system's reason.
 */
import { accessSync, appendFileSync, constants, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { makeFolder } from '../parsers/files.js';
import type { Io } from './context.js';

/** `ENOSPC: no space left on device`: the system's reason, without Node's call name. */
export function systemReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = typeof err?.message === 'string' ? err.message.split(', ')[0] : String(e);
  return err?.code && !message.startsWith(err.code) ? `${err.code}: ${message}` : message;
}

/** Writes `text` through a temporary file beside `file` and a rename; throws the system's error. */
export function writeAtomically(file: string, text: string): void {
  let special = false;
  try {
    special = !statSync(file).isFile();
  } catch {
    // Not there yet: a new regular file.
  }
  if (special) {
    writeFileSync(file, text);
    return;
  }
  const temp = join(dirname(file), `.${basename(file)}.kivi-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created.
    }
    throw e;
  }
}

/** Writes `text`; on failure returns the system's reason, else undefined. */
export function tryWrite(file: string, text: string, how: { append?: boolean; mkdir?: boolean } = {}): string | undefined {
  try {
    if (how.mkdir) makeFolder(dirname(file));
    if (how.append) appendFileSync(file, text);
    else writeAtomically(file, text);
    return undefined;
  } catch (e) {
    return systemReason(e);
  }
}

/** The resolved path, through symbolic links where the file (or its folder) exists. */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

interface Staged {
  flag: string;
  file: string;
  text: string;
  /** -lf: added to the end of the file as it is, not written over it. */
  appendToFile: boolean;
}

/** Why nothing can be written at `file` (its folder missing or read-only, or it is a folder), or undefined. */
function unwritable(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return 'EISDIR: illegal operation on a directory';
  } catch {
    // Not there yet: its folder decides.
  }
  const dir = dirname(resolve(file));
  try {
    if (!statSync(dir).isDirectory()) return 'ENOTDIR: not a directory';
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return systemReason(e);
  }
}

/** A write that failed at the end of the run: exit 2. */
export interface WriteFailure {
  flag: string;
  file: string;
  reason: string;
}

/** The output files of one run, written at its end. */
export class Outputs {
  private readonly staged = new Map<string, Staged>();
  private readonly claimed = new Map<string, string>();

  /** `inputFolders`: the folders kivi reads input from (nothing may be written inside them). */
  constructor(private readonly inputFolders: readonly string[]) {}

  /**
   * Claims `file` for `flag` before the run: the reason it may not be written, or undefined.
   * Refused: a path inside an input folder, or one another option already names.
   */
  claim(flag: string, file: string, folder = false): string | undefined {
    const path = canonical(file);
    for (const folder of this.inputFolders) {
      if (inside(path, canonical(folder))) return `${flag} ${file}: refusing to write inside the input folder ${folder} (kivi reads every file there)`;
    }
    const other = this.claimed.get(path);
    if (other !== undefined && other !== flag) return `${flag} ${file}: ${other} already writes that file`;
    this.claimed.set(path, flag);
    const why = folder ? undefined : unwritable(file);
    return why === undefined ? undefined : `${file}: ${flag}: cannot be written (${why})`;
  }

  /**
   * Keeps `text` for `file` until the end of the run. `how.accumulate`: added to what is kept
   * for it (standard output); `how.appendToFile`: added to the end of the file (-lf).
   */
  stage(flag: string, file: string, text: string, how: { accumulate?: boolean; appendToFile?: boolean } = {}): void {
    const key = canonical(file);
    const prior = this.staged.get(key);
    if (prior && how.accumulate) prior.text += text;
    else this.staged.set(key, { flag, file, text, appendToFile: how.appendToFile ?? false });
  }

  /** Writes every staged file; returns the writes that failed. */
  commit(): WriteFailure[] {
    const failures: WriteFailure[] = [];
    for (const s of this.staged.values()) {
      try {
        if (s.appendToFile) {
          // -lf appends: the old content and the new go to a temporary file, then the rename.
          let old = '';
          try {
            old = statSync(s.file).isFile() ? readFileSync(s.file, 'utf8') : '';
          } catch {
            old = '';
          }
          writeAtomically(s.file, old + s.text);
        } else {
          writeAtomically(s.file, s.text);
        }
      } catch (e) {
        failures.push({ flag: s.flag, file: s.file, reason: systemReason(e) });
      }
    }
    this.staged.clear();
    return failures;
  }
}

/** -fd: a file in the debug folder (created on first use), written at once. */
export function writeDebugFile(dir: string, name: string, text: string): string | undefined {
  return tryWrite(join(dir, name), text, { mkdir: true });
}

/**
 * --output and -lf: standard output is kept and written to the file at the end of the run
 * (-lf appends). Returns the redirected io.
 */
export function redirectOutput(ioIn: Io, outputs: Outputs, output: string | undefined, logFile: string | undefined): Io {
  if (logFile !== undefined) return { ...ioIn, out: (text: string) => outputs.stage('--log-output-file', logFile, text, { accumulate: true, appendToFile: true }) };
  if (output !== undefined) return { ...ioIn, out: (text: string) => outputs.stage('--output', output, text, { accumulate: true }) };
  return ioIn;
}
