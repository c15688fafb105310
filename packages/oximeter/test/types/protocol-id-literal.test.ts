import { describe, expect, it } from 'vitest'

import { decodeBatch, deviceProfile, isProtocolId, PROTOCOL_IDS, type ProtocolIdInput } from '../../src/index.js'
import { openSerialOximeter } from '../../src/node/node-serial.js'
import { requestSerialOximeter } from '../../src/web-serial/request-serial-oximeter.js'

/**
 * Protocol ids are a literal union: a misspelt id in code fails to compile (`tsc -p packages/oximeter`
 * runs over this file: an `@ts-expect-error` with no error below is itself an error), while text from
 * outside (typed `string`) is still accepted and checked at run time.
 */
function compileTimeOnly(text: string): void {
  // @ts-expect-error -- 'contec-v8' is not a protocol id (did you mean 'contec-v7'?)
  void openSerialOximeter({ path: '/dev/ttyUSB0', protocol: 'contec-v8' })
  // @ts-expect-error -- ids are case-sensitive
  void requestSerialOximeter({ protocol: 'Contec-V7' })
  // @ts-expect-error -- a typo in a registry lookup
  deviceProfile('nonin-df9')
  // @ts-expect-error -- and in decodeBatch
  decodeBatch('berymed', new Uint8Array(0))
  void openSerialOximeter({ path: '/dev/ttyUSB0', protocol: 'contec-v7' })
  void openSerialOximeter({ path: '/dev/ttyUSB0', protocol: text })
  void requestSerialOximeter({ protocol: 'nonin-df8' })
}

describe('protocol ids as a literal union', () => {
  it('ProtocolIdInput keeps known literals, refuses unknown literals and leaves plain strings to the run-time check', () => {
    const known: ProtocolIdInput<'contec-v7'> = 'contec-v7'
    const text: ProtocolIdInput<string> = 'from a command line'
    expect([known, text]).toEqual(['contec-v7', 'from a command line'])
    expect(typeof compileTimeOnly).toBe('function')
  })

  it('text from outside is checked at run time against the same ids', () => {
    expect(PROTOCOL_IDS.every(isProtocolId)).toBe(true)
    expect(isProtocolId('contec-v8')).toBe(false)
  })
})
