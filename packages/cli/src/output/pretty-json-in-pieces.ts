/**
 * An array that {@link writePrettyJson} writes an element at a time, made only as it is written: the
 * events of a long recording's summary (tens of thousands) are never all objects, nor all one string,
 * at once (issue 19, README "Memory of a long recording").
 */
export class JsonArrayInPieces<T> {
  constructor(
    readonly length: number,
    /** The element at `index`, as `JSON.stringify` would be given it (no nested `JsonArrayInPieces`). */
    readonly at: (index: number) => T,
  ) {}
}

/** Characters collected before a piece is encoded and written. */
const PIECE_CHARS = 1 << 16

/**
 * Writes exactly `JSON.stringify(value, null, 2)` (with every {@link JsonArrayInPieces} as the plain
 * array of its elements) and a newline, in UTF-8 pieces of about 64 KiB. Pieces are bytes, not strings:
 * Node queues a string written to a slow pipe at up to 3 bytes per character.
 *
 * @example
 * writePrettyJson({ events: new JsonArrayInPieces(2, (i) => ({ start: i })) }, (b) => process.stdout.write(b))
 */
export function writePrettyJson(value: object, write: (piece: Uint8Array) => void): void {
  const arrays: JsonArrayInPieces<unknown>[] = []
  // The arrays stand in the skeleton as strings no other value holds: a NUL and a random nonce.
  const mark = `\u0000openward-array-${Math.random().toString(36).slice(2)}-`
  // Stringified inside a wrapper so that a top-level JsonArrayInPieces is replaced too, then unwrapped.
  const skeleton = JSON.stringify(
    { '': value },
    (_key, v: unknown) => {
      if (!(v instanceof JsonArrayInPieces)) return v
      arrays.push(v)
      return `${mark}${arrays.length - 1}`
    },
    2,
  )
  const text = unwrap(skeleton)
  const encoder = new TextEncoder()
  let pending = ''
  const put = (s: string): void => {
    pending += s
    if (pending.length >= PIECE_CHARS) {
      write(encoder.encode(pending))
      pending = ''
    }
  }
  let from = 0
  arrays.forEach((array, k) => {
    const token = JSON.stringify(`${mark}${k}`)
    const at = text.indexOf(token, from)
    put(text.slice(from, at))
    const lineStart = text.lastIndexOf('\n', at) + 1
    const indent = /^ */.exec(text.slice(lineStart, at))![0]
    putArray(array, indent, put)
    from = at + token.length
  })
  put(text.slice(from))
  put('\n')
  if (pending.length > 0) write(encoder.encode(pending))
}

/**
 * The wrapper's one value, dedented: `{\n  "": <value indented by 2>\n}` → `<value>`. Every newline is
 * layout (newlines inside strings are escaped), and every line inside the wrapper is indented.
 */
function unwrap(skeleton: string): string {
  const inner = skeleton.slice('{\n  "": '.length, -'\n}'.length)
  return inner.replaceAll('\n  ', '\n')
}

/** One array as `JSON.stringify(…, null, 2)` lays it out at `indent` (undefined elements become null). */
function putArray(array: JsonArrayInPieces<unknown>, indent: string, put: (s: string) => void): void {
  if (array.length === 0) return put('[]')
  const inner = `${indent}  `
  put('[')
  for (let i = 0; i < array.length; i++) {
    const element = JSON.stringify(array.at(i), null, 2) ?? 'null'
    put(`${i === 0 ? '\n' : ',\n'}${inner}${element.replaceAll('\n', `\n${inner}`)}`)
  }
  put(`\n${indent}]`)
}
