import { ClockSource, DeviceInfo } from '@openward/core'
import * as t from 'io-ts'

/** The `format` field every recording's first line carries. @category recording */
export const RECORDING_FORMAT = 'openward-recording'
/** The format version this package writes and reads. @category recording */
export const RECORDING_VERSION = 1

/**
 * The first line of a recording (a JSON object): what made it and how to decode it.
 * - `protocol`: a `ProtocolId`; replay picks the framer and normaliser from the device registry.
 * - `clock`: the clock the chunk times were taken on (`host` for a live transport).
 * - `startTimeMs`: ms since the Unix epoch; each chunk line holds its offset from it.
 *
 * @category recording
 */
export const RecordingHeader = /* @__PURE__ */ t.readonly(
  t.intersection([
    t.type({
      format: t.literal(RECORDING_FORMAT),
      version: t.literal(RECORDING_VERSION),
      protocol: t.string,
      clock: ClockSource,
      startTimeMs: t.number,
    }),
    t.partial({
      device: DeviceInfo,
      /** `web-bluetooth`, `web-serial`, `node-serial`, `import:edf`, ... */
      transport: t.string,
      /**
       * Set by importers when the source file was cut short (an EDF with fewer records than its
       * header declares, a damaged recording): why. The recording itself is whole (it has its end
       * marker), but its samples stop where the source did, and readers must say so.
       */
      sourceIncomplete: t.string,
    }),
  ]),
  'RecordingHeader',
)
/** @category recording */
export type RecordingHeader = t.TypeOf<typeof RecordingHeader>

/** What a caller gives to start a recording; `format` and `version` are filled in. @category recording */
export type RecordingHeaderInit = Omit<RecordingHeader, 'format' | 'version'>
