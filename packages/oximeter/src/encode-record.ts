import { encodeBerrymed } from './protocols/berrymed/berrymed.js'
import { encodeContecLegacy } from './protocols/contec/contec-legacy.js'
import { encodeContecV7 } from './protocols/contec/contec-v7-encode.js'
import { encodeJumper } from './protocols/jumper/jumper.js'
import { encodeNoninBle } from './protocols/nonin/nonin-ble.js'
import { encodeNoninDf2Packet } from './protocols/nonin/nonin-df2-df7.js'
import { encodeNoninDf8 } from './protocols/nonin/nonin-df8.js'
import { encodeNoninDf13 } from './protocols/nonin/nonin-df13.js'
import type { KnownOximeterRecord } from './oximeter-record.js'
import { encodePlxContinuous } from './protocols/plx/plx-continuous.js'
import { encodePlxFeatures } from './protocols/plx/plx-features.js'
import { encodeRacp } from './protocols/plx/plx-racp.js'
import { encodePlxSpotCheck } from './protocols/plx/plx-spot-check.js'
import { encodeSfloatRecord } from './protocols/plx/sfloat-stream.js'
import { encodeViatomFs20f } from './protocols/viatom/viatom-fs20f.js'
import { encodeViatomO2 } from './protocols/viatom/viatom-o2.js'
import { encodeViatomPc60fw } from './protocols/viatom/viatom-pc60fw.js'

/**
 * Encodes any decoded record back to its wire bytes (frame or characteristic value), for fake
 * devices, recordings and tests. For every record a framer returns, the framer decodes these
 * bytes to an equal record.
 *
 * @example
 * const [record] = createContecV7Framer().push(bytes).records
 * encodeRecord(record) // the same 9 bytes
 * @category encoders
 */
export function encodeRecord(r: KnownOximeterRecord): Uint8Array {
  switch (r._tag) {
    case 'Sfloat':
      return encodeSfloatRecord(r)
    case 'PlxContinuous':
      return encodePlxContinuous(r)
    case 'PlxSpotCheck':
      return encodePlxSpotCheck(r)
    case 'PlxFeatures':
      return encodePlxFeatures(r)
    case 'RacpRequest':
    case 'RacpNumberOfRecords':
    case 'RacpResponse':
      return encodeRacp(r)
    case 'ContecLegacyFrame':
      return encodeContecLegacy(r)
    case 'ContecV7RealTime':
    case 'ContecV7StorageData':
    case 'ContecV7Command':
    case 'ContecV7Packet':
      return encodeContecV7(r)
    case 'BerrymedFrame':
      return encodeBerrymed(r)
    case 'ViatomO2Request':
    case 'ViatomO2Response':
      return encodeViatomO2(r)
    case 'ViatomFs20fParams':
    case 'ViatomFs20fWave':
    case 'ViatomFs20fOther':
      return encodeViatomFs20f(r)
    case 'ViatomPc60fwParams':
    case 'ViatomPc60fwWave':
    case 'ViatomPc60fwOther':
      return encodeViatomPc60fw(r)
    case 'NoninDf2Packet':
      return encodeNoninDf2Packet(r)
    case 'NoninDf8Frame':
      return encodeNoninDf8(r)
    case 'NoninDf13Packet':
      return encodeNoninDf13(r)
    case 'NoninBleMeasurement':
      return encodeNoninBle(r)
    case 'JumperParams':
    case 'JumperWave':
      return encodeJumper(r)
  }
}
