/**
 * Names are data (docs/reliability.md, "Names are data"): a value from the input (a name, a
 * label, a path) that reaches a terminal or a CI log has its control characters escaped, so it
 * can neither move the cursor nor start a new line that a CI runner would read as a workflow
 * command (`::error ...`).
 */

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` on one line, every control character written as an escape (`\n`, `\x1b`, `\u2028`). */
export function printable(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`));
}
