import { NO_HOST_COMMANDS } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import { createMessageFramer } from '../../internal/message-framer.js'
import { decodeJumper, encodeJumper, type JumperRecord } from './jumper.js'
import { jumperToSamples } from './jumper-normalise.js'

/** Jumper JPD-500F "My Oximeter" BLE (spec note `oximeter-protocols.md` §3.7). @category registry */
export const jumperFamily = /* @__PURE__ */ protocolFamily<'jumper', JumperRecord>({
  family: 'jumper',
  protocols: [
    {
      protocol: 'jumper',
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
      commands: NO_HOST_COMMANDS,
      createFramer: () => createMessageFramer('jumper', decodeJumper),
      normalise: { JumperParams: jumperToSamples },
    },
  ],
  encoders: { JumperParams: encodeJumper, JumperWave: encodeJumper },
})
