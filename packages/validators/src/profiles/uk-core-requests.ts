import type { ResourceProfile } from '../profile.js'
import { checkReferenceTarget } from './profile-helpers.js'

/** Canonical URLs. @category profiles */
export const UK_CORE_SERVICE_REQUEST_URL = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest'
export const UK_CORE_DOCUMENT_REFERENCE_URL = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-DocumentReference'

/**
 * UKCore-ServiceRequest basics. UK Core adds only preferred/extensible bindings over R4 (which
 * already requires status, intent and subject); this checks the subject and requester targets.
 *
 * @category profiles
 */
export const UK_CORE_SERVICE_REQUEST: ResourceProfile = {
  url: UK_CORE_SERVICE_REQUEST_URL,
  resourceType: 'ServiceRequest',
  title: 'UK Core ServiceRequest',
  validate: (sr, path) => [
    ...checkReferenceTarget(sr, 'subject', ['Patient', 'Group', 'Location', 'Device'], 'ukcore.service-request', path),
    ...checkReferenceTarget(
      sr,
      'requester',
      ['Practitioner', 'PractitionerRole', 'Organization', 'Patient', 'RelatedPerson', 'Device'],
      'ukcore.service-request',
      path,
    ),
  ],
}

/**
 * UKCore-DocumentReference basics (R4 requires status and content.attachment); checks subject
 * and custodian targets.
 *
 * @category profiles
 */
export const UK_CORE_DOCUMENT_REFERENCE: ResourceProfile = {
  url: UK_CORE_DOCUMENT_REFERENCE_URL,
  resourceType: 'DocumentReference',
  title: 'UK Core DocumentReference',
  validate: (doc, path) => [
    ...checkReferenceTarget(
      doc,
      'subject',
      ['Patient', 'Practitioner', 'Group', 'Device'],
      'ukcore.document-reference',
      path,
    ),
    ...checkReferenceTarget(doc, 'custodian', ['Organization'], 'ukcore.document-reference', path),
  ],
}
