import * as E from 'fp-ts/lib/Either.js'

import { unknownTimeZone, type UnknownTimeZone } from './report-error.js'

/**
 * How the report states time.
 *
 * - `clock`: wall-clock time in an IANA zone, formatted by `Intl.DateTimeFormat`, so summer-time
 *   changes (BST → GMT in October) are the runtime's tz database, not our arithmetic.
 * - `elapsed`: time since the first sample, when the recording carries no real date (a CSV of
 *   offsets reads as 1970-01-01): the report says "date unknown" and never prints 1970.
 */
export type TimeAxis =
  | { readonly kind: 'clock'; readonly timeZone: string }
  | { readonly kind: 'elapsed'; readonly originMs: number; readonly reason: string }

/** The zone a report uses when none is given: the project's users are NHS services in the UK. */
export const DEFAULT_TIME_ZONE = 'Europe/London'

/**
 * Times before this are offsets, not dates: no overnight oximeter stored dated nights before 1990,
 * and a file of `t_seconds` rows becomes times in the first hours of 1970-01-01.
 */
export const EARLIEST_DATED_MS = Date.UTC(1990, 0, 1)

/** True when `timeZone` is an IANA zone this runtime can format in. */
export function checkTimeZone(timeZone: string): E.Either<UnknownTimeZone, string> {
  try {
    return E.right(new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone)
  } catch {
    return E.left(unknownTimeZone(timeZone))
  }
}

/**
 * Picks the axis for a recording starting at `firstMs`: clock time when the start is known to be a
 * date (`startKnown`), elapsed time when it is known not to be, else by {@link EARLIEST_DATED_MS}.
 */
export function timeAxisFor(firstMs: number, timeZone: string, startKnown?: boolean): TimeAxis {
  return (startKnown === undefined ? firstMs < EARLIEST_DATED_MS : !startKnown)
    ? {
        kind: 'elapsed',
        originMs: firstMs,
        reason: 'date unknown: the recording carries times since its start, not a date',
      }
    : { kind: 'clock', timeZone }
}

const clockFormats = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>()
const zoneFormats = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>()
const dateFormats = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>()

function cached(map: Map<string, Intl.DateTimeFormat>, tz: string, options: Intl.DateTimeFormatOptions) {
  let f = map.get(tz)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: tz })
    map.set(tz, f)
  }
  return f
}

/** `23:14` in the zone (24-hour clock). */
export function formatClock(ms: number, timeZone: string): string {
  return cached(clockFormats, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)
}

/** The zone's short name at that instant: `BST`, `GMT`, `CET`, or an offset such as `GMT+5:30`. */
export function zoneName(ms: number, timeZone: string): string {
  const parts = cached(zoneFormats, timeZone, { timeZoneName: 'short' }).formatToParts(ms)
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** `Fri 6 Mar 2026` in the zone. */
export function formatDate(ms: number, timeZone: string): string {
  return cached(dateFormats, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(ms)
}

/** Elapsed time as `h:mm`, or `h:mm:ss` with `withSeconds` (event times, where seconds matter). */
export function formatElapsed(ms: number, withSeconds = false): string {
  const s = Math.round(Math.max(0, ms) / 1000)
  const h = Math.floor(s / 3600)
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, '0')
  return withSeconds ? `${h}:${m}:${String(s % 60).padStart(2, '0')}` : `${h}:${m}`
}

/** Options of {@link formatTime}. */
export interface FormatTimeOptions {
  /** Append the zone's short name (`BST`, `GMT`). */
  readonly withZone?: boolean
  readonly withSeconds?: boolean
}

/**
 * A time as the report prints it: clock time (with the zone name when `withZone`), or elapsed time
 * since the first sample prefixed with `+` (to the second when `withSeconds`).
 */
export function formatTime(ms: number, axis: TimeAxis, options: FormatTimeOptions = {}): string {
  if (axis.kind === 'elapsed') return `+${formatElapsed(ms - axis.originMs, options.withSeconds)}`
  const clock = options.withSeconds === true ? formatClockSeconds(ms, axis.timeZone) : formatClock(ms, axis.timeZone)
  return options.withZone === true ? `${clock} ${zoneName(ms, axis.timeZone)}` : clock
}

const secondsFormats = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>()

/** `23:14:05` in the zone. */
export function formatClockSeconds(ms: number, timeZone: string): string {
  return cached(secondsFormats, timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms)
}

/** One labelled tick of a time axis. */
export interface TimeTick {
  readonly timeMs: number
  readonly label: string
}

const STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240]

/**
 * Ticks for `[startMs, endMs]`: at most `maxTicks`, on round minutes of the step. Clock ticks sit on
 * round UTC minutes: round local minutes too in whole-hour zones (all of the UK, every step) and
 * in half- and quarter-hour zones for steps up to 15 min (longer steps there fall on :30 or :45). The first
 * tick, and any tick where the zone name changes (the October BST → GMT hour), carry the zone name,
 * so `01:00 BST` and `01:00 GMT` are told apart.
 */
export function timeTicks(startMs: number, endMs: number, axis: TimeAxis, maxTicks = 10): TimeTick[] {
  const spanMin = Math.max(1, (endMs - startMs) / 60_000)
  const stepMin = STEPS_MIN.find((s) => spanMin / s <= maxTicks) ?? 360
  const stepMs = stepMin * 60_000
  const origin = axis.kind === 'elapsed' ? axis.originMs : 0
  const ticks: TimeTick[] = []
  let zone = ''
  for (let t = origin + Math.ceil((startMs - origin) / stepMs) * stepMs; t <= endMs; t += stepMs) {
    if (axis.kind === 'elapsed') {
      ticks.push({ timeMs: t, label: `+${formatElapsed(t - origin)}` })
      continue
    }
    const name = zoneName(t, axis.timeZone)
    ticks.push({
      timeMs: t,
      label: name === zone ? formatClock(t, axis.timeZone) : `${formatClock(t, axis.timeZone)} ${name}`,
    })
    zone = name
  }
  return ticks
}

const offsetFormats = /* @__PURE__ */ new Map<string, Intl.DateTimeFormat>()

/** The zone's offset from UTC at an instant, in minutes (Europe/London: 0 in winter, 60 in summer). */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const parts = cached(offsetFormats, timeZone, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instantMs)
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return Math.round((wall - Math.floor(instantMs / 1000) * 1000) / 60_000)
}

/**
 * The offset (minutes) that turns a wall-clock time in the zone, written as if it were UTC (as
 * oximeters store their start time: no zone), into the real instant: `instant = wall - offset`.
 * The offset depends on the instant being sought, so each candidate is checked. A wall time in the
 * hour that happens twice (October) takes the first, summer-time, reading; one in the hour that is
 * skipped (March) takes the winter offset (01:30 reads as 02:30 BST).
 */
export function wallTimeOffsetMinutes(wallMs: number, timeZone: string): number {
  // The zone's offsets half a day either side cover both sides of any change near this time.
  const before = zoneOffsetMinutes(wallMs - 12 * 3_600_000, timeZone)
  const after = zoneOffsetMinutes(wallMs + 12 * 3_600_000, timeZone)
  const fits = [before, after].filter((o) => zoneOffsetMinutes(wallMs - o * 60_000, timeZone) === o)
  // Repeated hour: both fit, the larger offset is the earlier instant. Skipped hour: none fits,
  // and the offset before the change is used (as ECMAScript Temporal's 'compatible' does).
  return fits.length > 0 ? Math.max(...fits) : before
}
