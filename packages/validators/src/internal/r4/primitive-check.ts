import { quote } from '../quote.js'
import { primitiveRegex } from './r4-index.js'

// Checks one JSON primitive against its FHIR R4 type (hl7.org/fhir/R4/datatypes.html and the
// regexes in the primitive StructureDefinitions). Returns a message, or undefined when valid.

const STRING_TYPES = /* @__PURE__ */ new Set(['string', 'markdown'])
const URI_TYPES = /* @__PURE__ */ new Set(['uri', 'url', 'canonical'])
const DATE_TYPES = /* @__PURE__ */ new Set(['date', 'dateTime', 'instant'])
const REGEX_TYPES = ['id', 'oid', 'uuid', 'time', 'date', 'dateTime', 'instant'] as const
const regexes = /* @__PURE__ */ new Map<string, RegExp | undefined>()

function regexFor(type: string): RegExp | undefined {
  if (!regexes.has(type)) regexes.set(type, primitiveRegex(type))
  return regexes.get(type)
}

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

/** Validates a primitive value; returns why it is invalid, or undefined. */
export function checkPrimitive(value: unknown, type: string): string | undefined {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be a JSON boolean, got ${describe(value)}`
    case 'integer':
    case 'positiveInt':
    case 'unsignedInt':
      return checkInteger(value, type)
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `must be a JSON number, got ${describe(value)}`
    default:
      if (typeof value !== 'string') return `must be a JSON string, got ${describe(value)}`
      return checkStringPrimitive(value, type)
  }
}

function checkInteger(value: unknown, type: string): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `must be a JSON integer, got ${describe(value)}`
  if (value < INT32_MIN || value > INT32_MAX) return `${value} is outside the 32-bit range of ${type}`
  if (type === 'positiveInt' && value < 1) return `positiveInt must be >= 1, got ${value}`
  if (type === 'unsignedInt' && value < 0) return `unsignedInt must be >= 0, got ${value}`
  return undefined
}

/** R4 datatypes.html#string: "strings SHALL NOT exceed 1MB (1024*1024 characters) in size". */
export const MAX_STRING_LENGTH = 1024 * 1024

function checkStringPrimitive(value: string, type: string): string | undefined {
  if (value.length === 0) return 'must not be an empty string (omit the element instead)'
  // base64Binary and xhtml are not string specialisations; every other string-based primitive is.
  if (value.length > MAX_STRING_LENGTH && type !== 'base64Binary' && type !== 'xhtml')
    return `is ${value.length} characters; R4 strings must not exceed 1 MB (1,048,576 characters, datatypes.html#string)`
  if (STRING_TYPES.has(type)) return undefined
  if (URI_TYPES.has(type)) return /[ \t\r\n]/.test(value) ? `${type} must not contain whitespace` : undefined
  // The R4 code regex is [^\s]+(\s[^\s]+)* read with Java's ASCII \s, as the reference validator does.
  if (type === 'code')
    return /^[ \t\r\n]|[ \t\r\n]$|[ \t\r\n]{2}/.test(value)
      ? 'code must not have leading, trailing or repeated whitespace'
      : undefined
  if (type === 'base64Binary') return checkBase64(value)
  // xhtml is checked in full by checkXhtml (xhtml.ts), called from the structural walk.
  if (type === 'xhtml') return undefined
  if ((REGEX_TYPES as readonly string[]).includes(type)) {
    const re = regexFor(type)
    if (re !== undefined && (value.length > 200 || !re.test(value))) return describeRegexFailure(value, type)
    if (DATE_TYPES.has(type)) return checkDayOfMonth(value)
  }
  return undefined
}

function describeRegexFailure(value: string, type: string): string {
  const shown = quote(value)
  if ((type === 'dateTime' || type === 'instant') && /T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value)) {
    return `${shown} is not a valid ${type}: a time needs seconds and a time zone (Z or +hh:mm)`
  }
  if (type === 'instant') return `${shown} is not a valid instant (YYYY-MM-DDThh:mm:ss(.sss)Z or with an offset)`
  if (type === 'date' || type === 'dateTime')
    return `${shown} is not a valid ${type} (YYYY, YYYY-MM or YYYY-MM-DD${type === 'dateTime' ? ', optionally Thh:mm:ss+zz:zz' : ''})`
  if (type === 'id') return `${shown} is not a valid id (1-64 of A-Z a-z 0-9 - .)`
  return `${shown} is not a valid ${type}`
}

// The R4 regex lets 2021-02-31 through; "Dates SHALL be valid dates" (datatypes.html#date).
function checkDayOfMonth(value: string): string | undefined {
  if (value.length < 10) return undefined
  const year = Number(value.slice(0, 4))
  const month = Number(value.slice(5, 7))
  const day = Number(value.slice(8, 10))
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= days ? undefined : `${value.slice(0, 10)} is not a real date (month ${month} has ${days} days)`
}

// base64Binary: the R4 regex allows whitespace between 4-character groups (line-wrapped data).
// Checked by a linear scan instead: the regex backtracks badly on long invalid input.
// The common case, unwrapped base64, is one anchored character-class test (linear, no backtracking).
const PLAIN_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function checkBase64(value: string): string | undefined {
  if (PLAIN_BASE64.test(value))
    return value.length % 4 === 0
      ? undefined
      : `base64Binary length (${value.length} characters without whitespace) is not a multiple of 4`
  let n = 0
  let padding = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13) continue
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47
    if (c === 61) padding++
    else if (!alnum || padding > 0) return `base64Binary contains an invalid character at offset ${i}`
    n++
  }
  if (n % 4 !== 0 || padding > 2)
    return `base64Binary length (${n} characters without whitespace) is not a multiple of 4`
  return undefined
}

/** A short description of a JSON value's type for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${quote(value, 40)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
