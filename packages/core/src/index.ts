/**
 * `@openward/core`: the sample type every Openward package meets at, the tagged error model
 * and the small Either helpers the other packages share.
 *
 * @packageDocumentation
 */
export type { Brand } from './brand.js'
export { checksummedLine, checksummedLineJson } from './checksummed-line.js'
export type { Clock } from './clock.js'
export { systemClock } from './clock.js'
export { CodeSystem, IdentifierSystem } from './code-systems.js'
export { crc32, crc32Hex } from './crc32.js'
export type { CodecIssue, InvalidData } from './codec-decode.js'
export { decodeWith } from './codec-decode.js'
export type {
  ChecksumMismatch,
  DecodeError,
  InvalidField,
  InvalidSync,
  Overlong,
  ParseFailure,
  ReservedBitsSet,
  Truncated,
  Unsupported,
} from './decode-errors.js'
export {
  checksumMismatch,
  invalidField,
  invalidSync,
  overlong,
  parseFailure,
  reservedBitsSet,
  truncated,
  unsupported,
} from './decode-errors.js'
export { describeThrown, getOrThrow, partitionEithers, tryCatchTagged } from './either-helpers.js'
export type { SampleInit } from './oximetry-sample.js'
export { hasPulseRate, hasSpo2, makeSample, OximetrySample } from './oximetry-sample.js'
export type { Implausible, PlausibleQuantity } from './plausibility.js'
export { implausibility, isPlausible, PlausibleRange } from './plausibility.js'
export { Averaging, ClockSource, DeviceInfo, Provenance } from './provenance.js'
export type { SampleFlag } from './sample-flags.js'
export { hasUnusableFlag, NO_FLAGS, SAMPLE_FLAG_NAMES, sampleFlags, SampleFlags, setFlagNames } from './sample-flags.js'
export type { SampleColumns } from './sample-columns.js'
export { allocateSampleColumns, SAMPLE_FLAG_BIT, toSampleColumns, UNUSABLE_FLAG_BITS } from './sample-columns.js'
export type { TaggedError } from './tagged-error.js'
export { hasTag, isOpenwardError, isTaggedError, OpenwardError, taggedError } from './tagged-error.js'
