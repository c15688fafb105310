import * as E from 'fp-ts/lib/Either.js'

import type { Issues, ValidationIssue } from '../issue.js'
import { validateChiNumber } from './chi-number.js'
import { describeDmdId, type DmdId, validateDmdId } from './dmd-id.js'
import { validateHcNumber } from './hc-number.js'
import { describeLoincCode, type LoincCode, validateLoincCode } from './loinc-code.js'
import { describeNhsNumberRange, type NhsNumber, validateNhsNumber } from './nhs-number.js'
import { validateOdsCode } from './ods-code.js'
import { sctidParts, type Sctid, validateSctid } from './sctid.js'
import { validateUcumUnit } from './ucum-unit.js'
import { validateUkPostcode } from './uk-postcode.js'
import { issue } from '../issue.js'

/** The identifier and code kinds {@link checkIdentifier} knows. @category identifiers */
export const IDENTIFIER_KINDS = [
  'nhs-number',
  'chi',
  'hc',
  'snomed',
  'loinc',
  'ods',
  'dmd',
  'postcode',
  'ucum',
] as const

/** One of {@link IDENTIFIER_KINDS}. @category identifiers */
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]

/** A JSON-ready verdict on one value. @category identifiers */
export interface IdentifierVerdict {
  readonly kind: IdentifierKind
  readonly input: unknown
  readonly valid: boolean
  /** The normalised value (bare digits, upper case, canonical spacing) when valid. */
  readonly value?: string
  /** Errors when invalid; warnings and information (ranges, exceptions) when valid. */
  readonly issues: readonly ValidationIssue[]
}

type Validator = (input: unknown) => E.Either<Issues, string>
type Describer = (value: string) => ValidationIssue[]

const KINDS: Readonly<Record<IdentifierKind, readonly [Validator, Describer?]>> = {
  'nhs-number': [validateNhsNumber, (v) => describeNhsNumberRange(v as NhsNumber)],
  chi: [(i) => validateChiNumber(i)],
  hc: [validateHcNumber],
  snomed: [validateSctid, (v) => [issue('information', 'informational', 'sctid.parts', describeSctid(v as Sctid))]],
  loinc: [validateLoincCode, (v) => describeLoincCode(v as LoincCode)],
  ods: [validateOdsCode],
  dmd: [validateDmdId, (v) => describeDmdId(v as DmdId)],
  postcode: [(i) => validateUkPostcode(i, { allowNhsPseudo: true })],
  ucum: [validateUcumUnit],
}

function describeSctid(id: Sctid): string {
  const p = sctidParts(id)
  return `${p.kind} id, ${p.format} format (partition ${p.partition}${p.namespace === undefined ? '' : `, namespace ${p.namespace}`})`
}

/**
 * Validates a value of the given kind and returns a JSON-ready verdict (used by
 * `openward validate --kind`). Postcodes accept NHS pseudo-postcodes here.
 *
 * @example
 * checkIdentifier('nhs-number', '943 476 5919') // { valid: true, value: '9434765919', issues: [range info] }
 * @category identifiers
 */
export function checkIdentifier(kind: IdentifierKind, input: unknown): IdentifierVerdict {
  const [validate, describe] = KINDS[kind]
  const r = validate(input)
  if (E.isLeft(r)) return { kind, input, valid: false, issues: r.left }
  return { kind, input, valid: true, value: r.right, issues: describe === undefined ? [] : describe(r.right) }
}

/** True when `s` names a known identifier kind. @category identifiers */
export function isIdentifierKind(s: string): s is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(s)
}
