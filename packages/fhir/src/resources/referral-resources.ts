import * as t from 'io-ts'

import { Annotation, Attachment, CodeableConcept, Identifier, Period, Reference } from './datatypes.js'
import { resourceCodec } from './resource-codec.js'

/*
 * The resources a referral carries: the request, its images and documents, and raw bytes.
 * R4 §ServiceRequest, §Media, §DocumentReference, §Binary.
 */

/** FHIR R4 ServiceRequest: status, intent and subject required. @category codecs */
export const ServiceRequest = resourceCodec(
  'ServiceRequest',
  { status: t.string, intent: t.string, subject: Reference },
  {
    identifier: t.array(Identifier),
    basedOn: t.array(Reference),
    requisition: Identifier,
    category: t.array(CodeableConcept),
    priority: t.string,
    code: CodeableConcept,
    reasonCode: t.array(CodeableConcept),
    reasonReference: t.array(Reference),
    encounter: Reference,
    occurrenceDateTime: t.string,
    occurrencePeriod: Period,
    authoredOn: t.string,
    requester: Reference,
    performer: t.array(Reference),
    supportingInfo: t.array(Reference),
    note: t.array(Annotation),
  },
)
/** @category model */
export type ServiceRequest = t.TypeOf<typeof ServiceRequest>

/** FHIR R4 Media: status and content required. @category codecs */
export const Media = resourceCodec(
  'Media',
  { status: t.string, content: Attachment },
  {
    identifier: t.array(Identifier),
    basedOn: t.array(Reference),
    type: CodeableConcept,
    modality: CodeableConcept,
    view: CodeableConcept,
    subject: Reference,
    createdDateTime: t.string,
    createdPeriod: Period,
    issued: t.string,
    bodySite: CodeableConcept,
    deviceName: t.string,
    device: Reference,
    height: t.number,
    width: t.number,
    frames: t.number,
    duration: t.number,
    note: t.array(Annotation),
  },
)
/** @category model */
export type Media = t.TypeOf<typeof Media>

/** FHIR R4 DocumentReference: status and content required. @category codecs */
export const DocumentReference = resourceCodec(
  'DocumentReference',
  {
    status: t.string,
    content: t.array(t.intersection([t.type({ attachment: Attachment }), t.partial({ format: t.UnknownRecord })])),
  },
  {
    masterIdentifier: Identifier,
    identifier: t.array(Identifier),
    docStatus: t.string,
    type: CodeableConcept,
    category: t.array(CodeableConcept),
    subject: Reference,
    date: t.string,
    author: t.array(Reference),
    description: t.string,
    context: t.UnknownRecord,
  },
)
/** @category model */
export type DocumentReference = t.TypeOf<typeof DocumentReference>

/** FHIR R4 Binary: contentType required, `data` base64. @category codecs */
export const Binary = resourceCodec('Binary', { contentType: t.string }, { securityContext: Reference, data: t.string })
/** @category model */
export type Binary = t.TypeOf<typeof Binary>
