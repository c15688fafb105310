import type { DeviceProfile } from './device-profile.js'
import { unsupportedFramer } from './internal/unsupported-framer.js'
import { PROTOCOL_IDS, type ProtocolId } from './protocol-id.js'

/** The decoding half of a {@link DeviceProfile}: framer factory and normalisation. @category registry */
export type ProtocolCodec = Pick<DeviceProfile, 'protocol' | 'createFramer' | 'toSamples'>

const placeholder = (protocol: ProtocolId): ProtocolCodec => ({
  protocol,
  createFramer: () => unsupportedFramer(protocol),
  toSamples: () => [],
})

/**
 * Framer factory and normaliser per protocol.
 *
 * @category registry
 */
export const PROTOCOL_CODECS: Readonly<Record<ProtocolId, ProtocolCodec>> = Object.freeze(
  Object.fromEntries(PROTOCOL_IDS.map((id) => [id, placeholder(id)])) as Record<ProtocolId, ProtocolCodec>,
)
