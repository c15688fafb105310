import { NO_HOST_COMMANDS } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import {
  type ContecLegacyFrame,
  contecLegacyToSamples,
  createContecLegacyFramer,
  encodeContecLegacy,
} from './contec-legacy.js'
import { decodeContecLegacyBatch } from './contec-legacy-batch.js'
import { decodeContecV7Batch } from './contec-v7-batch.js'
import { ContecV7CommandCode, encodeContecV7Command } from './contec-v7-command.js'
import { encodeContecV7 } from './contec-v7-encode.js'
import { createContecV7Framer } from './contec-v7-framer.js'
import { contecV7ToSamples } from './contec-v7-normalise.js'
import type { ContecV7Record } from './contec-v7-records.js'

/**
 * Contec CMS50-family serial protocols: the legacy 5-byte live stream and "Communication protocol
 * of pulse oximeter V7.0" (spec note `oximeter-protocols.md` §3.1). The HID variant
 * (`contec-hid.ts`) has no stream transport and is not registered.
 *
 * @category registry
 */
export const contecFamily = /* @__PURE__ */ protocolFamily<
  'contec-legacy' | 'contec-v7',
  ContecLegacyFrame | ContecV7Record
>({
  family: 'contec',
  protocols: [
    {
      protocol: 'contec-legacy',
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
      commands: NO_HOST_COMMANDS,
      createFramer: createContecLegacyFramer,
      normalise: { ContecLegacyFrame: contecLegacyToSamples },
      decodeBatch: decodeContecLegacyBatch,
    },
    {
      protocol: 'contec-v7',
      title: 'Contec "Communication protocol of pulse oximeter V7.0"',
      devices: ['CMS50D+ v4.6', 'CMS50E', 'CMS50EW', 'CMS50F', 'CMS60C/CMS60CW', 'Pulox PO-250'],
      confidence: 'high',
      framing: 'stream',
      serial: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' },
      namePrefixes: [],
      commands: {
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
      },
      createFramer: createContecV7Framer,
      normalise: { ContecV7RealTime: contecV7ToSamples, ContecV7StorageData: contecV7ToSamples },
      decodeBatch: decodeContecV7Batch,
    },
  ],
  encoders: {
    ContecLegacyFrame: encodeContecLegacy,
    ContecV7RealTime: encodeContecV7,
    ContecV7StorageData: encodeContecV7,
    ContecV7Command: encodeContecV7,
    ContecV7Packet: encodeContecV7,
  },
})
