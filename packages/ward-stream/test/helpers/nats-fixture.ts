import type { NatsConnection } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll } from 'vitest'

import { type NatsServerHandle, startNatsServer } from '../../src/node/nats-server.js'

/**
 * One real `nats-server -js` on loopback for the test file, with one connection to it: started in
 * `beforeAll`, stopped in `afterAll`. Read `nc()` inside tests (it exists only once the file started).
 */
export function natsFixture(): { readonly nc: () => NatsConnection; readonly url: () => string } {
  let nats: NatsServerHandle | undefined
  let nc: NatsConnection | undefined
  beforeAll(async () => {
    nats = await startNatsServer()
    nc = await connect({ servers: nats.url })
  }, 30_000)
  afterAll(async () => {
    await nc?.close()
    await nats?.stop()
  })
  const started = <A>(a: A | undefined): A => {
    if (a === undefined) throw new Error('the nats fixture is not started (use it inside a test)')
    return a
  }
  return { nc: () => started(nc), url: () => started(nats).url }
}

/** Polls `ok` every 25 ms until it holds; fails with `what` after `timeoutMs`. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
