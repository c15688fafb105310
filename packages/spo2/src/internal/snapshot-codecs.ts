import * as t from 'io-ts'

/**
 * Codecs shared by the detectors' snapshot states. Snapshots are JSON, where NaN and ±Infinity do not
 * exist (they become `null`), so every state field is a finite number or an explicit `null`, and a
 * restored value that is not finite is refused rather than silently turned into a wrong state.
 */
export const FiniteNumber = new t.Type<number, number, unknown>(
  'FiniteNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** A finite number or `null` ("none yet"). */
export const NullableFinite = /* @__PURE__ */ t.union([FiniteNumber, t.null])

/** A count (non-negative integer). */
export const Count = new t.Type<number, number, unknown>(
  'Count',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** `-Infinity`/`NaN` ("none yet") ↔ `null`, for the engines that use them as sentinels internally. */
export const toNullable = (x: number): number | null => (Number.isFinite(x) ? x : null)
