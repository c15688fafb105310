// The failure convention for opening a transport (docs/architecture.md, "Errors: one failure
// convention"): a TaskEither with a tight error union, and an …OrThrow twin. The type assertions
// are checked by `tsc -p packages/oximeter`; the run-time ones need no device.
import { OpenwardError, type OximetrySample, type Unsupported, unsupported } from '@openward/core'
import type * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import { openSerialOximeter, openSerialOximeterOrThrow } from '../../src/node/node-serial.js'
import type { OximeterConnection } from '../../src/transport/oximeter-connection.js'
import {
  caughtTransportError,
  type ConnectionLost,
  connectionLost,
  serviceNotFound,
  type TransportFailure,
  transportFailure,
  type UserCancelled,
} from '../../src/transport/transport-errors.js'
import {
  type BluetoothOximeter,
  bluetoothRequestOptions,
  bluetoothRequestOptionsOrThrow,
  type DownloadStoredSpotChecksOptions,
  requestOximeter,
  requestOximeterOrThrow,
} from '../../src/web-bluetooth/index.js'
import {
  openSerialPortOximeter,
  openSerialPortOximeterOrThrow,
  requestSerialOximeter,
  requestSerialOximeterOrThrow,
} from '../../src/web-serial/index.js'

describe('opening a transport: TaskEither with a tight error union, and an …OrThrow twin', () => {
  it('declares exactly the errors each opener can return', () => {
    expectTypeOf(requestOximeter).returns.toEqualTypeOf<
      TE.TaskEither<
        UserCancelled | ReturnType<typeof serviceNotFound> | Unsupported | TransportFailure,
        BluetoothOximeter
      >
    >()
    expectTypeOf(requestSerialOximeter<'contec-v7'>).returns.toEqualTypeOf<
      TE.TaskEither<UserCancelled | Unsupported | TransportFailure, OximeterConnection>
    >()
    expectTypeOf(openSerialPortOximeter<'contec-v7'>).returns.toEqualTypeOf<
      TE.TaskEither<Unsupported | TransportFailure, OximeterConnection>
    >()
    expectTypeOf(openSerialOximeter<'contec-v7'>).returns.toEqualTypeOf<
      TE.TaskEither<Unsupported | TransportFailure, OximeterConnection>
    >()
    expectTypeOf(requestOximeterOrThrow).returns.toEqualTypeOf<Promise<BluetoothOximeter>>()
    expectTypeOf(requestSerialOximeterOrThrow<'contec-v7'>).returns.toEqualTypeOf<Promise<OximeterConnection>>()
    expectTypeOf(openSerialPortOximeterOrThrow<'contec-v7'>).returns.toEqualTypeOf<Promise<OximeterConnection>>()
    expectTypeOf(openSerialOximeterOrThrow<'contec-v7'>).returns.toEqualTypeOf<Promise<OximeterConnection>>()
  })

  it('declares the stored spot-check download (a TaskEither method and its OrThrow twin) and bluetoothRequestOptions (an Either)', () => {
    expectTypeOf<BluetoothOximeter['downloadStoredSpotChecks']>().toEqualTypeOf<
      (options?: DownloadStoredSpotChecksOptions) => TE.TaskEither<TransportFailure | ConnectionLost, OximetrySample[]>
    >()
    expectTypeOf<BluetoothOximeter['downloadStoredSpotChecksOrThrow']>().toEqualTypeOf<
      (options?: DownloadStoredSpotChecksOptions) => Promise<OximetrySample[]>
    >()
    expectTypeOf(bluetoothRequestOptions).returns.toEqualTypeOf<E.Either<Unsupported, RequestDeviceOptions>>()
    expectTypeOf(bluetoothRequestOptionsOrThrow).returns.toEqualTypeOf<RequestDeviceOptions>()
  })

  it('bluetoothRequestOptions is a Left for an unknown id (no throw); its OrThrow twin throws that error in an OpenwardError', () => {
    const result = bluetoothRequestOptions(['berrymed', 'acme-9000'])
    expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported' } })
    let thrown: unknown
    try {
      bluetoothRequestOptionsOrThrow(['berrymed', 'acme-9000'])
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(OpenwardError)
    expect((thrown as OpenwardError).error).toEqual(result._tag === 'Left' ? result.left : undefined)
    const ok = bluetoothRequestOptions(['berrymed'])
    expect(ok).toEqual({ _tag: 'Right', right: bluetoothRequestOptionsOrThrow(['berrymed']) })
    expect(ok).toMatchObject({ _tag: 'Right', right: { filters: [{ namePrefix: 'BerryMed' }] } })
  })

  it('is lazy: nothing is looked up or opened until the task runs, and the task resolves to a Left', async () => {
    const text: string = 'acme-9000' // as from a command line
    const task = openSerialOximeter({ path: '/dev/does-not-exist', protocol: text })
    expect(typeof task).toBe('function')
    const result = await task()
    expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'Unsupported' } })
  })

  it('requestOximeter without Web Bluetooth (Node has none) is a Left TransportFailure, OrThrow an OpenwardError', async () => {
    const result = await requestOximeter({ protocols: ['plx-continuous'] })()
    expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'TransportFailure', operation: 'requestDevice' } })
    const thrown: unknown = await requestOximeterOrThrow({ protocols: ['plx-continuous'] }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(OpenwardError)
    expect((thrown as OpenwardError).error).toEqual(result._tag === 'Left' ? result.left : undefined)
  })

  it('caughtTransportError keeps an expected tagged error and turns anything else into a TransportFailure', () => {
    const missing = serviceNotFound('"BerryMed-01"', ['x'], [])
    expect(caughtTransportError(new OpenwardError(missing), ['ServiceNotFound', 'TransportFailure'], 'connect')).toBe(
      missing,
    )
    // A tag the caller does not declare must not leak into its union.
    expect(
      caughtTransportError(new OpenwardError(connectionLost(3)), ['ServiceNotFound', 'TransportFailure'], 'connect'),
    ).toEqual(
      transportFailure('connect', 'OpenwardError: ConnectionLost: connection lost; 3 reconnect attempts failed'),
    )
    expect(caughtTransportError(new OpenwardError(unsupported('x')), ['TransportFailure'], 'connect')._tag).toBe(
      'TransportFailure',
    )
    expect(
      caughtTransportError(new DOMException('GATT Server is disconnected.', 'NetworkError'), [], 'connect'),
    ).toEqual(transportFailure('connect', 'NetworkError: GATT Server is disconnected.'))
  })
})
