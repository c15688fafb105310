import { OpenwardError } from '@openward/core'
import type { SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import { startHostCommands } from '../transport/command-timers.js'
import type { ConnectionHub } from '../transport/connection-hub.js'
import { serviceNotFound, transportFailure } from '../transport/transport-errors.js'
import { gattQueue } from './gatt-queue.js'

/** One live GATT connection: the profile it matched, its service, and how to undo it. */
export interface GattSession {
  readonly profile: DeviceProfile
  readonly service: BluetoothRemoteGATTService
  /** Subscribes to `uuid` (once per session) and feeds its values to the hub. */
  subscribe(uuid: string): Promise<void>
  write(uuid: string, bytes: Uint8Array): Promise<void>
  /** Stops timers, unsubscribes, removes listeners (the link itself is left to the caller). */
  teardown(): Promise<void>
}

const bytesOf = (view: DataView): Uint8Array =>
  new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength))

const message = (thrown: unknown): string =>
  thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)

/**
 * Connects, picks the first candidate profile whose service the device has (name-prefix matches
 * first), reads the profile's read-first characteristics (PLX Features), subscribes to its value
 * characteristics and starts its host commands. Throws `OpenwardError`s holding `ServiceNotFound`
 * (listing the services found) or `TransportFailure`.
 */
export async function openGattSession(
  device: BluetoothDevice,
  candidates: readonly DeviceProfile[],
  hub: ConnectionHub,
  scheduler: SchedulerLike,
): Promise<GattSession> {
  const gatt = device.gatt
  if (gatt === undefined) throw new OpenwardError(transportFailure('connect', 'the device has no GATT server'))
  const server = await gatt.connect().catch((thrown: unknown) => {
    throw new OpenwardError(transportFailure('connect', message(thrown)))
  })
  hub.event(device.id, 'connected')
  // Reads, writes and (un)subscribes share one queue per device: never two ATT requests at once.
  const queue = gattQueue(device)
  const { profile, service } = await pickService(server, candidates, device.name ?? '')
  const listeners: Array<[BluetoothRemoteGATTCharacteristic, (e: Event) => void]> = []
  const characteristic = (uuid: string) =>
    service.getCharacteristic(uuid).catch((thrown: unknown) => {
      throw new OpenwardError(transportFailure(`characteristic ${uuid}`, message(thrown)))
    })
  const subscribe = async (uuid: string): Promise<void> => {
    if (listeners.some(([c]) => c.uuid === uuid)) return
    const c = await characteristic(uuid)
    const onValue = (e: Event): void => {
      const value = (e.target as BluetoothRemoteGATTCharacteristic).value
      if (value !== undefined) hub.received(uuid, bytesOf(value))
    }
    c.addEventListener('characteristicvaluechanged', onValue)
    listeners.push([c, onValue])
    // startNotifications enables indications when the characteristic only indicates (PLX 0x2A5E, RACP).
    await queue
      .run(() => c.startNotifications())
      .catch((thrown: unknown) => {
        throw new OpenwardError(transportFailure(`subscribe ${uuid}`, message(thrown)))
      })
  }
  const write = async (uuid: string, bytes: Uint8Array): Promise<void> => {
    const c = await characteristic(uuid)
    const data = bytes as Uint8Array<ArrayBuffer>
    if (c.properties.writeWithoutResponse && !c.properties.write)
      await queue.run(() => c.writeValueWithoutResponse(data))
    else await queue.run(() => c.writeValueWithResponse(data))
    hub.sent(uuid, bytes)
  }
  // PLX Features first (spec note §2.1): it says which fields and status bits the device can produce.
  for (const uuid of profile.gatt?.read ?? []) {
    const value = await characteristic(uuid)
      .then((c) => queue.run(() => c.readValue()))
      .catch(() => undefined)
    if (value !== undefined) hub.received(uuid, bytesOf(value))
  }
  for (const s of profile.gatt?.subscribe ?? []) await subscribe(s.uuid)
  const writeUuid = profile.gatt?.write
  const stopCommands =
    writeUuid === undefined
      ? () => undefined
      : await startHostCommands(
          profile.commands,
          (c) => write(writeUuid, c.bytes),
          scheduler,
          () => undefined,
        )
  return {
    profile,
    service,
    subscribe,
    write,
    teardown: async () => {
      stopCommands()
      for (const [c, onValue] of listeners.splice(0)) {
        c.removeEventListener('characteristicvaluechanged', onValue)
        if (gatt.connected) await queue.run(() => c.stopNotifications()).catch(() => undefined)
      }
    },
  }
}

async function pickService(
  server: BluetoothRemoteGATTServer,
  candidates: readonly DeviceProfile[],
  name: string,
): Promise<{ profile: DeviceProfile; service: BluetoothRemoteGATTService }> {
  const byName = (p: DeviceProfile) => (p.namePrefixes.some((prefix) => name.startsWith(prefix)) ? 0 : 1)
  const ordered = [...candidates].sort((a, b) => byName(a) - byName(b))
  for (const profile of ordered) {
    const uuid = profile.gatt?.service
    if (uuid === undefined) continue
    const service = await server.getPrimaryService(uuid).catch(() => undefined)
    if (service !== undefined) return { profile, service }
  }
  const found = await server
    .getPrimaryServices()
    .then((services) => services.map((s) => s.uuid))
    .catch(() => [] as string[])
  server.disconnect()
  const expected = [...new Set(ordered.flatMap((p) => (p.gatt ? [p.gatt.service] : [])))]
  throw new OpenwardError(serviceNotFound(name === '' ? 'the device' : `"${name}"`, expected, found))
}
