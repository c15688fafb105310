/**
 * pobm 1.0.5's relative desaturation detector (`DesaturationsMeasures`, `threshold_method=Relative`),
 * reimplemented from the description in `spo2-analytics.md` §2.2 (steps 1–8); pobm is GPL-3.0 and
 * its code was neither read nor copied. Indices are 0-based samples at an assumed 1 Hz.
 */

import { checkPobmDesaturationOptions, optionsOrThrow } from './detector-options.js'

/** One raw A/B/C/D event of the pobm scan (before grouping). @category pobm */
export interface PobmRawEvent {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly d: number
}

/** A final (grouped) pobm event: sample indices; `end` is exclusive for the nadir search only. @category pobm */
export interface PobmEvent {
  readonly begin: number
  readonly end: number
  readonly nadir: number
}

/** Options of the pobm scan; defaults are pobm's constructor defaults. @category pobm */
export interface PobmDesaturationOptions {
  /** `ODI_Threshold` (points). Default 3. */
  readonly threshold?: number
  /** `desat_max_length` (samples). Default 90. */
  readonly maxLength?: number
  /** `min_dist_meta_event` (samples). Default 0. */
  readonly minDistMetaEvent?: number
  /** `desat_min_length` (samples, strict). Default 0. */
  readonly minLength?: number
}

/**
 * Steps 1–5: the A/B/C scan and the D point. NaN fails every comparison, as in pobm.
 *
 * @category pobm
 */
export function pobmRawDesaturations(x: ArrayLike<number>, threshold = 3, maxLength = 90): PobmRawEvent[] {
  const events: PobmRawEvent[] = []
  scanRaw(x, threshold, maxLength, (a, b, c, d) => events.push({ a, b, c, d }))
  return events
}

/**
 * The scan of {@link pobmRawDesaturations}, each raw event handed to `onRaw` (no object per raw event).
 * Each value is read once per step of a loop: the previous one is carried in a local (`prev`, `xb`, `xc`),
 * with exactly the comparisons of steps 1–4 (NaN included).
 */
function scanRaw(
  x: ArrayLike<number>,
  threshold: number,
  maxLength: number,
  onRaw: (a: number, b: number, c: number, d: number) => void,
): void {
  const n = x.length
  let a = 1
  let prev = n === 0 ? 0 : x[0]! // x[a - 1]
  scan: while (a + 10 <= n) {
    const xa = x[a]!
    const step = xa - prev
    prev = xa // x[a] is x[a - 1] of the next a, unless an event moves a past it
    if (!(xa > 25 && step >= -threshold && step <= -1)) {
      a += 1
      continue
    }
    // Descent: follow the non-increasing signal until it has fallen `threshold` below x[a].
    let b = a + 1
    let xb = x[b]!
    for (let before = xa; ;) {
      if (!(xb <= before)) break
      if (xa - xb >= threshold) break
      b += 1
      if (b >= n - 1) break scan
      before = xb
      xb = x[b]!
    }
    if (!(xa - xb >= threshold)) {
      a += 1
      continue
    }
    // Recovery: back within 1 point of A, or risen `threshold` from the nadir, at least 10 samples after A.
    let c = b + 1
    if (c >= n) break
    let xc = x[c]!
    for (;;) {
      if ((xa - xc <= 1 || xc - xb >= threshold) && c - a >= 10) {
        if (c - a <= maxLength) onRaw(a, b, c, pobmEventEnd(x, a, c, maxLength))
        a = c + 1
        prev = xc
        continue scan
      }
      c += 1
      if (c > n - 1) break scan
      // x[c - 1] is the value just passed: the lowest since B becomes the new B (ties move B on).
      if (xb >= xc) {
        b = c - 1
        xb = xc
      }
      xc = x[c]!
    }
  }
}

/** Step 5: the D point (event end). */
function pobmEventEnd(x: ArrayLike<number>, a: number, c: number, maxLength: number): number {
  const n = x.length
  const level = x[a]! - 1
  if (x[c]! >= level) return c
  for (let j = c - a; j <= maxLength - 1; j++) {
    if (a + j < n && x[a + j]! >= level) return a + j
  }
  return Math.min(a + maxLength, n - 1)
}

