import { type DeviceInfo, makeSample, sampleFlags } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { contecPulseRate, contecSpo2 } from '../protocols/contec/contec-legacy.js'
import { ContecV7CommandCode, encodeContecV7Command } from '../protocols/contec/contec-v7-command.js'
import { createContecV7Framer } from '../protocols/contec/contec-v7-framer.js'
import type { ContecV7Packet, ContecV7Record, ContecV7StoredReading } from '../protocols/contec/contec-v7-records.js'
import { type DownloadError, downloadCorrupt, downloadLinkFailure } from './download-errors.js'
import type { DownloadLink } from './download-link.js'
import { downloadDefaults, type DownloadOptions } from './download-progress.js'
import type { DownloadedSession } from './downloaded-session.js'
import { Abort, Corrupt, Stall, withRetries } from './retry.js'

/** Options of {@link downloadContecV7Sessions}. @category download */
export interface ContecV7DownloadOptions extends DownloadOptions {
  /** The user whose segments to read (default 0). */
  readonly user?: number
  /** Only these segment numbers (default: 0 … amount − 1 from the segment-amount reply). */
  readonly segments?: readonly number[]
  /** The device clock's offset from UTC (default 0). */
  readonly utcOffsetMinutes?: number
  /** The start when the device sends no date (year 0, as a CMS50D+ does): ms since the epoch. */
  readonly startTimeMs?: number
  readonly device?: DeviceInfo
  /** For the start of a dateless session (default `Date.now`). */
  readonly clock?: { now(): number }
}

/**
 * Contec "Communication protocol of pulse oximeter V7.0" storage download (CMS50D+ v4.6, CMS50E/F,
 * CMS60C; spec note §3.1(b); the command order of OSCAR `cms50f37_loader.cpp`):
 *
 * 1. `A7` stop storage data, `A2` stop real-time data (OSCAR's "hello" pair);
 * 2. `A3` segment amount → packet 0x0A `[user, amount]`;
 * 3. per segment: `A5` start time → 0x07 `[user, segment, year-high, year-low, month, day]` and
 *    0x12 `[user, segment, hour, minute, second, pad]`; `A4` storage length → 0x08
 *    `[user, segment, u32 LE]`; `A6` storage data → 0x0F packets of 3 × (SpO2, PR) without PI or
 *    0x09 packets of one (SpO2, PR, PI u16 LE), one reading per second; `A7` stop.
 *
 * The declared length counts stored bytes: 2 per reading without PI, 4 with PI (which is why
 * OSCAR divides it by 2 for a CMS50F and by 4 for a CMS50I/H). Integrity: the protocol has no
 * checksum, so what is checked is the bit-7 framing of every packet, one packet type throughout,
 * and the reading count against the declared length (at most two padding readings in the last
 * 0x0F packet). The protocol has no offset to resume from, so after a drop, a stall or a framing
 * error the segment is restarted from its first reading (A7, then A6 again).
 *
 * @category download
 */
export const downloadContecV7Sessions =
  (link: DownloadLink, options: ContecV7DownloadOptions = {}): TE.TaskEither<DownloadError, DownloadedSession[]> =>
  () =>
    run(link, options).then(E.right, (thrown: unknown) =>
      E.left(
        thrown instanceof Abort ? thrown.error : downloadLinkFailure(`download from ${link.name}`, String(thrown)),
      ),
    )

const command = (code: number, params: readonly number[] = []) => encodeContecV7Command(code, params)

/** Collects V7 packets from the link until `done` says so; framing errors are corrupt blocks. */
async function collect(
  link: DownloadLink,
  framer: ReturnType<typeof createContecV7Framer>,
  timeoutMs: number,
  what: string,
  done: (record: ContecV7Record) => boolean,
  strict = false,
): Promise<void> {
  let packets = 0
  for (;;) {
    const bytes = await link.read(timeoutMs)
    if (bytes === undefined) throw new Stall(`no reply to ${what} within ${timeoutMs} ms`)
    const out = framer.push(bytes)
    if (strict && (out.errors.length > 0 || out.bytesDiscarded > 0))
      throw new Corrupt(packets, out.errors[0]?.message ?? `${out.bytesDiscarded} bytes outside any packet`)
    for (const record of out.records) {
      packets++
      if (done(record)) return
    }
  }
}

async function send(link: DownloadLink, framer: ReturnType<typeof createContecV7Framer>, bytes: Uint8Array) {
  link.discardInput()
  framer.reset()
  await link.write(bytes)
}

const packetOf = (r: ContecV7Record, type: number): ContecV7Packet | undefined =>
  r._tag === 'ContecV7Packet' && r.type === type ? r : undefined

async function hello(link: DownloadLink, framer: ReturnType<typeof createContecV7Framer>, timeoutMs: number) {
  await send(link, framer, command(ContecV7CommandCode.stopStorageData))
  await send(link, framer, command(ContecV7CommandCode.stopRealTime))
  // Let replies and any real-time packets already on the wire arrive, then forget them.
  await link.read(Math.min(200, timeoutMs))
  while ((await link.read(20)) !== undefined);
  link.discardInput()
}

