import { describeThrown, getOrThrow } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { type DownloadLinkFailure, downloadLinkFailure } from './download-errors.js'
import { createInputQueue, type DownloadLink, LinkDropped } from './download-link.js'

/**
 * The part of a Web Serial `SerialPort` a download uses, typed structurally so the main entry's
 * declarations need no `@types/w3c-web-serial`.
 *
 * @category download
 */
export interface WebSerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null
  readonly writable: WritableStream<Uint8Array> | null
  open(options: WebSerialOpenOptions): Promise<void>
  close(): Promise<void>
}

/** The `SerialOptions` fields a download sets. @category download */
export interface WebSerialOpenOptions {
  readonly baudRate: number
  readonly dataBits?: number
  readonly stopBits?: number
  readonly parity?: 'none' | 'even' | 'odd'
}

/**
 * A {@link DownloadLink} over a Web Serial port (`navigator.serial.requestPort()` or `getPorts()`;
 * W3C Web Serial API): opens it with `options` (e.g. `{ baudRate: 115200 }` for Contec V7,
 * `{ baudRate: 19200, parity: 'odd' }` for the legacy protocol, spec note §3.1), reads in a loop
 * into the download's queue, and after the device is lost (the reader errors) reopens the port on
 * `reconnect`. A `TaskEither` like `openGattDownloadLink`: its promise never rejects; a port that
 * will not open is a `Left` of {@link DownloadLinkFailure}. {@link openWebSerialLinkOrThrow} rejects
 * with an `OpenwardError` instead.
 *
 * @example
 * const port = await navigator.serial.requestPort()
 * const link = await openWebSerialLink(port, { baudRate: 115200 })()
 * if (E.isLeft(link)) return show(link.left.message)
 * const result = await downloadContecV7Sessions(link.right)()
 * @category download
 */
export const openWebSerialLink =
  (port: WebSerialPortLike, options: WebSerialOpenOptions): TE.TaskEither<DownloadLinkFailure, DownloadLink> =>
  async () => {
    const { link, openPort } = createWebSerialLink(port, options)
    const why = await openPort()
    return why === undefined ? E.right(link) : E.left(downloadLinkFailure('open the serial port', why))
  }

/**
 * {@link openWebSerialLink} as a promise that rejects with an `OpenwardError` holding the
 * {@link DownloadLinkFailure}.
 *
 * @category download
 */
export async function openWebSerialLinkOrThrow(
  port: WebSerialPortLike,
  options: WebSerialOpenOptions,
): Promise<DownloadLink> {
  return getOrThrow(await openWebSerialLink(port, options)())
}

/**
 * @deprecated Use {@link openWebSerialLink} (a `TaskEither`) or {@link openWebSerialLinkOrThrow}.
 * Kept with its old behaviour: rejects with a plain {@link LinkDropped} when the port will not open.
 * @category download
 */
export async function webSerialLink(port: WebSerialPortLike, options: WebSerialOpenOptions): Promise<DownloadLink> {
  const { link, reopen } = createWebSerialLink(port, options)
  await reopen()
  return link
}

// The link and two ways to open its port: `openPort` resolves to why it could not be opened (for
// the typed Left), `reopen` rejects with a LinkDropped (what a download's `reconnect` expects).
function createWebSerialLink(
  port: WebSerialPortLike,
  options: WebSerialOpenOptions,
): { link: DownloadLink; openPort: () => Promise<string | undefined>; reopen: () => Promise<void> } {
  const queue = createInputQueue()
  let closing = false
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined

  const readLoop = async (r: ReadableStreamDefaultReader<Uint8Array>): Promise<void> => {
    try {
      for (;;) {
        const { value, done } = await r.read()
        if (done) break
        if (value !== undefined) queue.push(value)
      }
      if (!closing) queue.drop('the serial port closed')
    } catch (thrown) {
      if (!closing) queue.drop(`the serial port was lost (${thrown instanceof Error ? thrown.name : String(thrown)})`)
    } finally {
      r.releaseLock()
    }
  }
  const openPort = async (): Promise<string | undefined> => {
    if (port.readable === null) {
      await port.close().catch(() => undefined)
      try {
        await port.open(options)
      } catch (thrown) {
        return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)
      }
    }
    const readable = port.readable
    if (readable === null) return 'the port has no readable stream'
    if (readable.locked) return undefined
    reader = readable.getReader()
    void readLoop(reader)
    return undefined
  }
  const reopen = async (): Promise<void> => {
    const why = await openPort()
    if (why !== undefined) throw new LinkDropped(`open: ${why}`)
  }
  const link: DownloadLink = {
    name: 'web-serial',
    write: async (bytes) => {
      const writable = port.writable
      if (writable === null) throw new LinkDropped('the serial port is not open')
      const writer = writable.getWriter()
      try {
        await writer.write(bytes)
      } catch (thrown) {
        throw new LinkDropped(`write: ${describeThrown(thrown)}`)
      } finally {
        writer.releaseLock()
      }
    },
    read: (timeoutMs) => queue.read(timeoutMs),
    discardInput: () => queue.discard(),
    reconnect: reopen,
    close: async () => {
      closing = true
      await reader?.cancel().catch(() => undefined)
      await port.close().catch(() => undefined)
    },
  }
  return { link, openPort, reopen }
}
