import { type DeviceInfo, makeSample, NO_FLAGS } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { contecPulseRate, contecSpo2 } from '../protocols/contec/contec-legacy.js'
import { type DownloadError, downloadCorrupt, downloadLinkFailure } from './download-errors.js'
import type { DownloadLink } from './download-link.js'
import { downloadDefaults, type DownloadOptions } from './download-progress.js'
import type { DownloadedSession } from './downloaded-session.js'
import { Abort, Corrupt, Stall, withRetries } from './retry.js'

/** Options of {@link downloadContecLegacySession}. @category download */
export interface ContecLegacyDownloadOptions extends DownloadOptions {
  /**
   * The recording's start (ms since the epoch). The legacy header has no date (a CMS50D+ sends
   * 0:00), so without it the start is estimated as the download time minus the duration.
   */
  readonly startTimeMs?: number
  readonly device?: DeviceInfo
  /** For the estimated start (default `Date.now`). */
  readonly clock?: { now(): number }
}

/** `F5 F5`: send the recorded data (atbrask/CMS50Dplus `getRecordedData`; spec note §3.1(a)). */
export const CONTEC_LEGACY_REQUEST_RECORDED = Uint8Array.of(0xf5, 0xf5)
/** `F6 F6 F6`: back to live mode. */
export const CONTEC_LEGACY_BACK_TO_LIVE = Uint8Array.of(0xf6, 0xf6, 0xf6)

/**
 * Contec CMS50 legacy "recorded data" download (CMS50D+ before firmware 4.6; spec note §3.1(a);
 * atbrask/CMS50Dplus `getRecordedData`, OSCAR `cms50_loader.cpp`): send `F5 F5`; the device answers
 * the header triplet `F2 80 00` three times, then 3 length bytes of 7 bits (the first two with
 * bit 7 set, the last with it clear; length in bytes = value + 1), then 3-byte records at 1 Hz:
 * `F0 | PR bit 7`, `80 | PR bits 6–0`, `SpO2` (bit 7 clear). `F6 F6 F6` returns it to live mode.
 *
 * Integrity: the protocol has no checksum. Every record must match its bit pattern (stray live
 * frames in between are skipped, resyncing on `(byte & F0) = F0`), the length must be a whole
 * number of records, and the record count must reach it. A drop, a stall or a damaged record
 * restarts the whole request (there is no offset to resume from).
 *
 * @category download
 */
export const downloadContecLegacySession =
  (link: DownloadLink, options: ContecLegacyDownloadOptions = {}): TE.TaskEither<DownloadError, DownloadedSession> =>
  () =>
    run(link, options).then(E.right, (thrown: unknown) =>
      E.left(
        thrown instanceof Abort ? thrown.error : downloadLinkFailure(`download from ${link.name}`, String(thrown)),
      ),
    )

const ID = 'recorded data'

