/**
 * One GATT operation at a time per device. Web Bluetooth lets a page start a write while a read,
 * another write or a `startNotifications()` is still pending, but the platform stacks (Chromium
 * on Android, macOS, BlueZ) allow one outstanding ATT request and reject the rest with
 * `NetworkError: GATT operation already in progress`. Every GATT call this package makes goes
 * through the device's queue, so overlapping calls (a poll timer firing during a download, a
 * keep-alive during a subscribe) run in order instead of failing.
 *
 * @category web-bluetooth
 */
export interface GattQueue {
  /**
   * Runs `operation` after every earlier one has settled; resolves or rejects as it does. One that
   * has not settled after `timeoutMs` (default 10 s; seen when a link drops mid-operation and the
   * platform never answers) rejects with a `TimeoutError` and releases the queue.
   */
  run<T>(operation: () => Promise<T>, timeoutMs?: number): Promise<T>
  /** Operations started and not yet settled (waiting included). */
  readonly pending: number
}

const queues = new WeakMap<object, GattQueue>()

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`GATT operation did not settle within ${timeoutMs} ms`)
      error.name = 'TimeoutError'
      reject(error)
    }, timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * The queue of one device (the same object every time for the same `BluetoothDevice`, so every
 * part of a page that talks to the device shares it).
 *
 * @example
 * const queue = gattQueue(device)
 * await Promise.all([queue.run(() => write.writeValueWithResponse(a)), queue.run(() => notify.readValue())])
 * @category web-bluetooth
 */
export function gattQueue(device: object): GattQueue {
  const existing = queues.get(device)
  if (existing !== undefined) return existing
  let tail: Promise<unknown> = Promise.resolve()
  let pending = 0
  const queue: GattQueue = {
    run<T>(operation: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
      pending++
      const result = tail.then(() => withTimeout(operation(), timeoutMs))
      // The next operation waits for this one to settle, whether it resolved or rejected.
      tail = result.then(
        () => void pending--,
        () => void pending--,
      )
      return result
    },
    get pending() {
      return pending
    },
  }
  queues.set(device, queue)
  return queue
}
