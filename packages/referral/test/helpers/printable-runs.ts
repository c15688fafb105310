/**
 * Text an image's metadata could carry, as byte patterns to search for elsewhere: runs of at least
 * `min` printable ASCII characters, and the same runs as UTF-16BE (ICC mluc, PNG iTXt is UTF-8).
 * Byte offsets before `from` are skipped (e.g. an ICC header's fixed signatures).
 */
export function printableRuns(bytes: Uint8Array, min: number, from = 128): Buffer[] {
  const runs: Buffer[] = []
  const isPrintable = (c: number) => c >= 0x20 && c < 0x7f
  let start = -1
  for (let i = from; i <= bytes.length; i++) {
    if (i < bytes.length && isPrintable(bytes[i] as number)) {
      if (start < 0) start = i
    } else {
      if (start >= 0 && i - start >= min) runs.push(Buffer.from(bytes.subarray(start, i)))
      start = -1
    }
  }
  // UTF-16BE: 0x00 followed by a printable byte, repeated.
  let chars: number[] = []
  for (let i = from; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0 && isPrintable(bytes[i + 1] as number)) chars.push(bytes[i + 1] as number)
    else {
      if (chars.length >= min) runs.push(Buffer.from(String.fromCharCode(...chars), 'utf16le').swap16())
      chars = []
    }
  }
  return runs
}
