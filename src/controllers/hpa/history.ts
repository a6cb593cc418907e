/**
 * The HPA controller's memory, kept in the state (docs/model.md §8.3.3): upstream's
 * `recommendations` (timestamped unstabilized recommendations) and `scaleUpEvents` /
 * `scaleDownEvents` (timestamped replica changes), per deployment, in fixed slots newest first.
 * They are bounded: HPA runs are at least 151 ticks apart (§6.1), and an entry no future run can
 * read is dropped, so a window of W ticks holds at most ⌊(W − 1)/151⌋ + 1 entries. Of the
 * recommendations only those that can still decide a stabilization are kept (one newer and at
 * least as large hides an older one from every later maximum, one newer and at most as large
 * from every later minimum), so equal futures give equal states.
 */
import { H_FLAGS, H_RECS, H_WAKE, HF_SEEN, HF_WAKE } from '../../model/layout.js';

/** The slot counts of the history region (a Layout has them). */
export interface HistoryShape {
  readonly hpaRecSlots: number;
  readonly hpaEventSlots: number;
}

/** Offset of the scale-up (up = true) or scale-down events of the history at `at`. */
export function eventsAt(shape: HistoryShape, at: number, up: boolean): number {
  return at + H_RECS + 2 * shape.hpaRecSlots + (up ? 0 : 2 * shape.hpaEventSlots);
}

/** Put the pair (time, value) first in a list of n pairs at base, dropping the last pair. */
function pushFront(s: Int32Array, base: number, n: number, time: number, value: number): void {
  if (n === 0) return;
  for (let i = n - 1; i > 0; i--) {
    s[base + 2 * i] = s[base + 2 * i - 2];
    s[base + 2 * i + 1] = s[base + 2 * i - 1];
  }
  s[base] = time;
  s[base + 1] = value;
}

/** `recordInitialRecommendation`: the first time the HPA looks at it, the current count is a recommendation. */
export function recordInitialRecommendation(s: Int32Array, at: number, shape: HistoryShape, now: number, current: number): void {
  if ((s[at + H_FLAGS] & HF_SEEN) !== 0) return;
  s[at + H_FLAGS] |= HF_SEEN;
  pushFront(s, at + H_RECS, shape.hpaRecSlots, now, current + 1);
}

/** Record an unstabilized recommendation at `now` and drop what no later stabilization can read. */
export function recordRecommendation(
  s: Int32Array, at: number, shape: HistoryShape, now: number, rec: number, upWindow: number, downWindow: number,
): void {
  pushFront(s, at + H_RECS, shape.hpaRecSlots, now, rec + 1);
  pruneRecommendations(s, at, shape, now, upWindow, downWindow);
}

/**
 * Keep a recommendation while it can still decide a later stabilization: younger than the
 * scale-down window and larger than every newer one (a maximum), or younger than the scale-up
 * window and smaller than every newer one (a minimum).
 */
export function pruneRecommendations(s: Int32Array, at: number, shape: HistoryShape, now: number, upWindow: number, downWindow: number): void {
  const base = at + H_RECS;
  const n = shape.hpaRecSlots;
  let newerMax = -1;
  let newerMin = 0x7fffffff;
  let w = 0;
  let i = 0;
  for (; i < n; i++) {
    const v1 = s[base + 2 * i + 1];
    if (v1 === 0) break;
    const age = now - s[base + 2 * i];
    const v = v1 - 1;
    const keep = (age < downWindow && v > newerMax) || (age < upWindow && v < newerMin);
    if (v > newerMax) newerMax = v;
    if (v < newerMin) newerMin = v;
    if (!keep) continue;
    s[base + 2 * w] = s[base + 2 * i];
    s[base + 2 * w + 1] = v1;
    w++;
  }
  for (let k = w; k < i; k++) {
    s[base + 2 * k] = 0;
    s[base + 2 * k + 1] = 0;
  }
}

/** `getReplicasChangePerPeriod`: the replicas changed by the events younger than `period`. */
export function replicasChangePerPeriod(s: Int32Array, base: number, slots: number, now: number, period: number): number {
  let sum = 0;
  for (let i = 0; i < slots; i++) {
    const change = s[base + 2 * i + 1];
    if (change === 0) break;
    if (now - s[base + 2 * i] < period) sum += change; // timestamp.After(now − period)
  }
  return sum;
}

