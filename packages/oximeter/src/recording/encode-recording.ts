import { toHex } from '../internal/hex.js'
import type { RawChunk } from './raw-chunk.js'
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordingHeader,
  type RecordingHeaderInit,
} from './recording-header.js'

/**
 * The header line of a recording (JSON, newline-terminated).
 *
 * @example
 * encodeRecordingHeader({ protocol: 'contec-v7', clock: 'host', startTimeMs: 1_700_000_000_000 })
 * // '{"format":"openward-recording","version":1,"protocol":"contec-v7",...}\n'
 * @category recording
 */
export function encodeRecordingHeader(init: RecordingHeaderInit): string {
  const header: RecordingHeader = { format: RECORDING_FORMAT, version: RECORDING_VERSION, ...init }
  return `${JSON.stringify(header)}\n`
}

/**
 * One body line: `<offsetMs> <rx|tx|ev> <channel> <payload>\n`, where the offset is
 * `chunk.timeMs − startTimeMs` written in full precision and the payload is lower-case hex of
 * the bytes exactly as received (or the event name for `ev`).
 *
 * @example
 * encodeChunkLine({ timeMs: 1016, direction: 'rx', channel: 'serial', bytes: Uint8Array.of(1, 0x80) }, 1000)
 * // '16 rx serial 0180\n'
 * @category recording
 */
export function encodeChunkLine(chunk: RawChunk, startTimeMs: number): string {
  const offset = chunk.timeMs - startTimeMs
  return chunk.direction === 'event'
    ? `${offset} ev ${chunk.channel} ${chunk.event}\n`
    : `${offset} ${chunk.direction} ${chunk.channel} ${toHex(chunk.bytes)}\n`
}
