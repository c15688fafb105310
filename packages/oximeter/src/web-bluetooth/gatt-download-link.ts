import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { type DownloadLinkFailure, downloadLinkFailure } from '../download/download-errors.js'
import { createInputQueue, type DownloadLink, LinkDropped } from '../download/download-link.js'
import { describeTransportCause } from '../transport/transport-errors.js'
import { gattQueue } from './gatt-queue.js'

/** Where a download talks to a GATT device. @category web-bluetooth */
export interface GattDownloadLinkInput {
  readonly device: BluetoothDevice
  readonly service: string
  /** The characteristic requests are written to. */
  readonly write: string
  /** The characteristic replies are notified on. */
  readonly notify: string
}

/** A write or subscribe that has not settled by then is treated as a dropped link. */
const OPERATION_TIMEOUT_MS = 5000

/** A connection attempt that has not settled by then counts as failed (the device is out of range). */
const CONNECT_TIMEOUT_MS = 10_000

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

const bytesOf = (view: DataView): Uint8Array =>
  new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength))

/**
 * A download link over GATT: connects, subscribes to `notify`, writes requests to `write` (with
 * response when the characteristic allows it), all through the device's {@link gattQueue}. On
 * `gattserverdisconnected` the pending read fails as a dropped link; `reconnect` connects again
 * and resubscribes (Chromium keeps a device's permission, so no chooser is shown).
 *
 * @category web-bluetooth
 */
export const openGattDownloadLink =
  (input: GattDownloadLinkInput): TE.TaskEither<DownloadLinkFailure, DownloadLink> =>
  async () => {
    const { device } = input
    const gatt = device.gatt
    if (gatt === undefined) return E.left(downloadLinkFailure('connect', 'the device has no GATT server'))
    const queue = gattQueue(device)
    const received = createInputQueue()
    let chars: { write: BluetoothRemoteGATTCharacteristic; notify: BluetoothRemoteGATTCharacteristic } | undefined
    let closing = false
    const onValue = (e: Event): void => {
      const value = (e.target as BluetoothRemoteGATTCharacteristic).value
      if (value !== undefined) received.push(bytesOf(value))
    }
    const onDisconnected = (): void => {
      chars = undefined
      if (!closing) received.drop(`${device.name ?? device.id} disconnected`)
    }
    const connect = async (): Promise<void> => {
      try {
        const server = await within(gatt.connect(), CONNECT_TIMEOUT_MS, 'connect')
        const service = await server.getPrimaryService(input.service)
        const write = await service.getCharacteristic(input.write)
        const notify = await service.getCharacteristic(input.notify)
        notify.removeEventListener('characteristicvaluechanged', onValue)
        notify.addEventListener('characteristicvaluechanged', onValue)
        await queue.run(() => notify.startNotifications(), OPERATION_TIMEOUT_MS)
        chars = { write, notify }
      } catch (thrown) {
        throw new LinkDropped(`connect: ${describeTransportCause(thrown)}`)
      }
    }
    device.addEventListener('gattserverdisconnected', onDisconnected)
    try {
      await connect()
    } catch (thrown) {
      device.removeEventListener('gattserverdisconnected', onDisconnected)
      return E.left(downloadLinkFailure('connect', (thrown as Error).message))
    }
    return E.right({
      name: device.name ?? device.id,
      write: async (bytes) => {
        const c = chars
        if (c === undefined || !gatt.connected) throw new LinkDropped('not connected')
        const data = bytes as Uint8Array<ArrayBuffer>
        await queue
          .run(
            () =>
              c.write.properties.write ? c.write.writeValueWithResponse(data) : c.write.writeValueWithoutResponse(data),
            OPERATION_TIMEOUT_MS,
          )
          .catch((thrown: unknown) => {
            throw new LinkDropped(`write: ${describeTransportCause(thrown)}`)
          })
      },
      read: (timeoutMs) => received.read(timeoutMs),
      discardInput: () => received.discard(),
      reconnect: connect,
      close: async () => {
        closing = true
        device.removeEventListener('gattserverdisconnected', onDisconnected)
        const c = chars
        c?.notify.removeEventListener('characteristicvaluechanged', onValue)
        if (c !== undefined && gatt.connected)
          await queue.run(() => c.notify.stopNotifications()).catch(() => undefined)
        gatt.disconnect()
      },
    })
  }
