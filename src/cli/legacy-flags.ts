/**
 * The reference CLI used argparse flags with a single dash and several letters (`-cn`, `-to`,
 * `-log`, ...). Commander only knows one-letter short flags, so these are rewritten to their
 * long names before parsing (docs/model.md §12, decision 10).
 */
export const LEGACY_FLAGS: Record<string, string> = {
  '-cn': '--case-non-violation',
  '-to': '--timeout',
  '-log': '--input-logs',
  '-ig': '--intents-group',
  '-pc': '--pan-compile',
  '-pr': '--pan-runtime',
  '-jf': '--json-file-path',
  '-lf': '--log-output-file',
  '-fd': '--file-debug',
  '-si': '--simulation',
};

export function rewriteLegacyFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let afterDoubleDash = false;
  for (const arg of argv) {
    if (afterDoubleDash) out.push(arg);
    else if (arg === '--') {
      afterDoubleDash = true;
      out.push(arg);
    } else {
      const eq = arg.indexOf('=');
      const flag = eq >= 0 ? arg.slice(0, eq) : arg;
      // Own keys only: `-c __proto__` is a value, not Object.prototype.
      const long = Object.hasOwn(LEGACY_FLAGS, flag) ? LEGACY_FLAGS[flag] : undefined;
      out.push(long ? long + (eq >= 0 ? arg.slice(eq) : '') : arg);
    }
  }
  return out;
}
