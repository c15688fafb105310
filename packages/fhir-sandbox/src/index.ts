/**
 * `@openward/fhir-sandbox` — see README.md for what this package owns.
 *
 * @packageDocumentation
 */
export {}
