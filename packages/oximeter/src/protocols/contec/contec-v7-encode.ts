import type { ContecV7Record } from './contec-v7-records.js'

/**
 * Encodes any V7 record to its wire packet: type, high-bit byte, then data bytes with bit 7
 * set (its real value moved to the high-bit byte).
 *
 * @category contec-v7
 */
export function encodeContecV7(r: ContecV7Record): Uint8Array {
  switch (r._tag) {
    case 'ContecV7RealTime':
      return pack(0x01, [
        (r.probeError ? 0x80 : 0) |
          (r.pulseBeep ? 0x40 : 0) |
          (r.lowSpo2 ? 0x20 : 0) |
          (r.searchingTooLong ? 0x10 : 0) |
          (r.signalStrength & 0x0f),
        (r.searchingPulse ? 0x80 : 0) | (r.pleth & 0x7f),
        (r.reservedBits & 0xe0) | (r.piInvalid ? 0x10 : 0) | (r.barGraph & 0x0f),
        r.pulseRate,
        r.spo2,
        r.perfusionIndexRaw & 0xff,
        (r.perfusionIndexRaw >>> 8) & 0xff,
      ])
    case 'ContecV7StorageData':
      return pack(
        r.type,
        r.type === 0x09
          ? r.readings.slice(0, 1).flatMap((x) => {
              const pi = x.perfusionIndexRaw ?? 0xffff
              return [x.spo2, x.pulseRate, pi & 0xff, (pi >>> 8) & 0xff]
            })
          : [0, 1, 2].flatMap((k) => [r.readings[k]?.spo2 ?? 0, r.readings[k]?.pulseRate ?? 0]),
      )
    case 'ContecV7Command':
      return pack(0x7d, [r.code, ...[0, 1, 2, 3, 4, 5].map((k) => r.params[k] ?? 0)])
    case 'ContecV7Packet':
      return pack(r.type, r.data)
  }
}

function pack(type: number, data: readonly number[]): Uint8Array {
  const out = new Uint8Array(2 + data.length)
  out[0] = type & 0x7f
  let high = 0x80
  data.forEach((byte, k) => {
    if (byte & 0x80) high |= 1 << k
    out[2 + k] = byte | 0x80
  })
  out[1] = high
  return out
}
