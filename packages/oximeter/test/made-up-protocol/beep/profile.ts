import { NO_HOST_COMMANDS, protocolFamily } from '../../../src/index.js'
import { type BeepReading, beepToSamples, createBeepFramer, encodeBeep } from './beep.js'

/** The made-up family: everything about "beep" lives in this folder. */
export const beepFamily = protocolFamily<'beep', BeepReading>({
  family: 'beep',
  protocols: [
    {
      protocol: 'beep',
      title: 'Beep (made up for the registry test)',
      devices: ['Beep 1'],
      confidence: 'low',
      framing: 'message',
      gatt: {
        service: '0000beef-0000-1000-8000-00805f9b34fb',
        subscribe: [{ uuid: '0000bee1-0000-1000-8000-00805f9b34fb', delivery: 'notify' }],
        advertisesService: false,
      },
      namePrefixes: ['Beep'],
      commands: NO_HOST_COMMANDS,
      createFramer: createBeepFramer,
      normalise: { BeepReading: beepToSamples },
    },
  ],
  encoders: { BeepReading: encodeBeep },
})
