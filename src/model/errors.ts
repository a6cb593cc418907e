import { printable } from './printable.js';

/**
 * A mistake in the user's input: reported as one line naming where it is, exit code 2, no stack
 * trace (docs/model.md §12, decision 8). The message is the whole line:
 * `file: Deployment/x: spec.replicas: must be >= 0`.
 */
export class InputError extends Error {
  constructor(
    /** What is wrong, e.g. `must be an integer >= 0, got -1`. */
    readonly reason: string,
    /** e.g. `Deployment/php-apache` or `case c3`. */
    readonly object?: string,
    /** e.g. `spec.replicas`. */
    readonly field?: string,
    readonly file?: string,
  ) {
    super([file, object, field, reason].filter((p) => p !== undefined && p !== '').join(': '));
    this.name = 'InputError';
  }

  /** The message on one line, control characters escaped (printable.ts). */
  format(): string {
    return printable(this.message);
  }
}
