/**
 * The PLX status bit fields, by name (Bluetooth SIG PLXS v1.0.1 §3.1.1.3–3.1.1.4 and the
 * `plx_spot_check_measurement` GATT XML; spec note §2.5–2.6). `raw` keeps every bit, reserved
 * ones included, so nothing is lost and encoding round-trips.
 */

/** Measurement Status (uint16). Bits 0–4 are reserved. @category plx */
export interface PlxMeasurementStatus {
  readonly raw: number
  readonly measurementOngoing: boolean
  readonly earlyEstimatedData: boolean
  readonly validatedData: boolean
  readonly fullyQualifiedData: boolean
  readonly dataFromMeasurementStorage: boolean
  readonly dataForDemonstration: boolean
  readonly dataForTesting: boolean
  readonly calibrationOngoing: boolean
  readonly measurementUnavailable: boolean
  readonly questionableMeasurementDetected: boolean
  readonly invalidMeasurementDetected: boolean
}

/** Device and Sensor Status (uint24). Bits 16–23 are reserved. @category plx */
export interface PlxDeviceAndSensorStatus {
  readonly raw: number
  readonly extendedDisplayUpdateOngoing: boolean
  readonly equipmentMalfunctionDetected: boolean
  readonly signalProcessingIrregularityDetected: boolean
  readonly inadequateSignalDetected: boolean
  readonly poorSignalDetected: boolean
  readonly lowPerfusionDetected: boolean
  readonly erraticSignalDetected: boolean
  readonly nonpulsatileSignalDetected: boolean
  readonly questionablePulseDetected: boolean
  readonly signalAnalysisOngoing: boolean
  readonly sensorInterferenceDetected: boolean
  readonly sensorUnconnectedToUser: boolean
  readonly unknownSensorConnected: boolean
  readonly sensorDisplaced: boolean
  readonly sensorMalfunctioning: boolean
  readonly sensorDisconnected: boolean
}

/** The flag names of a decoded status (every field but `raw`). @category plx */
export type StatusName<T> = Exclude<keyof T, 'raw'>

/** Bit position of each Measurement Status flag. @category plx */
export const MEASUREMENT_STATUS_BITS: Readonly<Record<StatusName<PlxMeasurementStatus>, number>> = {
  measurementOngoing: 5,
  earlyEstimatedData: 6,
  validatedData: 7,
  fullyQualifiedData: 8,
  dataFromMeasurementStorage: 9,
  dataForDemonstration: 10,
  dataForTesting: 11,
  calibrationOngoing: 12,
  measurementUnavailable: 13,
  questionableMeasurementDetected: 14,
  invalidMeasurementDetected: 15,
}

/** Bit position of each Device and Sensor Status flag. @category plx */
export const DEVICE_AND_SENSOR_STATUS_BITS: Readonly<Record<StatusName<PlxDeviceAndSensorStatus>, number>> = {
  extendedDisplayUpdateOngoing: 0,
  equipmentMalfunctionDetected: 1,
  signalProcessingIrregularityDetected: 2,
  inadequateSignalDetected: 3,
  poorSignalDetected: 4,
  lowPerfusionDetected: 5,
  erraticSignalDetected: 6,
  nonpulsatileSignalDetected: 7,
  questionablePulseDetected: 8,
  signalAnalysisOngoing: 9,
  sensorInterferenceDetected: 10,
  sensorUnconnectedToUser: 11,
  unknownSensorConnected: 12,
  sensorDisplaced: 13,
  sensorMalfunctioning: 14,
  sensorDisconnected: 15,
}

function named<T extends { raw: number }>(raw: number, bits: Readonly<Record<string, number>>): T {
  const out: Record<string, number | boolean> = { raw }
  for (const [name, bit] of Object.entries(bits)) out[name] = ((raw >>> bit) & 1) === 1
  return out as T
}

/** Names the bits of a Measurement Status word. @category plx */
export const measurementStatus = (raw: number): PlxMeasurementStatus =>
  named<PlxMeasurementStatus>(raw & 0xffff, MEASUREMENT_STATUS_BITS)

/** Names the bits of a Device and Sensor Status word. @category plx */
export const deviceAndSensorStatus = (raw: number): PlxDeviceAndSensorStatus =>
  named<PlxDeviceAndSensorStatus>(raw & 0xffffff, DEVICE_AND_SENSOR_STATUS_BITS)
