import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { deviceProfile } from '../../src/device-registry.js'
import { createConnectionHub } from '../../src/transport/connection-hub.js'
import type { ConnectionState } from '../../src/transport/connection-state.js'
import { runSerialLifecycle, type SerialLink } from '../../src/transport/serial-lifecycle.js'

/** A link whose opens succeed or fail as the test says; counts opens and closes. */
function fakeLink(opens: ReadonlyArray<'ok' | 'fail'>) {
  let next = 0
  const counts = { opens: 0, closes: 0 }
  const link: SerialLink = {
    open: async () => {
      counts.opens += 1
      if ((opens[next++] ?? 'fail') === 'fail') throw new Error('no such port')
    },
    startReading: () => undefined,
    write: async () => undefined,
    close: async () => void (counts.closes += 1),
  }
  return { link, counts }
}

async function settle(scheduler: VirtualTimeScheduler): Promise<void> {
  // Promises (open, close) and virtual timers (backoff) interleave: flush both until quiet.
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    scheduler.flush()
  }
}

function setUp(opens: ReadonlyArray<'ok' | 'fail'>) {
  const scheduler = new VirtualTimeScheduler()
  scheduler.maxFrames = 60_000 // the V7 keep-alive repeats every 4 s for as long as a port is live
  const device = { id: 'fake' }
  const hub = createConnectionHub(device, scheduler)
  const states: ConnectionState[] = []
  let failure: unknown
  hub.connection$.subscribe({ next: (s) => states.push(s), error: () => undefined })
  hub.samples$.subscribe({ error: (e: unknown) => (failure = e) })
  const { link, counts } = fakeLink(opens)
  const profile = deviceProfile('contec-v7')
  const lifecycle = runSerialLifecycle({
    hub,
    profile,
    device,
    link,
    scheduler,
    reconnect: { maxAttempts: 2, initialDelayMs: 20 },
  })
  return { scheduler, states, lifecycle, counts, failure: () => failure }
}

describe('runSerialLifecycle', () => {
  it('a loss reported twice (hang-up, then close) starts one reconnect loop, not two', async () => {
    const { scheduler, states, lifecycle, counts, failure } = setUp(['ok', 'fail', 'fail'])
    await lifecycle.start()
    lifecycle.lost()
    lifecycle.lost()
    await settle(scheduler)
    expect(states.map((s) => s.status)).toEqual([
      'disconnected',
      'connected',
      'disconnected',
      'reconnecting',
      'reconnecting',
      'failed',
    ])
    expect(failure()).toMatchObject({ error: { _tag: 'ConnectionLost', attempts: 2 } })
    expect(counts.opens).toBe(3)
  })

  it('a loss after a successful reconnect starts a new loop from attempt 1', async () => {
    const { scheduler, states, lifecycle } = setUp(['ok', 'ok', 'fail', 'fail'])
    await lifecycle.start()
    lifecycle.lost()
    await settle(scheduler)
    lifecycle.lost()
    lifecycle.lost()
    await settle(scheduler)
    expect(states.map((s) => ('attempt' in s ? `${s.status}#${s.attempt}` : s.status))).toEqual([
      'disconnected',
      'connected',
      'disconnected',
      'reconnecting#1',
      'connected',
      'disconnected',
      'reconnecting#1',
      'reconnecting#2',
      'failed',
    ])
  })

  it('a loss reported after close is not a loss', async () => {
    const { scheduler, states, lifecycle } = setUp(['ok'])
    await lifecycle.start()
    await lifecycle.close()
    lifecycle.lost()
    await settle(scheduler)
    expect(states.map((s) => s.status)).toEqual(['disconnected', 'connected', 'closed'])
  })
})
