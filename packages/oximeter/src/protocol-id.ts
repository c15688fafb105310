import * as t from 'io-ts'

/**
 * The wire protocols `@openward/oximeter` decodes. Each id names one framing + record layout; the
 * device registry maps it to transports and host commands.
 *
 * @example
 * ProtocolId.is('contec-v7') // true
 * @category protocols
 */
export const ProtocolId = /* @__PURE__ */ t.keyof(
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
export const PROTOCOL_IDS: readonly ProtocolId[] = /* @__PURE__ */ Object.freeze(
  Object.keys(ProtocolId.keys) as ProtocolId[],
)

/**
 * The type of a protocol id passed as an option. A string literal must be a {@link ProtocolId}, so
 * a typo fails to compile (TypeScript suggests the closest id); a value typed only as `string` (a
 * command-line argument, a recording header) is accepted and checked at run time, where an unknown
 * id is an `Unsupported` error listing the known ones.
 *
 * @example
 * openSerialOximeter({ path, protocol: 'contec-v7' }) // compiles
 * openSerialOximeter({ path, protocol: 'contec-v8' }) // error: did you mean 'contec-v7'?
 * openSerialOximeter({ path, protocol: argv.protocol }) // a string: checked at run time
 * @category protocols
 */
export type ProtocolIdInput<P extends string> = string extends P ? string : P extends ProtocolId ? P : ProtocolId

/**
 * True when `u` is a known protocol id.
 *
 * @category protocols
 */
export const isProtocolId = (u: unknown): u is ProtocolId => ProtocolId.is(u)
