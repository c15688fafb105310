import type { OximetryBatch } from './decode/oximetry-batch.js'
import { BUILT_IN_REGISTRY } from './device-registry.js'
import type { ProtocolId } from './protocol-id.js'

export { type OximetryBatch, packFlags } from './decode/oximetry-batch.js'

/**
 * Decodes a whole buffer of one protocol into typed arrays. Protocols whose family gives a fast
 * path (Contec legacy and V7, BerryMed) decode with no per-frame objects; the others go through
 * their framer and normaliser. Both give the same values.
 *
 * @example
 * const batch = decodeBatch('contec-legacy', bytes)
 * batch.spo2[0] // 97, or NaN for "no value"
 * @category batch
 */
export const decodeBatch = (protocol: ProtocolId, bytes: Uint8Array): OximetryBatch =>
  BUILT_IN_REGISTRY.decodeBatch(protocol, bytes)
