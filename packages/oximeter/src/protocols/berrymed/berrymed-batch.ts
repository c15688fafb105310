import { FLAG_BIT, type OximetryBatch, PULSE_MAX, PULSE_MIN, SPO2_MAX } from '../../decode/oximetry-batch.js'
import { decodeFiveByteBatch, type FiveByteWriter } from '../../internal/five-byte-batch.js'

// Same rules as berrymedToSamples: SpO2 127 and PR 255 are "no value", pleth 0 is none; then the
// registry's plausibility check (SpO2 101-126 and PR 0-19 are refused).
const write: FiveByteWriter = (c, at, b0, b1, b2, b3, b4) => {
  const pr = ((b2 & 0x40) << 1) | b3
  let spo2 = b4 === 0x7f ? NaN : b4
  let pulseRate = pr === 0xff ? NaN : pr
  let refused = 0
  if (spo2 > SPO2_MAX) {
    spo2 = NaN
    refused++
  }
  if (pulseRate < PULSE_MIN || pulseRate > PULSE_MAX) {
    pulseRate = NaN
    refused++
  }
  c.pleth[at] = b1 === 0 ? NaN : b1
  c.spo2[at] = spo2
  c.pulseRate[at] = pulseRate
  c.flags[at] =
    (b2 & 0x10 ? FLAG_BIT.fingerOut : 0) |
    (b0 & 0x20 ? FLAG_BIT.sensorDisconnected : 0) |
    ((b2 & 0x20) !== 0 || (b0 & 0x10) !== 0 ? FLAG_BIT.searching : 0) |
    (refused > 0 ? FLAG_BIT.questionable : 0)
  return refused
}

/** BerryMed 5-byte frames straight into columns (the `decodeBatch` fast path). */
export const decodeBerrymedBatch = (bytes: Uint8Array): OximetryBatch<'berrymed'> =>
  decodeFiveByteBatch('berrymed', bytes, write)
