import { berrymedFamily } from './berrymed/profile.js'
import { contecFamily } from './contec/profile.js'
import { jumperFamily } from './jumper/profile.js'
import { noninFamily } from './nonin/profile.js'
import { plxFamily } from './plx/profile.js'
import { viatomFamily } from './viatom/profile.js'

/**
 * Every protocol family this package registers, in registry order (the order of
 * {@link PROTOCOL_IDS}, `--help` and Bluetooth request filters). Adding a family is one entry
 * here; adding a protocol to a family touches only its folder (and its id in `protocol-id.ts`).
 *
 * @category registry
 */
export const PROTOCOL_FAMILIES = [
  plxFamily,
  contecFamily,
  berrymedFamily,
  viatomFamily,
  noninFamily,
  jumperFamily,
] as const
