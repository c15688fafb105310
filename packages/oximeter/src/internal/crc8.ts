/**
 * CRC-8 with polynomial 0x07, initial value 0, no reflection, no final XOR (the "CRC-8/SMBUS"
 * parameters), as used by Viatom/Wellue O2 frames. Check vectors from the spec note §3.3:
 * crc(00) = 00, crc(01) = 07, crc(FF) = F3, crc(55 17) = 28.
 */
const TABLE_07 = /* @__PURE__ */ buildMsbTable(0x07)

/**
 * CRC-8/MAXIM (Dallas 1-Wire): reflected polynomial 0x8C, initial 0, used by Viatom PC-60FW.
 * A frame including its CRC byte sums (CRCs) to 0.
 */
const TABLE_MAXIM = /* @__PURE__ */ buildLsbTable(0x8c)

function buildMsbTable(poly: number): Uint8Array {
  const table = new Uint8Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ poly) & 0xff : (c << 1) & 0xff
    table[n] = c
  }
  return table
}

function buildLsbTable(poly: number): Uint8Array {
  const table = new Uint8Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1
    table[n] = c
  }
  return table
}

export function crc8Poly07(buf: Uint8Array, start: number, end: number): number {
  let crc = 0
  for (let i = start; i < end; i++) crc = TABLE_07[(crc ^ (buf[i] as number)) & 0xff] as number
  return crc
}

export function crc8Maxim(buf: Uint8Array, start: number, end: number): number {
  let crc = 0
  for (let i = start; i < end; i++) crc = TABLE_MAXIM[(crc ^ (buf[i] as number)) & 0xff] as number
  return crc
}

/** Sum of bytes mod 256. */
export function sum8(buf: Uint8Array, start: number, end: number): number {
  let s = 0
  for (let i = start; i < end; i++) s += buf[i] as number
  return s & 0xff
}
