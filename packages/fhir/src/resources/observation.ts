import * as t from 'io-ts'

import { Annotation, CodeableConcept, Identifier, Period, Quantity, Reference } from './datatypes.js'
import { resourceCodec } from './resource-codec.js'

/** Observation.status (R4 required binding `observation-status`). @category codecs */
export const ObservationStatus = /* @__PURE__ */ t.keyof(
  {
    registered: null,
    preliminary: null,
    final: null,
    amended: null,
    corrected: null,
    cancelled: null,
    'entered-in-error': null,
    unknown: null,
  },
  'ObservationStatus',
)
/** @category model */
export type ObservationStatus = t.TypeOf<typeof ObservationStatus>

const Range = /* @__PURE__ */ t.partial({ low: Quantity, high: Quantity })

const ObservationValue = {
  valueQuantity: Quantity,
  valueCodeableConcept: CodeableConcept,
  valueString: t.string,
  valueBoolean: t.boolean,
  valueInteger: t.number,
  valueRange: Range,
  valueRatio: t.partial({ numerator: Quantity, denominator: Quantity }),
  valueSampledData: t.UnknownRecord,
  valueTime: t.string,
  valueDateTime: t.string,
  valuePeriod: Period,
  dataAbsentReason: CodeableConcept,
  interpretation: t.array(CodeableConcept),
}

/** Observation.component. @category codecs */
export const ObservationComponent = /* @__PURE__ */ t.intersection(
  [t.type({ code: CodeableConcept }), t.partial({ ...ObservationValue, referenceRange: t.array(t.UnknownRecord) })],
  'ObservationComponent',
)
/** @category model */
export type ObservationComponent = t.TypeOf<typeof ObservationComponent>

/**
 * FHIR R4 Observation (https://hl7.org/fhir/R4/observation.html): status and code required.
 *
 * @category codecs
 */
export const Observation = resourceCodec(
  'Observation',
  { status: ObservationStatus, code: CodeableConcept },
  {
    identifier: t.array(Identifier),
    basedOn: t.array(Reference),
    partOf: t.array(Reference),
    category: t.array(CodeableConcept),
    subject: Reference,
    focus: t.array(Reference),
    encounter: Reference,
    effectiveDateTime: t.string,
    effectivePeriod: Period,
    effectiveInstant: t.string,
    effectiveTiming: t.UnknownRecord,
    issued: t.string,
    performer: t.array(Reference),
    ...ObservationValue,
    note: t.array(Annotation),
    bodySite: CodeableConcept,
    method: CodeableConcept,
    specimen: Reference,
    device: Reference,
    referenceRange: t.array(
      t.partial({
        low: Quantity,
        high: Quantity,
        type: CodeableConcept,
        appliesTo: t.array(CodeableConcept),
        text: t.string,
      }),
    ),
    hasMember: t.array(Reference),
    derivedFrom: t.array(Reference),
    component: t.array(ObservationComponent),
  },
)
/** @category model */
export type Observation = t.TypeOf<typeof Observation>