async function run(link: DownloadLink, options: ContecV7DownloadOptions): Promise<DownloadedSession[]> {
  const o = downloadDefaults(options)
  const user = options.user ?? 0
  const framer = createContecV7Framer()
  o.onProgress({
    session: 'segment list',
    sessionIndex: 0,
    sessionCount: 0,
    receivedBytes: 0,
    expectedBytes: null,
    attempt: 1,
    phase: 'listing',
  })
  const listState = {
    session: 'segment list',
    receivedBytes: () => 0,
    expectedBytes: () => null,
    onRetry: () => undefined,
  }
  const segments =
    options.segments ??
    (await withRetries(link, o, listState, async () => {
      await hello(link, framer, o.replyTimeoutMs)
      const amount = await segmentAmount(link, framer, user, o.replyTimeoutMs)
      return Array.from({ length: amount }, (_, k) => k)
    }))
  const sessions: DownloadedSession[] = []
  for (const [index, segment] of segments.entries())
    sessions.push(await readSegment(link, framer, user, segment, index, segments.length, options))
  return sessions
}

/** What the device says about one stored segment before its data is read. @category download */
export interface ContecV7SegmentInfo {
  readonly user: number
  readonly segment: number
  /** Device clock, local time as if UTC; `null` when the device sends year 0 (no date). */
  readonly startLocalMs: number | null
  /** Stored bytes: 2 per reading without PI, 4 with PI. */
  readonly declaredBytes: number
}

/** A5 (start date 0x07 + time 0x12) and A4 (length 0x08) for one segment. */
async function segmentHeader(
  link: DownloadLink,
  framer: ReturnType<typeof createContecV7Framer>,
  user: number,
  segment: number,
  timeoutMs: number,
): Promise<ContecV7SegmentInfo> {
  // Start time: the date (0x07) and the time (0x12) come as two packets.
  let date: readonly number[] | undefined
  let time: readonly number[] | undefined
  await send(link, framer, command(ContecV7CommandCode.askStartTime, [user, segment]))
  await collect(link, framer, timeoutMs, 'A5 start time', (r) => {
    date = packetOf(r, 0x07)?.data ?? date
    time = packetOf(r, 0x12)?.data ?? time
    return date !== undefined && time !== undefined
  })
  const year = (date?.[2] ?? 0) * 100 + (date?.[3] ?? 0)
  const startLocalMs =
    year === 0
      ? null
      : Date.UTC(year, (date?.[4] ?? 1) - 1, date?.[5] ?? 1, time?.[2] ?? 0, time?.[3] ?? 0, time?.[4] ?? 0)
  let declaredBytes = 0
  await send(link, framer, command(ContecV7CommandCode.askStorageLength, [user, segment]))
  await collect(link, framer, timeoutMs, 'A4 storage length', (r) => {
    const p = packetOf(r, 0x08)
    if (p !== undefined) declaredBytes = new DataView(Uint8Array.from(p.data.slice(2, 6)).buffer).getUint32(0, true)
    return p !== undefined
  })
  return { user, segment, startLocalMs, declaredBytes }
}

/**
 * The stored segments of a V7 device, one at a time (A3 segment amount, then A5 start time and A4
 * length per segment; no data is read): a stored-night listing, so an `AsyncIterable` of `Either`
 * that ends after its first `Left` (docs/architecture.md, "one failure convention").
 *
 * @example
 * for await (const entry of listContecV7Segments(link)) if (E.isRight(entry)) console.log(entry.right)
 * @category download
 */
export async function* listContecV7Segments(
  link: DownloadLink,
  options: Pick<ContecV7DownloadOptions, 'user' | 'replyTimeoutMs' | 'maxRetries' | 'retryDelayMs'> = {},
): AsyncGenerator<E.Either<DownloadError, ContecV7SegmentInfo>, void, undefined> {
  const o = downloadDefaults(options)
  const user = options.user ?? 0
  const framer = createContecV7Framer()
  const state = { session: 'segment list', receivedBytes: () => 0, expectedBytes: () => null, onRetry: () => undefined }
  const step = <T>(body: () => Promise<T>): Promise<E.Either<DownloadError, T>> =>
    withRetries(link, o, state, body).then(E.right, (thrown: unknown) =>
      E.left(
        thrown instanceof Abort ? thrown.error : downloadLinkFailure(`list segments on ${link.name}`, String(thrown)),
      ),
    )
  const amount = await step(async () => {
    await hello(link, framer, o.replyTimeoutMs)
    return segmentAmount(link, framer, user, o.replyTimeoutMs)
  })
  if (E.isLeft(amount)) return yield amount
  for (let segment = 0; segment < amount.right; segment++) {
    const info = await step(() => segmentHeader(link, framer, user, segment, o.replyTimeoutMs))
    yield info
    if (E.isLeft(info)) return
  }
}

