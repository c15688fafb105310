import { describeThrown, getOrThrow, type TaggedError, taggedError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

/**
 * Gzip helpers on the standard `CompressionStream`/`DecompressionStream` (browsers, Node ≥ 18,
 * Deno, Bun), so the main entry needs no Node built-in. A `.owrec.gz` file is a gzip of the text.
 */

/**
 * Bytes that start like gzip (RFC 1952 §2.3.1 magic 1f 8b) but do not decompress: a truncated file
 * (a copy cut short), a damaged member (a bit flip fails the deflate stream, RFC 1951, or the CRC32 /
 * ISIZE trailer, RFC 1952 §2.3.1), or bytes after the member that are not another member.
 * `inflatedBytes` is how much decompressed before the platform gave up (so a caller can tell "nothing
 * at all" from "cut short"); `cause` is the platform's own words (for a cut-short file Node says
 * "unexpected end of file", Chromium "Compressed input was truncated."). Neither reports a byte offset.
 *
 * @category recording
 */
export interface DamagedGzip extends TaggedError<'DamagedGzip'> {
  readonly compressedBytes: number
  readonly inflatedBytes: number
  readonly cause: string
}

/** @category recording */
export const damagedGzip = (compressedBytes: number, inflatedBytes: number, cause: string): DamagedGzip =>
  taggedError(
    'DamagedGzip',
    `damaged gzip stream (${compressedBytes} bytes): ${cause.replace(/\.$/, '')}; ${inflatedBytes} bytes decompressed before it failed`,
    { compressedBytes, inflatedBytes, cause },
  )

/**
 * Gzip whose content is larger than the caller allows: a gzip bomb (a few KB that inflate to
 * gigabytes), or a recording far beyond any night, refused before it exhausts the memory of a tab or
 * a process. Decompression stops at the limit; `limitBytes` is the limit that was passed.
 *
 * @category recording
 */
export interface GzipTooLarge extends TaggedError<'GzipTooLarge'> {
  readonly compressedBytes: number
  readonly limitBytes: number
}

/** @category recording */
export const gzipTooLarge = (compressedBytes: number, limitBytes: number): GzipTooLarge =>
  taggedError(
    'GzipTooLarge',
    `gzip stream (${compressedBytes} bytes) decompresses to more than ${limitBytes} bytes; refused`,
    { compressedBytes, limitBytes },
  )

/** Why {@link gunzip} or {@link recordingText} failed. @category recording */
export type GunzipError = DamagedGzip | GzipTooLarge

/**
 * The default decompressed-size limit: 256 MiB, far above a month of 1 Hz readings as a recording,
 * and below what one JavaScript string can hold (V8's limit is about 2^29 characters), so the text
 * of anything accepted can be decoded.
 *
 * @category recording
 */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024

/** Options of {@link gunzip} and {@link recordingText}. @category recording */
export interface GunzipOptions {
  /** Refuse (`GzipTooLarge`) once more than this many bytes come out. Default {@link DEFAULT_MAX_INFLATED_BYTES}. */
  readonly maxInflatedBytes?: number
}

/** True when `bytes` start with the gzip magic number (RFC 1952 §2.3.1: 1f 8b). @category recording */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b

// Reads the decompressed stream piece by piece (rather than through one `Response`) so a failure can
// say how many bytes came out before it.
async function inflate(bytes: Uint8Array, maxInflatedBytes: number): Promise<E.Either<GunzipError, Uint8Array>> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader()
  const pieces: Uint8Array[] = []
  let length = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.length
      if (length > maxInflatedBytes) {
        // Stop pulling: the rest of the bomb is never inflated.
        await reader.cancel().catch(() => undefined)
        return E.left(gzipTooLarge(bytes.length, maxInflatedBytes))
      }
      pieces.push(value)
    }
  } catch (thrown) {
    return E.left(damagedGzip(bytes.length, length, describeThrown(thrown)))
  }
  const out = new Uint8Array(length)
  let at = 0
  for (const piece of pieces) {
    out.set(piece, at)
    at += piece.length
  }
  return E.right(out)
}

/**
 * Gzips bytes. It cannot fail on any input (compression accepts every byte sequence), so it is a
 * plain promise that always resolves rather than a `TaskEither` with nothing to put in its `Left`.
 *
 * @category recording
 */
export const gzip = async (bytes: Uint8Array): Promise<Uint8Array> => {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * Gunzips bytes. A lazy `TaskEither`: nothing runs until it is called, and its promise never
 * rejects; damaged, truncated or non-gzip bytes are a `Left` of {@link DamagedGzip}, and content
 * beyond `maxInflatedBytes` (default 256 MiB) a `Left` of {@link GzipTooLarge}.
 * {@link gunzipOrThrow} rejects with an `OpenwardError` instead.
 *
 * @example
 * const unzipped = await gunzip(fileBytes)()
 * if (E.isLeft(unzipped)) console.error(unzipped.left.message)
 * @category recording
 */
export const gunzip =
  (bytes: Uint8Array, options: GunzipOptions = {}): TE.TaskEither<GunzipError, Uint8Array> =>
  () =>
    inflate(bytes, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES)

/**
 * {@link gunzip} as a promise of the bytes that rejects with an `OpenwardError` holding the
 * {@link GunzipError}.
 *
 * @category recording
 */
export async function gunzipOrThrow(bytes: Uint8Array, options: GunzipOptions = {}): Promise<Uint8Array> {
  return getOrThrow(await gunzip(bytes, options)())
}

/**
 * The text of a recording file's bytes, gunzipping when they are gzip (by magic number). A lazy
 * `TaskEither` that never rejects: gzip bytes that do not decompress are a `Left` of
 * {@link DamagedGzip}, and gzip content beyond `maxInflatedBytes` a `Left` of {@link GzipTooLarge}. Whether the text is a valid recording is for `decodeRecording` /
 * `createRecordingReader` to say. {@link recordingTextOrThrow} rejects instead.
 *
 * @example
 * const text = await recordingText(fileBytes)()
 * if (E.isRight(text)) console.log(decodeRecording(text.right))
 * @category recording
 */
export const recordingText =
  (bytes: Uint8Array, options: GunzipOptions = {}): TE.TaskEither<GunzipError, string> =>
  async () => {
    if (!isGzip(bytes)) return E.right(new TextDecoder().decode(bytes))
    const unzipped = await gunzip(bytes, options)()
    return E.map((b: Uint8Array) => new TextDecoder().decode(b))(unzipped)
  }

/**
 * {@link recordingText} as a promise of the text that rejects with an `OpenwardError` holding the
 * {@link GunzipError}.
 *
 * @category recording
 */
export async function recordingTextOrThrow(bytes: Uint8Array, options: GunzipOptions = {}): Promise<string> {
  return getOrThrow(await recordingText(bytes, options)())
}
