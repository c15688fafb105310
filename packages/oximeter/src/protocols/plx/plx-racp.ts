import { type DecodeError, invalidField, overlong, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { putU16, u16 } from '../../internal/le-bytes.js'

/**
 * Record Access Control Point (0x2A52) as the Pulse Oximeter Service uses it: the generic RACP
 * op codes, operators and response codes (Bluetooth GATT Specification Supplement, RACP; spec
 * note §2.9). Only "All records" is used by PLXS servers in practice, but every operator decodes.
 */

/** RACP op codes. @category plx-racp */
export const RACP_OP_CODES = {
  1: 'report-stored-records',
  2: 'delete-stored-records',
  3: 'abort-operation',
  4: 'report-number-of-stored-records',
  5: 'number-of-stored-records-response',
  6: 'response-code',
} as const
/** @category plx-racp */
export type RacpOpCode = (typeof RACP_OP_CODES)[keyof typeof RACP_OP_CODES]

/** RACP operators. @category plx-racp */
export const RACP_OPERATORS = {
  0: 'null',
  1: 'all-records',
  2: 'less-than-or-equal-to',
  3: 'greater-than-or-equal-to',
  4: 'within-range-of',
  5: 'first-record',
  6: 'last-record',
} as const
/** @category plx-racp */
export type RacpOperator = (typeof RACP_OPERATORS)[keyof typeof RACP_OPERATORS]

/** RACP response codes. @category plx-racp */
export const RACP_RESPONSE_CODES = {
  1: 'success',
  2: 'op-code-not-supported',
  3: 'invalid-operator',
  4: 'operator-not-supported',
  5: 'invalid-operand',
  6: 'no-records-found',
  7: 'abort-unsuccessful',
  8: 'procedure-not-completed',
  9: 'operand-not-supported',
} as const
/** @category plx-racp */
export type RacpResponseCodeName = (typeof RACP_RESPONSE_CODES)[keyof typeof RACP_RESPONSE_CODES]

/** A request the host writes (op codes 1–4). @category plx-racp */
export interface RacpRequest {
  readonly _tag: 'RacpRequest'
  readonly opCode:
    'report-stored-records' | 'delete-stored-records' | 'abort-operation' | 'report-number-of-stored-records'
  readonly operator: RacpOperator
  /** Operand bytes as sent (filter type + values for ≤ / ≥ / range). */
  readonly operand: readonly number[]
}

/** `05 00 <count u16 LE>`. @category plx-racp */
export interface RacpNumberOfRecords {
  readonly _tag: 'RacpNumberOfRecords'
  readonly count: number
}

/** `06 00 <request op code> <response code>`. @category plx-racp */
export interface RacpResponse {
  readonly _tag: 'RacpResponse'
  readonly requestOpCode: RacpOpCode
  readonly responseCode: RacpResponseCodeName
}

/** Any RACP value. @category plx-racp */
export type RacpMessage = RacpRequest | RacpNumberOfRecords | RacpResponse

const codeOf = <T extends Record<number, string>>(table: T, name: string): number =>
  Number(Object.entries(table).find(([, v]) => v === name)?.[0] ?? 0)

function lookup<T extends Record<number, string>>(table: T, code: number): T[keyof T] | undefined {
  return (table as Record<number, T[keyof T]>)[code]
}

/**
 * Decodes a RACP value (request or response). PLXS responses are strict: both are exactly
 * 4 bytes with operator Null; 1- or 4-byte counts are malformed for PLXS.
 *
 * @example
 * decodeRacp(Uint8Array.of(0x06, 0x00, 0x01, 0x01)) // RacpResponse report-stored-records: success
 * @category plx-racp
 */
export function decodeRacp(value: Uint8Array): E.Either<DecodeError, RacpMessage> {
  if (value.length < 2) return E.left(truncated(0, 2, value.length, 'RACP'))
  const op = lookup(RACP_OP_CODES, value[0] as number)
  if (op === undefined)
    return E.left(invalidField('opCode', `unknown RACP op code ${value[0]}`, { offset: 0, value: value[0] }))
  const operator = lookup(RACP_OPERATORS, value[1] as number)
  if (operator === undefined)
    return E.left(invalidField('operator', `unknown RACP operator ${value[1]}`, { offset: 1, value: value[1] }))
  if (op === 'number-of-stored-records-response' || op === 'response-code') return decodeResponse(value, op, operator)
  const wantsNull = op === 'abort-operation'
  if (wantsNull !== (operator === 'null'))
    return E.left(invalidField('operator', `${operator} is not valid for ${op}`, { offset: 1, value: value[1] }))
  return E.right({ _tag: 'RacpRequest', opCode: op, operator, operand: Array.from(value.subarray(2)) })
}

function decodeResponse(value: Uint8Array, op: RacpOpCode, operator: RacpOperator): E.Either<DecodeError, RacpMessage> {
  if (operator !== 'null')
    return E.left(invalidField('operator', `responses use operator null, got ${operator}`, { offset: 1 }))
  if (value.length < 4) return E.left(truncated(0, 4, value.length, 'RACP response'))
  if (value.length > 4) return E.left(overlong(4, value.length, 'RACP response'))
  if (op === 'number-of-stored-records-response') return E.right({ _tag: 'RacpNumberOfRecords', count: u16(value, 2) })
  const requestOpCode = lookup(RACP_OP_CODES, value[2] as number)
  if (requestOpCode === undefined)
    return E.left(invalidField('requestOpCode', `unknown op code ${value[2]}`, { offset: 2, value: value[2] }))
  const responseCode = lookup(RACP_RESPONSE_CODES, value[3] as number)
  if (responseCode === undefined)
    return E.left(invalidField('responseCode', `unknown response code ${value[3]}`, { offset: 3, value: value[3] }))
  return E.right({ _tag: 'RacpResponse', requestOpCode, responseCode })
}

/**
 * Encodes a RACP value.
 *
 * @example
 * encodeRacp({ _tag: 'RacpRequest', opCode: 'report-stored-records', operator: 'all-records', operand: [] }) // 01 01
 * @category plx-racp
 */
export function encodeRacp(m: RacpMessage): Uint8Array {
  switch (m._tag) {
    case 'RacpRequest':
      return Uint8Array.from([codeOf(RACP_OP_CODES, m.opCode), codeOf(RACP_OPERATORS, m.operator), ...m.operand])
    case 'RacpNumberOfRecords': {
      const out = Uint8Array.of(0x05, 0x00, 0, 0)
      putU16(out, 2, m.count)
      return out
    }
    case 'RacpResponse':
      return Uint8Array.of(
        0x06,
        0x00,
        codeOf(RACP_OP_CODES, m.requestOpCode),
        codeOf(RACP_RESPONSE_CODES, m.responseCode),
      )
  }
}
