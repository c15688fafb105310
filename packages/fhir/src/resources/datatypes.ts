import * as t from 'io-ts'

/*
 * io-ts codecs for the FHIR R4 general-purpose data types we read and write
 * (FHIR R4 §2.24 "Data Types", https://hl7.org/fhir/R4/datatypes.html).
 *
 * Every codec here is an identity codec built from `t.type` / `t.partial`, which keep unknown
 * properties on decode and on encode: a resource decoded and re-encoded is byte-for-byte the same
 * JSON, so extensions and elements we do not model are never dropped.
 */

const str = t.string
const num = t.number

/** FHIR Extension (R4 §2.12): url plus any value[x] or nested extensions, kept as-is. @category codecs */
export const Extension = /* @__PURE__ */ t.intersection([t.type({ url: str }), t.UnknownRecord], 'Extension')
/** @category model */
export type Extension = t.TypeOf<typeof Extension>

/** FHIR Coding. @category codecs */
export const Coding = /* @__PURE__ */ t.partial(
  { system: str, version: str, code: str, display: str, userSelected: t.boolean, extension: t.array(Extension) },
  'Coding',
)
/** @category model */
export type Coding = t.TypeOf<typeof Coding>

/** FHIR CodeableConcept. @category codecs */
export const CodeableConcept = /* @__PURE__ */ t.partial({ coding: t.array(Coding), text: str }, 'CodeableConcept')
/** @category model */
export type CodeableConcept = t.TypeOf<typeof CodeableConcept>

/** FHIR Period. @category codecs */
export const Period = /* @__PURE__ */ t.partial({ start: str, end: str }, 'Period')
/** @category model */
export type Period = t.TypeOf<typeof Period>

/** FHIR Quantity (and its profiles Duration, Age, SimpleQuantity). @category codecs */
export const Quantity = /* @__PURE__ */ t.partial(
  { value: num, comparator: str, unit: str, system: str, code: str, extension: t.array(Extension) },
  'Quantity',
)
/** @category model */
export type Quantity = t.TypeOf<typeof Quantity>

/** FHIR Identifier. Reference.identifier refers back to this codec, so it is declared lazily. @category model */
export interface Identifier {
  use?: string
  type?: CodeableConcept
  system?: string
  value?: string
  period?: Period
  assigner?: Reference
  extension?: Extension[]
}

/** FHIR Reference. @category model */
export interface Reference {
  reference?: string
  type?: string
  identifier?: Identifier
  display?: string
  extension?: Extension[]
}

/** @category codecs */
export const Identifier: t.Type<Identifier> = /* @__PURE__ */ t.recursion('Identifier', () =>
  t.partial({
    use: str,
    type: CodeableConcept,
    system: str,
    value: str,
    period: Period,
    assigner: Reference,
    extension: t.array(Extension),
  }),
)

/** @category codecs */
export const Reference: t.Type<Reference> = /* @__PURE__ */ t.recursion('Reference', () =>
  t.partial({ reference: str, type: str, identifier: Identifier, display: str, extension: t.array(Extension) }),
)

/** FHIR Annotation (a note). @category codecs */
export const Annotation = /* @__PURE__ */ t.intersection(
  [t.type({ text: str }), t.partial({ time: str, authorString: str })],
  'Annotation',
)
/** @category model */
export type Annotation = t.TypeOf<typeof Annotation>

/** FHIR Attachment. `data` is base64. @category codecs */
export const Attachment = /* @__PURE__ */ t.partial(
  { contentType: str, language: str, data: str, url: str, size: num, hash: str, title: str, creation: str },
  'Attachment',
)
/** @category model */
export type Attachment = t.TypeOf<typeof Attachment>

/** Resource.meta. @category codecs */
export const Meta = /* @__PURE__ */ t.partial(
  {
    versionId: str,
    lastUpdated: str,
    source: str,
    profile: t.array(str),
    security: t.array(Coding),
    tag: t.array(Coding),
  },
  'Meta',
)
/** @category model */
export type Meta = t.TypeOf<typeof Meta>

/** The elements every resource may carry (R4 Resource + DomainResource). @category codecs */
export const resourceBase = {
  id: str,
  meta: Meta,
  implicitRules: str,
  language: str,
  text: t.UnknownRecord,
  contained: t.array(t.UnknownRecord),
  extension: t.array(Extension),
  modifierExtension: t.array(Extension),
}
