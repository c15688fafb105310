import { type TaggedError, taggedError } from '@openward/core'

/** The time zone is not an IANA zone this runtime knows (`Intl.DateTimeFormat` refused it). */
export interface UnknownTimeZone extends TaggedError<'UnknownTimeZone'> {
  readonly timeZone: string
}

/** Everything {@link overnightReport} can refuse. */
export type ReportError = UnknownTimeZone

/** @category constructors */
export const unknownTimeZone = (timeZone: string): UnknownTimeZone =>
  taggedError('UnknownTimeZone', `unknown time zone '${timeZone}' (give an IANA name such as Europe/London)`, {
    timeZone,
  })
