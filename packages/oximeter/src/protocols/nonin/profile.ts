import type { HostCommands, SerialSettings } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import { createMessageFramer } from '../../internal/message-framer.js'
import { decodeNoninBle, encodeNoninBle, type NoninBleMeasurement } from './nonin-ble.js'
import { createNoninDf13Framer, encodeNoninDf13, type NoninDf13Packet } from './nonin-df13.js'
import {
  createNoninDf2Framer,
  createNoninDf7Framer,
  encodeNoninDf2Packet,
  type NoninDf2Packet,
} from './nonin-df2-df7.js'
import { createNoninDf8Framer, encodeNoninDf8, type NoninDf8Frame } from './nonin-df8.js'
import { noninBleToSamples, noninDf2ToSamples, noninDf8ToSamples, noninDf13ToSamples } from './nonin-normalise.js'
import { encodeNoninSelectFormat, NoninDataFormat } from './nonin-serial-command.js'

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
const NONIN_SERIAL_DEVICES = ['Nonin Xpod 3012', 'OEM III', 'Onyx II 9560 (SPP)', 'WristOx2 3150']

/** Nonin serial data formats 2, 7, 8, 13 and the Nonin Oximetry Service (spec note §3.6). @category registry */
export const noninFamily = protocolFamily<
  'nonin-df2' | 'nonin-df7' | 'nonin-df8' | 'nonin-df13' | 'nonin-ble',
  NoninDf2Packet | NoninDf8Frame | NoninDf13Packet | NoninBleMeasurement
>({
  family: 'nonin',
  protocols: [
    {
      protocol: 'nonin-df2',
      title: 'Nonin serial data format 2 (5-byte frames, 75/s)',
      devices: NONIN_SERIAL_DEVICES,
      confidence: 'high',
      framing: 'stream',
      serial: NONIN_SERIAL,
      namePrefixes: [],
      commands: noninSerial(NoninDataFormat.df2, 'df2'),
      createFramer: createNoninDf2Framer,
      normalise: { NoninDf2Packet: noninDf2ToSamples },
    },
    {
      protocol: 'nonin-df7',
      title: 'Nonin serial data format 7 (16-bit pleth)',
      devices: NONIN_SERIAL_DEVICES,
      confidence: 'high',
      framing: 'stream',
      serial: NONIN_SERIAL,
      namePrefixes: [],
      commands: noninSerial(NoninDataFormat.df7, 'df7'),
      createFramer: createNoninDf7Framer,
      normalise: { NoninDf2Packet: noninDf2ToSamples },
    },
    {
      protocol: 'nonin-df8',
      title: 'Nonin serial data format 8 (4 bytes, 1/s)',
      devices: NONIN_SERIAL_DEVICES,
      confidence: 'high',
      framing: 'stream',
      serial: NONIN_SERIAL,
      namePrefixes: [],
      commands: noninSerial(NoninDataFormat.df8, 'df8'),
      createFramer: createNoninDf8Framer,
      normalise: { NoninDf8Frame: noninDf8ToSamples },
    },
    {
      protocol: 'nonin-df13',
      title: 'Nonin serial data format 13 (SmartPoint spot-check)',
      devices: ['Nonin Onyx II 9560 (default format)', 'WristOx2 3150'],
      confidence: 'high',
      framing: 'stream',
      serial: NONIN_SERIAL,
      namePrefixes: [],
      commands: noninSerial(NoninDataFormat.df13, 'df13'),
      createFramer: createNoninDf13Framer,
      normalise: { NoninDf13Packet: noninDf13ToSamples },
    },
    {
      protocol: 'nonin-ble',
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
      createFramer: () => createMessageFramer('nonin-ble', decodeNoninBle),
      normalise: { NoninBleMeasurement: noninBleToSamples },
    },
  ],
  encoders: {
    NoninDf2Packet: encodeNoninDf2Packet,
    NoninDf8Frame: encodeNoninDf8,
    NoninDf13Packet: encodeNoninDf13,
    NoninBleMeasurement: encodeNoninBle,
  },
})
