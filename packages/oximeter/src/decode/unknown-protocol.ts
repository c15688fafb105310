import { unsupported, type Unsupported } from '@openward/core'

import { deviceProfile } from '../device-registry.js'
import type { DeviceProfile } from './device-profile.js'
import { isProtocolId, PROTOCOL_IDS } from '../protocol-id.js'

/**
 * The registry profile of a protocol id given as text (a recording header, a CLI option), or an
 * `Unsupported` error that lists every known id.
 *
 * @category transports
 */
export function profileForProtocolText(id: string): DeviceProfile | Unsupported {
  return isProtocolId(id)
    ? deviceProfile(id)
    : unsupported(`protocol:${id}`, `unknown protocol id "${id}"; known ids: ${PROTOCOL_IDS.join(', ')}`)
}
