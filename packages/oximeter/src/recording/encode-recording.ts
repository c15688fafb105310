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
 * One body line: `<offsetMs> <rx|tx|ev|sa> <channel> <payload>\n`, where the offset is
 * `chunk.timeMs − startTimeMs` written in full precision and the payload is lower-case hex of
 * the bytes exactly as received, the event name for `ev`, or the sample as JSON for `sa`.
 *
 * @example
 * encodeChunkLine({ timeMs: 1016, direction: 'rx', channel: 'serial', bytes: Uint8Array.of(1, 0x80) }, 1000)
 * // '16 rx serial 0180\n'
 * @category recording
 */
export function encodeChunkLine(chunk: RawChunk, startTimeMs: number): string {
  const offset = chunk.timeMs - startTimeMs
  switch (chunk.direction) {
    case 'event':
      return `${offset} ev ${chunk.channel} ${chunk.event}\n`
    case 'sample':
      return `${offset} sa ${chunk.channel} ${JSON.stringify(chunk.sample)}\n`
    default:
      return `${offset} ${chunk.direction} ${chunk.channel} ${toHex(chunk.bytes)}\n`
  }
}
