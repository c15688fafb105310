import { BUILT_IN_REGISTRY } from './device-registry.js'
import type { KnownOximeterRecord } from './oximeter-record.js'

/**
 * Encodes any decoded record back to its wire bytes (frame or characteristic value), for fake
 * devices, recordings and tests. For every record a framer returns, the framer decodes these
 * bytes to an equal record. Each family's `profile.ts` lists the encoder of every record tag.
 *
 * @example
 * const [record] = createContecV7Framer().push(bytes).records
 * encodeRecord(record) // the same 9 bytes
 * @category encoders
 */
export const encodeRecord = (r: KnownOximeterRecord): Uint8Array => BUILT_IN_REGISTRY.encodeRecordOrThrow(r)
