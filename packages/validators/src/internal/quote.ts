/** Longest value quoted in a message, in characters, before it is cut. */
export const QUOTE_LIMIT = 60

/**
 * Quotes a value for a message, cut to {@link QUOTE_LIMIT} characters with an ellipsis that shows it
 * was cut: a rejected 65-character id must not read as a valid-looking 60-character one.
 */
export function quote(value: string, limit: number = QUOTE_LIMIT): string {
  if (value.length <= limit) return JSON.stringify(value)
  return `${JSON.stringify(value.slice(0, limit))}… (${value.length} characters)`
}
