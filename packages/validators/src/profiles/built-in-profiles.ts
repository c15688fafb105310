import type { ResourceProfile } from '../profile.js'
import { UK_CORE_ORGANIZATION } from './uk-core-organization.js'
import { ETHNIC_CATEGORY_URL, NHS_NUMBER_VERIFICATION_STATUS_URL, UK_CORE_PATIENT } from './uk-core-patient.js'
import { UK_CORE_DOCUMENT_REFERENCE, UK_CORE_SERVICE_REQUEST } from './uk-core-requests.js'
import { UK_CORE_HEART_RATE, UK_CORE_OXYGEN_SATURATION } from './uk-core-vital-signs.js'

/**
 * Built-in profiles by canonical URL: the UK Core profiles Openward emits. Pass other
 * {@link ResourceProfile} objects in `validateResource(..., { profiles })` to add more.
 *
 * @category profiles
 */
export const BUILT_IN_PROFILES: ReadonlyMap<string, ResourceProfile> = /* @__PURE__ */ new Map(
  [
    UK_CORE_PATIENT,
    UK_CORE_ORGANIZATION,
    UK_CORE_OXYGEN_SATURATION,
    UK_CORE_HEART_RATE,
    UK_CORE_SERVICE_REQUEST,
    UK_CORE_DOCUMENT_REFERENCE,
  ].map((p) => [p.url, p] as const),
)

/** Extension URLs the built-in profiles define, known to {@link validateResource} without being passed. */
export const BUILT_IN_EXTENSIONS: readonly string[] = [NHS_NUMBER_VERIFICATION_STATUS_URL, ETHNIC_CATEGORY_URL]
