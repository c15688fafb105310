import type { IssueSeverity, IssueType, ValidationIssue } from './issue.js'

/** The code system for our stable message ids inside `OperationOutcome.issue.details`. @category issues */
export const MESSAGE_ID_SYSTEM = 'urn:openward:validation-message-id'

/** One `OperationOutcome.issue` (FHIR R4). @category issues */
export interface OperationOutcomeIssue {
  readonly severity: IssueSeverity
  readonly code: IssueType
  readonly details: {
    readonly coding: readonly [{ readonly system: string; readonly code: string }]
    readonly text: string
  }
  readonly diagnostics: string
  readonly expression?: readonly [string]
}

/** A FHIR R4 `OperationOutcome` resource. @category issues */
export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome'
  readonly issue: readonly OperationOutcomeIssue[]
}

/**
 * Turns issues into a FHIR R4 `OperationOutcome`. An empty list becomes the single
 * `information` issue the spec asks for when all is well (OperationOutcome.issue is 1..*).
 *
 * @example
 * toOperationOutcome(validateResource(json).issues)
 * @category issues
 */
export function toOperationOutcome(issues: readonly ValidationIssue[]): OperationOutcome {
  if (issues.length === 0) {
    return {
      resourceType: 'OperationOutcome',
      issue: [toOutcomeIssue({ severity: 'information', code: 'informational', id: 'ok', message: 'No issues found' })],
    }
  }
  return { resourceType: 'OperationOutcome', issue: issues.map(toOutcomeIssue) }
}

function toOutcomeIssue(i: ValidationIssue): OperationOutcomeIssue {
  const base = {
    severity: i.severity,
    code: i.code,
    details: { coding: [{ system: MESSAGE_ID_SYSTEM, code: i.id }] as const, text: i.message },
    diagnostics: i.message,
  }
  return i.expression === undefined ? base : { ...base, expression: [i.expression] as const }
}
