/**
 * Warnings about input kivi reads but does not model: each said once, naming file, line, object
 * and field. Each is recorded with whether it touches the checked cluster (`affectsCheck`,
 * docs/inputs.md "What kivi does not model"): a hold that depends on such a feature is
 * inconclusive.
 */
import type { InputWarning } from '../model/cluster.js';

export type { InputWarning };

export interface WarningDetail {
  /** 1-based line; default: the line of the object being read (`Warnings.at`). */
  line?: number;
  /** Default true: what kivi does not model is assumed to matter unless known otherwise. */
  affectsCheck?: boolean;
}

export class Warnings {
  private readonly seen = new Map<string, InputWarning>();
  /** The warnings as printed (`file: object: field: message`), in order. */
  readonly lines: string[] = [];
  /** The same warnings, structured. */
  readonly items: InputWarning[] = [];
  private current: WarningDetail = {};

  /** Returns the warning recorded (the earlier one when it was said before). */
  add(message: string, file?: string, object?: string, field?: string, detail: WarningDetail = {}): InputWarning {
    const line = [file, object, field, message].filter((p) => p !== undefined && p !== '').join(': ');
    const before = this.seen.get(line);
    if (before) return before;
    this.lines.push(line);
    const at = detail.line ?? this.current.line;
    const affectsCheck = detail.affectsCheck ?? this.current.affectsCheck ?? true;
    const w: InputWarning = {
      message,
      ...(file !== undefined && file !== '' ? { file } : {}),
      ...(at !== undefined ? { line: at } : {}),
      ...(object !== undefined && object !== '' ? { object } : {}),
      ...(field !== undefined && field !== '' ? { field } : {}),
      affectsCheck,
    };
    this.seen.set(line, w);
    this.items.push(w);
    return w;
  }

  /** A warning about something that cannot change the verdict (it is listed, never blocks a hold). */
  note(message: string, file?: string, object?: string, field?: string, line?: number): InputWarning {
    return this.add(message, file, object, field, { line, affectsCheck: false });
  }

  /** Runs `fn` with `detail` as the default of the warnings it adds (the line of the object read). */
  at<T>(detail: WarningDetail, fn: () => T): T {
    const saved = this.current;
    this.current = { ...saved, ...detail };
    try {
      return fn();
    } finally {
      this.current = saved;
    }
  }

  /** Those that touch the checked cluster. */
  affecting(): InputWarning[] {
    return this.items.filter((w) => w.affectsCheck);
  }
}

