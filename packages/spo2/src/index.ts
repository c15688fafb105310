/**
 * `@openward/spo2` — see README.md for what this package owns.
 *
 * @packageDocumentation
 */
export {}
