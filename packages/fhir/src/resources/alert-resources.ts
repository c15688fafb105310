import * as t from 'io-ts'

import { CodeableConcept, Identifier, Period, Reference } from './datatypes.js'
import { resourceCodec } from './resource-codec.js'

/** FHIR R4 Flag (https://hl7.org/fhir/R4/flag.html): status, code and subject required. @category codecs */
export const Flag = resourceCodec(
  'Flag',
  { status: t.string, code: CodeableConcept, subject: Reference },
  {
    identifier: t.array(Identifier),
    category: t.array(CodeableConcept),
    period: Period,
    encounter: Reference,
    author: Reference,
  },
)
/** @category model */
export type Flag = t.TypeOf<typeof Flag>

/** FHIR R4 DetectedIssue (https://hl7.org/fhir/R4/detectedissue.html): status required. @category codecs */
export const DetectedIssue = resourceCodec(
  'DetectedIssue',
  { status: t.string },
  {
    identifier: t.array(Identifier),
    code: CodeableConcept,
    severity: t.keyof({ high: null, moderate: null, low: null }),
    patient: Reference,
    identifiedDateTime: t.string,
    identifiedPeriod: Period,
    author: Reference,
    implicated: t.array(Reference),
    evidence: t.array(t.partial({ code: t.array(CodeableConcept), detail: t.array(Reference) })),
    detail: t.string,
    reference: t.string,
    mitigation: t.array(t.UnknownRecord),
  },
)
/** @category model */
export type DetectedIssue = t.TypeOf<typeof DetectedIssue>
