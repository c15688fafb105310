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

export function stalenessWatch(staleAfterMs: number, from?: StalenessWatchState): StalenessWatch {
  let watchStartMs = from?.watchStartMs ?? null
  let lastArrival = from?.lastValidArrivalMs ?? null
  let lastValid = from?.lastValidMs ?? null
  let staleSince = from?.staleSinceMs ?? null
  let resumedFrom: number | null = null
  return {
    arrived(arrivalMs, validMs) {
      watchStartMs ??= arrivalMs
      if (validMs === null) return false
      lastArrival = arrivalMs
      lastValid = validMs
      resumedFrom = staleSince
      staleSince = null
      return resumedFrom !== null
    },
    tick(nowMs) {
      watchStartMs ??= nowMs
      if (staleSince !== null) return false
      const since = lastArrival ?? watchStartMs
      if (nowMs - since < staleAfterMs) return false
      staleSince = lastValid ?? watchStartMs
      return true
    },
    lastValidMs: () => lastValid,
    // While stale: the current silence; just after `arrived` returned true: the silence it ended.
    staleSinceMs: () => staleSince ?? resumedFrom,
    snapshot: () => ({
      watchStartMs,
      lastValidArrivalMs: lastArrival,
      lastValidMs: lastValid,
      staleSinceMs: staleSince,
    }),
  }
}
