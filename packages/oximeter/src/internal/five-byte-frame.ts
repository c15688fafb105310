import { truncated } from '@openward/core'

import { FrameRejection } from './stream-framer.js'

/**
 * The 5-byte frame shared by Contec CMS50 legacy and BerryMed BCI v1.2: byte 1 has bit 7 set
 * (sync), bytes 2–5 have bit 7 clear. A byte with bit 7 set inside a frame means the frame was
 * cut short and a new one starts there: reject the damaged part only.
 */
export const FIVE_BYTE_FRAME = 5

export const isFiveByteSync = (byte: number): boolean => (byte & 0x80) !== 0

/** `null` when bytes 2–5 are valid 7-bit data, else the rejection dropping the damaged part. */
export function checkFiveByteBody(buf: Uint8Array, start: number, offset: number, what: string): FrameRejection | null {
  // The common case in one test; the loop below only runs for a damaged frame.
  const body =
    (buf[start + 1] as number) | (buf[start + 2] as number) | (buf[start + 3] as number) | (buf[start + 4] as number)
  if ((body & 0x80) === 0) return null
  for (let k = 1; k < FIVE_BYTE_FRAME; k++) {
    if (((buf[start + k] as number) & 0x80) !== 0) {
      return new FrameRejection(truncated(offset, FIVE_BYTE_FRAME, k, what), k)
    }
  }
  return null
}

/** Pulse rate from its split fields: bit 7 in byte 3 bit 6, bits 6–0 in byte 4. */
export const splitPulseRate = (byte3: number, byte4: number): number => ((byte3 & 0x40) << 1) | (byte4 & 0x7f)
