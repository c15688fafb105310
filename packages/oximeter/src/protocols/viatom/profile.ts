import { NO_HOST_COMMANDS } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import { sigUuid } from '../../internal/bluetooth-uuid.js'
import { createViatomFs20fFramer, encodeViatomFs20f, type ViatomFs20fRecord } from './viatom-fs20f.js'
import { viatomFs20fToSamples, viatomO2ToSamples, viatomPc60fwToSamples } from './viatom-normalise.js'
import { createViatomO2Framer, encodeViatomO2, type ViatomO2Record } from './viatom-o2.js'
import { encodeViatomO2Request, ViatomO2Command } from './viatom-o2-command.js'
import { createViatomPc60fwFramer, encodeViatomPc60fw, type ViatomPc60fwRecord } from './viatom-pc60fw.js'

/**
 * Viatom / Wellue: the O2 request/response protocol, the FS20F stream and the PC-60FW stream
 * (spec note `oximeter-protocols.md` §3.3–3.5).
 *
 * @category registry
 */
export const viatomFamily = protocolFamily<
  'viatom-o2' | 'viatom-fs20f' | 'viatom-pc60fw',
  ViatomO2Record | ViatomFs20fRecord | ViatomPc60fwRecord
>({
  family: 'viatom',
  protocols: [
    {
      protocol: 'viatom-o2',
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
      createFramer: createViatomO2Framer,
      normalise: { ViatomO2Response: viatomO2ToSamples },
    },
    {
      protocol: 'viatom-fs20f',
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
      commands: NO_HOST_COMMANDS,
      createFramer: createViatomFs20fFramer,
      normalise: { ViatomFs20fParams: viatomFs20fToSamples },
    },
    {
      protocol: 'viatom-pc60fw',
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
      commands: NO_HOST_COMMANDS,
      createFramer: createViatomPc60fwFramer,
      normalise: { ViatomPc60fwParams: viatomPc60fwToSamples },
    },
  ],
  encoders: {
    ViatomO2Request: encodeViatomO2,
    ViatomO2Response: encodeViatomO2,
    ViatomFs20fParams: encodeViatomFs20f,
    ViatomFs20fWave: encodeViatomFs20f,
    ViatomFs20fOther: encodeViatomFs20f,
    ViatomPc60fwParams: encodeViatomPc60fw,
    ViatomPc60fwWave: encodeViatomPc60fw,
    ViatomPc60fwOther: encodeViatomPc60fw,
  },
})
