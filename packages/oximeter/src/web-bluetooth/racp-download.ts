import { OpenwardError, type OximetrySample } from '@openward/core'
import { filter, firstValueFrom, map, merge, type SchedulerLike, takeUntil, timer, toArray } from 'rxjs'

import { sigUuid } from '../internal/bluetooth-uuid.js'
import { encodeRacp, type RacpResponse } from '../protocols/plx/plx-racp.js'
import type { ConnectionHub } from '../transport/connection-hub.js'
import { transportFailure } from '../transport/transport-errors.js'
import type { GattSession } from './gatt-session.js'

const SPOT_CHECK = /* @__PURE__ */ sigUuid(0x2a5e)
const RACP = /* @__PURE__ */ sigUuid(0x2a52)

/**
 * Downloads every stored PLX spot-check: indications on 0x2A5E and 0x2A52, write "report stored
 * records / all records" (`01 01`), collect spot-check samples until the RACP response code
 * (`06 00 01 <code>`; PLXS §3.4, spec note §2.9). "No records found" resolves to `[]`; any other
 * code, or no answer within `timeoutMs`, rejects with a `TransportFailure`.
 */
export async function downloadStoredSpotChecks(
  session: GattSession,
  hub: ConnectionHub,
  scheduler: SchedulerLike,
  timeoutMs: number,
): Promise<OximetrySample[]> {
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
  await session.write(
    RACP,
    encodeRacp({ _tag: 'RacpRequest', opCode: 'report-stored-records', operator: 'all-records', operand: [] }),
  )
  const response = await done
  if (response === undefined)
    throw new OpenwardError(transportFailure('download stored records', `no RACP response within ${timeoutMs} ms`))
  if (response.responseCode === 'no-records-found') return []
  if (response.responseCode !== 'success')
    throw new OpenwardError(transportFailure('download stored records', `RACP answered ${response.responseCode}`))
  return samples
}
