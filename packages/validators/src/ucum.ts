/**
 * `@openward/validators/ucum`: UCUM unit codes, checked with @lhncbc/ucum-lhc (its parser and
 * unit tables, ~1.7 MB installed, load only when this entry or `/fhir` is imported).
 *
 * @packageDocumentation
 */
export type { IssueSeverity, IssueType, Issues, ValidationIssue } from './issue.js'
export type { UcumUnit } from './identifiers/ucum-unit.js'
export { COMMON_UCUM_UNITS, isUcumUnit, MAX_UCUM_CODE_LENGTH, validateUcumUnit } from './identifiers/ucum-unit.js'
