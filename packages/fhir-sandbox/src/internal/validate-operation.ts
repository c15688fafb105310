import type { OperationOutcome, OperationOutcomeIssue, Parameters, Resource } from '@medplum/fhirtypes'
import { validateResource } from '@openward/validators'

import type { Definitions } from './definitions.js'

/**
 * Validates a resource with `@openward/validators` (the same `validateResource` behind
 * `openward validate`, so the sandbox and the CLI never disagree): the R4 base definitions and
 * their FHIRPath invariants, required code bindings such as `Observation.status`, the R4 vital-signs
 * profiles by LOINC code, and each requested or declared built-in profile. Input size, depth and
 * time are bounded by the validator. `defs` is kept for the callers' signature.
 */
export function validationIssues(
  _defs: Definitions,
  resource: Resource,
  extraProfiles: readonly string[] = [],
): OperationOutcomeIssue[] {
  const result = validateResource(resource, { profiles: extraProfiles })
  return result.outcome.issue
    .filter((i) => i.severity !== 'information')
    .map((i) => {
      const issue: OperationOutcomeIssue = {
        severity: i.severity,
        code: i.code,
        details: { coding: [...i.details.coding], text: i.details.text },
        diagnostics: i.diagnostics,
      }
      return i.expression === undefined ? issue : { ...issue, expression: [...i.expression] }
    })
}

export function hasErrors(issues: readonly OperationOutcomeIssue[]): boolean {
  return issues.some((i) => i.severity === 'error' || i.severity === 'fatal')
}

/** The `$validate` answer: always 200 with an OperationOutcome (FHIR R4 Resource-validate). */
export function validateOutcome(issues: readonly OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue:
      issues.length > 0 ? [...issues] : [{ severity: 'information', code: 'informational', diagnostics: 'All OK' }],
  }
}

/** The resource and profile from a `$validate` body: a bare resource or `Parameters{resource, profile}`. */
export function validateInput(body: unknown): { resource: Resource | undefined; profile: string | undefined } {
  const value = body as Resource | undefined
  if (value?.resourceType !== 'Parameters') return { resource: value, profile: undefined }
  const params = (value as Parameters).parameter ?? []
  const resource = params.find((p) => p.name === 'resource')?.resource
  const profileParam = params.find((p) => p.name === 'profile')
  return { resource, profile: profileParam?.valueUri ?? profileParam?.valueCanonical ?? profileParam?.valueString }
}
