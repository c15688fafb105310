import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { deviceProfile } from '../../src/device-registry.js'
import type { HostCommand } from '../../src/decode/device-profile.js'
import { startHostCommands } from '../../src/transport/command-timers.js'
import { backoffDelayMs } from '../../src/transport/connection-state.js'

describe('startHostCommands (virtual time)', () => {
  it('Contec V7: stop + start once, then keep-alive every 4 s until stopped', async () => {
    const scheduler = new VirtualTimeScheduler()
    const sent: Array<[number, string]> = []
    const stop = await startHostCommands(
      deviceProfile('contec-v7').commands,
      async (c: HostCommand) => void sent.push([scheduler.now(), c.name]),
      scheduler,
      () => undefined,
    )
    scheduler.maxFrames = 13_000
    scheduler.flush()
    stop()
    scheduler.maxFrames = Infinity
    scheduler.flush()
    expect(sent).toEqual([
      [0, 'stop-real-time'],
      [0, 'start-real-time'],
      [4000, 'keep-alive'],
      [8000, 'keep-alive'],
      [12000, 'keep-alive'],
    ])
    expect(scheduler.actions).toHaveLength(0)
  })

  it('Viatom O2: polls every second; a failing write is reported and polling goes on', async () => {
    const scheduler = new VirtualTimeScheduler()
    const errors: unknown[] = []
    let writes = 0
    const stop = await startHostCommands(
      deviceProfile('viatom-o2').commands,
      async () => {
        writes++
        if (writes === 2) throw new Error('GATT busy')
      },
      scheduler,
      (e) => errors.push(e),
    )
    scheduler.maxFrames = 3500
    scheduler.flush()
    await Promise.resolve()
    stop()
    expect(writes).toBe(3)
    expect(errors).toHaveLength(1)
  })
})

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelayMs(a))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
    expect([1, 2, 3].map((a) => backoffDelayMs(a, { initialDelayMs: 20, maxDelayMs: 50 }))).toEqual([20, 40, 50])
  })
})
