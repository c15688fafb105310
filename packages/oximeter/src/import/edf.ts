import { type DeviceInfo, makeSample, type OximetrySample, type ParseFailure, parseFailure } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { refuseImplausible } from '../decode/plausible-samples.js'
import { type ImportOptions } from './import-options.js'

/** One signal of an EDF file, as its header describes it (EDF spec §"header record"). @category importers */
export interface EdfSignal {
  readonly index: number
  readonly label: string
  readonly physicalDimension: string
  readonly physicalMin: number
  readonly physicalMax: number
  readonly digitalMin: number
  readonly digitalMax: number
  readonly samplesPerRecord: number
}

/** The parts of an EDF/EDF+ header an importer needs. @category importers */
export interface EdfHeader {
  /** `EDF+C` / `EDF+D` for EDF+, empty for plain EDF. */
  readonly reserved: string
  /** Start as written (local time of the recording device, no zone): ms as if it were UTC. */
  readonly startLocalMs: number
  readonly headerBytes: number
  /** As written; `-1` means "unknown" (the recording was never closed). */
  readonly declaredRecordCount: number
  readonly recordDurationS: number
  readonly signals: readonly EdfSignal[]
}

const ASCII = (bytes: Uint8Array, from: number, length: number): string => {
  let s = ''
  for (let i = from; i < from + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] ?? 32)
  return s.trim()
}

/**
 * Reads the fixed 256-byte header and the per-signal header fields of an EDF or EDF+ file
 * (Kemp et al. 1992, "A simple format for exchange of digitized polygraphic recordings";
 * EDF+ 2003 §2.1). Numbers are parsed, not matched as strings (`18.00`, `-32768.0`).
 *
 * @category importers
 */
export function decodeEdfHeader(bytes: Uint8Array): E.Either<ParseFailure, EdfHeader> {
  if (bytes.length < 256) return E.left(parseFailure(`EDF header truncated: ${bytes.length} of 256 bytes`))
  if (ASCII(bytes, 0, 8) !== '0') return E.left(parseFailure(`not an EDF file: version field "${ASCII(bytes, 0, 8)}"`))
  const start = edfStart(ASCII(bytes, 168, 8), ASCII(bytes, 176, 8))
  if (start === undefined)
    return E.left(parseFailure(`bad EDF start "${ASCII(bytes, 168, 8)} ${ASCII(bytes, 176, 8)}" at byte 168`))
  const headerBytes = Number(ASCII(bytes, 184, 8))
  const declaredRecordCount = Number(ASCII(bytes, 236, 8))
  const recordDurationS = Number(ASCII(bytes, 244, 8))
  const ns = Number(ASCII(bytes, 252, 4))
  if (!Number.isInteger(ns) || ns < 1) return E.left(parseFailure(`bad EDF signal count "${ASCII(bytes, 252, 4)}"`))
  if (headerBytes !== 256 * (ns + 1) || bytes.length < headerBytes)
    return E.left(
      parseFailure(`EDF header size ${headerBytes} does not match ${ns} signals or the file (${bytes.length} bytes)`),
    )
  if (!(recordDurationS > 0)) return E.left(parseFailure(`bad EDF record duration "${ASCII(bytes, 244, 8)}"`))
  const field = (offset: number, width: number, i: number) => ASCII(bytes, 256 + ns * offset + i * width, width)
  const signals: EdfSignal[] = []
  for (let i = 0; i < ns; i++) {
    const signal: EdfSignal = {
      index: i,
      label: field(0, 16, i),
      physicalDimension: field(96, 8, i),
      physicalMin: Number(field(104, 8, i)),
      physicalMax: Number(field(112, 8, i)),
      digitalMin: Number(field(120, 8, i)),
      digitalMax: Number(field(128, 8, i)),
      samplesPerRecord: Number(field(216, 8, i)),
    }
    const bad = (['physicalMin', 'physicalMax', 'digitalMin', 'digitalMax', 'samplesPerRecord'] as const).find(
      (k) => !Number.isFinite(signal[k]),
    )
    if (bad !== undefined || signal.digitalMax <= signal.digitalMin || signal.samplesPerRecord < 0)
      return E.left(parseFailure(`EDF signal ${i} ("${signal.label}") has an invalid ${bad ?? 'digital range'}`))
    signals.push(signal)
  }
  return E.right({
    reserved: ASCII(bytes, 192, 44),
    startLocalMs: start,
    headerBytes,
    declaredRecordCount,
    recordDurationS,
    signals,
  })
}

