/**
 * Gzip helpers on the standard `CompressionStream`/`DecompressionStream` (browsers, Node ≥ 18,
 * Deno, Bun), so the main entry needs no Node built-in. A `.owrec.gz` file is a gzip of the text.
 */

/** True when `bytes` start with the gzip magic number (RFC 1952 §2.3.1: 1f 8b). @category recording */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b

async function pipeThrough(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform)
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** Gzips bytes. @category recording */
export const gzip = (bytes: Uint8Array): Promise<Uint8Array> => pipeThrough(bytes, new CompressionStream('gzip'))

/** Gunzips bytes; rejects (a `TypeError` from the platform) on a damaged gzip stream. @category recording */
export const gunzip = (bytes: Uint8Array): Promise<Uint8Array> => pipeThrough(bytes, new DecompressionStream('gzip'))

/**
 * The text of a recording file's bytes, gunzipping when they are gzip.
 *
 * @category recording
 */
export async function recordingText(bytes: Uint8Array): Promise<string> {
  return new TextDecoder().decode(isGzip(bytes) ? await gunzip(bytes) : bytes)
}
