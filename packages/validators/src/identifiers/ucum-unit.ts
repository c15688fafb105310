// Packages that compile this file from source (the @openward/source condition) do not include our
// ambient declaration of the untyped @lhncbc/ucum-lhc, so the reference travels with the file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../internal/ucum-lhc.d.ts" />
import ucum from '@lhncbc/ucum-lhc'
import type { Brand } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { quote } from '../internal/quote.js'
import { errorIssue, type Issues } from '../issue.js'

/** A unit code that is valid UCUM (case-sensitive, e.g. `mm[Hg]`, `/min`, `%`). @category codes */
export type UcumUnit = Brand<string, 'UcumUnit'>

/**
 * Units seen in almost every clinical payload, answered without calling the UCUM parser.
 * Each is checked against @lhncbc/ucum-lhc in the tests, so the fast path cannot disagree.
 */
export const COMMON_UCUM_UNITS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  '%',
  '/min',
  '{beats}/min',
  '{breaths}/min',
  'mm[Hg]',
  'Cel',
  '[degF]',
  'kg',
  'g',
  'mg',
  'ug',
  'ng',
  'pg',
  'L',
  'dL',
  'mL',
  'uL',
  'fL',
  'm',
  'cm',
  'mm',
  '[in_i]',
  '[lb_av]',
  'kg/m2',
  'mmol/L',
  'umol/L',
  'nmol/L',
  'pmol/L',
  'mg/dL',
  'g/dL',
  'g/L',
  'mg/L',
  'ng/mL',
  'U/L',
  '[iU]/L',
  'meq/L',
  '10*9/L',
  '10*12/L',
  'L/min',
  'mL/min',
  'mL/h',
  'mL/kg',
  'kPa',
  'cm[H2O]',
  's',
  'ms',
  'min',
  'h',
  'd',
  'wk',
  'mo',
  'a',
  '1',
  '{score}',
])

/**
 * Longest UCUM code accepted (characters). UCUM (unitsofmeasure.org, §§ 1-9) sets no length limit,
 * but every code in its tables is under 30 characters and real compound units (`mL/min/{1.73_m2}`,
 * `10*3/uL`) stay under 40. @lhncbc/ucum-lhc's parser is super-linear in the code length (a 12,800-character
 * code of annotations takes ~1 s, 100 KB over 20 s), so longer input is refused before it is parsed.
 * @category codes
 */
export const MAX_UCUM_CODE_LENGTH = 256

interface ConsoleLike {
  log: (...args: unknown[]) => void
}

/**
 * Validates a UCUM unit code with @lhncbc/ucum-lhc (UCUM specification, unitsofmeasure.org).
 * Codes are case-sensitive and contain no spaces; when the input is a unit name or a near miss,
 * the message carries ucum-lhc's suggestion (`inch` → `[in_i]`). Never writes to the console.
 *
 * @example
 * validateUcumUnit('mm[Hg]') // right
 * validateUcumUnit('MM[HG]') // left: not a valid UCUM code
 * @category codes
 */
export function validateUcumUnit(input: unknown): E.Either<Issues, UcumUnit> {
  if (typeof input !== 'string')
    return E.left([errorIssue('invalid', 'ucum.type', `A UCUM unit must be a string, got ${typeof input}`)])
  if (COMMON_UCUM_UNITS.has(input)) return E.right(input as UcumUnit)
  if (input.length === 0)
    return E.left([errorIssue('required', 'ucum.empty', 'A UCUM unit is empty (use "1" for unity)')])
  if (input.length > MAX_UCUM_CODE_LENGTH)
    return E.left([
      errorIssue(
        'too-long',
        'ucum.too-long',
        `A UCUM code of ${input.length} characters is longer than the limit of ${MAX_UCUM_CODE_LENGTH}: ${quote(input)}`,
      ),
    ])
  if (/\s/.test(input))
    return E.left([errorIssue('invalid', 'ucum.whitespace', `UCUM codes contain no spaces; got ${quote(input)}`)])
  const known = verdicts.get(input)
  if (known !== undefined) return known
  const verdict = parseWithUcumLhc(input)
  if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear()
  verdicts.set(input, verdict)
  return verdict
}

// A payload repeats the same few units thousands of times; the verdict of each code is cached
// (bounded: cleared when full) so the parser runs once per distinct code.
const VERDICT_CACHE_SIZE = 2048
const verdicts = /* @__PURE__ */ new Map<string, E.Either<Issues, UcumUnit>>()

function parseWithUcumLhc(input: string): E.Either<Issues, UcumUnit> {
  const r = quietly(() => ucum.UcumLhcUtils.getInstance().validateUnitString(input, true))
  if (r === undefined) return E.left([errorIssue('exception', 'ucum.error', `UCUM parser failed on ${quote(input)}`)])
  if (r.status === 'valid') return E.right(input as UcumUnit)
  const why = r.msg.join(' ').replace(/\s+/g, ' ').trim() || 'not a valid UCUM code'
  return E.left([errorIssue('value', 'ucum.invalid', `${quote(input)} is not valid UCUM: ${why}`)])
}

/** True when `input` is a valid UCUM unit code. @category codes */
export function isUcumUnit(input: unknown): boolean {
  return E.isRight(validateUcumUnit(input))
}

// ucum-lhc logs some parser failures with console.log (e.g. `{|}1`); mute it for the call only.
function quietly<A>(f: () => A): A | undefined {
  const c = (globalThis as { console?: ConsoleLike }).console
  const saved = c?.log
  if (c !== undefined) c.log = () => undefined
  try {
    return f()
  } catch {
    return undefined
  } finally {
    if (c !== undefined && saved !== undefined) c.log = saved
  }
}
