/** Warnings about input kivi reads but does not model: each said once, naming file and field. */
export class Warnings {
  private readonly seen = new Set<string>();
  readonly lines: string[] = [];

  add(message: string, file?: string, object?: string, field?: string): void {
    const line = [file, object, field, message].filter((p) => p !== undefined && p !== '').join(': ');
    if (this.seen.has(line)) return;
    this.seen.add(line);
    this.lines.push(line);
  }
}
