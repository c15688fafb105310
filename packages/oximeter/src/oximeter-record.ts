import type { BerrymedFrame } from './protocols/berrymed/berrymed.js'
import type { ContecLegacyFrame } from './protocols/contec/contec-legacy.js'
import type { ContecV7Record } from './protocols/contec/contec-v7-records.js'
import type { JumperRecord } from './protocols/jumper/jumper.js'
import type { NoninBleMeasurement } from './protocols/nonin/nonin-ble.js'
import type { NoninDf2Packet } from './protocols/nonin/nonin-df2-df7.js'
import type { NoninDf8Frame } from './protocols/nonin/nonin-df8.js'
import type { NoninDf13Packet } from './protocols/nonin/nonin-df13.js'
import type { PlxContinuous } from './protocols/plx/plx-continuous.js'
import type { PlxFeatures } from './protocols/plx/plx-features.js'
import type { RacpMessage } from './protocols/plx/plx-racp.js'
import type { PlxSpotCheck } from './protocols/plx/plx-spot-check.js'
import type { SfloatRecord } from './protocols/plx/sfloat-stream.js'
import type { ViatomFs20fRecord } from './protocols/viatom/viatom-fs20f.js'
import type { ViatomO2Record } from './protocols/viatom/viatom-o2.js'
import type { ViatomPc60fwRecord } from './protocols/viatom/viatom-pc60fw.js'

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
