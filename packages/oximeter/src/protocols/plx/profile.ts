import { NO_HOST_COMMANDS } from '../../decode/device-profile.js'
import type { GattProfile } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import { sigUuid } from '../../internal/bluetooth-uuid.js'
import { createMessageFramer } from '../../internal/message-framer.js'
import { decodePlxContinuous, encodePlxContinuous, type PlxContinuous } from './plx-continuous.js'
import { decodePlxFeatures, encodePlxFeatures, type PlxFeatures } from './plx-features.js'
import { plxContinuousToSamples, plxSpotCheckToSamples } from './plx-normalise.js'
import { decodeRacp, encodeRacp, type RacpMessage } from './plx-racp.js'
import { decodePlxSpotCheck, encodePlxSpotCheck, type PlxSpotCheck } from './plx-spot-check.js'
import { createSfloatFramer, encodeSfloatRecord, type SfloatRecord } from './sfloat-stream.js'

// Bluetooth SIG Pulse Oximeter Service 0x1822 (PLXS v1.0.1 §3; spec note §2.1).
const PLX_SERVICE = /* @__PURE__ */ sigUuid(0x1822)
const plxGatt = (subscribe: GattProfile['subscribe'], extra: Partial<GattProfile> = {}): GattProfile => ({
  service: PLX_SERVICE,
  subscribe,
  advertisesService: true,
  ...extra,
})

/**
 * Bluetooth SIG Pulse Oximeter Service characteristics and the bare IEEE 11073-20601 SFLOAT
 * stream (spec note `oximeter-protocols.md` §2).
 *
 * @category registry
 */
export const plxFamily = protocolFamily<
  'plx-continuous' | 'plx-spot-check' | 'plx-features' | 'plx-racp' | 'sfloat',
  PlxContinuous | PlxSpotCheck | PlxFeatures | RacpMessage | SfloatRecord
>({
  family: 'plx',
  protocols: [
    {
      protocol: 'plx-continuous',
      title: 'Bluetooth SIG PLX Continuous Measurement (0x2A5F)',
      devices: ['Any PLXS v1.0 oximeter (Nonin 3230, Masimo MightySat, ...)'],
      confidence: 'high',
      framing: 'message',
      gatt: plxGatt([{ uuid: sigUuid(0x2a5f), delivery: 'notify' }], { read: [sigUuid(0x2a60)] }),
      namePrefixes: [],
      commands: NO_HOST_COMMANDS,
      createFramer: () => createMessageFramer('plx-continuous', (v) => decodePlxContinuous(v)),
      normalise: { PlxContinuous: plxContinuousToSamples },
    },
    {
      protocol: 'plx-spot-check',
      title: 'Bluetooth SIG PLX Spot-check Measurement (0x2A5E)',
      devices: ['Any PLXS v1.0 oximeter with spot-check'],
      confidence: 'high',
      framing: 'message',
      // Indicate-only: enabling notifications on its CCCD turns nothing on (XCSoar PR #2972).
      gatt: plxGatt([{ uuid: sigUuid(0x2a5e), delivery: 'indicate' }], { read: [sigUuid(0x2a60)] }),
      namePrefixes: [],
      commands: NO_HOST_COMMANDS,
      createFramer: () => createMessageFramer('plx-spot-check', (v) => decodePlxSpotCheck(v)),
      normalise: { PlxSpotCheck: plxSpotCheckToSamples },
    },
    {
      protocol: 'plx-features',
      title: 'Bluetooth SIG PLX Features (0x2A60)',
      devices: ['Any PLXS v1.0 oximeter'],
      confidence: 'high',
      framing: 'message',
      gatt: plxGatt([], { read: [sigUuid(0x2a60)] }),
      namePrefixes: [],
      commands: NO_HOST_COMMANDS,
      createFramer: () => createMessageFramer('plx-features', (v) => decodePlxFeatures(v)),
      normalise: {},
    },
    {
      protocol: 'plx-racp',
      title: 'Record Access Control Point (0x2A52) for stored spot-checks',
      devices: ['PLXS oximeters with measurement storage (Features bit 2)'],
      confidence: 'medium-high',
      framing: 'message',
      gatt: plxGatt([{ uuid: sigUuid(0x2a52), delivery: 'indicate' }], { write: sigUuid(0x2a52) }),
      namePrefixes: [],
      commands: NO_HOST_COMMANDS,
      createFramer: () => createMessageFramer('plx-racp', decodeRacp),
      normalise: {},
    },
    {
      protocol: 'sfloat',
      title: 'IEEE 11073-20601 16-bit SFLOAT values (2 bytes each, little-endian)',
      devices: [],
      confidence: 'high',
      framing: 'stream',
      namePrefixes: [],
      commands: NO_HOST_COMMANDS,
      createFramer: createSfloatFramer,
      normalise: {},
    },
  ],
  encoders: {
    PlxContinuous: encodePlxContinuous,
    PlxSpotCheck: encodePlxSpotCheck,
    PlxFeatures: encodePlxFeatures,
    RacpRequest: encodeRacp,
    RacpNumberOfRecords: encodeRacp,
    RacpResponse: encodeRacp,
    Sfloat: encodeSfloatRecord,
  },
})
