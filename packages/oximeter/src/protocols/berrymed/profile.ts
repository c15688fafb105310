import { NO_HOST_COMMANDS } from '../../decode/device-profile.js'
import { protocolFamily } from '../../decode/protocol-family.js'
import { type BerrymedFrame, berrymedToSamples, createBerrymedFramer, encodeBerrymed } from './berrymed.js'
import { decodeBerrymedBatch } from './berrymed-batch.js'

/** BerryMed BCI v1.2 (spec note `oximeter-protocols.md` §3.2). @category registry */
export const berrymedFamily = /* @__PURE__ */ protocolFamily<'berrymed', BerrymedFrame>({
  family: 'berrymed',
  protocols: [
    {
      protocol: 'berrymed',
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
      commands: NO_HOST_COMMANDS,
      createFramer: createBerrymedFramer,
      normalise: { BerrymedFrame: berrymedToSamples },
      decodeBatch: decodeBerrymedBatch,
    },
  ],
  encoders: { BerrymedFrame: encodeBerrymed },
})
