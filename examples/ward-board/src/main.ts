import { systemClock } from '@openward/core'
import { wardNames } from '@openward/ward-stream'
import * as E from 'fp-ts/lib/Either.js'

import { type BoardConnection, connectBoard, type LinkState } from './board-connection.js'
import { BoardState } from './board-state.js'
import { BoardView } from './board-view.js'
import { loadPatientHistory, patientViewHtml } from './patient-view.js'

/** What the page server tells the page (`/config.json`): where NATS is and which ward. */
interface PageConfig {
  readonly wsUrl: string
  readonly tenant: string
  readonly staleAfterMs?: number
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

async function main(): Promise<void> {
  const config = (await (await fetch('config.json')).json()) as PageConfig
  const names = wardNames(config.tenant)
  if (E.isLeft(names)) throw new Error(names.left.message)
  $('ward').textContent = config.tenant
  document.title = `Ward ${config.tenant}: board`
  // Credentials: the sign-in form, or the URL fragment (never sent to the page server) for the local setup.
  const fragment = new URLSearchParams(location.hash.slice(1))
  const form = $<HTMLFormElement>('signin')
  let user = fragment.get('user')
  let password = fragment.get('password')
  if (user === null || password === null) {
    form.hidden = false
    $<HTMLInputElement>('user').focus()
    await new Promise<void>((resolve) =>
      form.addEventListener('submit', (ev) => {
        ev.preventDefault()
        user = $<HTMLInputElement>('user').value
        password = $<HTMLInputElement>('password').value
        resolve()
      }),
    )
  }
  form.hidden = true

  const state = new BoardState()
  const clock = systemClock
  const staleAfterMs = config.staleAfterMs ?? 60_000
  let conn: BoardConnection | undefined
  const dialog = $<HTMLDialogElement>('patient')
  const view = new BoardView($<HTMLOListElement>('board'), state, {
    staleAfterMs,
    clock,
    onAcknowledge: (alert) => {
      void conn?.acknowledge(alert).catch((e: unknown) => showLink('live', `acknowledgement not sent: ${String(e)}`))
    },
    onOpenPatient: (key) => {
      if (conn === undefined) return
      $('patient-body').innerHTML = `<h2 id="patient-title">Patient ${key}</h2><p>Loading the last 24 hours…</p>`
      dialog.showModal()
      void loadPatientHistory(conn.js, names.right, key, clock.now()).then(
        (h) => {
          $('patient-body').innerHTML = patientViewHtml(key, h, state.patients.get(key)?.bands ?? null)
        },
        (e: unknown) => {
          $('patient-body').innerHTML =
            `<h2 id="patient-title">Patient ${key}</h2><p role="alert">Could not load: ${String(e)}</p>`
        },
      )
    },
  })
  $('patient-close').addEventListener('click', () => dialog.close())

  const banner = $('link')
  function showLink(s: LinkState, detail: string): void {
    banner.dataset.state = s
    banner.textContent =
      s === 'live'
        ? 'Live'
        : s === 'connecting'
          ? 'Connecting…'
          : s === 'lost'
            ? 'Connection lost: values below are NOT current (greyed). Reconnecting…'
            : `Refused: ${detail}`
    banner.setAttribute('role', s === 'live' ? 'status' : 'alert')
    view.setConnected(s === 'live')
  }
  try {
    conn = await connectBoard(
      { wsUrl: config.wsUrl, user: user!, password: password!, inboxPrefix: `_INBOX_${config.tenant}` },
      names.right,
      state,
      { link: showLink, changed: () => view.schedule() },
      { clock },
    )
  } catch (e) {
    showLink('refused', String(e))
    return
  }
  setInterval(() => view.tick(), 1000)
  // For tests and the curious: the state, the view and the connection.
  Object.assign(window, { board: { state, view, conn, names: names.right } })
}

void main().catch((e: unknown) => {
  $('link').textContent = `The board could not start: ${String(e)}`
  $('link').dataset.state = 'refused'
})
