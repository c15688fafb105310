import type { BerrymedFrame } from './berrymed.js'
import type { ContecLegacyFrame } from './contec-legacy.js'
import type { ContecV7Record } from './contec-v7-records.js'
import type { JumperRecord } from './jumper.js'
import type { NoninBleMeasurement } from './nonin-ble.js'
import type { NoninDf2Packet } from './nonin-df2-df7.js'
import type { NoninDf8Frame } from './nonin-df8.js'
import type { NoninDf13Packet } from './nonin-df13.js'
import type { PlxContinuous } from './plx-continuous.js'
import type { PlxFeatures } from './plx-features.js'
import type { RacpMessage } from './plx-racp.js'
import type { PlxSpotCheck } from './plx-spot-check.js'
import type { SfloatRecord } from './sfloat-stream.js'
import type { ViatomFs20fRecord } from './viatom-fs20f.js'
import type { ViatomO2Record } from './viatom-o2.js'
import type { ViatomPc60fwRecord } from './viatom-pc60fw.js'

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
 * Every record type this package's framers produce.
 *
 * @category records
 */
export type KnownOximeterRecord =
  | SfloatRecord
  | PlxContinuous
  | PlxSpotCheck
  | PlxFeatures
  | RacpMessage
  | ContecLegacyFrame
  | ContecV7Record
  | BerrymedFrame
  | ViatomO2Record
  | ViatomFs20fRecord
  | ViatomPc60fwRecord
  | NoninDf2Packet
  | NoninDf8Frame
  | NoninDf13Packet
  | NoninBleMeasurement
  | JumperRecord
