import * as t from 'io-ts'

/**
 * What the device said about a reading, beside the value. Every flag defaults to `false`.
 * A flag never changes the value: a sample can carry `spo2: 88` and `questionable: true`,
 * and it is the quality gate (in `@openward/spo2`) that decides what to do with it.
 *
 * @category model
 */
export const SampleFlags = /* @__PURE__ */ t.readonly(
  t.type({
    /** The probe reports no finger (or the finger slipped out). */
    fingerOut: t.boolean,
    /** The device is searching for a pulse; values are not yet locked on. */
    searching: t.boolean,
    /** Perfusion is too low for a reliable reading. */
    lowPerfusion: t.boolean,
    /** The device marks the value as questionable / of low signal quality. */
    questionable: t.boolean,
    /** Motion / artefact detected. */
    motion: t.boolean,
    /** The sensor is disconnected, faulty or unrecognised. */
    sensorDisconnected: t.boolean,
    /** The device reports a low battery. */
    lowBattery: t.boolean,
  }),
  'SampleFlags',
)
/** @category model */
export type SampleFlags = t.TypeOf<typeof SampleFlags>

/** The name of one sample flag. @category model */
export type SampleFlag = keyof SampleFlags

/** All sample flag names, in a fixed order (for CSV columns, bit packing and reports). @category model */
export const SAMPLE_FLAG_NAMES: readonly SampleFlag[] = [
  'fingerOut',
  'searching',
  'lowPerfusion',
  'questionable',
  'motion',
  'sensorDisconnected',
  'lowBattery',
]

/** No flag set. Shared and frozen, so most samples cost no extra allocation. @category constructors */
export const NO_FLAGS: SampleFlags = /* @__PURE__ */ Object.freeze({
  fingerOut: false,
  searching: false,
  lowPerfusion: false,
  questionable: false,
  motion: false,
  sensorDisconnected: false,
  lowBattery: false,
})

/**
 * Builds flags from the ones that are set; returns the shared `NO_FLAGS` when none is.
 *
 * @example
 * sampleFlags({ fingerOut: true }).fingerOut // true
 * @category constructors
 */
export function sampleFlags(set: Partial<Record<SampleFlag, boolean>>): SampleFlags {
  let any = false
  for (const name of SAMPLE_FLAG_NAMES) if (set[name] === true) any = true
  return any ? Object.freeze({ ...NO_FLAGS, ...set }) : NO_FLAGS
}

/**
 * True when any flag says the reading cannot be used as a current value
 * (finger out, searching, sensor disconnected). `questionable`, `motion` and `lowPerfusion`
 * are not included: whether to use such readings is a policy decision of the quality gate.
 *
 * @category refinements
 */
export function hasUnusableFlag(flags: SampleFlags): boolean {
  return flags.fingerOut || flags.searching || flags.sensorDisconnected
}

/** The names of the flags that are set. @category destructors */
export function setFlagNames(flags: SampleFlags): SampleFlag[] {
  return SAMPLE_FLAG_NAMES.filter((name) => flags[name])
}
