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
 * `reconnect`. Rejects with a {@link LinkDropped} when the port cannot be opened.
 *
 * @example
 * const port = await navigator.serial.requestPort()
 * const link = await webSerialLink(port, { baudRate: 115200 })
 * const result = await downloadContecV7Sessions(link)()
 * @category download
 */
export async function webSerialLink(port: WebSerialPortLike, options: WebSerialOpenOptions): Promise<DownloadLink> {
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
  const open = async (): Promise<void> => {
    if (port.readable === null) {
      await port.close().catch(() => undefined)
      await port.open(options).catch((thrown: unknown) => {
        throw new LinkDropped(`open: ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`)
      })
    }
    const readable = port.readable
    if (readable === null) throw new LinkDropped('the port has no readable stream')
    if (readable.locked) return
    reader = readable.getReader()
    void readLoop(reader)
  }
  await open()
  return {
    name: 'web-serial',
    write: async (bytes) => {
      const writable = port.writable
      if (writable === null) throw new LinkDropped('the serial port is not open')
      const writer = writable.getWriter()
      try {
        await writer.write(bytes)
      } catch (thrown) {
        throw new LinkDropped(`write: ${thrown instanceof Error ? thrown.message : String(thrown)}`)
      } finally {
        writer.releaseLock()
      }
    },
    read: (timeoutMs) => queue.read(timeoutMs),
    discardInput: () => queue.discard(),
    reconnect: open,
    close: async () => {
      closing = true
      await reader?.cancel().catch(() => undefined)
      await port.close().catch(() => undefined)
    },
  }
}
