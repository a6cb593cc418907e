/** What every mode of the `kivi` command is given, and the exit codes they return. */
import type { CheckOptions } from '../check.js';
import { printable } from '../model/printable.js';
import type { Outputs } from './files.js';
import type { CliOptions } from './options.js';

export const EXIT_HOLDS = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCONCLUSIVE = 3;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress on a terminal (stderr); omitted when not interactive. */
  progress?: (text: string) => void;
  /** Reads standard input (`kivi check -`); default: file descriptor 0. Tests run the CLI in-process with their own. */
  stdin?: () => string;
}

export interface ModeContext {
  /** Standard output already redirected by --output and -lf. */
  io: Io;
  opts: CliOptions;
  /** The search options the flags give (limits, strategy, -pr mN, the interruption signal). */
  check: CheckOptions;
  /** The output files, written at the end of the run (files.ts). */
  outputs: Outputs;
}

export function exitCode(status: 'holds' | 'violated' | 'inconclusive'): number {
  return status === 'violated' ? EXIT_VIOLATION : status === 'inconclusive' ? EXIT_INCONCLUSIVE : EXIT_HOLDS;
}

export function printWarnings(io: Io, lines: readonly string[]): void {
  for (const w of lines) io.err(`kivi: warning: ${printable(w)}\n`);
}
