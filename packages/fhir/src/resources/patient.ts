import * as t from 'io-ts'

import { Attachment, CodeableConcept, Extension, Identifier, Period, Reference } from './datatypes.js'
import { resourceCodec } from './resource-codec.js'

/** FHIR HumanName. @category codecs */
export const HumanName = /* @__PURE__ */ t.partial(
  {
    use: t.string,
    text: t.string,
    family: t.string,
    given: t.array(t.string),
    prefix: t.array(t.string),
    suffix: t.array(t.string),
    period: Period,
    extension: t.array(Extension),
  },
  'HumanName',
)
/** @category model */
export type HumanName = t.TypeOf<typeof HumanName>

/**
 * FHIR R4 Patient (https://hl7.org/fhir/R4/patient.html). NHS numbers sit in `identifier`
 * with system `https://fhir.nhs.uk/Id/nhs-number`.
 *
 * @category codecs
 */
export const Patient = resourceCodec(
  'Patient',
  {},
  {
    identifier: t.array(Identifier),
    active: t.boolean,
    name: t.array(HumanName),
    telecom: t.array(t.UnknownRecord),
    gender: t.keyof({ male: null, female: null, other: null, unknown: null }),
    birthDate: t.string,
    deceasedBoolean: t.boolean,
    deceasedDateTime: t.string,
    address: t.array(t.UnknownRecord),
    maritalStatus: CodeableConcept,
    photo: t.array(Attachment),
    contact: t.array(t.UnknownRecord),
    communication: t.array(t.UnknownRecord),
    generalPractitioner: t.array(Reference),
    managingOrganization: Reference,
    link: t.array(t.UnknownRecord),
  },
)
/** @category model */
export type Patient = t.TypeOf<typeof Patient>
