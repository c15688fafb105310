import type { SchedulerLike, Subscription } from 'rxjs'

import type { HostCommand, HostCommands } from '../decode/device-profile.js'

/**
 * Sends a profile's start commands in order, then repeats its keep-alive and poll commands on
 * `scheduler`. Resolves to a function that stops the timers. Write failures go to `onError`;
 * a timer keeps running (the next write may succeed after a reconnect).
 */
export async function startHostCommands(
  commands: HostCommands,
  write: (command: HostCommand) => Promise<void>,
  scheduler: SchedulerLike,
  onError: (error: unknown) => void,
): Promise<() => void> {
  for (const command of commands.start) await write(command)
  // One pending action per repeated command: each tick schedules the next and replaces its slot.
  const slots: Array<{ current?: Subscription }> = []
  let stopped = false
  for (const repeated of [commands.keepAlive, commands.poll]) {
    if (repeated === undefined) continue
    const slot: { current?: Subscription } = {}
    const tick = (): void => {
      if (stopped) return
      write(repeated.command).catch(onError)
      slot.current = scheduler.schedule(tick, repeated.intervalMs)
    }
    slot.current = scheduler.schedule(tick, repeated.intervalMs)
    slots.push(slot)
  }
  return () => {
    stopped = true
    for (const slot of slots) slot.current?.unsubscribe()
  }
}
