import { taggedError, type TaggedError } from '@openward/core'

/**
 * Why a message on a samples subject could not be processed (it goes to the dead-letter subject with
 * this reason, and the partition carries on).
 */
export type DeadLetterReason =
  'not-json' | 'invalid-batch' | 'wrong-subject' | 'wrong-partition' | 'unsupported-version' | 'implausible-time'

/** A message that failed validation. */
export interface InvalidMessage extends TaggedError<'InvalidMessage'> {
  readonly reason: DeadLetterReason
}

/** A tenant, patient or device key that cannot be a NATS subject token. */
export interface InvalidKey extends TaggedError<'InvalidKey'> {
  readonly field: 'tenant' | 'patientKey' | 'deviceKey'
  readonly value: string
}

/** An option out of its documented range. */
export interface InvalidOption extends TaggedError<'InvalidOption'> {
  readonly option: string
}

/** NATS or JetStream refused or failed an operation (connection lost, timeout, stream missing). */
export interface NatsFailure extends TaggedError<'NatsFailure'> {
  readonly operation: string
}

/** A detector checkpoint that does not restore (another format version, corruption). */
export type CheckpointUnreadable = TaggedError<'CheckpointUnreadable'>

/** Every failure of this package. */
export type WardError = InvalidMessage | InvalidKey | InvalidOption | NatsFailure | CheckpointUnreadable

export const checkpointUnreadable = (message: string): CheckpointUnreadable =>
  taggedError('CheckpointUnreadable', message)

export const invalidMessage = (reason: DeadLetterReason, message: string): InvalidMessage =>
  taggedError('InvalidMessage', message, { reason })

export const invalidKey = (field: InvalidKey['field'], value: string): InvalidKey =>
  taggedError('InvalidKey', `${field} ${JSON.stringify(value)} must be 1-64 characters of A-Z a-z 0-9 _ -`, {
    field,
    value,
  })

export const invalidOption = (option: string, message: string): InvalidOption =>
  taggedError('InvalidOption', `${option}: ${message}`, { option })

export const natsFailure = (operation: string, cause: unknown): NatsFailure =>
  taggedError('NatsFailure', `${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    operation,
  })
