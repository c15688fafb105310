/**
 * The issue model every validator in this package returns: one entry per problem, shaped like a
 * FHIR R4 `OperationOutcome.issue` (hl7.org/fhir/R4/operationoutcome.html) so it can be sent as-is.
 */

/** FHIR `IssueSeverity` (hl7.org/fhir/R4/valueset-issue-severity.html). @category issues */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information'

/** The subset of FHIR `IssueType` codes this package emits (hl7.org/fhir/R4/valueset-issue-type.html). @category issues */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'not-supported'
  | 'too-long'
  | 'too-costly'
  | 'business-rule'
  | 'processing'
  | 'informational'
  | 'exception'
  | 'not-found'

/**
 * One validation finding.
 *
 * @example
 * { severity: 'error', code: 'value', id: 'nhs-number.checksum', message: 'check digit is 7, expected 3' }
 * @category issues
 */
export interface ValidationIssue {
  readonly severity: IssueSeverity
  readonly code: IssueType
  /** Stable machine-readable message id (`nhs-number.checksum`, `fhir.cardinality.min`). */
  readonly id: string
  /** Human explanation, written for the developer who has to fix the data. */
  readonly message: string
  /** FHIRPath-like location (`Observation.component[1].valueQuantity.value`), when the input is a resource. */
  readonly expression?: string
}

/** The left side of every `validateX`: at least one issue, of which at least one is an error. @category issues */
export type Issues = readonly [ValidationIssue, ...ValidationIssue[]]

/** Builds an issue. @category issues */
export function issue(
  severity: IssueSeverity,
  code: IssueType,
  id: string,
  message: string,
  expression?: string,
): ValidationIssue {
  return expression === undefined ? { severity, code, id, message } : { severity, code, id, message, expression }
}

/** Shorthand for an error-severity issue. @category issues */
export function errorIssue(code: IssueType, id: string, message: string, expression?: string): ValidationIssue {
  return issue('error', code, id, message, expression)
}

/** True when any issue is an error or fatal. @category issues */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  for (const i of issues) if (i.severity === 'error' || i.severity === 'fatal') return true
  return false
}
