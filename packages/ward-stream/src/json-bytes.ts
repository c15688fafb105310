import * as E from 'fp-ts/lib/Either.js'

const decoder = new TextDecoder()

/**
 * The JSON value of UTF-8 bytes read from NATS (a message, a KV entry), or the parser's message when
 * they are not JSON. Every reader of stored or received JSON starts here, then checks the shape.
 */
export function jsonFromBytes(bytes: Uint8Array): E.Either<string, unknown> {
  try {
    return E.right(JSON.parse(decoder.decode(bytes)) as unknown)
  } catch (e) {
    return E.left(e instanceof Error ? e.message : String(e))
  }
}
