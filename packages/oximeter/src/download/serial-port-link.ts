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
 * reopens the same path.
 *
 * @example
 * const port = new SerialPort({ path: '/dev/ttyUSB0', baudRate: 115200, autoOpen: false })
 * const link = await serialPortLink(port)
 * const sessions = await downloadContecV7Sessions(link)()
 * @category download
 */
export async function serialPortLink(port: SerialPortLike): Promise<DownloadLink> {
  const queue = createInputQueue()
  let closing = false
  port.on('data', (data) => queue.push(new Uint8Array(data)))
  port.on('close', () => {
    if (!closing) queue.drop(`${port.path} closed`)
  })
  port.on('error', () => undefined) // a fatal error is followed by 'close'
  const open = () =>
    new Promise<void>((resolve, reject) =>
      port.isOpen
        ? resolve()
        : port.open((e) => (e ? reject(new LinkDropped(`open ${port.path}: ${e.message}`)) : resolve())),
    )
  await open()
  return {
    name: port.path,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port.isOpen) return reject(new LinkDropped(`${port.path} is not open`))
        port.write(bytes, (e) => (e ? reject(new LinkDropped(`write to ${port.path}: ${e.message}`)) : resolve()))
      }),
    read: (timeoutMs) => queue.read(timeoutMs),
    discardInput: () => queue.discard(),
    reconnect: open,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true
        if (!port.isOpen) return resolve()
        port.close(() => resolve())
      }),
  }
}
