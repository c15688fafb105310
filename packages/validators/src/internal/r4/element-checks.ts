import { quote } from '../quote.js'
import * as E from 'fp-ts/lib/Either.js'

import { validateUcumUnit } from '../../identifiers/ucum-unit.js'
import { bindingCodes } from './r4-index.js'
import type { BundleScope, WalkContext } from './walk-context.js'

// Element-level checks the structural walk calls: required bindings, UCUM codes in Quantity,
// and references inside Bundles.

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

export const QUANTITY_TYPES = /* @__PURE__ */ new Set([
  'Quantity',
  'SimpleQuantity',
  'MoneyQuantity',
  'Age',
  'Count',
  'Distance',
  'Duration',
])

// Quantity.system = http://unitsofmeasure.org makes Quantity.code a UCUM code (R4 datatypes.html#Quantity).
export function checkUcumCode(q: Json, path: string, ctx: WalkContext): void {
  const code = q['code']
  if (q['system'] !== 'http://unitsofmeasure.org' || typeof code !== 'string') return
  const r = validateUcumUnit(code)
  if (E.isLeft(r)) ctx.error('code-invalid', 'fhir.quantity.ucum', r.left[0].message, `${path}.code`)
}

export function checkCodeBinding(code: string, url: string, path: string, ctx: WalkContext): void {
  const codes = bindingCodes(url)
  if (codes === undefined || codes.has(code)) return
  const list = codes.size <= 12 ? `: one of ${[...codes].join(', ')}` : ''
  ctx.error(
    'code-invalid',
    'fhir.binding.required',
    `${quote(code)} is not in the required value set ${url}${list}`,
    path,
  )
}

// Coding / CodeableConcept with a required binding: at least one coding must carry a listed code.
export function checkCodingBinding(value: Json, type: string, url: string, path: string, ctx: WalkContext): void {
  const codes = bindingCodes(url)
  if (codes === undefined) return
  const codings = type === 'Coding' ? [value] : Array.isArray(value['coding']) ? (value['coding'] as unknown[]) : []
  const listed = codings.filter(isObject).map((c) => c['code'])
  if (listed.some((c) => typeof c === 'string' && codes.has(c))) return
  if (!listed.some((c) => typeof c === 'string')) {
    if (!hasDataAbsentReason(value)) ctx.error('code-invalid', 'fhir.binding.required-missing', noCode(url), path)
    return
  }
  ctx.error('code-invalid', 'fhir.binding.required', `no coding is in the required value set ${url}`, path)
}

/** The core data-absent-reason extension (R4 extension-data-absent-reason.html). */
export const DATA_ABSENT_REASON = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason'

/** True when the element carries a data-absent-reason extension. */
export function hasDataAbsentReason(element: Json): boolean {
  const ext = element['extension']
  return Array.isArray(ext) && ext.some((e) => isObject(e) && e['url'] === DATA_ABSENT_REASON)
}

// R4 terminologies.html#required: "the concept in this element SHALL be from the specified value set".
// An element bound this way may stand without a code only when a data-absent-reason extension says why.
export const noCode = (url: string): string =>
  `no code from the required value set ${url}; without one, a data-absent-reason extension must say why`

export function noteReference(value: Json, path: string, ctx: WalkContext): void {
  const reference = value['reference']
  const bundle = ctx.bundles.at(-1)
  if (typeof reference === 'string' && bundle !== undefined)
    bundle.references.push({ reference, path: `${path}.reference` })
}

// Bundles whose entries are exchanged as one unit: an unresolved urn: reference there cannot be
// fixed up by the receiver. In a collection, searchset or history Bundle the target may simply not
// have been included, which the reference validator reports as a warning.
const SELF_CONTAINED_BUNDLES = /* @__PURE__ */ new Set(['transaction', 'batch', 'document', 'message'])

// Inside a Bundle, urn:uuid: and urn:oid: references can only point at an entry's fullUrl
// (R4 bundle.html#references); anything else is an absolute or relative server reference.
export function checkBundleReferences(bundle: BundleScope, ctx: WalkContext): void {
  const severity = SELF_CONTAINED_BUNDLES.has(bundle.type ?? '') ? 'error' : 'warning'
  for (const { reference, path } of bundle.references) {
    if ((reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) && !bundle.fullUrls.has(reference)) {
      ctx.report(
        severity,
        'not-found',
        'fhir.reference.unresolved',
        `${quote(reference)} does not match the fullUrl of any entry in this ${bundle.type ?? ''} Bundle`,
        path,
      )
    }
  }
}

// A literal reference (`Patient/1`, `https://server/fhir/Patient/1`) names its target type; R4
// restricts it per element (ElementDefinition.type.targetProfile), as the reference validator checks.
export function checkReferenceTarget(value: Json, targets: readonly string[], path: string, ctx: WalkContext): void {
  const reference = value['reference']
  if (typeof reference !== 'string') return
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(reference)
  const type = m?.[1]
  if (type === undefined || targets.includes(type)) return
  ctx.error(
    'structure',
    'fhir.reference.target',
    `a reference to ${type} is not allowed here (allowed: ${targets.join(', ')})`,
    `${path}.reference`,
  )
}
