/**
 * pobm 1.0.5's relative desaturation detector (`DesaturationsMeasures`, `threshold_method=Relative`),
 * reimplemented from the description in `spo2-analytics.md` §2.2 (steps 1–8); pobm is GPL-3.0 and
 * its code was neither read nor copied. Indices are 0-based samples at an assumed 1 Hz.
 */

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
  const n = x.length
  const events: PobmRawEvent[] = []
  let a = 1
  scan: while (a + 10 <= n) {
    const xa = x[a]!
    const step = xa - x[a - 1]!
    if (!(xa > 25 && step >= -threshold && step <= -1)) {
      a += 1
      continue
    }
    // Descent: follow the non-increasing signal until it has fallen `threshold` below x[a].
    let b = a + 1
    for (;;) {
      if (!(x[b]! <= x[b - 1]!)) break
      if (xa - x[b]! >= threshold) break
      b += 1
      if (b >= n - 1) break scan
    }
    if (!(xa - x[b]! >= threshold)) {
      a += 1
      continue
    }
    // Recovery: back within 1 point of A, or risen `threshold` from the nadir, at least 10 samples after A.
    let c = b + 1
    if (c >= n) break
    for (;;) {
      if ((xa - x[c]! <= 1 || x[c]! - x[b]! >= threshold) && c - a >= 10) {
        if (c - a <= maxLength) events.push({ a, b, c, d: pobmEventEnd(x, a, c, maxLength) })
        a = c + 1
        continue scan
      }
      c += 1
      if (c > n - 1) break scan
      if (x[b]! >= x[c - 1]!) b = c - 1
    }
  }
  return events
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
  for (let i = begin; i < end; i++) {
    const v = x[i]!
    if (Number.isNaN(v)) return i
    if (v < x[best]!) best = i
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
  const groups: { begin: number; end: number }[] = []
  let prevRawEnd = -minDist - 5
  for (const ev of raw) {
    const last = groups[groups.length - 1]
    if (last === undefined || ev.a - prevRawEnd > minDist) groups.push({ begin: ev.a, end: ev.d })
    else last.end = Math.max(last.end, ev.d)
    prevRawEnd = ev.d
  }
  return groups
    .filter((g) => g.end - g.begin > minLength)
    .map((g) => ({ begin: g.begin, end: g.end, nadir: pobmNadir(x, g.begin, g.end) }))
}

/**
 * The whole pobm relative detector on a preprocessed 1 Hz series.
 *
 * @example
 * const events = pobmDesaturations(pobmPreprocess(values), { threshold: 3 })
 * @category pobm
 */
export function pobmDesaturations(x: ArrayLike<number>, options: PobmDesaturationOptions = {}): PobmEvent[] {
  const raw = pobmRawDesaturations(x, options.threshold ?? 3, options.maxLength ?? 90)
  return pobmGroupEvents(x, raw, options.minDistMetaEvent ?? 0, options.minLength ?? 0)
}
