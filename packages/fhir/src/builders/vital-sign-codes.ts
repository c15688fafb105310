import { CodeSystem, IdentifierSystem } from '@openward/core'

import type { CodeableConcept, Coding } from '../resources/datatypes.js'

/*
 * Code systems and codes for pulse-oximetry vital signs.
 * - UK Core `UKCore-Observation-VitalSigns` must-support guidance: status final, category
 *   vital-signs, a LOINC code in addition to the SNOMED CT concept (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN).
 * - FHIR R4 vital signs profiles `oxygensat` (LOINC 2708-6, UCUM `%`) and `heartrate`
 *   (LOINC 8867-4, UCUM `/min`), R4 §observation-vitalsigns.
 * - 59408-5 "Oxygen saturation in Arterial blood by Pulse oximetry" as in the R4 example `satO2`.
 */

/** @deprecated Use `CodeSystem.loinc` from `@openward/core`. @category constants */
export const LOINC = CodeSystem.loinc
/** @deprecated Use `CodeSystem.snomedCt` from `@openward/core`. @category constants */
export const SNOMED = CodeSystem.snomedCt
/** @deprecated Use `CodeSystem.ucum` from `@openward/core`. @category constants */
export const UCUM = CodeSystem.ucum
/** @category constants */
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category'
/** @category constants */
export const OBSERVATION_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation'
/** @deprecated Use `IdentifierSystem.nhsNumber` from `@openward/core`. @category constants */
export const NHS_NUMBER_SYSTEM = IdentifierSystem.nhsNumber

/** The vital sign a builder produces. @category model */
export type VitalSign = 'spo2' | 'pulseRate'

/** Codes, unit and profiles of one vital sign. @category model */
export interface VitalSignDefinition {
  readonly code: CodeableConcept & { coding: Coding[] }
  /** The LOINC code that names this vital sign in identifiers and searches. */
  readonly loinc: string
  readonly unit: { readonly unit: string; readonly code: string }
  readonly hl7Profile: string
  readonly ukCoreProfile: string
}

/** SpO2: LOINC 2708-6 + 59408-5, SNOMED CT 431314004 |Peripheral oxygen saturation|, UCUM `%`. @category constants */
export const SPO2: VitalSignDefinition = {
  code: {
    coding: [
      { system: LOINC, code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
      { system: LOINC, code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
      { system: SNOMED, code: '431314004', display: 'Peripheral oxygen saturation' },
    ],
    text: 'Oxygen saturation (SpO2)',
  },
  loinc: '2708-6',
  unit: { unit: '%', code: '%' },
  hl7Profile: 'http://hl7.org/fhir/StructureDefinition/oxygensat',
  ukCoreProfile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns-OxygenSaturation',
}

/** Pulse rate: LOINC 8867-4, SNOMED CT 78564009 |Pulse rate|, UCUM `/min`. @category constants */
export const PULSE_RATE: VitalSignDefinition = {
  code: {
    coding: [
      { system: LOINC, code: '8867-4', display: 'Heart rate' },
      { system: SNOMED, code: '78564009', display: 'Pulse rate' },
    ],
    text: 'Pulse rate',
  },
  loinc: '8867-4',
  unit: { unit: 'beats/minute', code: '/min' },
  hl7Profile: 'http://hl7.org/fhir/StructureDefinition/heartrate',
  ukCoreProfile: 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns-HeartRate',
}

/** The `vital-signs` category every vital-sign Observation carries. @category constants */
export const VITAL_SIGNS_CATEGORY: CodeableConcept = {
  coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }],
  text: 'Vital Signs',
}

/** @category constants */
export const VITAL_SIGNS: Readonly<Record<VitalSign, VitalSignDefinition>> = { spo2: SPO2, pulseRate: PULSE_RATE }
