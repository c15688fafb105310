import { unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { Framer } from '../framer.js'
import type { OximeterRecord } from '../oximeter-record.js'
import type { ProtocolId } from '../protocol-id.js'
import { createMessageFramer } from './message-framer.js'

/** Placeholder while a protocol's decoder is being written: rejects every chunk as Unsupported. */
export function unsupportedFramer(protocol: ProtocolId): Framer<OximeterRecord> {
  return createMessageFramer(protocol, () => E.left(unsupported(protocol, `${protocol}: decoder not available yet`)))
}
