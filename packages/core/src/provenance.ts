import * as t from 'io-ts'

/**
 * Where a sample's time came from:
 * - `host`: the receiving computer's clock (an injectable clock; `scheduler.now()`),
 * - `device`: the oximeter's own clock (stored records, spot-check timestamps),
 * - `recording`: a recording's timeline (start time + offset), as in replay and imports.
 *
 * @category model
 */
export const ClockSource = /* @__PURE__ */ t.keyof({ host: null, device: null, recording: null }, 'ClockSource')
/** @category model */
export type ClockSource = t.TypeOf<typeof ClockSource>

/** What we know of the device that produced a sample. @category model */
export const DeviceInfo = /* @__PURE__ */ t.readonly(
  t.partial({
    /** A stable id: Bluetooth device id, serial port path, serial number. */
    id: t.string,
    name: t.string,
    manufacturer: t.string,
    model: t.string,
    serialNumber: t.string,
    firmware: t.string,
  }),
  'DeviceInfo',
)
/** @category model */
export type DeviceInfo = t.TypeOf<typeof DeviceInfo>

/**
 * How the device averaged the value, when it says so (PLX Fast/Slow/Normal, a vendor's 4 s/8 s
 * averaging mode). `seconds` only where the device or its documentation states it.
 *
 * @category model
 */
export const Averaging = /* @__PURE__ */ t.readonly(
  t.intersection([
    t.type({ mode: t.keyof({ normal: null, fast: null, slow: null, unknown: null }) }),
    t.partial({ seconds: t.number }),
  ]),
  'Averaging',
)
/** @category model */
export type Averaging = t.TypeOf<typeof Averaging>

/**
 * Which protocol decoded a sample, from which device, with which averaging.
 * `protocol` is one of the protocol ids of `@openward/oximeter` (e.g. `plx-continuous`,
 * `contec-v7`) or `import:<format>` for imported files.
 *
 * @category model
 */
export const Provenance = /* @__PURE__ */ t.readonly(
  t.intersection([t.type({ protocol: t.string }), t.partial({ device: DeviceInfo, averaging: Averaging })]),
  'Provenance',
)
/** @category model */
export type Provenance = t.TypeOf<typeof Provenance>
