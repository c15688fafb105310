import type { DeviceProfile } from './decode/device-profile.js'
import { DEVICE_REGISTRY } from './device-registry.js'
import type { ProtocolId } from './protocol-id.js'

/** The decoding half of a {@link DeviceProfile}: framer factory and normalisation. @category registry */
export type ProtocolCodec = Pick<DeviceProfile, 'protocol' | 'createFramer' | 'toSamples'>

/**
 * Framer factory and normaliser per protocol (the registry's profiles, narrowed).
 *
 * @category registry
 */
export const PROTOCOL_CODECS: Readonly<Record<ProtocolId, ProtocolCodec>> = /* @__PURE__ */ Object.freeze(
  Object.fromEntries(
    Object.values(DEVICE_REGISTRY).map(({ protocol, createFramer, toSamples }) => [
      protocol,
      { protocol, createFramer, toSamples },
    ]),
  ) as Record<ProtocolId, ProtocolCodec>,
)
