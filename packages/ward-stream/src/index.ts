/**
 * `@openward/ward-stream`: the SpO2 detector for a whole region on NATS JetStream. This entry is
 * browser-safe (publish from a phone page over NATS WebSocket); workers, the FHIR writer and the
 * test harness are in `@openward/ward-stream/node`.
 *
 * @packageDocumentation
 */
export { alertRuleText, wardAlertObservation } from './alert-observation.js'
export { keyHash, partitionOf } from './partition.js'
export { clearPatientThresholds, decodePatientBands, setPatientThresholds } from './patient-thresholds.js'
export { phaseOf } from './stagger.js'
export type { PipeSamplesOptions } from './pipe-samples.js'
export { pipeSamples } from './pipe-samples.js'
export type { PublishReport, PublishSamplesOptions, WardTarget } from './publish-samples.js'
export { batchSamples, publishSamples } from './publish-samples.js'
export type { SampleBatch } from './sample-batch.js'
export { batchMsgId, decodeSampleBatch, encodeSampleBatch, SAMPLE_BATCH_VERSION } from './sample-batch.js'
export type { WardDetector, WardDetectorFactory } from './ward-detector.js'
export type {
  CheckpointUnreadable,
  DeadLetterReason,
  InvalidKey,
  InvalidMessage,
  InvalidOption,
  NatsFailure,
  WardError,
} from './ward-error.js'
export type { WardLogger } from './ward-logger.js'
export { jsonLineLogger, silentLogger } from './ward-logger.js'
export type { WardNames, WardOutputKind } from './ward-names.js'
export { checkKey, wardNames } from './ward-names.js'
export type { WardDetectorEvent, WardEventKind, WardEventOutput, WardOutput, WardSummaryOutput } from './ward-output.js'
export { WARD_OUTPUT_VERSION } from './ward-output.js'
