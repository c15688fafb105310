import { decodeWith, OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { fromHex } from '../internal/hex.js'
import { type CorruptRecording, corruptRecording } from './corrupt-recording.js'
import type { RawChunk } from './raw-chunk.js'
import { parseRecordingEnd, RECORDING_END_PREFIX } from './recording-end.js'
import { RECORDING_FORMAT, RECORDING_VERSION, RecordingHeader } from './recording-header.js'

/** What one {@link RecordingReader.push} found. @category recording */
export interface RecordingReadOutput {
  /** Set on the push that completed the header line. */
  readonly header?: RecordingHeader
  /** Valid chunks, in file order. */
  readonly chunks: readonly RawChunk[]
  /** The first damaged line; the reader reads nothing after it. */
  readonly error?: CorruptRecording
  /**
   * Set by {@link RecordingReader.end}: true when the recording closed with a valid end marker
   * (`#end <n>`), false when it has none (cut short, or written before markers existed).
   */
  readonly complete?: boolean
}

/**
 * An incremental recording parser: text in (any split), header and chunks out. Never throws.
 *
 * @category recording
 */
export interface RecordingReader {
  push(text: string): RecordingReadOutput
  /** The input ended: a last line without its `\n` is reported as truncated (and not returned). */
  end(): RecordingReadOutput
}

const OFFSET = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/
const decodeHeader = /* @__PURE__ */ decodeWith(RecordingHeader)

/**
 * Creates a {@link RecordingReader}. Lines are split on `\n` (a `\r` before it is ignored);
 * empty lines and lines starting with `#` are skipped.
 *
 * @category recording
 */
export function createRecordingReader(): RecordingReader {
  let tail = ''
  let line = 0
  let offset = 0
  let header: RecordingHeader | undefined
  let failed = false
  let bodyLines = 0
  let ended = false

  const push = (text: string): RecordingReadOutput => {
    if (failed) return { chunks: [] }
    const lines = (tail + text).split('\n')
    tail = lines.pop() ?? ''
    const chunks: RawChunk[] = []
    let newHeader: RecordingHeader | undefined
    for (const raw of lines) {
      line++
      const result =
        header === undefined
          ? parseHeader(raw)
          : raw.startsWith(RECORDING_END_PREFIX)
            ? endMarker(raw, bodyLines)
            : ended && !isSkipped(raw)
              ? E.left('data after the end marker')
              : parseBody(raw, header.startTimeMs)
      if (E.isLeft(result)) {
        failed = true
        return {
          chunks,
          error: corruptRecording(line, offset, result.left),
          ...(newHeader ? { header: newHeader } : {}),
        }
      }
      offset += raw.length + 1
      if (result.right === 'end') {
        ended = true
        continue
      }
      if (result.right === null) continue
      if (header !== undefined) bodyLines++
      if ('format' in result.right) header = newHeader = result.right
      else chunks.push(result.right)
    }
    return newHeader === undefined ? { chunks } : { header: newHeader, chunks }
  }

  const end = (): RecordingReadOutput => {
    if (failed) return { chunks: [] }
    failed = true
    if (tail.trim() !== '')
      return { chunks: [], error: corruptRecording(line + 1, offset, 'truncated: the last line has no line end') }
    if (header === undefined) return { chunks: [], error: corruptRecording(line + 1, offset, 'no header line') }
    return { chunks: [], complete: ended }
  }
  return { push, end }
}

const isSkipped = (raw: string): boolean => raw === '' || raw === '\r' || raw.startsWith('#')

/** The end marker must count exactly the body lines before it (docs/recording-format.md, "End marker"). */
function endMarker(raw: string, bodyLines: number): E.Either<string, 'end'> {
  const declared = parseRecordingEnd(raw.endsWith('\r') ? raw.slice(0, -1) : raw)
  if (declared === undefined) return E.left('bad end marker (expected "#end <body line count>")')
  if (declared !== bodyLines)
    return E.left(`the end marker counts ${declared} body lines but ${bodyLines} precede it: lines are missing`)
  return E.right('end')
}

function parseHeader(raw: string): E.Either<string, RecordingHeader | null> {
  const text = raw.trim()
  if (text === '') return E.right(null)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return E.left('the first line is not an openward recording header (not JSON)')
  }
  const format = (json as { format?: unknown } | null)?.format
  const version = (json as { version?: unknown } | null)?.version
  if (format !== RECORDING_FORMAT) return E.left(`not an openward recording (format ${JSON.stringify(format)})`)
  if (version !== RECORDING_VERSION)
    return E.left(
      `recording format version ${String(version)} is not supported (this reader reads ${RECORDING_VERSION})`,
    )
  return E.mapLeft((e: { message: string }) => `bad header: ${e.message}`)(decodeHeader(json))
}

