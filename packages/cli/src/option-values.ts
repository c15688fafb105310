import { UsageError } from './usage-error.js'

/** The option's value if it is one of `allowed`; otherwise a usage error naming the choices. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`)
}

/** The option's value as a number from `lo` to `hi` (inclusive); otherwise a usage error. */
export function numberIn(value: string | undefined, lo: number, hi: number, flag: string): number {
  const n = Number(value)
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < lo || n > hi)
    throw new UsageError(`${flag} must be a number from ${lo} to ${hi}, got '${value}'`)
  return n
}

/** The option's value as a whole number from `lo` to `hi` (digits only); otherwise a usage error. */
export function integerIn(value: string | undefined, lo: number, hi: number, flag: string): number {
  const n = Number(value)
  if (value === undefined || !/^\d+$/.test(value) || n < lo || n > hi)
    throw new UsageError(`${flag} must be a whole number from ${lo} to ${hi}, got '${value}'`)
  return n
}

/** An ISO 8601 date-time with a zone (or Z) as ms since the epoch; otherwise a usage error. */
export function isoTime(value: string, flag: string): number {
  const ms = Date.parse(value)
  // A time without a zone would be read in the machine's zone: refuse it rather than guess.
  if (!/T\d\d:\d\d/.test(value) || !/(Z|[+-]\d\d:?\d\d)$/i.test(value) || Number.isNaN(ms))
    throw new UsageError(`${flag} must be an ISO time with a zone, e.g. 2026-03-06T22:20:00Z, got '${value}'`)
  return ms
}

/** `--utc-offset` in minutes (default 0), within the zones that exist (−12 h to +14 h). */
export function utcOffsetMinutes(value: string | undefined): number {
  return value === undefined ? 0 : numberIn(value, -720, 840, '--utc-offset')
}
