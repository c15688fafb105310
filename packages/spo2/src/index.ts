/**
 * `@openward/spo2`: streaming SpO2 anomaly detection (RxJS operators) and batch oximetry analytics.
 *
 * @packageDocumentation
 */
export type { AlertBands, AlertLevel } from './alert-bands.js'
export { ALERT_LEVELS, alertLevelOf, NHSE_OXIMETRY_HOME_BANDS, NHSE_OXIMETRY_HOME_RULE } from './alert-bands.js'
export type { AlertEventFields } from './alert-event.js'
export type { AlertSpan } from './alert-spans.js'
export { alertSpans } from './alert-spans.js'
export type { AnalyzeRecordingOptions } from './analyze-recording.js'
export { analyzeRecording } from './analyze-recording.js'
export type { ClinicalDesaturationOptions } from './clinical-desaturations.js'
export { ODI_CLINICAL_3PCT_RULE, ODI_CLINICAL_4PCT_RULE } from './clinical-desaturations.js'
export {
  checkAlertBands,
  checkAnalyzeRecordingOptions,
  checkDesaturationOptions,
  checkPatientDetectorOptions,
  checkPobmDesaturationOptions,
  checkQualityGateOptions,
  checkStalenessOptions,
  checkSustainedBelowOptions,
  checkThresholdAlertOptions,
} from './detector-options.js'
export type { DesaturationEvent } from './desaturation-event.js'
export type { DesaturationOptions } from './desaturations.js'
export { desaturations, detectDesaturations, sampleDesaturations } from './desaturations.js'
export type { SitToStandResult, SitToStandSession } from './exertional-desaturation.js'
export { assessSitToStand, EXERTIONAL_DESAT_RULE, sitToStand } from './exertional-desaturation.js'
export type { News2Spo2Input, News2Spo2Score } from './news2.js'
export {
  NEWS2_SCALE1_RULE,
  NEWS2_SCALE2_RULE,
  news2AirOrOxygenScore,
  news2Spo2Score,
  news2Spo2Scores,
} from './news2.js'
export type { DesaturationProfile, OximetrySummary, OximetrySummaryOptions } from './oximetry-summary.js'
export {
  OXIMETRY_SUMMARY_CLINICAL_RULE,
  POBM_RELATIVE_RULE,
  summarizePobm,
  summarizeSeconds,
  summarizeSpo2,
} from './oximetry-summary.js'
export type { PatientDetector } from './patient/patient-detector.js'
export { createPatientDetector, restorePatientDetector } from './patient/patient-detector.js'
export type { News2Change, PatientDetectorEvent } from './patient/patient-event.js'
export { STALENESS_RULE } from './patient/patient-event.js'
export type { PatientDetectorOptions } from './patient/patient-snapshot.js'
export {
  PATIENT_SNAPSHOT_VERSIONS,
  PatientDetectorOptionsCodec,
  PatientDetectorSnapshot,
} from './patient/patient-snapshot.js'
export type {
  SnapshotError,
  SnapshotInconsistent,
  SnapshotKindMismatch,
  SnapshotVersionUnsupported,
} from './patient/snapshot-error.js'
export { StalenessWatchState } from './patient/staleness-watch.js'
export type { PatientEvent, PerPatientOptions } from './per-patient.js'
export type { PatientStateMachine, PerPatientDetectorOptions } from './per-patient-detector.js'
export { perPatientDetector } from './per-patient-detector.js'
export { perPatient } from './per-patient.js'
export type { PobmDesaturationOptions, PobmEvent, PobmRawEvent } from './pobm-desaturations.js'
export { pobmDesaturations, pobmGroupEvents, pobmNadir, pobmRawDesaturations } from './pobm-desaturations.js'
export { pobmMedian, pobmPreprocess, pobmSetRange, roundHalfEven } from './pobm-preprocess.js'
export type { GatedSample, QualityGateOptions, RejectReason } from './quality-gate.js'
export { gateSamples, qualityGate, QualityGateState } from './quality-gate.js'
export type { ResampleSecondsOptions } from './resample-seconds.js'
export { resampleSeconds, toSeconds } from './resample-seconds.js'
export { detectSamplingInterval, MAX_HOLD_FACTOR } from './sampling-interval.js'
export { summarizeColumns } from './summarize-columns.js'
export type { InsufficientData, InsufficientReason } from './insufficient-data.js'
export type { Current, Stale, StalenessEvent, StalenessOptions } from './staleness.js'
export { staleness } from './staleness.js'
export type { RuleRef } from './rule-ref.js'
export { ruleRef } from './rule-ref.js'
export type { DataQuality, Spo2Second } from './spo2-second.js'
export { dataQuality, secondsFromValues } from './spo2-second.js'
export { isPlausibleSpo2 } from './spo2-value.js'
export type {
  RunEndReason,
  Spo2Point,
  SustainedBelowCleared,
  SustainedBelowEvent,
  SustainedBelowOptions,
  SustainedBelowRaised,
} from './sustained-below.js'
export { detectSustainedBelow, SUSTAINED_BELOW_RULE, sustainedBelow, SustainedBelowState } from './sustained-below.js'
export type { SampleQuality } from './sample-quality.js'
export type {
  DataResumedEvent,
  LevelChange,
  StaleEvent,
  ThresholdAlertEvent,
  ThresholdAlertOptions,
} from './threshold-alerts.js'
export { detectThresholdAlerts, ThresholdAlertState, thresholdAlerts } from './threshold-alerts.js'