/**
 * `storeScaleEvent`: a rescale by `change` replicas in one direction. The outdated event it
 * replaces (older than that direction's longest policy period, `markScaleEventsOutdated`) is
 * the oldest such one; upstream takes the last in its slice order (docs/model.md §8.3.3).
 */
export function storeScaleEvent(
  s: Int32Array, at: number, shape: HistoryShape, now: number, up: boolean, change: number, longestPeriod: number,
): void {
  const base = eventsAt(shape, at, up);
  const n = shape.hpaEventSlots;
  let last = -1;
  let outdated = -1;
  for (let i = 0; i < n && s[base + 2 * i + 1] !== 0; i++) {
    last = i;
    if (now - s[base + 2 * i] > longestPeriod) outdated = i;
  }
  if (outdated >= 0) {
    for (let i = outdated; i < last; i++) {
      s[base + 2 * i] = s[base + 2 * i + 2];
      s[base + 2 * i + 1] = s[base + 2 * i + 3];
    }
    s[base + 2 * last] = 0;
    s[base + 2 * last + 1] = 0;
  }
  pushFront(s, base, n, now, change);
}

/** Drop the events of one direction that are `keepBelow` ticks old or older (no policy reads them). */
export function pruneEvents(s: Int32Array, base: number, slots: number, now: number, keepBelow: number): void {
  for (let i = 0; i < slots; i++) {
    if (s[base + 2 * i + 1] === 0) break;
    if (now - s[base + 2 * i] >= keepBelow) {
      for (let k = i; k < slots; k++) {
        s[base + 2 * k] = 0;
        s[base + 2 * k + 1] = 0;
      }
      break;
    }
  }
}

/**
 * Shift every timestamp of the history at `at` by −t (the time abstraction, docs/model.md §6.2);
 * a wake-up time that has passed becomes 0: due.
 */
export function shiftHistory(s: Int32Array, at: number, shape: HistoryShape, t: number): void {
  const pairs = shape.hpaRecSlots + 2 * shape.hpaEventSlots;
  for (let i = 0, p = at + H_RECS; i < pairs; i++, p += 2) if (s[p + 1] !== 0) s[p] -= t;
  if ((s[at + H_FLAGS] & HF_WAKE) !== 0) s[at + H_WAKE] = Math.max(0, s[at + H_WAKE] - t);
}

/** A wake-up is pending for the history at `at`. */
export function wakePending(s: Int32Array, at: number): boolean {
  return (s[at + H_FLAGS] & HF_WAKE) !== 0;
}

export function wakeTime(s: Int32Array, at: number): number {
  return s[at + H_WAKE];
}

/** Set (time > 0 … any time) or clear (time 0) the wake-up. */
export function setWake(s: Int32Array, at: number, time: number, on: boolean): void {
  if (on) {
    s[at + H_FLAGS] |= HF_WAKE;
    s[at + H_WAKE] = time;
  } else {
    s[at + H_FLAGS] &= ~HF_WAKE;
    s[at + H_WAKE] = 0;
  }
}

/** Smallest of `best` and `x` among the times after `now` (0 = none). */
function earliest(best: number, x: number, now: number): number {
  return x > now && (best === 0 || x < best) ? x : best;
}

/**
 * The first time after `now` at which a stored entry leaves a window or a period it is read in:
 * only then can the same metrics give another answer (0: never).
 */
export function nextExpiry(
  s: Int32Array, at: number, shape: HistoryShape, now: number, upWindow: number, downWindow: number,
  periodsUp: Int32Array | null, periodsDown: Int32Array | null,
): number {
  let best = 0;
  for (let k = 0, p = at + H_RECS; k < shape.hpaRecSlots && s[p + 1] !== 0; k++, p += 2) {
    if (upWindow > 0) best = earliest(best, s[p] + upWindow, now);
    if (downWindow > 0) best = earliest(best, s[p] + downWindow, now);
  }
  for (let dir = 0; dir < 2; dir++) {
    const base = eventsAt(shape, at, dir === 0);
    for (let k = 0; k < shape.hpaEventSlots && s[base + 2 * k + 1] !== 0; k++) {
      const t = s[base + 2 * k];
      if (periodsUp) for (let i = 0; i < periodsUp.length; i++) best = earliest(best, t + periodsUp[i], now);
      if (periodsDown) for (let i = 0; i < periodsDown.length; i++) best = earliest(best, t + periodsDown[i], now);
    }
  }
  return best;
}
