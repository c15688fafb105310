import { crc8Poly07 } from '../../internal/crc8.js'

/**
 * Viatom/Wellue O2 command codes (o2r `defines.py`, Lepu `OxyBleCmd.java`; spec note §3.3).
 *
 * @category viatom-o2
 */
export const ViatomO2Command = {
  fileOpen: 0x03,
  fileRead: 0x04,
  fileClose: 0x05,
  info: 0x14,
  ping: 0x15,
  config: 0x16,
  readSensors: 0x17,
  reset: 0x18,
  realTimeData: 0x1b,
} as const

/**
 * Encodes a host → device O2 request: `AA cmd ~cmd block(u16 LE) len(u16 LE) payload CRC-8/0x07`.
 *
 * @example
 * encodeViatomO2Request(ViatomO2Command.readSensors) // AA 17 E8 00 00 00 00 1B
 * @category viatom-o2
 */
export function encodeViatomO2Request(command: number, payload: Uint8Array = new Uint8Array(0), block = 0): Uint8Array {
  const out = new Uint8Array(8 + payload.length)
  out[0] = 0xaa
  out[1] = command & 0xff
  out[2] = ~command & 0xff
  out[3] = block & 0xff
  out[4] = (block >>> 8) & 0xff
  out[5] = payload.length & 0xff
  out[6] = (payload.length >>> 8) & 0xff
  out.set(payload, 7)
  out[7 + payload.length] = crc8Poly07(out, 0, 7 + payload.length)
  return out
}
