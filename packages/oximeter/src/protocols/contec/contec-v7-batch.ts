import type { DecodeError } from '@openward/core'

import {
  type Columns,
  columns,
  FLAG_BIT,
  growColumns,
  type OximetryBatch,
  PI_MAX,
  PULSE_MAX,
  PULSE_MIN,
  SPO2_MAX,
  trimColumns,
  writeSample,
} from '../../decode/oximetry-batch.js'
import { refuseImplausible } from '../../decode/plausible-samples.js'
import { FrameRejection, garbageError, NEED_MORE } from '../../internal/stream-framer.js'
import { decodeV7, isV7Type, measureV7 } from './contec-v7-framer.js'
import { contecV7ToSamples } from './contec-v7-normalise.js'

const FINGER_OUT = FLAG_BIT.fingerOut
const SEARCHING = FLAG_BIT.searching
const QUESTIONABLE = FLAG_BIT.questionable

/**
 * Contec V7 straight into columns: the V7 framer's loop over the whole buffer at once (same sync,
 * measure and reject rules, so the same bytes are discarded and held back), with real-time packets
 * written to the columns inline instead of allocating records. Other packets are decoded and
 * normalised as usual, in stream order. `test/batch-decode.test.ts` holds it equal to the framer
 * and normaliser on arbitrary bytes.
 */
export function decodeContecV7Batch(b: Uint8Array): OximetryBatch<'contec-v7'> {
  const n = b.length
  // Every sample's perfusion index is written below (NaN when absent), so no NaN pre-fill.
  let c: Columns = columns(Math.max(16, Math.floor(n / 9)), true)
  // Locals, not property loads, in the hot loop; refreshed where the columns grow. No closure
  // assigns to them (a captured, reassigned variable lives in a heap context: every access in the
  // loop would be a memory load or store), so growth is written out inline and refused values on
  // the slow path are counted in an object of their own.
  let spo2s = c.spo2
  let pulseRates = c.pulseRate
  let pis = c.perfusionIndex
  let pleths = c.pleth
  let flags = c.flags
  let capacity = spo2s.length
  let count = 0
  let implausibleValues = 0
  const slow = { implausible: 0 }
  const context = { timeMs: 0, onImplausible: () => void slow.implausible++ }
  const errors: DecodeError[] = []
  let discarded = 0
  let garbageStart = -1
  let i = 0
  while (i < n) {
    const byte = b[i] as number
    if (byte === 0x01 && i + 9 <= n) {
      // A whole real-time packet: bit 7 set on all eight bytes after the type (the V7 framer's
      // rule), each byte loaded once, for the check and the values.
      const hi = b[i + 1] as number
      const b2 = b[i + 2] as number
      const b3 = b[i + 3] as number
      const b4 = b[i + 4] as number
      const b5 = b[i + 5] as number
      const b6 = b[i + 6] as number
      const b7 = b[i + 7] as number
      const b8 = b[i + 8] as number
      if ((hi & b2 & b3 & b4 & b5 & b6 & b7 & b8 & 0x80) !== 0) {
        if (garbageStart >= 0) {
          errors.push(garbageError(garbageStart, b[garbageStart] ?? 0, i - garbageStart))
          discarded += i - garbageStart
          garbageStart = -1
        }
        if (count === capacity) {
          c = growColumns(c)
          spo2s = c.spo2
          pulseRates = c.pulseRate
          pis = c.perfusionIndex
          pleths = c.pleth
          flags = c.flags
          capacity = spo2s.length
        }
        // Restored data bytes (V7.0 "real-time data"): bit 7 of data byte k is bit k of byte 1.
        const d0 = (b2 & 0x7f) | ((hi & 0x01) << 7)
        const d1 = (b3 & 0x7f) | ((hi & 0x02) << 6)
        const d2 = (b4 & 0x7f) | ((hi & 0x04) << 5)
        const pr = (b5 & 0x7f) | ((hi & 0x08) << 4)
        const sat = (b6 & 0x7f) | ((hi & 0x10) << 3)
        const rawPi = (b7 & 0x7f) | ((hi & 0x20) << 2) | (((b8 & 0x7f) | ((hi & 0x40) << 1)) << 8)
        // Same rules as contecV7ToSamples (127/0 and 255/0 are "no value"), then the registry's
        // plausibility check (refused values are NaN with the questionable bit, and counted).
        let spo2 = sat === 0x7f || sat === 0 ? NaN : sat
        let pulseRate = pr === 0xff || pr === 0 ? NaN : pr
        let pi = rawPi === 0xffff || (d2 & 0x10) !== 0 ? NaN : rawPi / 100
        let refused = 0
        if (spo2 > SPO2_MAX) {
          spo2 = NaN
          refused++
        }
        if (pulseRate < PULSE_MIN || pulseRate > PULSE_MAX) {
          pulseRate = NaN
          refused++
        }
        if (pi > PI_MAX) {
          pi = NaN
          refused++
        }
        implausibleValues += refused
        spo2s[count] = spo2
        pulseRates[count] = pulseRate
        pis[count] = pi
        pleths[count] = d1 & 0x7f
        flags[count] =
          (d0 & 0x80 ? FINGER_OUT : 0) |
          ((d1 & 0x80) !== 0 || (d0 & 0x10) !== 0 ? SEARCHING : 0) |
          (refused > 0 ? QUESTIONABLE : 0)
        count++
        i += 9
        continue
      }
    }
    const length = isV7Type(byte) ? measureV7(b, i, n) : 0
    if (length === NEED_MORE || (length > 0 && i + length > n)) break
    if (length <= 0) {
      if (garbageStart < 0) garbageStart = i
      i++
      continue
    }
    const r = decodeV7(b, i, length, i)
    if (garbageStart >= 0) {
      errors.push(garbageError(garbageStart, b[garbageStart] ?? 0, i - garbageStart))
      discarded += i - garbageStart
      garbageStart = -1
    }
    if (r instanceof FrameRejection) {
      errors.push(r.error)
      const drop = Math.max(1, Math.min(r.discard, n - i))
      discarded += drop
      i += drop
      continue
    }
    if (r._tag === 'ContecV7RealTime' || r._tag === 'ContecV7StorageData')
      for (const s of refuseImplausible(contecV7ToSamples(r, context), context.onImplausible)) {
        if (count === capacity) {
          c = growColumns(c)
          spo2s = c.spo2
          pulseRates = c.pulseRate
          pis = c.perfusionIndex
          pleths = c.pleth
          flags = c.flags
          capacity = spo2s.length
        }
        writeSample(c, count++, s)
      }
    i += length
  }
  if (garbageStart >= 0) {
    errors.push(garbageError(garbageStart, b[garbageStart] ?? 0, i - garbageStart))
    discarded += i - garbageStart
  }
  return {
    protocol: 'contec-v7',
    length: count,
    ...trimColumns(c, count),
    bytesDiscarded: discarded,
    checksumFailures: 0,
    trailingBytes: n - i,
    errors,
    implausibleValues: implausibleValues + slow.implausible,
  }
}
