import { OpenwardError, unsupported } from '@openward/core'

import type { DeviceProfile } from '../decode/device-profile.js'
import { DEVICE_REGISTRY } from '../device-registry.js'
import { profileForProtocolText } from '../decode/unknown-protocol.js'

/**
 * The registry profiles for protocol ids given as text. Throws an `OpenwardError` holding an
 * `Unsupported` for an unknown id (listing the known ones) or one with no GATT profile (listing
 * the Bluetooth protocols).
 */
export function bluetoothProfiles(protocols: readonly string[]): DeviceProfile[] {
  if (protocols.length === 0) throw new OpenwardError(unsupported('protocols', 'give at least one protocol id'))
  return protocols.map((id) => {
    const profile = profileForProtocolText(id)
    if (!('createFramer' in profile)) throw new OpenwardError(profile)
    if (profile.gatt === undefined || profile.gatt.subscribe.length === 0) {
      const ble = Object.values(DEVICE_REGISTRY)
        .filter((p) => (p.gatt?.subscribe.length ?? 0) > 0)
        .map((p) => p.protocol)
      throw new OpenwardError(
        unsupported(
          `bluetooth:${id}`,
          `protocol "${id}" has no Bluetooth transport; Bluetooth protocols: ${ble.join(', ')}`,
        ),
      )
    }
    return profile
  })
}

/**
 * `requestDevice` options for the given profiles (Web Bluetooth §4.2): a service filter for each
 * profile whose devices advertise their service, a name-prefix filter for each known prefix
 * (BerryMed, VTM 20F and others do not advertise it), and every service under `optionalServices`,
 * without which a device matched by name could not be opened.
 *
 * @example
 * bluetoothRequestOptions(['plx-continuous', 'berrymed'])
 * // { filters: [{ services: ['00001822-…'] }, { namePrefix: 'BerryMed' }], optionalServices: ['00001822-…', '49535343-…'] }
 * @category web-bluetooth
 */
export function bluetoothRequestOptions(protocols: readonly string[]): RequestDeviceOptions {
  const profiles = bluetoothProfiles(protocols)
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
