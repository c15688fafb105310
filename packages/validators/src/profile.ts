import type { ValidationIssue } from './issue.js'

/**
 * A pluggable set of rules for one resource type, applied by {@link validateResource} to every
 * resource of that type in the input (root, Bundle entries, contained resources) when asked for by
 * URL in `options.profiles` or listed in the resource's `meta.profile`.
 *
 * @example
 * const myProfile: ResourceProfile = {
 *   url: 'https://example.org/StructureDefinition/MyPatient',
 *   resourceType: 'Patient',
 *   title: 'My Patient',
 *   validate: (patient, path) => (patient.birthDate ? [] : [errorIssue('required', 'my.birthDate', 'birthDate is required', `${path}.birthDate`)]),
 * }
 * @category profiles
 */
export interface ResourceProfile {
  /** The canonical URL of the StructureDefinition the rules come from. */
  readonly url: string
  readonly resourceType: string
  readonly title: string
  /** Returns the profile's issues for one resource; `path` is its FHIRPath location. Must not throw. */
  readonly validate: (resource: Readonly<Record<string, unknown>>, path: string) => readonly ValidationIssue[]
}
