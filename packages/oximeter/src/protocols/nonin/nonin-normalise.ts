import { type OximetrySample, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'
import type { NoninBleMeasurement } from './nonin-ble.js'
import type { NoninDf2Packet } from './nonin-df2-df7.js'
import type { NoninDf8Frame } from './nonin-df8.js'
import type { NoninDf13Packet } from './nonin-df13.js'

// Nonin missing data everywhere: HR 511, SpO2 127 (spec note §3.6).
const hr = (v: number) => (v === 511 ? null : v)
const spo2 = (v: number) => (v === 127 ? null : v)

/**
 * DF2/DF7 packet → one sample of the recording values (4-beat average; the "-D" display values
 * hold the last reading for 10 s after the finger is removed, so they are not used), with the
 * packet's 25 pleth points. SNSA → `fingerOut`, OOT → `searching`, ARTF → `motion`, red
 * perfusion → `lowPerfusion`.
 *
 * @category nonin
 */
export function noninDf2ToSamples(r: NoninDf2Packet, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, r.format === 2 ? 'nonin-df2' : 'nonin-df7', {
      spo2: spo2(r.spo2),
      pulseRate: hr(r.heartRate),
      flags: sampleFlags({
        fingerOut: r.sensorAlarm,
        searching: r.outOfTrack,
        motion: r.artifact,
        lowPerfusion: r.perfusion === 'red',
      }),
      pleth: r.pleth,
      averaging: { mode: 'normal' },
    }),
  ]
}

/** DF8 frame → one sample. @category nonin */
export function noninDf8ToSamples(r: NoninDf8Frame, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, 'nonin-df8', {
      spo2: spo2(r.spo2),
      pulseRate: hr(r.heartRate),
      flags: sampleFlags({
        fingerOut: r.sensorAlarm,
        searching: r.outOfTrack,
        motion: r.artifact,
        lowPerfusion: r.lowPerfusion,
        questionable: r.marginalPerfusion,
        lowBattery: r.lowBattery,
      }),
    }),
  ]
}

/** DF13 spot-check → one sample (NOMS → values null); the BCD device time stays in the record. @category nonin */
export function noninDf13ToSamples(r: NoninDf13Packet, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, 'nonin-df13', {
      spo2: r.noMeasurement ? null : spo2(r.spo2),
      pulseRate: r.noMeasurement ? null : hr(r.heartRate),
      flags: sampleFlags({ lowBattery: r.lowBattery }),
    }),
  ]
}

/** Nonin BLE value → one sample. Sensor not connected → `sensorDisconnected`; weak signal → `lowPerfusion`. @category nonin */
export function noninBleToSamples(r: NoninBleMeasurement, context: NormaliseContext): OximetrySample[] {
  return [
    buildSample(context, 'nonin-ble', {
      spo2: spo2(r.spo2),
      pulseRate: hr(r.pulseRate),
      flags: sampleFlags({
        sensorDisconnected: !r.sensorConnected,
        searching: r.searching,
        lowPerfusion: r.weakSignal,
        lowBattery: r.lowBattery,
      }),
      perfusionIndex: r.paiRaw / 100,
    }),
  ]
}