function parseBody(raw: string, startTimeMs: number): E.Either<string, RawChunk | null> {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  if (text === '' || text.startsWith('#')) return E.right(null)
  const fields = splitFields(text)
  if (fields === undefined) return E.left('expected "<offsetMs> <rx|tx|ev|sa> <channel> <payload>"')
  const [offsetText, kind, channel, payload] = fields
  if (!OFFSET.test(offsetText)) return E.left(`bad time offset "${offsetText.slice(0, 20)}"`)
  if (channel === '') return E.left('empty channel')
  const timeMs = startTimeMs + Number(offsetText)
  if (kind === 'ev') {
    if (payload !== 'connected' && payload !== 'disconnected') return E.left(`unknown event "${payload.slice(0, 20)}"`)
    return E.right({ timeMs, direction: 'event', channel, event: payload })
  }
  if (kind === 'sa') return parseSample(payload, timeMs, channel)
  if (kind !== 'rx' && kind !== 'tx') return E.left(`unknown chunk kind "${String(kind).slice(0, 8)}"`)
  const bytes = fromHex(payload)
  if (!(bytes instanceof Uint8Array)) return E.left(`bad hex payload at character ${bytes.badIndex}`)
  return E.right({ timeMs, direction: kind, channel, bytes })
}

/** Splits on the first three spaces; the payload (JSON for `sa`) may hold spaces. */
function splitFields(text: string): [string, string, string, string] | undefined {
  const a = text.indexOf(' ')
  const b = a < 0 ? -1 : text.indexOf(' ', a + 1)
  const c = b < 0 ? -1 : text.indexOf(' ', b + 1)
  if (c < 0) return undefined
  return [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1, c), text.slice(c + 1)]
}

const decodeSample = /* @__PURE__ */ decodeWith(OximetrySample)

function parseSample(payload: string, timeMs: number, channel: string): E.Either<string, RawChunk> {
  let json: unknown
  try {
    json = JSON.parse(payload)
  } catch {
    return E.left('sample payload is not JSON')
  }
  const sample = decodeSample(json)
  if (E.isLeft(sample)) return E.left(`bad sample: ${sample.left.message}`)
  return E.right({ timeMs, direction: 'sample', channel, sample: sample.right })
}

/** A whole recording, read. @category recording */
export interface Recording {
  readonly header: RecordingHeader
  readonly chunks: readonly RawChunk[]
  /** True when the recording ends with a valid end marker; false for one cut short or written before markers. */
  readonly complete: boolean
}

/**
 * Reads a whole recording text. A damaged or truncated line is an error (use
 * {@link createRecordingReader} to keep the chunks before it).
 *
 * @category recording
 */
export function decodeRecording(text: string): E.Either<CorruptRecording, Recording> {
  const reader = createRecordingReader()
  const body = reader.push(text)
  const last = body.error === undefined ? reader.end() : body
  if (last.error !== undefined) return E.left(last.error)
  if (body.header === undefined) return E.left(corruptRecording(1, 0, 'no header line'))
  return E.right({ header: body.header, chunks: body.chunks, complete: last.complete === true })
}
