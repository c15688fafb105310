import { type DeviceInfo, OpenwardError } from '@openward/core'
import { deviceRecordingFromSamples, importOximetryCsv, replay } from '@openward/oximeter'
import { openSerialOximeterOrThrow } from '@openward/oximeter/node-serial'
import * as E from 'fp-ts/lib/Either.js'
import type { SchedulerLike } from 'rxjs'

import type { WardFeed, WardPatient } from './ward-model.js'

/** Options of {@link replayedFeed}. */
export interface ReplayFeedOptions {
  readonly scheduler?: SchedulerLike
  /** 1 = real time; a `VirtualTimeScheduler` replays without waiting at any speed. */
  readonly speed?: number
}

/**
 * A feed from an Openward recording (`.owrec` text): replayed through the recorded protocol's real
 * framer and decoder, at the recorded pace divided by `speed`.
 */
export function replayedFeed(
  patient: WardPatient,
  deviceId: string,
  recording: string,
  options: ReplayFeedOptions = {},
): WardFeed {
  return { patient, deviceId, samples$: replay(recording, options) }
}

/**
 * A study CSV (`t_seconds,spo2[,pr[,pi]]`) as the Contec V7 recording a bedside device would have
 * produced, starting at `startTimeMs`.
 */
export function csvAsContecRecording(csv: string, startTimeMs: number, device: DeviceInfo): string {
  const samples = importOximetryCsv(csv, { startTimeMs, device })
  if (E.isLeft(samples)) throw new OpenwardError(samples.left)
  return deviceRecordingFromSamples(samples.right, { protocol: 'contec-v7', device, clock: 'host' })
}

/**
 * A feed from an oximeter on a serial port (USB adaptor, or a pty in tests) through
 * `@openward/oximeter/node-serial`; its samples complete when `close()` is called. Rejects with an
 * `OpenwardError` (`Unsupported`, `TransportFailure`) when the port cannot be opened.
 */
export async function serialFeed(
  patient: WardPatient,
  path: string,
  protocol: string,
): Promise<{ feed: WardFeed; connection: Awaited<ReturnType<typeof openSerialOximeterOrThrow>> }> {
  const connection = await openSerialOximeterOrThrow({ path, protocol })
  const feed: WardFeed = { patient, deviceId: `${protocol}:${path}`, samples$: connection.samples$ }
  return { feed, connection }
}
