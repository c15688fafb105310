import { FLAG_BIT, type OximetryBatch } from '../../decode/oximetry-batch.js'
import { decodeFiveByteBatch, type FiveByteWriter } from '../../internal/five-byte-batch.js'

// Same rules as berrymedToSamples: SpO2 127 and PR 255 are "no value", pleth 0 is none.
const write: FiveByteWriter = (c, at, b0, b1, b2, b3, b4) => {
  const pr = ((b2 & 0x40) << 1) | b3
  c.pleth[at] = b1 === 0 ? NaN : b1
  c.spo2[at] = b4 === 0x7f ? NaN : b4
  c.pulseRate[at] = pr === 0xff ? NaN : pr
  c.flags[at] =
    (b2 & 0x10 ? FLAG_BIT.fingerOut : 0) |
    (b0 & 0x20 ? FLAG_BIT.sensorDisconnected : 0) |
    ((b2 & 0x20) !== 0 || (b0 & 0x10) !== 0 ? FLAG_BIT.searching : 0)
}

/** BerryMed 5-byte frames straight into columns (the `decodeBatch` fast path). */
export const decodeBerrymedBatch = (bytes: Uint8Array): OximetryBatch<'berrymed'> =>
  decodeFiveByteBatch('berrymed', bytes, write)