/** dd.mm.yy hh.mm.ss; years 85–99 are 1985–1999, 00–84 are 2000–2084 (EDF "clipping date" rule). */
function edfStart(date: string, time: string): number | undefined {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date)
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time)
  if (d === null || t === null) return undefined
  const yy = Number(d[3])
  const ms = Date.UTC(
    yy >= 85 ? 1900 + yy : 2000 + yy,
    Number(d[2]) - 1,
    Number(d[1]),
    Number(t[1]),
    Number(t[2]),
    Number(t[3]),
  )
  return Number.isNaN(ms) ? undefined : ms
}

/** Options of {@link importEdf}. @category importers */
export interface EdfImportOptions extends ImportOptions {
  /** EDF start times are the device's local time with no zone; give its offset from UTC (default 0). */
  readonly utcOffsetMinutes?: number
  /** Pick channels by exact label instead of the built-in patterns. */
  readonly spo2Label?: string
  readonly pulseLabel?: string
  readonly device?: DeviceInfo
}

/** What {@link importEdf} found. @category importers */
export interface EdfImport {
  readonly header: EdfHeader
  readonly spo2Signal?: EdfSignal
  readonly pulseSignal?: EdfSignal
  readonly recordCount: number
  readonly samples: readonly OximetrySample[]
  /** Digital values outside the signal's digital range (the "no oximeter" fill), now `null`. */
  readonly outOfRangeCount: number
  /** Non-fatal findings (record count unknown, a truncated last record). */
  readonly warnings: readonly string[]
}

const SPO2_LABEL = /spo2|sao2|sp02|oxygen\s*sat|\bosat\b/i
const PULSE_LABEL = /pulse|^\s*pr\b|^\s*hr\b|heart\s*rate|\bh\.r\./i

/**
 * Imports the SpO2 and pulse-rate channels of an EDF/EDF+ file. Channels are found by label
 * (`SpO2.1s`, `SaO2`, `SpO2`; `Pulse.1s`, `PR`, `HR`, `Pulse rate`) or by the labels given;
 * digital values are scaled to physical units with each signal's own ranges.
 *
 * Missing values: a digital value outside `[digitalMin, digitalMax]` is "no value", never a
 * number. ResMed writes −1 below a digital minimum of 0 (SpO2) or 18 (AirSense 10 pulse) when no
 * oximeter is attached; a plain scaling would report SpO2 −1 % and pulse 16.9 /min. A physical
 * SpO2 or pulse of 0 or less is also "no value".
 *
 * Samples are placed at each SpO2 sample time (or each pulse time when there is no SpO2 channel);
 * the pulse value is the pulse sample covering that time. Clock: `recording`.
 *
 * @category importers
 */
export function importEdf(bytes: Uint8Array, options: EdfImportOptions = {}): E.Either<ParseFailure, EdfImport> {
  const decoded = decodeEdfHeader(bytes)
  if (E.isLeft(decoded)) return decoded
  const header = decoded.right
  const pick = (label: string | undefined, pattern: RegExp) =>
    header.signals.find(
      (s) => (label === undefined ? pattern.test(s.label) : s.label === label) && s.label !== 'EDF Annotations',
    )
  const spo2Signal = pick(options.spo2Label, SPO2_LABEL)
  const pulseSignal = pick(options.pulseLabel, PULSE_LABEL)
  if (spo2Signal === undefined && pulseSignal === undefined)
    return E.left(
      parseFailure(
        `no SpO2 or pulse channel found; channels: ${header.signals.map((s) => JSON.stringify(s.label)).join(', ')}`,
      ),
    )
  const recordBytes = header.signals.reduce((n, s) => n + 2 * s.samplesPerRecord, 0)
  const available = recordBytes === 0 ? 0 : Math.floor((bytes.length - header.headerBytes) / recordBytes)
  const warnings: string[] = []
  let recordCount = header.declaredRecordCount
  if (recordCount === -1) {
    recordCount = available
    warnings.push(`record count is -1 (recording not closed); ${available} complete records in the file`)
  } else if (available < recordCount) {
    warnings.push(`file holds ${available} of ${recordCount} declared records; the last one is truncated or missing`)
    recordCount = available
  }
  const spo2 = spo2Signal && readSignal(bytes, header, spo2Signal, recordCount, recordBytes)
  const pulse = pulseSignal && readSignal(bytes, header, pulseSignal, recordCount, recordBytes)
  const onsets = recordOnsets(bytes, header, recordCount, recordBytes)
  if (E.isLeft(onsets)) return onsets
  const startMs = header.startLocalMs - (options.utcOffsetMinutes ?? 0) * 60_000
  const provenance = {
    protocol: header.reserved.startsWith('EDF+') ? 'import:edf+' : 'import:edf',
    ...(options.device === undefined ? {} : { device: options.device }),
  }
  const base = spo2 ?? pulse
  const samples: OximetrySample[] = []
  if (base !== undefined) {
    const perRecord = Math.max(1, base.perRecord)
    for (let i = 0; i < base.values.length; i++) {
      // Each record starts at its onset: contiguous for EDF and EDF+C, from the record's
      // time-keeping annotation for EDF+D (which may leave gaps).
      const record = Math.floor(i / perRecord)
      const within = (i % perRecord) * base.periodMs
      const t = onsets.right[record]! + within
      const pulseIndex =
        pulse === undefined
          ? 0
          : record * pulse.perRecord + Math.min(pulse.perRecord - 1, Math.floor(within / pulse.periodMs))
      const pr = pulse === undefined ? null : (pulse.values[pulseIndex] ?? null)
      samples.push(
        makeSample({
          timeMs: startMs + t,
          clock: 'recording',
          spo2: spo2 === undefined ? null : (spo2.values[i] ?? null),
          pulseRate: pr,
          provenance,
        }),
      )
    }
  }
  const outOfRangeCount = (spo2?.outOfRange ?? 0) + (pulse?.outOfRange ?? 0)
  return E.right({
    header,
    ...(spo2Signal ? { spo2Signal } : {}),
    ...(pulseSignal ? { pulseSignal } : {}),
    recordCount,
    samples: refuseImplausible(samples, options.onImplausible),
    outOfRangeCount,
    warnings,
  })
}

