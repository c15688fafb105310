/**
 * What a download needs from a transport: bytes out, bytes in (with a timeout), and a way back after
 * the link drops. Serial ports, Web Serial and Web Bluetooth each adapt to it, so the download state
 * machines are written once and tested over real ptys and real Chromium.
 *
 * @category download
 */
export interface DownloadLink {
  /** A short name for messages (`/dev/ttyUSB0`, the Bluetooth device id). */
  readonly name: string
  /** Sends bytes; rejects with a {@link LinkDropped} when the link is down. */
  write(bytes: Uint8Array): Promise<void>
  /**
   * The next bytes received (any split), `undefined` after `timeoutMs` of silence; rejects with a
   * {@link LinkDropped} when the link went down (once per drop).
   */
  read(timeoutMs: number): Promise<Uint8Array | undefined>
  /** Forgets bytes received but not yet read (stale replies before a retry). */
  discardInput(): void
  /** Re-establishes a dropped link (reopen the port, reconnect GATT); rejects when it cannot. */
  reconnect(): Promise<void>
  close(): Promise<void>
}

/** The rejection a {@link DownloadLink} uses for "the link went down". @category download */
export class LinkDropped extends Error {
  override readonly name = 'LinkDropped'
}

/** The receive side of a link: transports push, the download pulls. */
export interface InputQueue {
  push(bytes: Uint8Array): void
  /** The link went down: the pending or next `read` rejects with a {@link LinkDropped}. */
  drop(reason: string): void
  read(timeoutMs: number): Promise<Uint8Array | undefined>
  discard(): void
}

/** A FIFO of received chunks with one pending reader at a time. */
export function createInputQueue(): InputQueue {
  const chunks: Uint8Array[] = []
  let dropped: string | undefined
  let waiter: { resolve: (b: Uint8Array | undefined) => void; reject: (e: Error) => void; timer: unknown } | undefined

  const settle = (f: (w: NonNullable<typeof waiter>) => void): void => {
    const w = waiter
    if (w === undefined) return
    waiter = undefined
    clearTimeout(w.timer as ReturnType<typeof setTimeout>)
    f(w)
  }
  return {
    push(bytes) {
      if (bytes.length === 0) return
      if (waiter !== undefined) settle((w) => w.resolve(bytes))
      else chunks.push(bytes)
    },
    drop(reason) {
      if (waiter !== undefined) settle((w) => w.reject(new LinkDropped(reason)))
      else dropped = reason
    },
    read(timeoutMs) {
      if (dropped !== undefined) {
        const reason = dropped
        dropped = undefined
        chunks.length = 0
        return Promise.reject(new LinkDropped(reason))
      }
      const next = chunks.shift()
      if (next !== undefined) return Promise.resolve(next)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle((w) => w.resolve(undefined)), timeoutMs)
        waiter = { resolve, reject, timer }
      })
    },
    discard() {
      chunks.length = 0
    },
  }
}
