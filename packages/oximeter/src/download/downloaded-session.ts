import type { DeviceInfo, OximetrySample } from '@openward/core'

import { encodeSamplesRecording } from '../recording/samples-recording.js'

/** The stored-data protocols this package can download. @category download */
export type DownloadProtocol = 'viatom-o2' | 'contec-v7' | 'contec-legacy'

/**
 * One stored session, downloaded whole and verified.
 *
 * @category download
 */
export interface DownloadedSession {
  readonly protocol: DownloadProtocol
  /** The device's name for it: the O2 file name, `user 0 segment 1`, `recorded data`. */
  readonly id: string
  /**
   * The start as the device's clock gave it (local time, no zone) in ms as if it were UTC, or
   * `null` when the device has no date (a CMS50D+ legacy unit sends 0:00, spec note §3.1(a)).
   */
  readonly startLocalMs: number | null
  /** The first sample's time (ms since the epoch) and where it came from. */
  readonly startTimeMs: number
  readonly startSource: 'device' | 'caller' | 'download-time'
  /** Seconds between stored samples. */
  readonly intervalS: number
  readonly samples: readonly OximetrySample[]
  /** The stored bytes as the device sent them (the O2 file; the V7/legacy storage payload). */
  readonly bytes: Uint8Array
  /** What was verified, in words (CRC-8 on every block, size against the header, ...). */
  readonly integrity: string
  /** 1 when nothing had to be resumed or restarted. */
  readonly attempts: number
  readonly device?: DeviceInfo
}

/**
 * A downloaded session as a replayable recording (`.owrec` text, yielded in pieces): the header
 * carries the session's start time and device, then one `sa` line per sample. Write it to a
 * temporary name and rename it once every piece is written, so a partial file never looks whole.
 *
 * @example
 * const text = [...encodeDownloadRecording(session)].join('')
 * @category download
 */
export function encodeDownloadRecording(session: DownloadedSession): Generator<string, void, undefined> {
  return encodeSamplesRecording(session.samples, {
    protocol: `import:download-${session.protocol}`,
    startTimeMs: session.startTimeMs,
    ...(session.device === undefined ? {} : { device: session.device }),
  })
}
