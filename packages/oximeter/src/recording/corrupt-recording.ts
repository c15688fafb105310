import { type TaggedError, taggedError } from '@openward/core'

/**
 * A recording that cannot be read past some point: a damaged line, a truncated last line, a
 * header that is not a recording header. `line` is 1-based; `offset` is the number of characters
 * (of the decompressed text) before the start of that line. Every chunk before it is valid.
 *
 * @category recording
 */
export interface CorruptRecording extends TaggedError<'CorruptRecording'> {
  readonly line: number
  readonly offset: number
  readonly reason: string
}

/** @category recording */
export const corruptRecording = (line: number, offset: number, reason: string): CorruptRecording =>
  taggedError('CorruptRecording', `recording line ${line} (offset ${offset}): ${reason}`, { line, offset, reason })
