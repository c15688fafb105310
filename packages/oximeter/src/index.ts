/**
 * `@openward/oximeter` — see README.md for what this package owns.
 *
 * @packageDocumentation
 */
export {}
