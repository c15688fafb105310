import { FLAG_BIT, type OximetryBatch } from '../../decode/oximetry-batch.js'
import { decodeFiveByteBatch, type FiveByteWriter } from '../../internal/five-byte-batch.js'

// Same rules as contecLegacyToSamples: SpO2 127 or 0 and PR 255 or 0 are "no value".
const write: FiveByteWriter = (c, at, b0, b1, b2, b3, b4) => {
  const pr = ((b2 & 0x40) << 1) | b3
  c.pleth[at] = b1
  c.spo2[at] = b4 === 0x7f || b4 === 0 ? NaN : b4
  c.pulseRate[at] = pr === 0xff || pr === 0 ? NaN : pr
  c.flags[at] = (b2 & 0x10 ? FLAG_BIT.fingerOut : 0) | ((b2 & 0x20) !== 0 || (b0 & 0x10) !== 0 ? FLAG_BIT.searching : 0)
}

/** Contec legacy 5-byte frames straight into columns (the `decodeBatch` fast path). */
export const decodeContecLegacyBatch = (bytes: Uint8Array): OximetryBatch<'contec-legacy'> =>
  decodeFiveByteBatch('contec-legacy', bytes, write)
