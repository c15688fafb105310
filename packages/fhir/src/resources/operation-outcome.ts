import * as t from 'io-ts'

import { CodeableConcept } from './datatypes.js'
import { resourceCodec } from './resource-codec.js'

/** One OperationOutcome.issue (R4 §OperationOutcome; severity and code are required). @category codecs */
export const OperationOutcomeIssue = /* @__PURE__ */ t.intersection(
  [
    t.type({ severity: t.string, code: t.string }),
    t.partial({
      details: CodeableConcept,
      diagnostics: t.string,
      location: t.array(t.string),
      expression: t.array(t.string),
    }),
  ],
  'OperationOutcomeIssue',
)
/** @category model */
export type OperationOutcomeIssue = t.TypeOf<typeof OperationOutcomeIssue>

/**
 * FHIR R4 OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html).
 *
 * @category codecs
 */
export const OperationOutcome = resourceCodec('OperationOutcome', { issue: t.array(OperationOutcomeIssue) }, {})
/** @category model */
export type OperationOutcome = t.TypeOf<typeof OperationOutcome>

/** A one-issue OperationOutcome, for errors that happen on our side of the wire. @category constructors */
export function localOutcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] }
}
