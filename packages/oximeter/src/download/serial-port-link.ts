import { describeThrown, getOrThrow } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { type DownloadLinkFailure, downloadLinkFailure } from './download-errors.js'
import { createInputQueue, type DownloadLink, LinkDropped } from './download-link.js'

/**
 * The part of a `serialport` `SerialPort` (Node) a download uses. Typed structurally so this file
 * imports nothing from Node or `serialport` and stays in the browser-safe main entry.
 *
 * @category download
 */
export interface SerialPortLike {
  readonly path: string
  readonly isOpen: boolean
  open(callback: (error: Error | null) => void): void
  close(callback?: (error: Error | null) => void): void
  write(data: Uint8Array, callback: (error: Error | null | undefined) => void): boolean
  on(event: 'data', listener: (data: Uint8Array) => void): unknown
  on(event: 'close', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * A {@link DownloadLink} over a `serialport` port (created with `autoOpen: false` or already open):
 * received bytes are queued, a closed port (USB unplugged) rejects the next read, and `reconnect`
 * reopens the same path. A `TaskEither` like `openGattDownloadLink`: its promise never rejects; a
 * port that will not open is a `Left` of {@link DownloadLinkFailure}.
 * {@link openSerialPortLinkOrThrow} rejects with an `OpenwardError` instead.
 *
 * @example
 * const port = new SerialPort({ path: '/dev/ttyUSB0', baudRate: 115200, autoOpen: false })
 * const link = await openSerialPortLink(port)()
 * if (E.isLeft(link)) throw new Error(link.left.message)
 * const sessions = await downloadContecV7Sessions(link.right)()
 * @category download
 */
export const openSerialPortLink =
  (port: SerialPortLike): TE.TaskEither<DownloadLinkFailure, DownloadLink> =>
  async () => {
    const { link, openPort } = createSerialPortLink(port)
    try {
      await openPort()
    } catch (thrown) {
      return E.left(downloadLinkFailure(`open ${port.path}`, describeThrown(thrown)))
    }
    return E.right(link)
  }

/**
 * {@link openSerialPortLink} as a promise that rejects with an `OpenwardError` holding the
 * {@link DownloadLinkFailure}.
 *
 * @category download
 */
export async function openSerialPortLinkOrThrow(port: SerialPortLike): Promise<DownloadLink> {
  return getOrThrow(await openSerialPortLink(port)())
}

/**
 * @deprecated Use {@link openSerialPortLink} (a `TaskEither`) or {@link openSerialPortLinkOrThrow}.
 * Kept with its old behaviour: rejects with a plain {@link LinkDropped} when the port will not open.
 * @category download
 */
export async function serialPortLink(port: SerialPortLike): Promise<DownloadLink> {
  const { link, reopen } = createSerialPortLink(port)
  await reopen()
  return link
}

// The link and two ways to open its port: `openPort` rejects with the port's own error (for the
// typed Left), `reopen` with a LinkDropped (what a download's `reconnect` expects).
function createSerialPortLink(port: SerialPortLike): {
  link: DownloadLink
  openPort: () => Promise<void>
  reopen: () => Promise<void>
} {
  const queue = createInputQueue()
  let closing = false
  port.on('data', (data) => queue.push(new Uint8Array(data)))
  port.on('close', () => {
    if (!closing) queue.drop(`${port.path} closed`)
  })
  port.on('error', () => undefined) // a fatal error is followed by 'close'
  const openPort = () =>
    new Promise<void>((resolve, reject) => (port.isOpen ? resolve() : port.open((e) => (e ? reject(e) : resolve()))))
  const reopen = () =>
    openPort().catch((e: unknown) => {
      throw new LinkDropped(`open ${port.path}: ${describeThrown(e)}`)
    })
  const link: DownloadLink = {
    name: port.path,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port.isOpen) return reject(new LinkDropped(`${port.path} is not open`))
        port.write(bytes, (e) => (e ? reject(new LinkDropped(`write to ${port.path}: ${e.message}`)) : resolve()))
      }),
    read: (timeoutMs) => queue.read(timeoutMs),
    discardInput: () => queue.discard(),
    reconnect: reopen,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true
        if (!port.isOpen) return resolve()
        port.close(() => resolve())
      }),
  }
  return { link, openPort, reopen }
}
