import type { RecordOf } from './decode/protocol-registry.js'
import type { PROTOCOL_FAMILIES } from './protocols/families.js'

/**
 * What every record a framer produces has in common: a plain readonly object with a `_tag`
 * naming its frame type (`ContecV7RealTime`, `PlxContinuous`, ...), so it serialises to JSON
 * and narrows with a switch. The device registry is typed against this open shape; the records
 * this package decodes are the {@link KnownOximeterRecord} union.
 *
 * @category records
 */
export interface OximeterRecord {
  readonly _tag: string
}

/**
 * Every record type this package's framers produce (the union of the registered families' record
 * types).
 *
 * @category records
 */
export type KnownOximeterRecord = RecordOf<(typeof PROTOCOL_FAMILIES)[number]>