async function segmentAmount(
  link: DownloadLink,
  framer: ReturnType<typeof createContecV7Framer>,
  user: number,
  timeoutMs: number,
): Promise<number> {
  let amount = 0
  await send(link, framer, command(ContecV7CommandCode.askSegmentAmount, [user]))
  await collect(link, framer, timeoutMs, 'A3 segment amount', (r) => {
    const p = packetOf(r, 0x0a)
    if (p !== undefined) amount = p.data[1] ?? 0
    return p !== undefined
  })
  return amount
}

async function readSegment(
  link: DownloadLink,
  framer: ReturnType<typeof createContecV7Framer>,
  user: number,
  segment: number,
  sessionIndex: number,
  sessionCount: number,
  options: ContecV7DownloadOptions,
): Promise<DownloadedSession> {
  const o = downloadDefaults(options)
  const id = `user ${user} segment ${segment}`
  let declaredBytes: number | null = null
  let readings: ContecV7StoredReading[] = []
  let withPi = false
  let startLocalMs: number | null = null
  let attempts = 1
  const receivedBytes = () => readings.length * (withPi ? 4 : 2)
  const progress = (phase: 'reading' | 'resuming' | 'done') =>
    o.onProgress({
      session: id,
      sessionIndex,
      sessionCount,
      receivedBytes: receivedBytes(),
      expectedBytes: declaredBytes,
      attempt: attempts,
      phase,
    })
  const state = {
    session: id,
    receivedBytes,
    expectedBytes: () => declaredBytes,
    onRetry: (attempt: number) => {
      attempts = attempt
      progress('resuming')
    },
  }
  await withRetries(link, o, state, async () => {
    readings = []
    await hello(link, framer, o.replyTimeoutMs)
    const header = await segmentHeader(link, framer, user, segment, o.replyTimeoutMs)
    startLocalMs = header.startLocalMs
    declaredBytes = header.declaredBytes
    const declared = declaredBytes ?? 0
    progress('reading')
    if (declared === 0) return
    if (declared % 2 !== 0)
      throw new Abort(downloadCorrupt(id, 0, `the declared length ${declared} is not a whole number of readings`))
    let type: number | undefined
    let packet = 0
    await send(link, framer, command(ContecV7CommandCode.askStorageData, [user, segment]))
    await collect(
      link,
      framer,
      o.replyTimeoutMs,
      `A6 storage data (${id})`,
      (r) => {
        if (r._tag === 'ContecV7Packet' && (r.type === 0x0b || r.type === 0x0c)) return false
        if (r._tag !== 'ContecV7StorageData') throw new Corrupt(packet, `a ${r._tag} packet inside the storage data`)
        if (type !== undefined && r.type !== type)
          throw new Corrupt(packet, `packet type changed from 0x${type.toString(16)} to 0x${r.type.toString(16)}`)
        type = r.type
        withPi = r.type === 0x09
        packet++
        readings.push(...r.readings)
        const want = declared / (withPi ? 4 : 2)
        if (readings.length >= want) {
          if (readings.length - want > 2)
            throw new Corrupt(packet, `${readings.length} readings for a declared ${want}`)
          readings = readings.slice(0, want)
          return true
        }
        if (packet % 32 === 0) progress('reading')
        return false
      },
      true,
    )
    await link.write(command(ContecV7CommandCode.stopStorageData)).catch(() => undefined)
  })
  progress('done')
  const startSource = startLocalMs !== null ? 'device' : options.startTimeMs !== undefined ? 'caller' : 'download-time'
  const now = (options.clock ?? { now: () => Date.now() }).now()
  const startTimeMs =
    startLocalMs !== null
      ? startLocalMs - (options.utcOffsetMinutes ?? 0) * 60_000
      : (options.startTimeMs ?? now - readings.length * 1000)
  const provenance = { protocol: 'contec-v7', ...(options.device === undefined ? {} : { device: options.device }) }
  const samples = readings.map((r, k) =>
    makeSample({
      timeMs: startTimeMs + k * 1000,
      clock: startSource === 'device' ? 'device' : 'recording',
      spo2: contecSpo2(r.spo2),
      pulseRate: contecPulseRate(r.pulseRate),
      ...(r.perfusionIndexRaw === undefined
        ? {}
        : { perfusionIndex: r.perfusionIndexRaw === 0xffff ? null : r.perfusionIndexRaw / 100 }),
      flags: sampleFlags({}),
      provenance,
    }),
  )
  const bytes = Uint8Array.from(
    readings.flatMap((r) =>
      withPi
        ? [r.spo2, r.pulseRate, (r.perfusionIndexRaw ?? 0) & 0xff, (r.perfusionIndexRaw ?? 0) >>> 8]
        : [r.spo2, r.pulseRate],
    ),
  )
  return {
    protocol: 'contec-v7',
    id,
    startLocalMs,
    startTimeMs,
    startSource,
    intervalS: 1,
    samples,
    bytes,
    integrity: `bit-7 framing of every packet; ${readings.length} readings = the declared ${declaredBytes ?? 0} bytes / ${withPi ? 4 : 2}`,
    attempts,
    ...(options.device === undefined ? {} : { device: options.device }),
  }
}
