import { crc8Poly07 } from '../internal/crc8.js'
import type { DownloadLink } from './download-link.js'

/**
 * One Viatom/Wellue O2 response frame (spec note §3.3, "Response frame"): `55, status,
 * status XOR FF, block (u16 LE), length (u16 LE), payload, CRC-8/0x07 over every byte before it`.
 * Responses do not name their command, so a download keeps one request outstanding at a time.
 */
export interface O2Reply {
  readonly status: number
  readonly block: number
  readonly payload: Uint8Array
}

/** What reading one reply found. */
export type O2ReadResult =
  | { readonly _tag: 'reply'; readonly reply: O2Reply }
  | { readonly _tag: 'crc'; readonly expected: number; readonly actual: number }
  | { readonly _tag: 'timeout' }

/** Longest payload we wait for: a false 0x55 cannot stall the reader on a 64 KB "length". */
const MAX_PAYLOAD = 8192

/**
 * Reassembles the next response from a link's notifications (a frame arrives split at the ATT
 * payload size, 20 bytes at the default MTU). Bytes before a plausible header are skipped. A CRC
 * mismatch is returned, not thrown, so the caller can re-request the block.
 */
export async function readO2Reply(
  link: DownloadLink,
  timeoutMs: number,
  carry: { bytes: Uint8Array },
): Promise<O2ReadResult> {
  for (;;) {
    const found = scan(carry)
    if (found !== undefined) return found
    const more = await link.read(timeoutMs)
    if (more === undefined) return { _tag: 'timeout' }
    const joined = new Uint8Array(carry.bytes.length + more.length)
    joined.set(carry.bytes)
    joined.set(more, carry.bytes.length)
    carry.bytes = joined
  }
}

function scan(carry: { bytes: Uint8Array }): O2ReadResult | undefined {
  let b = carry.bytes
  for (;;) {
    const start = b.indexOf(0x55)
    if (start < 0) {
      carry.bytes = new Uint8Array(0)
      return undefined
    }
    b = b.subarray(start)
    if (b.length < 3) break
    if (((b[1] as number) ^ 0xff) !== b[2]) {
      b = b.subarray(1)
      continue
    }
    if (b.length < 7) break
    const length = (b[5] as number) | ((b[6] as number) << 8)
    if (length > MAX_PAYLOAD) {
      b = b.subarray(1)
      continue
    }
    if (b.length < 8 + length) break
    const expected = crc8Poly07(b, 0, 7 + length)
    const actual = b[7 + length] as number
    carry.bytes = b.slice(8 + length)
    if (expected !== actual) return { _tag: 'crc', expected, actual }
    return {
      _tag: 'reply',
      reply: {
        status: b[1] as number,
        block: (b[3] as number) | ((b[4] as number) << 8),
        payload: b.slice(7, 7 + length),
      },
    }
  }
  carry.bytes = b.slice()
  return undefined
}