async function run(link: DownloadLink, options: ContecLegacyDownloadOptions): Promise<DownloadedSession> {
  const o = downloadDefaults(options)
  let expected: number | null = null
  let records: Array<[number, number]> = []
  let attempts = 1
  const progress = (phase: 'reading' | 'resuming' | 'done') =>
    o.onProgress({
      session: ID,
      sessionIndex: 0,
      sessionCount: 1,
      receivedBytes: records.length * 3,
      expectedBytes: expected,
      attempt: attempts,
      phase,
    })
  const state = {
    session: ID,
    receivedBytes: () => records.length * 3,
    expectedBytes: () => expected,
    onRetry: (attempt: number) => {
      attempts = attempt
      progress('resuming')
    },
  }
  await withRetries(link, o, state, async () => {
    records = []
    expected = null
    link.discardInput()
    await link.write(CONTEC_LEGACY_REQUEST_RECORDED)
    const parser = createRecordedParser()
    let rejected = 0
    for (;;) {
      const bytes = await link.read(o.replyTimeoutMs)
      if (bytes === undefined) {
        if (rejected > 0) throw new Corrupt(records.length, `${rejected} damaged record(s), then silence`)
        throw new Stall(`no recorded data within ${o.replyTimeoutMs} ms (${records.length} records so far)`)
      }
      const out = parser.push(bytes)
      if (out.lengthError !== undefined) throw new Corrupt(0, out.lengthError)
      if (out.length !== undefined) {
        expected = out.length
        if (out.length % 3 !== 0)
          throw new Abort(downloadCorrupt(ID, 0, `length ${out.length} is not a whole number of 3-byte records`))
      }
      rejected += out.rejected
      records.push(...out.records)
      if (expected !== null && records.length * 3 >= expected) {
        records = records.slice(0, expected / 3)
        break
      }
      if (out.records.length > 0) progress('reading')
    }
  })
  await link.write(CONTEC_LEGACY_BACK_TO_LIVE).catch(() => undefined)
  progress('done')
  const now = (options.clock ?? { now: () => Date.now() }).now()
  const startTimeMs = options.startTimeMs ?? now - records.length * 1000
  const provenance = { protocol: 'contec-legacy', ...(options.device === undefined ? {} : { device: options.device }) }
  return {
    protocol: 'contec-legacy',
    id: ID,
    startLocalMs: null,
    startTimeMs,
    startSource: options.startTimeMs === undefined ? 'download-time' : 'caller',
    intervalS: 1,
    samples: records.map(([pr, spo2], k) =>
      makeSample({
        timeMs: startTimeMs + k * 1000,
        clock: 'recording',
        spo2: contecSpo2(spo2),
        pulseRate: contecPulseRate(pr),
        flags: NO_FLAGS,
        provenance,
      }),
    ),
    bytes: Uint8Array.from(records.flatMap(([pr, spo2]) => [0xf0 | (pr >>> 7), 0x80 | (pr & 0x7f), spo2])),
    integrity: `bit patterns of all ${records.length} records; ${records.length * 3} bytes = the declared length`,
    attempts,
    ...(options.device === undefined ? {} : { device: options.device }),
  }
}

interface RecordedOutput {
  readonly length?: number
  readonly lengthError?: string
  readonly records: Array<[number, number]>
  /** Records whose bit pattern was wrong (dropped). */
  readonly rejected: number
}

/** The reply's byte grammar as a small incremental parser: preamble, length, records. */
export function createRecordedParser(): { push(bytes: Uint8Array): RecordedOutput } {
  let phase: 'preamble' | 'length' | 'records' = 'preamble'
  let triplets = 0
  let held: number[] = []
  return {
    push(bytes) {
      const records: Array<[number, number]> = []
      let rejected = 0
      let length: number | undefined
      let lengthError: string | undefined
      for (const byte of bytes) {
        held.push(byte)
        if (phase === 'preamble') {
          // Each triplet: F2, 80 | hour, minute (hour and minute are 0 on a clockless CMS50D+).
          if (held[0] !== 0xf2) held = []
          else if (held.length === 3) {
            triplets++
            held = []
            if (triplets === 3) phase = 'length'
          }
        } else if (phase === 'length') {
          if (held.length === 3) {
            const [a, b, c] = held as [number, number, number]
            if ((a & 0x80) === 0 || (b & 0x80) === 0 || (c & 0x80) !== 0)
              lengthError = `length bytes ${held.map((x) => x.toString(16)).join(' ')} break the bit-7 pattern`
            else length = (((a & 0x7f) << 14) | ((b & 0x7f) << 7) | c) + 1
            held = []
            phase = 'records'
          }
        } else {
          if (((held[0] as number) & 0xf0) !== 0xf0) {
            held = []
            continue
          }
          if (held.length < 3) continue
          const [a, b, c] = held as [number, number, number]
          held = []
          if ((a & 0xfe) !== 0xf0 || (b & 0x80) === 0 || (c & 0x80) !== 0) rejected++
          else records.push([((a & 1) << 7) | (b & 0x7f), c])
        }
      }
      return {
        records,
        rejected,
        ...(length === undefined ? {} : { length }),
        ...(lengthError === undefined ? {} : { lengthError }),
      }
    },
  }
}
