import * as t from 'io-ts'

/**
 * The wire protocols `@openward/oximeter` decodes. Each id names one framing + record layout; the
 * device registry maps it to transports and host commands.
 *
 * @example
 * ProtocolId.is('contec-v7') // true
 * @category protocols
 */
export const ProtocolId = t.keyof(
  {
    'plx-continuous': null,
    'plx-spot-check': null,
    'plx-features': null,
    'plx-racp': null,
    sfloat: null,
    'contec-legacy': null,
    'contec-v7': null,
    berrymed: null,
    'viatom-o2': null,
    'viatom-fs20f': null,
    'viatom-pc60fw': null,
    'nonin-df2': null,
    'nonin-df7': null,
    'nonin-df8': null,
    'nonin-df13': null,
    'nonin-ble': null,
    jumper: null,
  },
  'ProtocolId',
)
/** @category protocols */
export type ProtocolId = t.TypeOf<typeof ProtocolId>

/** Every protocol id, in a fixed order (registry order, CLI help). @category protocols */
export const PROTOCOL_IDS: readonly ProtocolId[] = Object.freeze(Object.keys(ProtocolId.keys) as ProtocolId[])

/**
 * True when `u` is a known protocol id.
 *
 * @category protocols
 */
export const isProtocolId = (u: unknown): u is ProtocolId => ProtocolId.is(u)
