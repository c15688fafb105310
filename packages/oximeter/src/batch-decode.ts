import { type DecodeError, type OximetrySample, SAMPLE_FLAG_NAMES, type SampleFlags, taggedError } from '@openward/core'

import { CONTEC_V7_FRAME_SPEC } from './protocols/contec/contec-v7-framer.js'
import { DEVICE_REGISTRY } from './device-registry.js'
import { createStreamFramer, FrameRejection } from './internal/stream-framer.js'
import type { ProtocolId } from './protocol-id.js'

/**
 * A whole buffer decoded into typed arrays (struct of arrays), one entry per sample, for
 * research use: no per-record objects on the 5-byte fast path. `NaN` means "no value" (the
 * `null` of {@link OximetrySample}); `flags` packs the sample flags as bits in
 * `SAMPLE_FLAG_NAMES` order (bit 0 = fingerOut, bit 1 = searching, ...). `pleth` holds the
 * first pleth point of each sample (`NaN` if none).
 *
 * @category batch
 */
export interface OximetryBatch {
  readonly protocol: ProtocolId
  readonly length: number
  readonly spo2: Float32Array
  readonly pulseRate: Float32Array
  readonly perfusionIndex: Float32Array
  readonly pleth: Float32Array
  readonly flags: Uint8Array
  readonly bytesDiscarded: number
  readonly checksumFailures: number
  /** Bytes at the end that do not make a whole frame. */
  readonly trailingBytes: number
  readonly errors: readonly DecodeError[]
}

const FINGER_OUT = 1 << SAMPLE_FLAG_NAMES.indexOf('fingerOut')
const SEARCHING = 1 << SAMPLE_FLAG_NAMES.indexOf('searching')
const SENSOR = 1 << SAMPLE_FLAG_NAMES.indexOf('sensorDisconnected')

/** Packs sample flags into bits (SAMPLE_FLAG_NAMES order). @category batch */
export function packFlags(flags: SampleFlags): number {
  let bits = 0
  for (let i = 0; i < SAMPLE_FLAG_NAMES.length; i++)
    if (flags[SAMPLE_FLAG_NAMES[i] as keyof SampleFlags]) bits |= 1 << i
  return bits
}

interface Columns {
  spo2: Float32Array
  pulseRate: Float32Array
  perfusionIndex: Float32Array
  pleth: Float32Array
  flags: Uint8Array
}
const columns = (n: number): Columns => ({
  spo2: new Float32Array(n),
  pulseRate: new Float32Array(n),
  perfusionIndex: new Float32Array(n).fill(NaN),
  pleth: new Float32Array(n),
  flags: new Uint8Array(n),
})
const trim = (c: Columns, n: number): Columns => ({
  spo2: c.spo2.subarray(0, n),
  pulseRate: c.pulseRate.subarray(0, n),
  perfusionIndex: c.perfusionIndex.subarray(0, n),
  pleth: c.pleth.subarray(0, n),
  flags: c.flags.subarray(0, n),
})

/**
 * Contec legacy / BerryMed 5-byte frames straight into columns. Same rules as the framer and
 * the normalisers (resync on bit 7; SpO2 127 and PR 255, and for Contec 0, are no value).
 */