/**
 * `begin + argmin(x[begin:end])`: end exclusive, first minimum, and a NaN wins (NumPy `argmin`).
 *
 * @category pobm
 */
export function pobmNadir(x: ArrayLike<number>, begin: number, end: number): number {
  let best = begin
  let bestValue = x[begin]!
  for (let i = begin; i < end; i++) {
    const v = x[i]!
    if (Number.isNaN(v)) return i
    if (v < bestValue) {
      best = i
      bestValue = v
    }
  }
  return best
}

/**
 * Steps 6–7: meta-event grouping against the previous **raw** end (so final events can overlap),
 * then the strict minimum-length filter.
 *
 * @category pobm
 */
export function pobmGroupEvents(
  x: ArrayLike<number>,
  raw: readonly PobmRawEvent[],
  minDist = 0,
  minLength = 0,
): PobmEvent[] {
  // One pass, one object per kept group (a week at 1 Hz has tens of thousands of events: issue 19).
  const events: PobmEvent[] = []
  let begin = -1
  let end = -1
  const close = (): void => {
    if (begin >= 0 && end - begin > minLength) events.push({ begin, end, nadir: pobmNadir(x, begin, end) })
  }
  let prevRawEnd = -minDist - 5
  for (const ev of raw) {
    if (begin < 0 || ev.a - prevRawEnd > minDist) {
      close()
      begin = ev.a
      end = ev.d
    } else end = Math.max(end, ev.d)
    prevRawEnd = ev.d
  }
  close()
  return events
}

/**
 * The whole pobm relative detector on a preprocessed 1 Hz series.
 *
 * @example
 * const events = pobmDesaturations(pobmPreprocess(values), { threshold: 3 })
 * @category pobm
 */
export function pobmDesaturations(x: ArrayLike<number>, options: PobmDesaturationOptions = {}): PobmEvent[] {
  optionsOrThrow(checkPobmDesaturationOptions(options))
  const events: PobmEvent[] = []
  eachPobmEvent(x, options, (begin, end, nadir) => events.push({ begin, end, nadir }))
  return events
}

/**
 * {@link pobmDesaturations} with each final event handed to `onEvent` as it is found: the scan and the
 * grouping in one pass (grouping needs only the previous raw end), with no object per raw event or group,
 * so a week's batch summary allocates only the events it keeps (issue 19). Same events, same order.
 * `area` is Σ (100 − x[i]) over `begin … end` (end included, NaN skipped: pobm's AOD100 of the event),
 * taken in the pass that finds the nadir.
 *
 * @internal
 */
export function eachPobmEvent(
  x: ArrayLike<number>,
  options: PobmDesaturationOptions,
  onEvent: (begin: number, end: number, nadir: number, area: number) => void,
): void {
  const minDist = options.minDistMetaEvent ?? 0
  const minLength = options.minLength ?? 0
  let begin = -1
  let end = -1
  let prevRawEnd = -minDist - 5
  const close = (): void => {
    if (begin < 0 || end - begin <= minLength) return
    // pobmNadir (first minimum of x[begin:end], a NaN wins) and the area in one pass.
    let nadir = begin
    let nadirValue = x[begin]!
    let firstNaN = -1
    let area = 0
    const last = Math.min(end, x.length - 1)
    for (let i = begin; i <= last; i++) {
      const v = x[i]!
      if (Number.isNaN(v)) {
        if (firstNaN < 0 && i < end) firstNaN = i
      } else {
        area += 100 - v
        if (v < nadirValue && i < end) {
          nadir = i
          nadirValue = v
        }
      }
    }
    onEvent(begin, end, firstNaN < 0 ? nadir : firstNaN, area)
  }
  scanRaw(x, options.threshold ?? 3, options.maxLength ?? 90, (a, _b, _c, d) => {
    if (begin < 0 || a - prevRawEnd > minDist) {
      close()
      begin = a
      end = d
    } else end = Math.max(end, d)
    prevRawEnd = d
  })
  close()
}
