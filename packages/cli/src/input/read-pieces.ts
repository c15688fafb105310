import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** A file is read in pieces of this size (one reused buffer). */
const PIECE_BYTES = 1 << 20

/**
 * A regular file's bytes as pieces read through one reused buffer, for importers that take pieces
 * (`importOximetryCsvColumnsFromChunks`): the whole file is never in memory. Each call reads the file
 * again from the start, up to the size it had when first opened. Read errors are thrown (the caller
 * turns them into a one-line "cannot read").
 */
export function filePieces(path: string): () => Iterable<Uint8Array> {
  let size: number | undefined
  return function* () {
    const fd = openSync(path, 'r')
    try {
      size ??= fstatSync(fd).size
      const buffer = new Uint8Array(Math.min(PIECE_BYTES, Math.max(1, size)))
      for (let at = 0; at < size;) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at)
        if (n === 0) break // the file shrank: what is left is what there is
        yield buffer.subarray(0, n)
        at += n
      }
    } finally {
      closeSync(fd)
    }
  }
}

/** The first `n` bytes of a regular file, or undefined when it is not one that can be read (the caller then reads it whole and reports why). */
export function fileHead(path: string, n: number): Uint8Array | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    if (!fstatSync(fd).isFile()) return undefined
    const head = new Uint8Array(n)
    return head.subarray(0, readSync(fd, head, 0, n, 0))
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
