import { crc32Hex } from './crc32.js'

/**
 * One line of an append-only journal, checksummed: `<crc32 hex> <json>`. The outbox journal
 * (`@openward/fhir/node`) and the sandbox journal share this format, so a hand edit or a damaged
 * line is caught by the same rule in both.
 *
 * @category checksums
 */
export const checksummedLine = (json: string): string => `${crc32Hex(json)} ${json}`

/**
 * The JSON text of a checksummed line, `'checksum'` when the checksum does not match, or
 * `'not-json'` when the line is neither checksummed nor plain JSON. Lines written before
 * checksums existed (plain `{…}`) are accepted as they are.
 *
 * @category checksums
 */
export function checksummedLineJson(text: string): string | 'checksum' | 'not-json' {
  const m = /^([0-9a-f]{8}) /.exec(text)
  if (m !== null) {
    const json = text.slice(9)
    return crc32Hex(json) === m[1] ? json : 'checksum'
  }
  return text.startsWith('{') ? text : 'not-json'
}
