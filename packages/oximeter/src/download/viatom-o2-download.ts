import type { DeviceInfo } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { importViatomO2File } from '../import/viatom-o2-file.js'
import { encodeViatomO2Request, ViatomO2Command } from '../protocols/viatom/viatom-o2-command.js'
import { deviceRefused, type DownloadError, downloadCorrupt, downloadLinkFailure } from './download-errors.js'
import type { DownloadLink } from './download-link.js'
import { downloadDefaults, type DownloadOptions } from './download-progress.js'
import type { DownloadedSession } from './downloaded-session.js'
import { readO2Reply } from './o2-response-reader.js'
import { Abort, Corrupt, Stall, withRetries } from './retry.js'

/** Options of {@link downloadViatomO2Sessions}. @category download */
export interface ViatomO2DownloadOptions extends DownloadOptions {
  /** Only these files (default: every name in the INFO reply's `FileList`). */
  readonly files?: readonly string[]
  /** The device clock's offset from UTC; the file's start time has no zone (default 0). */
  readonly utcOffsetMinutes?: number
  readonly device?: DeviceInfo
}

/**
 * Viatom/Wellue O2 stored-file download (O2Ring, Checkme O2, ...; spec note §3.3 "Commands" and
 * "Stored session files"; o2r `o2state.py`, Lepu `OxyBleCmd.java`):
 *
 * 1. `INFO` (0x14) → JSON whose `FileList` is a comma-separated list of file names;
 * 2. `FILE OPEN` (0x03) with the NUL-terminated name → `u32 LE` file size;
 * 3. `FILE READ` (0x04) with the block number in the frame's block field → the next chunk, until
 *    the size is reached; 4. `FILE CLOSE` (0x05).
 *
 * Integrity: every reply's CRC-8/0x07 is checked and a failing block is asked for again; the
 * byte count must reach the size from OPEN exactly, and the file's own header must agree
 * (`importViatomO2File`: size field = length, whole 5-byte records). Resume: blocks are addressed
 * by number, so after a drop the link is reconnected, the file reopened (same size required) and
 * reading continues at the first missing block.
 *
 * @example
 * const result = await downloadViatomO2Sessions(link, { onProgress: (p) => console.error(p.receivedBytes) })()
 * @category download
 */
export const downloadViatomO2Sessions =
  (link: DownloadLink, options: ViatomO2DownloadOptions = {}): TE.TaskEither<DownloadError, DownloadedSession[]> =>
  () =>
    run(link, options).then(E.right, (thrown: unknown) =>
      E.left(
        thrown instanceof Abort ? thrown.error : downloadLinkFailure(`download from ${link.name}`, String(thrown)),
      ),
    )

/**
 * The O2 device's stored file names (`INFO` → `FileList`), one at a time: a stored-night listing,
 * so an `AsyncIterable` of `Either` that ends after its first `Left` (docs/architecture.md).
 *
 * @example
 * for await (const name of listViatomO2Files(link)) if (E.isRight(name)) console.log(name.right)
 * @category download
 */
export async function* listViatomO2Files(
  link: DownloadLink,
  options: DownloadOptions = {},
): AsyncGenerator<E.Either<DownloadError, string>, void, undefined> {
  const names = await listFiles(link, options).then(E.right, (thrown: unknown) =>
    E.left(thrown instanceof Abort ? thrown.error : downloadLinkFailure(`list files on ${link.name}`, String(thrown))),
  )
  if (E.isLeft(names)) return yield names
  for (const name of names.right) yield E.right(name)
}

async function exchange(link: DownloadLink, request: Uint8Array, timeoutMs: number, what: string) {
  link.discardInput()
  await link.write(request)
  const result = await readO2Reply(link, timeoutMs, { bytes: new Uint8Array(0) })
  if (result._tag === 'timeout') throw new Stall(`no reply to ${what} within ${timeoutMs} ms`)
  return result
}

async function listFiles(link: DownloadLink, options: DownloadOptions): Promise<string[]> {
  const o = downloadDefaults(options)
  o.onProgress({
    session: 'file list',
    sessionIndex: 0,
    sessionCount: 0,
    receivedBytes: 0,
    expectedBytes: null,
    attempt: 1,
    phase: 'listing',
  })
  const state = { session: 'file list', receivedBytes: () => 0, expectedBytes: () => null, onRetry: () => undefined }
  return withRetries(link, o, state, async () => {
    const result = await exchange(link, encodeViatomO2Request(ViatomO2Command.info), o.replyTimeoutMs, 'INFO')
    if (result._tag === 'crc')
      throw new Corrupt(0, `INFO reply CRC ${hex(result.actual)}, computed ${hex(result.expected)}`)
    if (result.reply.status !== 0) throw new Abort(deviceRefused('INFO', result.reply.status))
    const text = new TextDecoder().decode(result.reply.payload).replace(/[\0\s]+$/, '')
    let info: unknown
    try {
      info = JSON.parse(text)
    } catch {
      throw new Abort(downloadCorrupt('file list', 0, 'the INFO reply is not JSON'))
    }
    const list = (info as { FileList?: unknown } | null)?.FileList
    if (typeof list !== 'string') throw new Abort(downloadCorrupt('file list', 0, 'the INFO reply has no FileList'))
    return list.split(',').filter((name) => name.trim() !== '')
  })
}

