/**
 * `@openward/validators`: offline validation of NHS identifiers, clinical codes, UCUM units and
 * FHIR R4 / UK Core resources, with results shaped as FHIR `OperationOutcome` issues.
 *
 * This entry re-exports the three focused ones and stays tree-shakable (`sideEffects: false`): a
 * bundle that imports only `validateNhsNumber` from here carries none of FHIRPath or UCUM. Import
 * `@openward/validators/identifiers`, `/ucum` or `/fhir` directly to make the cost explicit.
 *
 * @packageDocumentation
 */
export * from './fhir.js'
export * from './identifiers.js'
export * from './ucum.js'
export type { IdentifierKind, IdentifierVerdict } from './identifiers/check-identifier.js'
export { checkIdentifier, IDENTIFIER_KINDS, isIdentifierKind } from './identifiers/check-identifier.js'
