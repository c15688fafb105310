/**
 * The shape every Openward error value shares: a discriminant `_tag`, a human message, and
 * optional structured detail. Errors are plain immutable values (not `Error` subclasses), so
 * they can sit in an `Either`, travel through an Observable as data, and serialise to JSON.
 *
 * @category model
 */
export interface TaggedError<Tag extends string = string> {
  readonly _tag: Tag
  readonly message: string
}

/**
 * Builds a tagged error value. Extra fields (offsets, expected/actual values) go in `detail`
 * and are spread onto the error so callers can narrow on `_tag` and read them directly.
 *
 * @example
 * const e = taggedError('Truncated', 'needs 5 bytes, got 3', { offset: 0, expected: 5, actual: 3 })
 * e._tag // 'Truncated'
 * @category constructors
 */
export function taggedError<Tag extends string, D extends object = Record<never, never>>(
  tag: Tag,
  message: string,
  detail?: D,
): TaggedError<Tag> & Readonly<D> {
  return Object.freeze({ ...(detail ?? ({} as D)), _tag: tag, message }) as TaggedError<Tag> & Readonly<D>
}

/**
 * True for any value shaped like a tagged error (an object with a string `_tag` and `message`).
 *
 * @category refinements
 */
export function isTaggedError(u: unknown): u is TaggedError {
  return (
    typeof u === 'object' &&
    u !== null &&
    typeof (u as { _tag?: unknown })._tag === 'string' &&
    typeof (u as { message?: unknown }).message === 'string'
  )
}

/**
 * Narrows a tagged error to one of the given tags.
 *
 * @category refinements
 */
export function hasTag<E extends TaggedError, T extends E['_tag']>(e: E, tag: T): e is Extract<E, { _tag: T }> {
  return e._tag === tag
}

/**
 * The `Error` thrown by the few `...OrThrow` functions: it keeps the tagged value in `cause`
 * so nothing is lost when a caller prefers exceptions.
 *
 * @category model
 */
export class OpenwardError extends Error {
  override readonly name = 'OpenwardError'
  readonly error: TaggedError

  constructor(error: TaggedError) {
    super(`${error._tag}: ${error.message}`, { cause: error })
    this.error = error
  }
}

/**
 * True when `u` is an `OpenwardError` (or carries one's tagged value), optionally with the given
 * tag. It checks the shape, not the class, so it works when two copies of `@openward/core` are
 * loaded (a CommonJS app beside an ES module dependency, a bundler that duplicated a package).
 *
 * @example
 * try { getOrThrow(result) } catch (e) { if (isOpenwardError(e, 'Conflict')) retryLater() }
 * @category refinements
 */
export function isOpenwardError<T extends string = string>(
  u: unknown,
  tag?: T,
): u is Error & { readonly error: TaggedError<T> } {
  if (typeof u !== 'object' || u === null) return false
  const error = (u as { error?: unknown }).error
  if ((u as { name?: unknown }).name !== 'OpenwardError' || !isTaggedError(error)) return false
  return tag === undefined || error._tag === tag
}
