import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Reads a real capture from the read-only `shared/data/captures` (never copied into the repo:
 * most are GPL/unlicensed, tests only; see its PROVENANCE.md).
 */
export const capturePath = (relative: string): string =>
  fileURLToPath(new URL(`../../../../shared/data/captures/${relative}`, import.meta.url))

export const hasCaptures = existsSync(capturePath('PROVENANCE.md'))

export const readCapture = (relative: string): Uint8Array => new Uint8Array(readFileSync(capturePath(relative)))

export const readCaptureText = (relative: string): string => readFileSync(capturePath(relative), 'utf8')

/** Bytes of a hex string (whitespace ignored). */
export const hexBytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'))

/** Splits bytes into chunks of the given sizes, cycling (to simulate serial reads / notifications). */
export function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1)
    out.push(bytes.subarray(at, at + size))
    at += size
  }
  return out
}
