import * as t from 'io-ts'

import { NullableFinite } from '../internal/snapshot-codecs.js'

/**
 * The whole state of a pull-driven staleness watch, JSON-safe. `watchStartMs` is the first time the
 * watch saw (a push or a tick), from which silence counts while no valid sample has arrived;
 * `staleSinceMs` is the start of the current silence (the key of its `stale`/`current` pair).
 *
 * @category snapshots
 */
export const StalenessWatchState = /* @__PURE__ */ t.readonly(
  t.type({
    watchStartMs: NullableFinite,
    lastValidArrivalMs: NullableFinite,
    lastValidMs: NullableFinite,
    staleSinceMs: NullableFinite,
  }),
  'StalenessWatchState',
)
/** @category snapshots */
export type StalenessWatchState = t.TypeOf<typeof StalenessWatchState>

/**
 * Staleness by arrival time without a scheduler: the caller says what time it is (`tick`, or the
 * arrival time of a push), so a worker can drive many patients from one clock. Same rule as the
 * `staleness` operator (ISO 80601-2-61, 201.12.4.101: a value older than `staleAfterMs` is not current).
 */
export interface StalenessWatch {
  /** A sample arrived at `arrivalMs`; `validMs` is its sample time when it was valid. Returns true when it ends a silence. */
  arrived(arrivalMs: number, validMs: number | null): boolean
  /** Returns true when the watch became stale at `nowMs` (once per silence). */
  tick(nowMs: number): boolean
  lastValidMs(): number | null
  staleSinceMs(): number | null
  snapshot(): StalenessWatchState
}

/** `null` ("none yet") is held as NaN (a time the watch keeps is never NaN). */
const orNaN = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x)
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x)

// Slots of the watch's times.
const WATCH_START = 0
const LAST_ARRIVAL = 1
const LAST_VALID = 2
const STALE_SINCE = 3
const RESUMED_FROM = 4

/**
 * The times are held unboxed in one small Float64Array: an arrival time (epoch ms, not a small integer)
 * is stored on every push, and in an object field each store would keep a fresh heap number alive (one
 * allocation, one old-to-new pointer per sample for 50 000 patients in a burst).
 */
class Watch implements StalenessWatch {
  private readonly t = new Float64Array(5)

  constructor(
    private readonly staleAfterMs: number,
    from: StalenessWatchState | undefined,
  ) {
    const t = this.t
    t[WATCH_START] = orNaN(from?.watchStartMs)
    t[LAST_ARRIVAL] = orNaN(from?.lastValidArrivalMs)
    t[LAST_VALID] = orNaN(from?.lastValidMs)
    t[STALE_SINCE] = orNaN(from?.staleSinceMs)
    t[RESUMED_FROM] = Number.NaN
  }

  arrived(arrivalMs: number, validMs: number | null): boolean {
    const t = this.t
    if (Number.isNaN(t[WATCH_START]!)) t[WATCH_START] = arrivalMs
    if (validMs === null) return false
    t[LAST_ARRIVAL] = arrivalMs
    t[LAST_VALID] = validMs
    const resumedFrom = (t[RESUMED_FROM] = t[STALE_SINCE]!)
    t[STALE_SINCE] = Number.NaN
    return !Number.isNaN(resumedFrom)
  }

  tick(nowMs: number): boolean {
    const t = this.t
    if (Number.isNaN(t[WATCH_START]!)) t[WATCH_START] = nowMs
    if (!Number.isNaN(t[STALE_SINCE]!)) return false
    const since = Number.isNaN(t[LAST_ARRIVAL]!) ? t[WATCH_START]! : t[LAST_ARRIVAL]!
    if (nowMs - since < this.staleAfterMs) return false
    t[STALE_SINCE] = Number.isNaN(t[LAST_VALID]!) ? t[WATCH_START]! : t[LAST_VALID]!
    return true
  }

  lastValidMs(): number | null {
    return orNull(this.t[LAST_VALID]!)
  }

  // While stale: the current silence; just after `arrived` returned true: the silence it ended.
  staleSinceMs(): number | null {
    const t = this.t
    return orNull(Number.isNaN(t[STALE_SINCE]!) ? t[RESUMED_FROM]! : t[STALE_SINCE]!)
  }

  snapshot(): StalenessWatchState {
    const t = this.t
    return {
      watchStartMs: orNull(t[WATCH_START]!),
      lastValidArrivalMs: orNull(t[LAST_ARRIVAL]!),
      lastValidMs: orNull(t[LAST_VALID]!),
      staleSinceMs: orNull(t[STALE_SINCE]!),
    }
  }
}

export function stalenessWatch(staleAfterMs: number, from?: StalenessWatchState): StalenessWatch {
  return new Watch(staleAfterMs, from)
}
