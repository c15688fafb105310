import { type DeviceInfo, OpenwardError, type OximetrySample } from '@openward/core'
import { asyncScheduler, type SchedulerLike } from 'rxjs'

import { createConnectionHub } from '../transport/connection-hub.js'
import { backoffDelayMs, type ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import {
  connectionLost,
  describeTransportCause as describe,
  transportFailure,
  userCancelled,
} from '../transport/transport-errors.js'
import { type GattSession, openGattSession } from './gatt-session.js'
import { downloadStoredSpotChecks } from './racp-download.js'
import { bluetoothProfiles, bluetoothRequestOptions } from './request-options.js'

/** Options of {@link requestOximeter}. @category web-bluetooth */
export interface RequestOximeterOptions {
  /** Protocol ids to offer in the chooser, e.g. `['plx-continuous', 'berrymed']`. */
  readonly protocols: readonly string[]
  /** Defaults to `navigator.bluetooth`. */
  readonly bluetooth?: Bluetooth
  readonly reconnect?: ReconnectOptions
  readonly scheduler?: SchedulerLike
}

/** A Bluetooth oximeter: an {@link OximeterConnection} plus PLX stored-record download. @category web-bluetooth */
export interface BluetoothOximeter extends OximeterConnection {
  /**
   * PLX only: downloads every stored spot-check through the Record Access Control Point
   * (`01 01` "report all records"; PLXS §3.4, spec note §2.9) and resolves when the device answers.
   */
  downloadStoredSpotChecks(options?: { readonly timeoutMs?: number }): Promise<OximetrySample[]>
}

/**
 * Shows the browser's device chooser for the given protocols, connects to the chosen device and
 * starts streaming: filters and `optionalServices` from the device registry, PLX Features read
 * first, value characteristics subscribed (notify or indicate, as each has), vendor start /
 * keep-alive / poll commands written, values reassembled by the protocol's framer.
 *
 * On `gattserverdisconnected` it reconnects with exponential backoff and resubscribes; framers
 * restart at each reconnect. Must be called from a user gesture (a click).
 *
 * Rejects with an `OpenwardError` holding `UserCancelled`, `ServiceNotFound` (the device lacks every
 * expected service; lists what was found), `Unsupported` (unknown protocol id) or `TransportFailure`.
 *
 * @example
 * button.onclick = async () => {
 *   const oximeter = await requestOximeter({ protocols: ['plx-continuous', 'berrymed'] })
 *   oximeter.samples$.subscribe((s) => render(s.spo2, s.pulseRate))
 * }
 * @category web-bluetooth
 */
export async function requestOximeter(options: RequestOximeterOptions): Promise<BluetoothOximeter> {
  const candidates = bluetoothProfiles(options.protocols)
  const bluetooth = options.bluetooth ?? (globalThis.navigator as Navigator | undefined)?.bluetooth
  if (bluetooth === undefined)
    throw new OpenwardError(transportFailure('requestDevice', 'Web Bluetooth is not available in this browser'))
  const device = await bluetooth.requestDevice(bluetoothRequestOptions(options.protocols)).catch((thrown: unknown) => {
    if (thrown instanceof Error && thrown.name === 'NotFoundError' && /cancel/i.test(thrown.message))
      throw new OpenwardError(userCancelled())
    throw new OpenwardError(transportFailure('requestDevice', describe(thrown)))
  })
  return connectOximeter(device, candidates, options)
}

/** Connects a chosen or already-permitted device (shared by requestOximeter and reconnectOximeter). */
export async function connectOximeter(
  device: BluetoothDevice,
  candidates: ReturnType<typeof bluetoothProfiles>,
  options: RequestOximeterOptions,
): Promise<BluetoothOximeter> {
  const scheduler = options.scheduler ?? asyncScheduler
  const info: DeviceInfo = device.name ? { id: device.id, name: device.name } : { id: device.id }
  const hub = createConnectionHub(info, scheduler)
  const first = await openGattSession(device, candidates, hub, scheduler)
  hub.start(first.profile)
  hub.setState({ status: 'connected', device: info })
  let session: GattSession | undefined = first
  let closing = false
  let retry: { unsubscribe(): void } | undefined
  // A failed attempt may disconnect again; one backoff loop at a time.
  let reconnecting = false

  const reconnect = (attempt: number): void => {
    const max = options.reconnect?.maxAttempts ?? 5
    if (closing) return
    if (attempt > max) {
      reconnecting = false
      return hub.fail(connectionLost(max))
    }
    const delayMs = backoffDelayMs(attempt, options.reconnect)
    hub.setState({ status: 'reconnecting', attempt, delayMs })
    retry = scheduler.schedule(() => {
      openGattSession(device, [first.profile], hub, scheduler).then(
        (next) => {
          if (closing) return void next.teardown().then(() => device.gatt?.disconnect())
          session = next
          reconnecting = false
          hub.setState({ status: 'connected', device: info })
        },
        () => reconnect(attempt + 1),
      )
    }, delayMs)
  }
  const onDisconnected = (): void => {
    if (closing || reconnecting) return
    reconnecting = true
    const old = session
    session = undefined
    void old?.teardown()
    hub.event(device.id, 'disconnected')
    hub.setState({ status: 'disconnected' })
    reconnect(1)
  }
  device.addEventListener('gattserverdisconnected', onDisconnected)

  const close = async (): Promise<void> => {
    if (closing) return
    closing = true
    retry?.unsubscribe()
    device.removeEventListener('gattserverdisconnected', onDisconnected)
    const s = session
    const write = s?.profile.gatt?.write
    if (s !== undefined && write !== undefined)
      for (const c of s.profile.commands.stop) await s.write(write, c.bytes).catch(() => undefined)
    await s?.teardown()
    device.gatt?.disconnect()
    hub.complete()
  }

  return {
    profile: first.profile,
    device: info,
    samples$: hub.samples$,
    records$: hub.records$,
    diagnostics$: hub.diagnostics$,
    connection$: hub.connection$,
    raw$: hub.raw$,
    close,
    downloadStoredSpotChecks: (o) => {
      if (session === undefined)
        return Promise.reject(new OpenwardError(transportFailure('download stored records', 'not connected')))
      return downloadStoredSpotChecks(session, hub, scheduler, o?.timeoutMs ?? 30_000)
    },
  }
}
