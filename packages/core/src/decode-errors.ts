import { type TaggedError, taggedError } from './tagged-error.js'

/**
 * Errors that byte-level decoders and text importers share. Each names what was wrong and
 * where (`offset` in bytes, or `line` for text), so a diagnostic can point at the input.
 * Packages extend this union with their own tags rather than reusing a tag with another meaning.
 */

/** Input ended before a complete field or frame. @category model */
export interface Truncated extends TaggedError<'Truncated'> {
  readonly offset: number
  readonly expected: number
  readonly actual: number
}

/** A checksum or CRC did not match. @category model */
export interface ChecksumMismatch extends TaggedError<'ChecksumMismatch'> {
  readonly offset: number
  readonly expected: number
  readonly actual: number
}

/** Bits that the specification reserves were set. @category model */
export interface ReservedBitsSet extends TaggedError<'ReservedBitsSet'> {
  readonly offset: number
  readonly bits: number
}

/** A frame did not start with the expected sync/header byte(s). @category model */
export interface InvalidSync extends TaggedError<'InvalidSync'> {
  readonly offset: number
  readonly actual: number
}

/** A field held a value outside its defined range or an undefined code. @category model */
export interface InvalidField extends TaggedError<'InvalidField'> {
  readonly field: string
  readonly offset?: number
  readonly value?: unknown
}

/** More bytes than the frame or characteristic can hold. @category model */
export interface Overlong extends TaggedError<'Overlong'> {
  readonly expected: number
  readonly actual: number
}

/** A text input (CSV, JSON lines, EDF header) could not be parsed. @category model */
export interface ParseFailure extends TaggedError<'ParseFailure'> {
  readonly line?: number
  readonly column?: string
}

/** Valid input that this version does not support (an unknown protocol, an opcode we do not implement). @category model */
export interface Unsupported extends TaggedError<'Unsupported'> {
  readonly what: string
}

/** @category model */
export type DecodeError =
  Truncated | ChecksumMismatch | ReservedBitsSet | InvalidSync | InvalidField | Overlong | ParseFailure | Unsupported

/** @category constructors */
export const truncated = (offset: number, expected: number, actual: number, what = 'input'): Truncated =>
  taggedError('Truncated', `${what} truncated at byte ${offset}: needs ${expected} bytes, got ${actual}`, {
    offset,
    expected,
    actual,
  })

/** @category constructors */
export const checksumMismatch = (offset: number, expected: number, actual: number): ChecksumMismatch =>
  taggedError(
    'ChecksumMismatch',
    `checksum mismatch at byte ${offset}: expected 0x${expected.toString(16)}, got 0x${actual.toString(16)}`,
    { offset, expected, actual },
  )

/** @category constructors */
export const reservedBitsSet = (offset: number, bits: number): ReservedBitsSet =>
  taggedError('ReservedBitsSet', `reserved bits 0x${bits.toString(16)} set at byte ${offset}`, { offset, bits })

/** @category constructors */
export const invalidSync = (offset: number, actual: number): InvalidSync =>
  taggedError('InvalidSync', `no frame sync at byte ${offset} (found 0x${actual.toString(16)})`, { offset, actual })

/** @category constructors */
export const invalidField = (
  field: string,
  message: string,
  detail?: { offset?: number; value?: unknown },
): InvalidField => taggedError('InvalidField', `${field}: ${message}`, { field, ...detail })

/** @category constructors */
export const overlong = (expected: number, actual: number, what = 'input'): Overlong =>
  taggedError('Overlong', `${what} too long: at most ${expected} bytes, got ${actual}`, { expected, actual })

/** @category constructors */
export const parseFailure = (message: string, detail?: { line?: number; column?: string }): ParseFailure =>
  taggedError('ParseFailure', detail?.line === undefined ? message : `line ${detail.line}: ${message}`, { ...detail })

/** @category constructors */
export const unsupported = (what: string, message?: string): Unsupported =>
  taggedError('Unsupported', message ?? `unsupported: ${what}`, { what })
