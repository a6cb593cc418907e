/**
 * A mistake in the user's input: reported as one line naming where it is, exit code 2, no stack
 * trace (`../shared/spec/README.md` decision 8).
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** e.g. `Deployment/php-apache` or `case c3`. */
    readonly object?: string,
    /** e.g. `spec.replicas`. */
    readonly field?: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `file: Deployment/x: spec.replicas: must be >= 0`. */
  format(): string {
    return [this.file, this.object, this.field, this.message].filter((p) => p !== undefined && p !== '').join(': ');
  }
}
