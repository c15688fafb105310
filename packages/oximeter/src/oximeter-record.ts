/**
 * Any record a framer in this package produces. Every record is a plain readonly object with a
 * `_tag` naming its frame type (`ContecV7RealTime`, `PlxContinuous`, ...), so it serialises to
 * JSON and narrows with a switch.
 *
 * @category records
 */
export interface OximeterRecord {
  readonly _tag: string
}
