/**
 * Records of the Contec "Communication protocol of pulse oximeter V7.0" (2010-07-08; the PDF
 * is kept in albertcbraun/CMS50FW; spec note §3.1(b)). Field values are after the high-bit
 * restore; sentinels are kept here and become `null` in normalisation.
 */

/** Real-time data, type 0x01 (~60/s). @category contec-v7 */
export interface ContecV7RealTime {
  readonly _tag: 'ContecV7RealTime'
  /** Byte 2 bits 0–3 (0–8). */
  readonly signalStrength: number
  /** Byte 2 bit 4. */
  readonly searchingTooLong: boolean
  /** Byte 2 bit 5 (the PDF says to ignore it). */
  readonly lowSpo2: boolean
  /** Byte 2 bit 6. */
  readonly pulseBeep: boolean
  /** Byte 2 bit 7: probe error, show "Finger Out". */
  readonly probeError: boolean
  /** Byte 3 bits 0–6. */
  readonly pleth: number
  /** Byte 3 bit 7. */
  readonly searchingPulse: boolean
  /** Byte 4 bits 0–3. */
  readonly barGraph: number
  /** Byte 4 bit 4. */
  readonly piInvalid: boolean
  /** Byte 4 bits 5–7 (zero per the PDF; kept so nothing is lost). */
  readonly reservedBits: number
  /** 0–254; 255 = invalid (some units send 0 with a probe error). */
  readonly pulseRate: number
  /** 0–100; 127 = invalid (some units send 0). */
  readonly spo2: number
  /** PI × 100 (bytes 7–8, LE); 0xFFFF = invalid / not supported. */
  readonly perfusionIndexRaw: number
}

/** One stored reading. @category contec-v7 */
export interface ContecV7StoredReading {
  readonly spo2: number
  readonly pulseRate: number
  /** PI × 100, only in type 0x09. */
  readonly perfusionIndexRaw?: number
}

/** Storage data: type 0x0F (3 readings, no PI) or 0x09 (1 reading with PI), 1 Hz. @category contec-v7 */
export interface ContecV7StorageData {
  readonly _tag: 'ContecV7StorageData'
  readonly type: 0x09 | 0x0f
  readonly readings: readonly ContecV7StoredReading[]
}

/** A host → device command packet (type 0x7D), as seen in a two-way capture. @category contec-v7 */
export interface ContecV7Command {
  readonly _tag: 'ContecV7Command'
  readonly code: number
  /** The 6 parameter bytes after restore (0 padding included). */
  readonly params: readonly number[]
}

/**
 * Any other V7 packet, with its data bytes restored. `name` is the PDF's name for the type
 * (`unknown` for types outside the table); `text` is the ASCII of identifier packets
 * (0x02 model, 0x03 vendor, 0x04 device id, 0x05 user).
 *
 * @category contec-v7
 */
export interface ContecV7Packet {
  readonly _tag: 'ContecV7Packet'
  readonly type: number
  readonly name: string
  readonly data: readonly number[]
  readonly text?: string
}

/** Every V7 record. @category contec-v7 */
export type ContecV7Record = ContecV7RealTime | ContecV7StorageData | ContecV7Command | ContecV7Packet

/**
 * Packet lengths by type, in bytes including type and high-bit byte (V7.0 PDF table; 0x02 and
 * 0x03 from OSCAR `cms50f37_loader.cpp`; 0x06 only observed in the InfantLab CMS60CW capture,
 * meaning unknown). Types not listed are framed up to the next type byte.
 */
export const CONTEC_V7_LENGTHS: Readonly<Record<number, number>> = {
  0x01: 9,
  0x02: 9,
  0x03: 9,
  0x04: 9,
  0x05: 9,
  0x06: 4,
  0x07: 8,
  0x08: 8,
  0x09: 6,
  0x0a: 4,
  0x0b: 4,
  0x0c: 2,
  0x0d: 3,
  0x0e: 3,
  0x0f: 8,
  0x10: 3,
  0x11: 9,
  0x12: 8,
  0x15: 9,
  0x7d: 9,
}

/** The PDF's names for packet types. */
export const CONTEC_V7_PACKET_NAMES: Readonly<Record<number, string>> = {
  0x02: 'model',
  0x03: 'vendor',
  0x04: 'device-identifiers',
  0x05: 'user-information',
  0x06: 'unknown-0x06',
  0x07: 'storage-start-date',
  0x08: 'storage-data-length',
  0x0a: 'segment-amount',
  0x0b: 'command-feedback',
  0x0c: 'free-feedback',
  0x0d: 'disconnect-notice',
  0x0e: 'pi-identifiers',
  0x10: 'user-amount',
  0x11: 'device-notice',
  0x12: 'storage-start-time',
  0x15: 'storage-data-identifiers',
}

/** Packet types whose data is ASCII text. */
export const TEXT_PACKETS: ReadonlySet<number> = /* @__PURE__ */ new Set([0x02, 0x03, 0x04, 0x05])
