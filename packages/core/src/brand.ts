/**
 * A nominal brand over a primitive: `Brand<string, 'NhsNumber'>` is a string that a validator
 * has checked. Create branded values only through `validateX` / `isX` functions.
 *
 * @category model
 */
export type Brand<A, Name extends string> = A & { readonly __brand: Name }
