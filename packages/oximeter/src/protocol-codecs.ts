import type { OximetrySample } from '@openward/core'

import { berrymedToSamples, createBerrymedFramer } from './protocols/berrymed/berrymed.js'
import { contecLegacyToSamples, createContecLegacyFramer } from './protocols/contec/contec-legacy.js'
import { createContecV7Framer } from './protocols/contec/contec-v7-framer.js'
import { contecV7ToSamples } from './protocols/contec/contec-v7-normalise.js'
import type { DeviceProfile, NormaliseContext } from './decode/device-profile.js'
import type { Framer } from './decode/framer.js'
import { createMessageFramer } from './internal/message-framer.js'
import type { KnownOximeterRecord } from './oximeter-record.js'
import { decodePlxContinuous } from './protocols/plx/plx-continuous.js'
import { decodePlxFeatures } from './protocols/plx/plx-features.js'
import { plxContinuousToSamples, plxSpotCheckToSamples } from './protocols/plx/plx-normalise.js'
import { decodeRacp } from './protocols/plx/plx-racp.js'
import { decodePlxSpotCheck } from './protocols/plx/plx-spot-check.js'
import type { ProtocolId } from './protocol-id.js'
import { decodeJumper } from './protocols/jumper/jumper.js'
import { decodeNoninBle } from './protocols/nonin/nonin-ble.js'
import { createNoninDf2Framer, createNoninDf7Framer } from './protocols/nonin/nonin-df2-df7.js'
import { createNoninDf8Framer } from './protocols/nonin/nonin-df8.js'
import { createNoninDf13Framer } from './protocols/nonin/nonin-df13.js'
import { jumperToSamples } from './protocols/jumper/jumper-normalise.js'
import {
  noninBleToSamples,
  noninDf2ToSamples,
  noninDf8ToSamples,
  noninDf13ToSamples,
} from './protocols/nonin/nonin-normalise.js'
import { createSfloatFramer } from './protocols/plx/sfloat-stream.js'
import { createViatomFs20fFramer } from './protocols/viatom/viatom-fs20f.js'
import { viatomFs20fToSamples, viatomO2ToSamples, viatomPc60fwToSamples } from './protocols/viatom/viatom-normalise.js'
import { createViatomO2Framer } from './protocols/viatom/viatom-o2.js'
import { createViatomPc60fwFramer } from './protocols/viatom/viatom-pc60fw.js'

/** The decoding half of a {@link DeviceProfile}: framer factory and normalisation. @category registry */
export type ProtocolCodec = Pick<DeviceProfile, 'protocol' | 'createFramer' | 'toSamples'>

type Normaliser<R> = (record: R, context: NormaliseContext) => readonly OximetrySample[]

/** Ties a typed framer to its normaliser; records of other protocols normalise to nothing. */
function codec<R extends KnownOximeterRecord>(
  protocol: ProtocolId,
  createFramer: () => Framer<R>,
  normalise: Partial<Record<R['_tag'], Normaliser<R>>>,
): ProtocolCodec {
  const table = normalise as Partial<Record<string, Normaliser<R>>>
  return {
    protocol,
    createFramer,
    toSamples: (record, context) => table[record._tag]?.(record as R, context) ?? [],
  }
}

const codecs: Record<ProtocolId, ProtocolCodec> = {
  sfloat: codec('sfloat', createSfloatFramer, {}),
  'plx-continuous': codec(
    'plx-continuous',
    () => createMessageFramer('plx-continuous', (v) => decodePlxContinuous(v)),
    { PlxContinuous: plxContinuousToSamples },
  ),
  'plx-spot-check': codec('plx-spot-check', () => createMessageFramer('plx-spot-check', (v) => decodePlxSpotCheck(v)), {
    PlxSpotCheck: plxSpotCheckToSamples,
  }),
  'plx-features': codec('plx-features', () => createMessageFramer('plx-features', (v) => decodePlxFeatures(v)), {}),
  'plx-racp': codec('plx-racp', () => createMessageFramer('plx-racp', decodeRacp), {}),
  'contec-legacy': codec('contec-legacy', createContecLegacyFramer, { ContecLegacyFrame: contecLegacyToSamples }),
  'contec-v7': codec('contec-v7', createContecV7Framer, {
    ContecV7RealTime: contecV7ToSamples,
    ContecV7StorageData: contecV7ToSamples,
  }),
  berrymed: codec('berrymed', createBerrymedFramer, { BerrymedFrame: berrymedToSamples }),
  'viatom-o2': codec('viatom-o2', createViatomO2Framer, { ViatomO2Response: viatomO2ToSamples }),
  'viatom-fs20f': codec('viatom-fs20f', createViatomFs20fFramer, { ViatomFs20fParams: viatomFs20fToSamples }),
  'nonin-df2': codec('nonin-df2', createNoninDf2Framer, { NoninDf2Packet: noninDf2ToSamples }),
  'nonin-df7': codec('nonin-df7', createNoninDf7Framer, { NoninDf2Packet: noninDf2ToSamples }),
  'nonin-df8': codec('nonin-df8', createNoninDf8Framer, { NoninDf8Frame: noninDf8ToSamples }),
  'nonin-df13': codec('nonin-df13', createNoninDf13Framer, { NoninDf13Packet: noninDf13ToSamples }),
  'nonin-ble': codec('nonin-ble', () => createMessageFramer('nonin-ble', decodeNoninBle), {
    NoninBleMeasurement: noninBleToSamples,
  }),
  jumper: codec('jumper', () => createMessageFramer('jumper', decodeJumper), { JumperParams: jumperToSamples }),
  'viatom-pc60fw': codec('viatom-pc60fw', createViatomPc60fwFramer, { ViatomPc60fwParams: viatomPc60fwToSamples }),
}

/**
 * Framer factory and normaliser per protocol.
 *
 * @category registry
 */
export const PROTOCOL_CODECS: Readonly<Record<ProtocolId, ProtocolCodec>> = Object.freeze(codecs)
