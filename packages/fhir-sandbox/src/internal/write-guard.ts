import { OperationOutcomeError } from '@medplum/core'
import type { Resource } from '@medplum/fhirtypes'

import type { Definitions } from './definitions.js'
import type { WriteGuard } from './sandbox-repository.js'
import { hasErrors, validationIssues } from './validate-operation.js'

/** Validation on write: a version with error issues is refused with 422 and nothing is stored. */
export function validatingGuard(defs: Definitions): WriteGuard {
  return (resource: Resource) => {
    const issues = validationIssues(defs, resource).filter(
      (i) => i.severity !== 'warning' || i.code !== 'not-supported',
    )
    if (hasErrors(issues)) {
      // Medplum maps an outcome whose id is "business-rule" to 422 Unprocessable Entity.
      throw new OperationOutcomeError({ resourceType: 'OperationOutcome', id: 'business-rule', issue: issues })
    }
  }
}
