/**
 * Messages a transition prints, with the objects each is about. The search loop passes `null`
 * and models build no strings or references then; only the replay of a counterexample path
 * collects them.
 */

/** An object a message is about; for Kubernetes `{kind: 'Pod', namespace, name}`. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface Log {
  /**
   * level 1 = the steps that matter (shown by default), 2 = controller internals, 3+ = detail.
   * `objects`: what the message is about, in the order it names them. `reason`: a short
   * machine-readable word for what happened (Kubernetes' event reasons: `Scheduled`, `Killing`,
   * `SuccessfulRescale`, …), for readers that must not parse the text.
   */
  emit(level: number, component: string, text: string, objects?: readonly ObjectRef[], reason?: string): void;
}

export interface LogLine {
  level: number;
  component: string;
  text: string;
  objects: readonly ObjectRef[];
  /** '' when the model gave none. */
  reason: string;
}

export class LineLog implements Log {
  readonly lines: LogLine[] = [];
  emit(level: number, component: string, text: string, objects: readonly ObjectRef[] = [], reason = ''): void {
    this.lines.push({ level, component, text, objects, reason });
  }
}