function readSignal(bytes: Uint8Array, header: EdfHeader, signal: EdfSignal, records: number, recordBytes: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const before = header.signals.slice(0, signal.index).reduce((n, s) => n + 2 * s.samplesPerRecord, 0)
  const gain = (signal.physicalMax - signal.physicalMin) / (signal.digitalMax - signal.digitalMin)
  const values: Array<number | null> = []
  let outOfRange = 0
  for (let r = 0; r < records; r++) {
    const base = header.headerBytes + r * recordBytes + before
    for (let k = 0; k < signal.samplesPerRecord; k++) {
      const digital = view.getInt16(base + 2 * k, true) // EDF samples: 2-byte two's complement, little-endian
      if (digital < signal.digitalMin || digital > signal.digitalMax) {
        outOfRange++
        values.push(null)
        continue
      }
      const physical = (digital - signal.digitalMin) * gain + signal.physicalMin
      values.push(physical > 0 ? physical : null)
    }
  }
  return {
    values,
    outOfRange,
    perRecord: signal.samplesPerRecord,
    periodMs: (header.recordDurationS * 1000) / Math.max(1, signal.samplesPerRecord),
  }
}

/** The byte that ends a TAL's onset and each annotation (EDF+ 2003 §2.2.2). */
const TAL_SEPARATOR = /* @__PURE__ */ String.fromCharCode(0x14)

/** The EDF+ annotation signal's label (EDF+ 2003 §2.2.1). */
const ANNOTATIONS = 'EDF Annotations'

/**
 * Each data record's onset in ms from the file's start. EDF and EDF+C records are contiguous
 * (`r × duration`). EDF+D records may leave gaps: each record's annotation signal starts with a
 * time-keeping TAL, `+<onset s>\x14\x14\x00` (EDF+ 2003 §2.2.4), which gives its onset. Onsets that
 * go backwards or overlap the previous record are refused with the record named.
 */
function recordOnsets(
  bytes: Uint8Array,
  header: EdfHeader,
  records: number,
  recordBytes: number,
): E.Either<ParseFailure, number[]> {
  const durationMs = header.recordDurationS * 1000
  const annotations = header.signals.find((s) => s.label === ANNOTATIONS)
  if (!header.reserved.startsWith('EDF+D') || annotations === undefined)
    return E.right(Array.from({ length: records }, (_, r) => r * durationMs))
  const before = header.signals.slice(0, annotations.index).reduce((n, s) => n + 2 * s.samplesPerRecord, 0)
  const onsets: number[] = []
  for (let r = 0; r < records; r++) {
    const at = header.headerBytes + r * recordBytes + before
    const tal = ASCII(bytes, at, 2 * annotations.samplesPerRecord)
    // The TAL separators are the control character 0x14 (EDF+ §2.2.2), matched as text here.
    const match = new RegExp(`^([+-]\\d+(?:\\.\\d+)?)${TAL_SEPARATOR}${TAL_SEPARATOR}`).exec(tal)
    if (match === null)
      return E.left(parseFailure(`EDF+D data record ${r + 1} has no time-keeping annotation (EDF+ §2.2.4)`))
    const onset = Math.round(Number(match[1]) * 1000)
    const previous = onsets[r - 1]
    if (previous !== undefined && onset < previous + durationMs)
      return E.left(
        parseFailure(
          `EDF+D data record ${r + 1} starts at ${onset / 1000} s, before the previous record ends (${(previous + durationMs) / 1000} s): time goes backwards`,
        ),
      )
    onsets.push(onset)
  }
  return E.right(onsets)
}
