// The page: pair an oximeter over Web Bluetooth, show live SpO2 / pulse rate and NHS threshold alerts.
import { requestOximeter } from '@openward/oximeter/web-bluetooth'
import { thresholdAlerts } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'

import {
  INITIAL_STATE,
  type MonitorState,
  withAlert,
  withConnection,
  withConnectionChange,
  withSample,
} from './monitor-state.js'
import { optionsFromQuery, PROTOCOLS } from './monitor-options.js'

const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`the page lacks #${id}`)
  return el
}

let state: MonitorState = INITIAL_STATE

function render(): void {
  $('connection').textContent = state.connection
  $('device').textContent = state.device ?? ''
  $('spo2').textContent = state.spo2 === null ? '--' : String(state.spo2)
  $('pulse-rate').textContent = state.pulseRate === null ? '--' : String(state.pulseRate)
  $('flags').textContent = state.flags.join(', ')
  const level = $('level')
  level.textContent = state.stale ? `${state.level} (not current)` : state.level
  level.dataset.level = state.level
  level.dataset.stale = String(state.stale)
  $('log').replaceChildren(
    ...state.log.map((line) => Object.assign(document.createElement('li'), { textContent: line })),
  )
}

const update = (next: MonitorState): void => {
  state = next
  render()
}

async function connect(): Promise<void> {
  const button = $('connect') as HTMLButtonElement
  button.disabled = true
  update(withConnection(state, 'choosing a device…'))
  try {
    // A TaskEither: run it in the click handler (the chooser needs the gesture); it never rejects.
    const result = await requestOximeter({ protocols: PROTOCOLS })()
    if (E.isLeft(result)) {
      // UserCancelled, ServiceNotFound (lists the services found), Unsupported or TransportFailure.
      update(withConnection(state, `could not connect: ${result.left._tag}: ${result.left.message}`))
      button.disabled = false
      return
    }
    const oximeter = result.right
    update(
      withConnection(
        state,
        'connected',
        `${oximeter.device.name ?? oximeter.device.id} (${oximeter.profile.protocol})`,
      ),
    )
    oximeter.connection$.subscribe((c) => update(withConnectionChange(state, c.status, Date.now())))
    oximeter.samples$.subscribe({
      next: (s) => update(withSample(state, s)),
      error: (e: unknown) => update(withConnection(state, `lost: ${describe(e)}`)),
      complete: () => update(withConnection(state, 'closed')),
    })
    oximeter.samples$
      .pipe(thresholdAlerts(optionsFromQuery(location.search)))
      .subscribe({ next: (e) => update(withAlert(state, e)), error: () => undefined })
  } catch (e) {
    update(withConnection(state, `could not connect: ${describe(e)}`))
    button.disabled = false
  }
}

// An OpenwardError's message is "<Tag>: <what went wrong>" (ConnectionLost on samples$).
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

$('connect').addEventListener('click', () => void connect())
if (!('bluetooth' in navigator)) update(withConnection(state, 'Web Bluetooth is not available in this browser'))
else render()