async function run(link: DownloadLink, options: ViatomO2DownloadOptions): Promise<DownloadedSession[]> {
  const names = options.files ?? (await listFiles(link, options))
  const sessions: DownloadedSession[] = []
  for (const [index, name] of names.entries()) sessions.push(await readFile(link, name, index, names.length, options))
  return sessions
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`

async function readFile(
  link: DownloadLink,
  name: string,
  sessionIndex: number,
  sessionCount: number,
  options: ViatomO2DownloadOptions,
): Promise<DownloadedSession> {
  const o = downloadDefaults(options)
  const chunks: Uint8Array[] = []
  let size: number | null = null
  let received = 0
  let opened = false
  let attempts = 1
  const progress = (phase: 'reading' | 'resuming' | 'done') =>
    o.onProgress({
      session: name,
      sessionIndex,
      sessionCount,
      receivedBytes: received,
      expectedBytes: size,
      attempt: attempts,
      phase,
    })
  const state = {
    session: name,
    receivedBytes: () => received,
    expectedBytes: () => size,
    onRetry: (attempt: number, why: Error) => {
      attempts = attempt
      // After a drop the device has forgotten the open file; after a stall or bad block it has not.
      if (!(why instanceof Stall || why instanceof Corrupt)) opened = false
      progress('resuming')
    },
  }
  const open = encodeViatomO2Request(ViatomO2Command.fileOpen, new TextEncoder().encode(`${name}\0`))
  await withRetries(link, o, state, async () => {
    if (!opened) {
      const result = await exchange(link, open, o.replyTimeoutMs, `FILE OPEN ${name}`)
      if (result._tag === 'crc')
        throw new Corrupt(-1, `FILE OPEN reply CRC ${hex(result.actual)}, computed ${hex(result.expected)}`)
      const { status, payload } = result.reply
      if (status !== 0) throw new Abort(deviceRefused(`FILE OPEN ${name}`, status))
      if (payload.length < 4) throw new Corrupt(-1, `FILE OPEN reply has ${payload.length} of 4 size bytes`)
      const announced = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true)
      if (size !== null && announced !== size) {
        // Not the file we were reading (the device changed it): start again from block 0.
        chunks.length = 0
        received = 0
      }
      size = announced
      opened = true
      progress('reading')
    }
    const total = size ?? 0
    while (received < total) {
      const block = chunks.length
      const result = await exchange(
        link,
        encodeViatomO2Request(ViatomO2Command.fileRead, undefined, block),
        o.replyTimeoutMs,
        `FILE READ block ${block}`,
      )
      if (result._tag === 'crc')
        throw new Corrupt(block, `CRC-8 ${hex(result.actual)}, computed ${hex(result.expected)}`)
      const { status, payload } = result.reply
      if (status !== 0) throw new Abort(deviceRefused(`FILE READ block ${block} of ${name}`, status))
      if (payload.length === 0) throw new Corrupt(block, 'an empty block before the end of the file')
      if (received + payload.length > total)
        throw new Corrupt(block, `the blocks run past the announced size (${received + payload.length} > ${total})`)
      chunks.push(payload)
      received += payload.length
      progress('reading')
    }
  })
  // Closing is a courtesy to the device: the bytes are already whole and verified by count.
  await exchange(link, encodeViatomO2Request(ViatomO2Command.fileClose), o.replyTimeoutMs, 'FILE CLOSE').catch(
    () => undefined,
  )
  const bytes = new Uint8Array(received)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.length
  }
  const parsed = importViatomO2File(bytes, {
    ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
    ...(options.device === undefined ? {} : { device: options.device }),
  })
  if (E.isLeft(parsed)) throw new Abort(downloadCorrupt(name, chunks.length - 1, parsed.left.message))
  const { header, samples } = parsed.right
  progress('done')
  const startTimeMs = header.startLocalMs - (options.utcOffsetMinutes ?? 0) * 60_000
  return {
    protocol: 'viatom-o2',
    id: name,
    startLocalMs: header.startLocalMs,
    startTimeMs,
    startSource: 'device',
    intervalS: header.intervalS,
    samples: samples.map((s) => ({
      ...s,
      clock: 'device' as const,
      provenance: { ...s.provenance, protocol: 'viatom-o2' },
    })),
    bytes,
    integrity: `CRC-8/0x07 on all ${chunks.length} blocks; ${received} bytes = the size FILE OPEN announced = the file header's size field`,
    attempts,
    ...(options.device === undefined ? {} : { device: options.device }),
  }
}