function decodeFiveByte(protocol: 'contec-legacy' | 'berrymed', b: Uint8Array): OximetryBatch {
  const n = b.length
  const c = columns(Math.floor(n / 5))
  const errors: DecodeError[] = []
  const contec = protocol === 'contec-legacy'
  // Locals, not property loads, in the hot loop.
  const spo2 = c.spo2
  const pulseRate = c.pulseRate
  const pleth = c.pleth
  const flags = c.flags
  let count = 0
  let discarded = 0
  let skipFrom = -1
  let i = 0
  while (i + 5 <= n) {
    const b0 = b[i] as number
    const b1 = b[i + 1] as number
    const b2 = b[i + 2] as number
    const b3 = b[i + 3] as number
    const b4 = b[i + 4] as number
    if ((b0 & 0x80) === 0 || ((b1 | b2 | b3 | b4) & 0x80) !== 0) {
      if (skipFrom < 0) skipFrom = i
      i++
      continue
    }
    if (skipFrom >= 0) {
      errors.push(
        taggedError('InvalidSync', `${i - skipFrom} byte(s) skipped from byte ${skipFrom}`, {
          offset: skipFrom,
          actual: b[skipFrom] ?? 0,
          length: i - skipFrom,
        }),
      )
      discarded += i - skipFrom
      skipFrom = -1
    }
    const pr = ((b2 & 0x40) << 1) | b3
    pleth[count] = b1
    if (contec) {
      spo2[count] = b4 === 0x7f || b4 === 0 ? NaN : b4
      pulseRate[count] = pr === 0xff || pr === 0 ? NaN : pr
      flags[count] = (b2 & 0x10 ? FINGER_OUT : 0) | ((b2 & 0x20) !== 0 || (b0 & 0x10) !== 0 ? SEARCHING : 0)
    } else {
      spo2[count] = b4 === 0x7f ? NaN : b4
      pulseRate[count] = pr === 0xff ? NaN : pr
      if (b1 === 0) pleth[count] = NaN
      flags[count] =
        (b2 & 0x10 ? FINGER_OUT : 0) |
        (b0 & 0x20 ? SENSOR : 0) |
        ((b2 & 0x20) !== 0 || (b0 & 0x10) !== 0 ? SEARCHING : 0)
    }
    count++
    i += 5
  }
  let tail = n - i
  if (skipFrom >= 0 || tail > 0) {
    const from = skipFrom >= 0 ? skipFrom : i
    let syncAt = n
    // Like the framer: hold from the first sync byte of the last, incomplete frame.
    for (let j = i; j < n; j++)
      if (((b[j] as number) & 0x80) !== 0) {
        syncAt = j
        break
      }
    if (syncAt > from) {
      errors.push(
        taggedError('InvalidSync', `${syncAt - from} byte(s) skipped from byte ${from}`, {
          offset: from,
          actual: b[from] ?? 0,
          length: syncAt - from,
        }),
      )
      discarded += syncAt - from
    }
    tail = n - syncAt
  }
  return {
    protocol,
    length: count,
    ...trim(c, count),
    bytesDiscarded: discarded,
    checksumFailures: 0,
    trailingBytes: tail,
    errors,
  }
}

/**
 * Decodes a whole buffer of one protocol into typed arrays. Contec legacy and BerryMed use a
 * fast loop with no per-frame objects; other protocols go through their framer and normaliser.
 *
 * @example
 * const batch = decodeBatch('contec-legacy', bytes)
 * batch.spo2[0] // 97, or NaN for "no value"
 * @category batch
 */
export function decodeBatch(protocol: ProtocolId, bytes: Uint8Array): OximetryBatch {
  if (protocol === 'contec-legacy' || protocol === 'berrymed') return decodeFiveByte(protocol, bytes)
  if (protocol === 'contec-v7') return decodeContecV7(bytes)
  return decodeGeneric(protocol, bytes)
}

/** Pushes in slices and writes each sample to the columns at once, so records die young (cheap GC). */
function decodeGeneric(protocol: ProtocolId, bytes: Uint8Array): OximetryBatch {
  const profile = DEVICE_REGISTRY[protocol]
  const framer = profile.createFramer()
  const message = profile.framing === 'message'
  const context = { timeMs: 0 }
  let c = columns(Math.max(16, bytes.length >> 4))
  let count = 0
  let discarded = 0
  let checksumFailures = 0
  const errors: DecodeError[] = []
  const step = message ? bytes.length || 1 : 16384
  for (let at = 0; at < bytes.length || (message && at === 0); at += step) {
    const out = framer.push(bytes.subarray(at, at + step))
    discarded += out.bytesDiscarded
    checksumFailures += out.checksumFailures
    for (const e of out.errors) errors.push(e)
    for (const r of out.records)
      for (const s of profile.toSamples(r, context)) {
        if (count === c.spo2.length) c = grow(c)
        c.spo2[count] = s.spo2 ?? NaN
        c.pulseRate[count] = s.pulseRate ?? NaN
        c.perfusionIndex[count] = s.perfusionIndex ?? NaN
        c.pleth[count] = s.pleth?.[0] ?? NaN
        c.flags[count] = packFlags(s.flags)
        count++
      }
  }
  return {
    protocol,
    length: count,
    ...trim(c, count),
    bytesDiscarded: discarded,
    checksumFailures,
    trailingBytes: framer.pendingBytes,
    errors,
  }
}

