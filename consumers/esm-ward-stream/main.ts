// @openward/ward-stream from its tarball, ES modules, nodenext. This project sets skipLibCheck:
// @nats-io/nats-core 3.3.1's own declarations do not compile under exactOptionalPropertyTypes
// (its MsgImpl / NatsConnectionImpl), which is not ours to fix; our declarations are checked
// strictly by the other projects. What runs here is ours.
import { partitionOf, publishSamples, wardNames } from '@openward/ward-stream'
import * as node from '@openward/ward-stream/node'

const names = wardNames('north')
if (names._tag !== 'Right' || !names.right.samplesWildcard.startsWith('ward.north.')) throw new Error('ward names')
const p = partitionOf('patient-1', 16)
if (!(Number.isInteger(p) && p >= 0 && p < 16)) throw new Error('partitionOf')
if (typeof publishSamples !== 'function' || typeof node !== 'object') throw new Error('exports')
console.log(`esm-ward-stream consumer ok: partition ${p}`)
