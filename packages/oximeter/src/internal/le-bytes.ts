// Little-endian integer reads and writes (the caller has checked the length).
export const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
export const u24 = (b: Uint8Array, at: number): number => u16(b, at) | ((b[at + 2] ?? 0) << 16)
export function putU16(out: Uint8Array, at: number, v: number): void {
  out[at] = v & 0xff
  out[at + 1] = (v >>> 8) & 0xff
}
export function putU24(out: Uint8Array, at: number, v: number): void {
  putU16(out, at, v)
  out[at + 2] = (v >>> 16) & 0xff
}
