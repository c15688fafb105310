import { getOrThrow, unsupported, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { DeviceProfile } from '../decode/device-profile.js'
import { DEVICE_REGISTRY } from '../device-registry.js'
import { profileForProtocolText } from '../decode/unknown-protocol.js'

/**
 * The registry profiles for protocol ids given as text, or an `Unsupported` for an unknown id
 * (listing the known ones) or one with no GATT profile (listing the Bluetooth protocols).
 */
export function bluetoothProfiles(protocols: readonly string[]): E.Either<Unsupported, DeviceProfile[]> {
  if (protocols.length === 0) return E.left(unsupported('protocols', 'give at least one protocol id'))
  const profiles: DeviceProfile[] = []
  for (const id of protocols) {
    const profile = profileForProtocolText(id)
    if (!('createFramer' in profile)) return E.left(profile)
    if (profile.gatt === undefined || profile.gatt.subscribe.length === 0) {
      const ble = Object.values(DEVICE_REGISTRY)
        .filter((p) => (p.gatt?.subscribe.length ?? 0) > 0)
        .map((p) => p.protocol)
      return E.left(
        unsupported(
          `bluetooth:${id}`,
          `protocol "${id}" has no Bluetooth transport; Bluetooth protocols: ${ble.join(', ')}`,
        ),
      )
    }
    profiles.push(profile)
  }
  return E.right(profiles)
}

/**
 * `requestDevice` options for the given profiles (Web Bluetooth §4.2): a service filter for each
 * profile whose devices advertise their service, a name-prefix filter for each known prefix
 * (BerryMed, VTM 20F and others do not advertise it), and every service under `optionalServices`,
 * without which a device matched by name could not be opened. A `Left` `Unsupported` for no ids, an
 * unknown id (listing the known ones) or one without a Bluetooth transport (listing those that have
 * one); {@link bluetoothRequestOptionsOrThrow} throws an `OpenwardError` instead.
 *
 * @example
 * const options = bluetoothRequestOptions(['plx-continuous', 'berrymed'])
 * // Right({ filters: [{ services: ['00001822-…'] }, { namePrefix: 'BerryMed' }], optionalServices: ['00001822-…', '49535343-…'] })
 * if (E.isRight(options)) device = await navigator.bluetooth.requestDevice(options.right)
 * @category web-bluetooth
 */
export function bluetoothRequestOptions(protocols: readonly string[]): E.Either<Unsupported, RequestDeviceOptions> {
  return E.map(requestOptionsFor)(bluetoothProfiles(protocols))
}

/**
 * {@link bluetoothRequestOptions}, throwing an `OpenwardError` holding the `Unsupported` (the
 * behaviour `bluetoothRequestOptions` had before it returned an `Either`). For protocol ids fixed
 * in the code, where an unknown one is a programming error.
 *
 * @example
 * const device = await navigator.bluetooth.requestDevice(bluetoothRequestOptionsOrThrow(['viatom-o2']))
 * @category web-bluetooth
 */
export function bluetoothRequestOptionsOrThrow(protocols: readonly string[]): RequestDeviceOptions {
  return getOrThrow(bluetoothRequestOptions(protocols))
}

/** `requestDevice` options for profiles already looked up (see {@link bluetoothRequestOptions}). */
export function requestOptionsFor(profiles: readonly DeviceProfile[]): RequestDeviceOptions {
  const filters: BluetoothLEScanFilter[] = []
  const services = new Set<string>()
  const prefixes = new Set<string>()
  for (const p of profiles) {
    const service = p.gatt?.service
    if (service === undefined) continue
    if (p.gatt?.advertisesService && !services.has(service)) filters.push({ services: [service] })
    services.add(service)
    for (const prefix of p.namePrefixes) {
      if (!prefixes.has(prefix)) filters.push({ namePrefix: prefix })
      prefixes.add(prefix)
    }
  }
  return { filters, optionalServices: [...services] }
}
