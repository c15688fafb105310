/**
 * Host → device commands of the Contec "Communication protocol of pulse oximeter V7.0"
 * (2010-07-08, section "command packets"): 9 bytes = 0x7D, a high-bit byte, the command code and
 * 6 parameter bytes. Every byte after the high-bit byte is sent with bit 7 set; the high-bit byte
 * holds the real bit 7 of each (bit i for byte i+2), so 0x00 padding goes out as 0x80.
 */

/** The command codes of the V7.0 protocol. @category contec-v7 */
export const ContecV7CommandCode = {
  startRealTime: 0xa1,
  stopRealTime: 0xa2,
  askSegmentAmount: 0xa3,
  askStorageLength: 0xa4,
  askStartTime: 0xa5,
  askStorageData: 0xa6,
  stopStorageData: 0xa7,
  askDeviceId: 0xaa,
  askUserInfo: 0xab,
  askPiSupport: 0xac,
  askUserAmount: 0xad,
  deleteStorage: 0xae,
  keepAlive: 0xaf,
  askStorageIdentifiers: 0xb0,
  setTime: 0xb1,
  setDate: 0xb2,
  askSegmentIdentifiers: 0xb6,
} as const

/** The command packet type byte. @category contec-v7 */
export const CONTEC_V7_COMMAND_TYPE = 0x7d

/**
 * Encodes a V7.0 command packet. Parameters beyond 6 are an error; fewer are padded with 0.
 *
 * @example
 * encodeContecV7Command(ContecV7CommandCode.startRealTime) // 7D 81 A1 80 80 80 80 80 80
 * @category contec-v7
 */
export function encodeContecV7Command(code: number, params: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(9)
  out[0] = CONTEC_V7_COMMAND_TYPE
  let high = 0x80
  const data = [code, ...params.slice(0, 6)]
  for (let i = 0; i < 7; i++) {
    const byte = (data[i] ?? 0) & 0xff
    if (byte & 0x80) high |= 1 << i
    out[i + 2] = byte | 0x80
  }
  out[1] = high
  return out
}
