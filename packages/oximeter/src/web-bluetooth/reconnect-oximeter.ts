import { type TaggedError, taggedError, type Unsupported, unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import { describeTransportCause, type TransportError, transportFailure } from '../transport/transport-errors.js'
import { type BluetoothOximeter, connectOximeter, type RequestOximeterOptions } from './request-oximeter.js'
import { bluetoothProfiles } from './request-options.js'

/** No already-permitted device matches (the user must pick one with `requestOximeter` first). @category web-bluetooth */
export interface NoPermittedDevice extends TaggedError<'NoPermittedDevice'> {
  /** Names (or ids) of the devices the page may use. */
  readonly permitted: readonly string[]
}

/** Options of {@link reconnectOximeter}. @category web-bluetooth */
export interface ReconnectOximeterOptions extends RequestOximeterOptions {
  /**
   * The device to reconnect to: a previous connection's `device.id`. Without it, the first
   * permitted device whose name starts with one of the protocols' name prefixes, or the only
   * permitted device.
   */
  readonly deviceId?: string
}

/** Every way {@link reconnectOximeter} fails. @category web-bluetooth */
export type ReconnectOximeterError = NoPermittedDevice | Unsupported | TransportError

/**
 * Reconnects, without the chooser, to a device this origin was already given (Web Bluetooth
 * `navigator.bluetooth.getDevices()`, §4.1): after a page reload, or on the next visit. It then
 * behaves exactly as {@link requestOximeter} (same streams, reconnect with backoff, downloads).
 *
 * Feature-detected: where `getDevices` is missing (Firefox and Safari have no Web Bluetooth;
 * Chromium on Linux needs `--enable-experimental-web-platform-features` or the "new permissions
 * backend"), it returns `Unsupported` and the page should fall back to a button that calls
 * `requestOximeter`. Limits: the device must be in range and advertising (`connect()` fails with
 * a `TransportFailure` otherwise), permissions can be revoked by the user at any time, and
 * Chromium forgets them for an incognito window when it closes. Need not be called from a click.
 *
 * @example
 * const result = await reconnectOximeter({ protocols: ['viatom-o2'], deviceId: localStorage.lastOximeter })()
 * if (E.isRight(result)) result.right.samples$.subscribe(render)
 * @category web-bluetooth
 */
export const reconnectOximeter =
  (options: ReconnectOximeterOptions): TE.TaskEither<ReconnectOximeterError, BluetoothOximeter> =>
  async () => {
    const profiles = bluetoothProfiles(options.protocols)
    if (E.isLeft(profiles)) return profiles
    const candidates = profiles.right
    const bluetooth = options.bluetooth ?? (globalThis.navigator as Navigator | undefined)?.bluetooth
    if (bluetooth === undefined)
      return E.left(unsupported('web-bluetooth', 'Web Bluetooth is not available in this browser'))
    if (typeof bluetooth.getDevices !== 'function')
      return E.left(
        unsupported(
          'bluetooth.getDevices',
          'this browser cannot list already-permitted Bluetooth devices (navigator.bluetooth.getDevices); use requestOximeter',
        ),
      )
    let devices: BluetoothDevice[]
    try {
      devices = await bluetooth.getDevices()
    } catch (thrown) {
      return E.left(transportFailure('getDevices', describeTransportCause(thrown)))
    }
    const prefixes = candidates.flatMap((p) => p.namePrefixes)
    const device =
      options.deviceId !== undefined
        ? devices.find((d) => d.id === options.deviceId)
        : (devices.find((d) => prefixes.some((prefix) => (d.name ?? '').startsWith(prefix))) ??
          (devices.length === 1 ? devices[0] : undefined))
    if (device === undefined) {
      const permitted = devices.map((d) => d.name ?? d.id)
      return E.left(
        taggedError(
          'NoPermittedDevice',
          `no already-permitted device matches${options.deviceId === undefined ? '' : ` id ${options.deviceId}`} (permitted: ${permitted.length === 0 ? 'none' : permitted.join(', ')}); pick one with requestOximeter`,
          { permitted },
        ),
      )
    }
    return connectOximeter(device, candidates, options)()
  }
