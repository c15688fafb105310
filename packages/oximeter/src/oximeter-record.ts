import type { RecordOf } from './decode/protocol-registry.js'
import type { PROTOCOL_FAMILIES } from './protocols/families.js'

export type { OximeterRecord } from './decode/oximeter-record.js'

/**
 * Every record type this package's framers produce (the union of the registered families' record
 * types).
 *
 * @category records
 */
export type KnownOximeterRecord = RecordOf<(typeof PROTOCOL_FAMILIES)[number]>
