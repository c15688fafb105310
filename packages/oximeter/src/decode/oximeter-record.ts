/**
 * What every record a framer produces has in common: a plain readonly object with a `_tag`
 * naming its frame type (`ContecV7RealTime`, `PlxContinuous`, ...), so it serialises to JSON
 * and narrows with a switch. The device registry is typed against this open shape; the records
 * this package decodes are the `KnownOximeterRecord` union.
 *
 * @category records
 */
export interface OximeterRecord {
  readonly _tag: string
}
