import type { OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { filter, firstValueFrom, map, merge, type SchedulerLike, takeUntil, timer, toArray } from 'rxjs'

import { sigUuid } from '../internal/bluetooth-uuid.js'
import { encodeRacp, type RacpResponse } from '../protocols/plx/plx-racp.js'
import type { ConnectionHub } from '../transport/connection-hub.js'
import {
  caughtTransportError,
  type ConnectionLost,
  type TransportFailure,
  transportFailure,
} from '../transport/transport-errors.js'
import type { GattSession } from './gatt-session.js'

const SPOT_CHECK = /* @__PURE__ */ sigUuid(0x2a5e)
const RACP = /* @__PURE__ */ sigUuid(0x2a52)
const OPERATION = 'download stored records'

/**
 * Every way a stored spot-check download fails: `TransportFailure` (not connected, a GATT subscribe
 * or write refused, no RACP answer in time, or a RACP response code other than success / no records)
 * or `ConnectionLost` (the link dropped during the download and every reconnect attempt failed).
 *
 * @category web-bluetooth
 */
export type DownloadStoredSpotChecksError = TransportFailure | ConnectionLost

/** Options of `BluetoothOximeter.downloadStoredSpotChecks`. @category web-bluetooth */
export interface DownloadStoredSpotChecksOptions {
  /** How long to wait for the RACP response after the request is written; default 30 000 ms. */
  readonly timeoutMs?: number
}

/** The `TransportFailure` of a download asked for while the link is down (between reconnects). */
export const notConnected = (): TransportFailure => transportFailure(OPERATION, 'not connected')

/**
 * Downloads every stored PLX spot-check: indications on 0x2A5E and 0x2A52, write "report stored
 * records / all records" (`01 01`), collect spot-check samples until the RACP response code
 * (`06 00 01 <code>`; PLXS §3.4, spec note §2.9). "No records found" is `Right([])`; any other
 * code, or no answer within `timeoutMs`, is a `Left` `TransportFailure`. The promise never rejects:
 * the session's helpers throw `OpenwardError`s, which become the declared errors here.
 */
export async function downloadStoredSpotChecks(
  session: GattSession,
  hub: ConnectionHub,
  scheduler: SchedulerLike,
  timeoutMs: number,
): Promise<E.Either<DownloadStoredSpotChecksError, OximetrySample[]>> {
  try {
    await session.subscribe(SPOT_CHECK)
    await session.subscribe(RACP)
    const response$ = hub.records$.pipe(
      filter((r) => r.protocol === 'plx-racp' && r.record._tag === 'RacpResponse'),
      map((r) => r.record as RacpResponse),
    )
    const end$ = merge(response$, timer(timeoutMs, scheduler).pipe(map(() => undefined)))
    const done = firstValueFrom(end$)
    const samples = firstValueFrom(
      hub.samples$.pipe(
        filter((s) => s.provenance.protocol === 'plx-spot-check'),
        takeUntil(end$),
        toArray(),
      ),
    )
    // Both settle on their own (the timer ends them); a failed write below must not leave either
    // rejection (a hub that fails with ConnectionLost) unhandled.
    done.catch(() => undefined)
    samples.catch(() => undefined)
    await session.write(
      RACP,
      encodeRacp({ _tag: 'RacpRequest', opCode: 'report-stored-records', operator: 'all-records', operand: [] }),
    )
    const response = await done
    if (response === undefined) return E.left(transportFailure(OPERATION, `no RACP response within ${timeoutMs} ms`))
    if (response.responseCode === 'no-records-found') return E.right([])
    if (response.responseCode !== 'success')
      return E.left(transportFailure(OPERATION, `RACP answered ${response.responseCode}`))
    return E.right(await samples)
  } catch (thrown) {
    return E.left(caughtTransportError(thrown, ['TransportFailure', 'ConnectionLost'], OPERATION))
  }
}
