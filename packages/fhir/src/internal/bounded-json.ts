/**
 * Limits on what the client accepts from outside (a FHIR server, a token endpoint, a journal on
 * disk). A hostile or broken peer can send a body of any size or a JSON document nested thousands
 * deep; the first exhausts memory, the second makes recursive decoders (io-ts) throw RangeError.
 * Both are refused here, before `JSON.parse`, with a reason the caller turns into a typed error.
 *
 * @category model
 */
export interface ResponseLimits {
  /** Largest body read, in bytes (default 64 MiB: a 1,000-entry Bundle of Observations is ~2 MiB). */
  readonly maxBodyBytes: number
  /** Deepest nesting of JSON objects and arrays (default 100; R4 resources seldom pass 15). */
  readonly maxDepth: number
  /** Same-origin redirects followed for a GET or HEAD (default 5); never for writes. */
  readonly maxRedirects: number
}

/** @category constants */
export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  maxDepth: 100,
  maxRedirects: 5,
}

/** Why a JSON text was refused. */
export type JsonRefusal =
  | { readonly reason: 'too-deep'; readonly depth: number }
  | { readonly reason: 'malformed-json' }
  | { readonly reason: 'too-large'; readonly bytes: number }

/**
 * The nesting depth of a JSON text, scanned iteratively (no recursion, so no stack to exhaust);
 * stops counting as soon as `limit` is passed. Brackets inside strings are skipped, honouring
 * backslash escapes (RFC 8259 §7).
 */
export function jsonDepthExceeds(text: string, limit: number): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return depth
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return undefined
}

/** `JSON.parse` with a size and depth bound, never throwing. */
export function parseBoundedJson(
  text: string,
  limits: Pick<ResponseLimits, 'maxDepth' | 'maxBodyBytes'>,
): { ok: true; value: unknown } | ({ ok: false } & JsonRefusal) {
  // UTF-16 length is at most the UTF-8 byte length, so this never refuses a text within the limit.
  if (text.length > limits.maxBodyBytes) return { ok: false, reason: 'too-large', bytes: text.length }
  const deep = jsonDepthExceeds(text, limits.maxDepth)
  if (deep !== undefined) return { ok: false, reason: 'too-deep', depth: deep }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, reason: 'malformed-json' }
  }
}

/** A body read up to a byte limit: its text, or how far it got before the limit. */
export type BoundedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly bytes: number }

/**
 * Reads a response body, stopping (and cancelling the stream) once it passes `maxBytes`. A
 * `Content-Length` above the limit is refused before any byte is read. Network failures while
 * reading reject, as `response.text()` would.
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<BoundedText> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    return { ok: false, bytes: declared }
  }
  if (response.body === null) return { ok: true, text: '' }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return { ok: false, bytes: total }
    }
    chunks.push(value)
  }
  const all = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.byteLength
  }
  return { ok: true, text: new TextDecoder().decode(all) }
}

/** Cuts outside text for a message or log: at most `max` characters, control characters shown as spaces. */
export function sanitiseText(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}
