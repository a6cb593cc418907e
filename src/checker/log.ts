/**
 * Messages a transition prints (`model.md` §12). The search loop passes `null` and controllers
 * build no strings then; only the replay of a counterexample path collects them.
 */
export interface Log {
  /** level 1 = the steps that matter (shown by default), 2 = controller internals, 3+ = detail. */
  emit(level: number, component: string, text: string): void;
}

export interface LogLine {
  level: number;
  component: string;
  text: string;
}

export class LineLog implements Log {
  readonly lines: LogLine[] = [];
  emit(level: number, component: string, text: string): void {
    this.lines.push({ level, component, text });
  }
}
