import { isOpenwardError, type TaggedError, taggedError } from '@openward/core'

/** The user closed the device chooser (Web Bluetooth / Web Serial) without picking a device. @category transports */
export type UserCancelled = TaggedError<'UserCancelled'>

/** The device lacks every service the requested protocols need; `found` lists what it has. @category transports */
export interface ServiceNotFound extends TaggedError<'ServiceNotFound'> {
  readonly expected: readonly string[]
  readonly found: readonly string[]
}

/**
 * The platform refused or failed an operation (no Web Bluetooth, connect failed, a port that
 * cannot be opened). `operation` says which step; `cause` is the platform's message.
 *
 * @category transports
 */
export interface TransportFailure extends TaggedError<'TransportFailure'> {
  readonly operation: string
  readonly cause: string
}

/** The link dropped and every reconnect attempt failed. @category transports */
export interface ConnectionLost extends TaggedError<'ConnectionLost'> {
  readonly attempts: number
}

/** Every error a transport reports. @category transports */
export type TransportError = UserCancelled | ServiceNotFound | TransportFailure | ConnectionLost

/** @category transports */
export const userCancelled = (message = 'the user cancelled the device chooser'): UserCancelled =>
  taggedError('UserCancelled', message)

/** @category transports */
export const serviceNotFound = (
  device: string,
  expected: readonly string[],
  found: readonly string[],
): ServiceNotFound =>
  taggedError(
    'ServiceNotFound',
    `${device} has none of the expected services (${expected.join(', ')}); found: ${found.length === 0 ? 'none accessible' : found.join(', ')}`,
    { expected, found },
  )

/**
 * The cause text of a failed platform call. Browser APIs reject with `DOMException`s whose `name`
 * (NotFoundError, SecurityError, NetworkError) says more than the message, so the name is kept.
 *
 * @category transports
 */
export const describeTransportCause = (thrown: unknown): string =>
  thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)

/** @category transports */
export const transportFailure = (operation: string, cause: string): TransportFailure =>
  taggedError('TransportFailure', `${operation} failed: ${cause}`, { operation, cause })

/** @category transports */
export const connectionLost = (attempts: number): ConnectionLost =>
  taggedError('ConnectionLost', `connection lost; ${attempts} reconnect attempts failed`, { attempts })

/**
 * The tagged error an opening step threw (the GATT and serial helpers throw `OpenwardError`s inside
 * their promise chains), when its tag is one of `tags`; anything else becomes a `TransportFailure`
 * of `operation`. It keeps the error union an opening function declares true at run time.
 */
export function caughtTransportError<T extends TransportError['_tag']>(
  thrown: unknown,
  tags: readonly T[],
  operation: string,
): Extract<TransportError, { readonly _tag: T }> | TransportFailure {
  if (isOpenwardError(thrown) && (tags as readonly string[]).includes(thrown.error._tag))
    return thrown.error as Extract<TransportError, { readonly _tag: T }>
  return transportFailure(operation, describeTransportCause(thrown))
}
