import { ContecV7CommandCode, encodeContecV7Command } from './protocols/contec/contec-v7-command.js'
import type { DeviceProfile, GattProfile, HostCommands, SerialSettings } from './decode/device-profile.js'
import { sigUuid } from './internal/bluetooth-uuid.js'
import { encodeNoninSelectFormat, NoninDataFormat } from './protocols/nonin/nonin-serial-command.js'
import { PROTOCOL_CODECS } from './protocol-codecs.js'
import type { ProtocolId } from './protocol-id.js'
import { encodeViatomO2Request, ViatomO2Command } from './protocols/viatom/viatom-o2-command.js'

const NO_COMMANDS: HostCommands = { start: [], stop: [] }

// Bluetooth SIG Pulse Oximeter Service 0x1822 (PLXS v1.0.1 §3; spec note §2.1).
const PLX_SERVICE = sigUuid(0x1822)
const plxGatt = (subscribe: GattProfile['subscribe'], extra: Partial<GattProfile> = {}): GattProfile => ({
  service: PLX_SERVICE,
  subscribe,
  advertisesService: true,
  ...extra,
})

const contecV7Commands: HostCommands = {
  start: [
    {
      name: 'stop-real-time',
      description: 'V7 0xA2: reset any earlier session',
      bytes: encodeContecV7Command(ContecV7CommandCode.stopRealTime),
    },
    {
      name: 'start-real-time',
      description: 'V7 0xA1: start real-time data (type 0x01, ~60/s)',
      bytes: encodeContecV7Command(ContecV7CommandCode.startRealTime),
    },
  ],
  // The device stops streaming when it hears nothing for 5 s (V7.0, command 0xAF).
  keepAlive: {
    command: {
      name: 'keep-alive',
      description: 'V7 0xAF',
      bytes: encodeContecV7Command(ContecV7CommandCode.keepAlive),
    },
    intervalMs: 4000,
  },
  stop: [
    {
      name: 'stop-real-time',
      description: 'V7 0xA2',
      bytes: encodeContecV7Command(ContecV7CommandCode.stopRealTime),
    },
  ],
}

const noninSerial = (format: number, name: string): HostCommands => ({
  start: [
    {
      name: `select-${name}`,
      description: `Select serial data format ${format} (non-volatile; ACK 0x06 / NAK 0x15)`,
      bytes: encodeNoninSelectFormat(format),
    },
  ],
  stop: [],
})

