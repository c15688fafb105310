import { OpenwardError, unsupported } from '@openward/core'

import type { DeviceProfile } from '../decode/device-profile.js'
import { DEVICE_REGISTRY } from '../device-registry.js'
import { profileForProtocolText } from '../decode/unknown-protocol.js'

/** The registry profile for a serial protocol id, or an `OpenwardError` listing what exists. */
export function serialProfile(protocol: string): DeviceProfile {
  const profile = profileForProtocolText(protocol)
  if (!('createFramer' in profile)) throw new OpenwardError(profile)
  if (profile.serial === undefined) {
    const serial = Object.values(DEVICE_REGISTRY)
      .filter((p) => p.serial !== undefined)
      .map((p) => p.protocol)
    throw new OpenwardError(
      unsupported(
        `serial:${protocol}`,
        `protocol "${protocol}" has no serial transport; serial protocols: ${serial.join(', ')}`,
      ),
    )
  }
  return profile
}