function grow(c: Columns): Columns {
  const n = c.spo2.length * 2
  const next = columns(n)
  next.spo2.set(c.spo2)
  next.pulseRate.set(c.pulseRate)
  next.perfusionIndex.set(c.perfusionIndex)
  next.pleth.set(c.pleth)
  next.flags.set(c.flags)
  return next
}

/** Restored data byte k of a V7 packet at `at` (bit 7 from the high-bit byte). */
const v7 = (b: Uint8Array, at: number, k: number) =>
  ((b[at + 2 + k] as number) & 0x7f) | ((((b[at + 1] as number) >>> k) & 1) << 7)

const WRITTEN = Object.freeze({ _tag: 'Written' as const })

/**
 * Contec V7 through the V7 framer's own sync/measure/reject logic (so resync and diagnostics are
 * identical), but with real-time packets written straight to the columns instead of allocating
 * records. Other packets are normalised as usual, in stream order.
 */
function decodeContecV7(bytes: Uint8Array): OximetryBatch {
  const profile = DEVICE_REGISTRY['contec-v7']
  const context = { timeMs: 0 }
  let c = columns(Math.max(16, Math.floor(bytes.length / 9)))
  let count = 0
  const write = (s: OximetrySample) => {
    if (count === c.spo2.length) c = grow(c)
    c.spo2[count] = s.spo2 ?? NaN
    c.pulseRate[count] = s.pulseRate ?? NaN
    c.perfusionIndex[count] = s.perfusionIndex ?? NaN
    c.pleth[count] = s.pleth?.[0] ?? NaN
    c.flags[count] = packFlags(s.flags)
    count++
  }
  const framer = createStreamFramer<typeof WRITTEN>({
    ...CONTEC_V7_FRAME_SPEC,
    decode: (b, at, length, offset) => {
      if (
        b[at] === 0x01 &&
        length === 9 &&
        ((b[at + 1] as number) &
          (b[at + 2] as number) &
          (b[at + 3] as number) &
          (b[at + 4] as number) &
          (b[at + 5] as number) &
          (b[at + 6] as number) &
          (b[at + 7] as number) &
          (b[at + 8] as number) &
          0x80) !==
          0
      ) {
        if (count === c.spo2.length) c = grow(c)
        const d0 = v7(b, at, 0)
        const d1 = v7(b, at, 1)
        const pr = v7(b, at, 3)
        const spo2 = v7(b, at, 4)
        const pi = v7(b, at, 5) | (v7(b, at, 6) << 8)
        // Same rules as contecV7ToSamples.
        c.spo2[count] = spo2 === 0x7f || spo2 === 0 ? NaN : spo2
        c.pulseRate[count] = pr === 0xff || pr === 0 ? NaN : pr
        c.perfusionIndex[count] = pi === 0xffff || (v7(b, at, 2) & 0x10) !== 0 ? NaN : pi / 100
        c.pleth[count] = d1 & 0x7f
        c.flags[count] = (d0 & 0x80 ? FINGER_OUT : 0) | ((d1 & 0x80) !== 0 || (d0 & 0x10) !== 0 ? SEARCHING : 0)
        count++
        return WRITTEN
      }
      const r = CONTEC_V7_FRAME_SPEC.decode(b, at, length, offset)
      if (r instanceof FrameRejection) return r
      for (const s of profile.toSamples(r, context)) write(s)
      return WRITTEN
    },
  })
  let discarded = 0
  const errors: DecodeError[] = []
  for (let at = 0; at < bytes.length; at += 65536) {
    const out = framer.push(bytes.subarray(at, at + 65536))
    discarded += out.bytesDiscarded
    for (const e of out.errors) errors.push(e)
  }
  return {
    protocol: 'contec-v7',
    length: count,
    ...trim(c, count),
    bytesDiscarded: discarded,
    checksumFailures: 0,
    trailingBytes: framer.pendingBytes,
    errors,
  }
}
