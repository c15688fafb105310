/**
 * A list written as a JSON array by {@link writePrettyJson} without being an array: its items are made one at
 * a time while they are written (a week's desaturation events need not exist twice, as events and as JSON).
 */
export class JsonList<T> {
  constructor(private readonly items: () => Iterable<T>) {}
  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]()
  }
}

/** A JSON piece is written once it is this long. */
const PIECE_CHARS = 1 << 16

const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol'

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` would (RFC 8259 text, two-space indent), in pieces
 * of about 64 K characters, so a long recording's output is never one string in memory (issue 19). A
 * {@link JsonList} is written as an array. For plain data: objects, arrays, strings, numbers (NaN and infinities
 * as `null`), booleans, `null` and objects with `toJSON` (dates); `undefined` is left out of objects and is `null`
 * in arrays, as `JSON.stringify` does.
 */
export function writePrettyJson(value: unknown, write: (piece: string) => void): void {
  let pending = ''
  const out = (s: string): void => {
    pending += s
    if (pending.length >= PIECE_CHARS) {
      write(pending)
      pending = ''
    }
  }
  const emit = (raw: unknown, indent: string, key: string): void => {
    const v =
      raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
        ? (raw as { toJSON(key: string): unknown }).toJSON(key)
        : raw
    if (v === null || typeof v !== 'object') {
      out(JSON.stringify(v) ?? 'null')
      return
    }
    const inner = `${indent}  `
    let first = true
    if (Array.isArray(v) || v instanceof JsonList) {
      let i = 0
      for (const item of v as Iterable<unknown>) {
        out(first ? `[\n${inner}` : `,\n${inner}`)
        first = false
        emit(omitted(item) ? null : item, inner, String(i++))
      }
      out(first ? '[]' : `\n${indent}]`)
      return
    }
    for (const [k, item] of Object.entries(v)) {
      if (omitted(item)) continue
      out(`${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `)
      first = false
      emit(item, inner, k)
    }
    out(first ? '{}' : `\n${indent}}`)
  }
  emit(value, '', '')
  if (pending !== '') write(pending)
}
