import { unsupported, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { DeviceProfile } from '../decode/device-profile.js'
import { DEVICE_REGISTRY } from '../device-registry.js'
import { profileForProtocolText } from '../decode/unknown-protocol.js'

/** The registry profile for a serial protocol id, or an `Unsupported` listing what exists. */
export function serialProfile(protocol: string): E.Either<Unsupported, DeviceProfile> {
  const profile = profileForProtocolText(protocol)
  if (!('createFramer' in profile)) return E.left(profile)
  if (profile.serial === undefined) {
    const serial = Object.values(DEVICE_REGISTRY)
      .filter((p) => p.serial !== undefined)
      .map((p) => p.protocol)
    return E.left(
      unsupported(
        `serial:${protocol}`,
        `protocol "${protocol}" has no serial transport; serial protocols: ${serial.join(', ')}`,
      ),
    )
  }
  return E.right(profile)
}
