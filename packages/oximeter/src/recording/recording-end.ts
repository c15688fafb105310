import { type TaggedError, taggedError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * The end marker: the last line a writer puts in a recording when it has finished deliberately,
 * `#end <n>\n`, where `n` is the number of body lines (rx, tx, ev, sa) before it. A recording cut
 * short (a writer killed mid-write, a disk that filled, a copy interrupted) has no marker, or one
 * whose count disagrees, and is reported as incomplete instead of being read as a whole night
 * (docs/recording-format.md, "End marker"). It starts with `#`, so readers that predate it skip
 * it as an annotation.
 *
 * @category recording
 */
export const RECORDING_END_PREFIX = '#end '

/** The end marker line for a recording of `bodyLines` body lines. @category recording */
export const encodeRecordingEnd = (bodyLines: number): string => `${RECORDING_END_PREFIX}${bodyLines}\n`

/**
 * Why a recording cannot be shown to be whole: it has no end marker (cut short, or written before
 * markers existed), or the marker's line count differs from the lines present.
 *
 * @category recording
 */
export interface IncompleteRecording extends TaggedError<'IncompleteRecording'> {
  readonly reason: 'no-end-marker' | 'count-mismatch'
  readonly bodyLines: number
  /** The count the marker states, when there is one. */
  readonly declared: number | null
}

/** @category recording */
export const incompleteRecording = (
  reason: IncompleteRecording['reason'],
  bodyLines: number,
  declared: number | null,
): IncompleteRecording =>
  taggedError(
    'IncompleteRecording',
    reason === 'no-end-marker'
      ? `no end marker after ${bodyLines} body lines: the recording may have been cut short (or was written before end markers existed)`
      : `the end marker counts ${declared} body lines but the recording has ${bodyLines}: lines are missing`,
    { reason, bodyLines, declared },
  )

/** The count of a `#end <n>` line, or undefined when the line is not an end marker. */
export function parseRecordingEnd(line: string): number | undefined {
  if (!line.startsWith(RECORDING_END_PREFIX)) return undefined
  const text = line.slice(RECORDING_END_PREFIX.length).trim()
  return /^\d+$/.test(text) ? Number(text) : undefined
}

/**
 * Whether a recording's (decompressed) text ends with a valid end marker: a scan of line starts
 * only, with no parsing of the lines, so a caller can check a long night cheaply before or after
 * replaying it. Right(body line count) when whole; Left({@link IncompleteRecording}) otherwise.
 * Damaged lines are the reader's business ({@link createRecordingReader}), not this check's.
 *
 * @example
 * checkRecordingEnd('{"format":"openward-recording",...}\n0 sa - {...}\n#end 1\n') // Right(1)
 * @category recording
 */
export function checkRecordingEnd(text: string): E.Either<IncompleteRecording, number> {
  let bodyLines = 0
  let declared: number | null = null
  let sawHeader = false
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const first = text.charCodeAt(start)
    // Skip empty lines ("\n" or "\r\n"); '#' lines are annotations, except the end marker.
    if (end > start && !(end === start + 1 && first === 13)) {
      if (first === 35) {
        // A marker counts only with its line end: "#end 12" cut to "#end 1" must not pass.
        const n = end < text.length ? parseRecordingEnd(text.slice(start, end)) : undefined
        if (n !== undefined) declared = n
      } else if (!sawHeader) sawHeader = true
      else {
        // A body line after the marker means the marker is not the end.
        if (declared !== null) declared = null
        bodyLines++
      }
    }
    start = end + 1
  }
  if (declared === null) return E.left(incompleteRecording('no-end-marker', bodyLines, null))
  if (declared !== bodyLines) return E.left(incompleteRecording('count-mismatch', bodyLines, declared))
  return E.right(bodyLines)
}
