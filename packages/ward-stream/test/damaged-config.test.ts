import { jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ensureWard, readWardConfig } from '../src/node/ensure-ward.js'
import { startWorker } from '../src/node/ward-worker.js'
import { natsFixture } from './helpers/nats-fixture.js'

describe('a ward whose config entry is damaged', () => {
  const fixture = natsFixture()

  it.each([
    ['not JSON', 'sixteen', 'config'],
    ['partitions as text', '{"partitions":"16","leaseTtlMs":10000}', 'partitions'],
    ['no partitions', '{"leaseTtlMs":10000}', 'partitions'],
    ['zero partitions', '{"partitions":0,"leaseTtlMs":10000}', 'partitions'],
    ['a lease TTL as text', '{"partitions":4,"leaseTtlMs":"10s"}', 'leaseTtlMs'],
  ])(
    '%s: readWardConfig, ensureWard and startWorker refuse it with a typed InvalidOption (no ward runs on it)',
    async (_what, text, option) => {
      const nc = fixture.nc()
      const tenant = `cfg${option}${text.length}`
      const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 4 })()
      if (E.isLeft(ward)) throw new Error(ward.left.message)
      const kv = await new Kvm(nc).open(ward.right.names.configBucket)
      await kv.put('ward', text)
      const read = await readWardConfig(nc, tenant)()
      expect(E.isLeft(read) && read.left).toMatchObject({ _tag: 'InvalidOption', option })
      const again = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 4 })()
      expect(E.isLeft(again) && again.left._tag).toBe('InvalidOption')
      const worker = await startWorker(nc, { tenant, workerId: 'w' })()
      expect(E.isLeft(worker) && worker.left._tag).toBe('InvalidOption')
      if (E.isRight(worker)) await worker.right.drain()
    },
  )
})
