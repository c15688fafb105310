import { IdentifierSystem } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { validateOdsCode } from '../identifiers/ods-code.js'
import type { ValidationIssue } from '../issue.js'
import type { ResourceProfile } from '../profile.js'
import { type Json, objectsAt, profileError, profileWarning } from './profile-helpers.js'

/** Canonical URL of UKCore-Organization. @category profiles */
export const UK_CORE_ORGANIZATION_URL = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization'
/** NamingSystems of ODS codes. @category profiles */
export const ODS_ORGANIZATION_CODE_SYSTEM = IdentifierSystem.odsOrganizationCode
export const ODS_SITE_CODE_SYSTEM = IdentifierSystem.odsSiteCode

const P = 'ukcore.organization'

/**
 * UKCore-Organization 2.5.1: identifier slices odsOrganisationCode and odsSiteCode (by system),
 * each max 1 with a value. An ODS value that is not 1-9 letters/digits is a warning (the shape is
 * from the ODS guide, not the profile).
 *
 * @category profiles
 */
export const UK_CORE_ORGANIZATION: ResourceProfile = {
  url: UK_CORE_ORGANIZATION_URL,
  resourceType: 'Organization',
  title: 'UK Core Organization',
  validate: (org, path) => [
    ...checkOdsSlice(org, ODS_ORGANIZATION_CODE_SYSTEM, 'odsOrganisationCode', path),
    ...checkOdsSlice(org, ODS_SITE_CODE_SYSTEM, 'odsSiteCode', path),
  ],
}

function checkOdsSlice(org: Json, system: string, slice: string, path: string): ValidationIssue[] {
  const found = objectsAt(org, 'identifier').filter(({ item }) => item['system'] === system)
  const issues: ValidationIssue[] = []
  if (found.length > 1)
    issues.push(profileError(P, `${slice}.max`, `at most one identifier with system ${system}`, `${path}.identifier`))
  for (const { item, index } of found) {
    const at = `${path}.identifier[${index}].value`
    const value = item['value']
    if (typeof value !== 'string')
      issues.push(profileError(P, `${slice}.value`, `the ${slice} identifier needs a value`, at))
    else {
      const r = validateOdsCode(value)
      if (E.isLeft(r)) issues.push(profileWarning(P, `${slice}.format`, r.left[0].message, at))
      else if (r.right !== value)
        issues.push(profileWarning(P, `${slice}.format`, `ODS codes are upper case: ${r.right}`, at))
    }
  }
  return issues
}