const NONIN_SERIAL: SerialSettings = { baudRate: 9600, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' }
const codecs = PROTOCOL_CODECS

/**
 * Per protocol: how to reach the device (GATT UUIDs, name prefixes, serial settings), what to
 * send (start, keep-alive, poll, stop), how to frame its bytes and normalise its records.
 * Sources: spec note `oximeter-protocols.md` §1–3 (and the documents it cites per protocol).
 *
 * @example
 * const profile = DEVICE_REGISTRY['contec-v7']
 * profile.serial?.baudRate // 115200
 * @category registry
 */
export const DEVICE_REGISTRY: Readonly<Record<ProtocolId, DeviceProfile>> = Object.freeze({
  'plx-continuous': {
    ...codecs['plx-continuous'],
    title: 'Bluetooth SIG PLX Continuous Measurement (0x2A5F)',
    devices: ['Any PLXS v1.0 oximeter (Nonin 3230, Masimo MightySat, ...)'],
    confidence: 'high',
    framing: 'message',
    gatt: plxGatt([{ uuid: sigUuid(0x2a5f), delivery: 'notify' }], { read: [sigUuid(0x2a60)] }),
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  'plx-spot-check': {
    ...codecs['plx-spot-check'],
    title: 'Bluetooth SIG PLX Spot-check Measurement (0x2A5E)',
    devices: ['Any PLXS v1.0 oximeter with spot-check'],
    confidence: 'high',
    framing: 'message',
    // Indicate-only: enabling notifications on its CCCD turns nothing on (XCSoar PR #2972).
    gatt: plxGatt([{ uuid: sigUuid(0x2a5e), delivery: 'indicate' }], { read: [sigUuid(0x2a60)] }),
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  'plx-features': {
    ...codecs['plx-features'],
    title: 'Bluetooth SIG PLX Features (0x2A60)',
    devices: ['Any PLXS v1.0 oximeter'],
    confidence: 'high',
    framing: 'message',
    gatt: plxGatt([], { read: [sigUuid(0x2a60)] }),
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  'plx-racp': {
    ...codecs['plx-racp'],
    title: 'Record Access Control Point (0x2A52) for stored spot-checks',
    devices: ['PLXS oximeters with measurement storage (Features bit 2)'],
    confidence: 'medium-high',
    framing: 'message',
    gatt: plxGatt([{ uuid: sigUuid(0x2a52), delivery: 'indicate' }], { write: sigUuid(0x2a52) }),
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  sfloat: {
    ...codecs.sfloat,
    title: 'IEEE 11073-20601 16-bit SFLOAT values (2 bytes each, little-endian)',
    devices: [],
    confidence: 'high',
    framing: 'stream',
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  'contec-legacy': {
    ...codecs['contec-legacy'],
    title: 'Contec CMS50 legacy 5-byte live stream',
    devices: ['CMS50D+ before firmware 4.6', 'CMS50 rebadges'],
    confidence: 'high',
    framing: 'stream',
    serial: {
      baudRate: 19200,
      dataBits: 8,
      stopBits: 1,
      parity: 'odd',
      flowControl: 'none',
      alternativeBaudRates: [4800],
    },
    namePrefixes: [],
    commands: NO_COMMANDS,
  },
  'contec-v7': {
    ...codecs['contec-v7'],
    title: 'Contec "Communication protocol of pulse oximeter V7.0"',
    devices: ['CMS50D+ v4.6', 'CMS50E', 'CMS50EW', 'CMS50F', 'CMS60C/CMS60CW', 'Pulox PO-250'],
    confidence: 'high',
    framing: 'stream',
    serial: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
    namePrefixes: [],
    commands: contecV7Commands,
  },
  berrymed: {
    ...codecs.berrymed,
    title: 'BerryMed BCI v1.2 5-byte stream',
    devices: ['BerryMed BM1000', 'BM1000B/C/E'],
    confidence: 'high',
    framing: 'stream',
    // ISSC/Microchip transparent UART; the advertisement omits the service (SensorsIot#2).
    gatt: {
      service: '49535343-fe7d-4ae5-8fa9-9fafd205e455',
      subscribe: [{ uuid: '49535343-1e4d-4bd9-ba61-23c647249616', delivery: 'notify' }],
      write: '49535343-8841-43f4-a8d4-ecbe34729bb3',
      advertisesService: false,
    },
    // BCI v1.2 also runs over USB; its serial settings are not in our sources, so none are given.
    namePrefixes: ['BerryMed'],
    commands: NO_COMMANDS,
  },
  'viatom-o2': {
    ...codecs['viatom-o2'],
    title: 'Viatom/Wellue O2 request/response protocol',
    devices: ['O2Ring', 'Checkme O2 / O2 Max', 'KidsO2', 'SleepU', 'PO1-PO4'],
    confidence: 'medium',
    framing: 'stream',
    gatt: {
      service: '14839ac4-7d7e-415c-9a42-167340cf2339',
      subscribe: [{ uuid: '0734594a-a8e7-4b1a-a6b1-cd5243059a57', delivery: 'notify' }],
      write: '8b00ace7-eb0b-49b0-bbe9-9aee0a26e1a3',
      advertisesService: true,
    },
    namePrefixes: ['O2Ring', 'Checkme', 'KidsO2', 'SleepU'],
    commands: {
      start: [],
      poll: {
        command: {
          name: 'read-sensors',
          description: 'O2 0x17: one live SpO2/PR reading',
          bytes: encodeViatomO2Request(ViatomO2Command.readSensors),
        },
        intervalMs: 1000,
      },
      stop: [],
    },
  },
  'viatom-fs20f': {
    ...codecs['viatom-fs20f'],
    title: 'Wellue FS20F / "VTM 20F" BLE stream',
    devices: ['Wellue FS20F (VTM 20F)'],
    confidence: 'medium',
    framing: 'stream',
    gatt: {
      service: sigUuid(0xffe0),
      subscribe: [{ uuid: sigUuid(0xffe4), delivery: 'notify' }],
      advertisesService: false,
    },
    namePrefixes: ['VTM 20F'],
    commands: NO_COMMANDS,
  },
  'viatom-pc60fw': {
    ...codecs['viatom-pc60fw'],
    title: 'Viatom PC-60FW (Nordic UART)',
    devices: ['Viatom/Wellue PC-60FW'],
    confidence: 'low-medium',
    framing: 'stream',
    gatt: {
      service: '6e400001-b5a3-f393-e0a9-e50e24dcca9e',
      subscribe: [{ uuid: '6e400003-b5a3-f393-e0a9-e50e24dcca9e', delivery: 'notify' }],
      write: '6e400002-b5a3-f393-e0a9-e50e24dcca9e',
      advertisesService: false,
    },
    namePrefixes: ['PC-60F'],
    commands: NO_COMMANDS,
  },
  'nonin-df2': {
    ...codecs['nonin-df2'],
    title: 'Nonin serial data format 2 (5-byte frames, 75/s)',
    devices: ['Nonin Xpod 3012', 'OEM III', 'Onyx II 9560 (SPP)', 'WristOx2 3150'],
    confidence: 'high',
    framing: 'stream',
    serial: NONIN_SERIAL,
    namePrefixes: [],
    commands: noninSerial(NoninDataFormat.df2, 'df2'),
  },
  'nonin-df7': {
    ...codecs['nonin-df7'],
    title: 'Nonin serial data format 7 (16-bit pleth)',
    devices: ['Nonin Xpod 3012', 'OEM III', 'Onyx II 9560 (SPP)', 'WristOx2 3150'],
    confidence: 'high',
    framing: 'stream',
    serial: NONIN_SERIAL,
    namePrefixes: [],
    commands: noninSerial(NoninDataFormat.df7, 'df7'),
  },
  'nonin-df8': {
    ...codecs['nonin-df8'],
    title: 'Nonin serial data format 8 (4 bytes, 1/s)',
    devices: ['Nonin Xpod 3012', 'OEM III', 'Onyx II 9560 (SPP)', 'WristOx2 3150'],
    confidence: 'high',
    framing: 'stream',
    serial: NONIN_SERIAL,
    namePrefixes: [],
    commands: noninSerial(NoninDataFormat.df8, 'df8'),
  },
  'nonin-df13': {
    ...codecs['nonin-df13'],
    title: 'Nonin serial data format 13 (SmartPoint spot-check)',
    devices: ['Nonin Onyx II 9560 (default format)', 'WristOx2 3150'],
    confidence: 'high',
    framing: 'stream',
    serial: NONIN_SERIAL,
    namePrefixes: [],
    commands: noninSerial(NoninDataFormat.df13, 'df13'),
  },
  'nonin-ble': {
    ...codecs['nonin-ble'],
    title: 'Nonin Oximetry Service (BLE)',
    devices: ['Nonin 3230', 'WristOx2 3150 BLE'],
    confidence: 'medium',
    framing: 'message',
    gatt: {
      service: '46a970e0-0d5f-11e2-8b5e-0002a5d5c51b',
      subscribe: [{ uuid: '0aad7ea0-0d60-11e2-8e3c-0002a5d5c51b', delivery: 'notify' }],
      write: '1447af80-0d60-11e2-88b6-0002a5d5c51b',
      advertisesService: true,
    },
    namePrefixes: ['Nonin3230_'],
    commands: {
      start: [],
      stop: [
        {
          name: 'end-measurement',
          description: 'ASCII "bNMI" to the control point ends the measurement',
          bytes: Uint8Array.of(0x62, 0x4e, 0x4d, 0x49),
        },
      ],
    },
  },
  jumper: {
    ...codecs.jumper,
    title: 'Jumper JPD-500F / "My Oximeter" BLE',
    devices: ['Jumper JPD-500F', 'PLS-01BT', 'Crafish OX-831 variants'],
    confidence: 'low',
    framing: 'message',
    gatt: {
      service: 'cdeacb80-5235-4c07-8846-93a37ee6b86d',
      subscribe: [{ uuid: 'cdeacb81-5235-4c07-8846-93a37ee6b86d', delivery: 'notify' }],
      advertisesService: true,
    },
    namePrefixes: ['My Oximeter'],
    commands: NO_COMMANDS,
  },
} satisfies Record<ProtocolId, DeviceProfile>)

/**
 * The profile of one protocol.
 *
 * @category registry
 */
export const deviceProfile = (protocol: ProtocolId): DeviceProfile => DEVICE_REGISTRY[protocol]

/**
 * Profiles whose name prefixes match an advertised Bluetooth name (for devices that do not
 * advertise their service).
 *
 * @category registry
 */
export function profilesForDeviceName(name: string): DeviceProfile[] {
  return Object.values(DEVICE_REGISTRY).filter((p) => p.namePrefixes.some((prefix) => name.startsWith(prefix)))
}
