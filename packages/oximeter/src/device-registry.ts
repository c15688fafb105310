import type { DeviceProfile } from './decode/device-profile.js'
import { createProtocolRegistry, type ProtocolOf } from './decode/protocol-registry.js'
import type { ProtocolId } from './protocol-id.js'
import { PROTOCOL_FAMILIES } from './protocols/families.js'

/**
 * The registry of this package's protocols, built from {@link PROTOCOL_FAMILIES}.
 *
 * @category registry
 */
export const BUILT_IN_REGISTRY = /* @__PURE__ */ createProtocolRegistry(PROTOCOL_FAMILIES)

// The literal union and the registered families must name the same ids: a family registering an
// id missing from `ProtocolId`, or an id with no family, fails to compile here.
type Registered = ProtocolOf<(typeof PROTOCOL_FAMILIES)[number]>
const everyIdRegistered: Readonly<Record<ProtocolId, DeviceProfile>> = BUILT_IN_REGISTRY.profiles
const noUnlistedId: Readonly<Record<Registered, DeviceProfile<ProtocolId>>> = everyIdRegistered

/**
 * Per protocol: how to reach the device (GATT UUIDs, name prefixes, serial settings), what to
 * send (start, keep-alive, poll, stop), how to frame its bytes and normalise its records. Built
 * from the protocol families under `src/protocols/` (each folder's `profile.ts`). Sources: spec
 * note `oximeter-protocols.md` §1–3 (and the documents it cites per protocol).
 *
 * @example
 * const profile = DEVICE_REGISTRY['contec-v7']
 * profile.serial?.baudRate // 115200
 * @category registry
 */
export const DEVICE_REGISTRY: Readonly<Record<ProtocolId, DeviceProfile>> = noUnlistedId

/**
 * The profile of one protocol.
 *
 * @category registry
 */
export const deviceProfile = (protocol: ProtocolId): DeviceProfile => DEVICE_REGISTRY[protocol]

/**
 * Profiles whose name prefixes match an advertised Bluetooth name (for devices that do not
 * advertise their service).
 *
 * @category registry
 */
export function profilesForDeviceName(name: string): DeviceProfile[] {
  return Object.values(DEVICE_REGISTRY).filter((p) => p.namePrefixes.some((prefix) => name.startsWith(prefix)))
}
