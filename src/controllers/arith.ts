/** C integer arithmetic as the reference model uses it (docs/model.md §2.1). */

/** C division: truncates toward zero. */
export function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** `ceilDiv(a, b)` for non-negative a and positive b. */
export function ceilDiv(a: number, b: number): number {
  const q = Math.trunc(a / b);
  return a % b === 0 ? q : q + 1;
}
