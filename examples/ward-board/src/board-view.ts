import type { Clock } from '@openward/core'
import type { AlertLevel } from '@openward/spo2'
import type { WardEventOutput } from '@openward/ward-stream'

import { BoardState, formatAge, type PatientState } from './board-state.js'
import { keepInPlace } from './keep-in-place.js'
import { sparklinePath } from './sparkline.js'

/** Band glyphs: the shape says the band as well as the colour and the word (WCAG 2.2 SC 1.4.1). */
const BAND_GLYPH: Record<AlertLevel | 'none', string> = { normal: '●', review: '▲', urgent: '◆', none: '○' }
const BAND_TEXT: Record<AlertLevel | 'none', string> = {
  normal: 'Normal',
  review: 'Review',
  urgent: 'Urgent',
  none: 'No value',
}

interface Card {
  readonly li: HTMLLIElement
  readonly spo2: HTMLElement
  readonly pulse: HTMLElement
  readonly age: HTMLElement
  readonly band: HTMLElement
  readonly bandsText: HTMLElement
  readonly spark: SVGPathElement
  readonly alerts: HTMLUListElement
  readonly stale: HTMLElement
  version: number
  /** What was last written, so a frame touches the DOM only where something changed. */
  sparkKey: string
  acuity: string
  notCurrent: boolean
}

/** What the view needs from the page. */
export interface BoardViewOptions {
  readonly staleAfterMs: number
  readonly clock: Clock
  onAcknowledge(alert: WardEventOutput): void
  onOpenPatient(key: string): void
}

// One formatter (constructing one per call is slow at a thousand cards).
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const time = (ms: number): string => TIME.format(ms)

function alertText(o: WardEventOutput): string {
  const e = o.event
  const what = e.source === 'sustained-below' ? 'sustained low SpO2' : `SpO2 band ${e.level ?? e.severity}`
  const nadir = e.nadir === null ? '' : `, lowest ${e.nadir} %`
  return `${e.severity === 'urgent' ? 'Urgent' : 'Review'}: ${what} since ${time(e.startMs)}${nadir}`
}

/**
 * The board's DOM: one card per patient, built once and then updated in place (only cards whose
 * patient changed are touched, at most once per animation frame), reordered by acuity once a second.
 */
export class BoardView {
  private readonly cards = new Map<string, Card>()
  private order: string[] = []
  private scheduled = false
  private lastSortMs = 0
  private connected = true
  /** Frame work times in ms (performance measurements), and of the reorders alone. */
  readonly frameWorkMs: number[] = []
  readonly reorderMs: number[] = []

  constructor(
    private readonly root: HTMLOListElement,
    private readonly state: BoardState,
    private readonly options: BoardViewOptions,
  ) {
    root.addEventListener('click', (ev) => {
      const target = ev.target as HTMLElement
      const ack = target.closest<HTMLButtonElement>('button[data-ack]')
      if (ack !== null) {
        const p = state.patients.get(ack.dataset.patient ?? '')
        const a = p?.alerts.get(ack.dataset.ack ?? '')
        if (a !== undefined && a.ack === null) {
          ack.disabled = true
          ack.textContent = 'Sending…'
          options.onAcknowledge(a.output)
        }
        return
      }
      const open = target.closest<HTMLButtonElement>('button[data-open]')
      if (open !== null) options.onOpenPatient(open.dataset.open ?? '')
    })
  }

  /** Connection lost: every value greyed and labelled "as of", never shown as current. */
  setConnected(connected: boolean): void {
    this.connected = connected
    this.root.classList.toggle('offline', !connected)
    this.root.setAttribute('aria-busy', connected ? 'false' : 'true')
    this.schedule(true)
  }

  /** Redraw on the next animation frame (coalesces any number of changes into one frame). */
  schedule(all = false): void {
    if (all) for (const c of this.cards.values()) c.version = -1
    if (this.scheduled) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      const t0 = performance.now()
      this.render()
      this.frameWorkMs.push(performance.now() - t0)
      if (this.frameWorkMs.length > 10_000) this.frameWorkMs.splice(0, 5_000)
    })
  }

  /** Ages, staleness and order depend on the clock: called once a second. */
  tick(): void {
    this.schedule(true)
  }

  private render(): void {
    const now = this.options.clock.now()
    for (const p of this.state.patients.values()) {
      let c = this.cards.get(p.key)
      if (c === undefined) {
        c = this.createCard(p)
        this.cards.set(p.key, c)
        this.root.append(c.li)
        this.order.push(p.key)
      }
      if (c.version !== p.version) this.updateCard(c, p, now)
    }
    if (now - this.lastSortMs >= 1000) {
      this.lastSortMs = now
      const t0 = performance.now()
      this.reorder(now)
      this.reorderMs.push(performance.now() - t0)
      if (this.reorderMs.length > 10_000) this.reorderMs.splice(0, 5_000)
    }
  }

  private reorder(now: number): void {
    const sorted = this.state.sorted(now, this.options.staleAfterMs).map((p) => p.key)
    if (sorted.length === this.order.length && sorted.every((k, i) => k === this.order[i])) return
    // Moving a node blurs what has focus inside it: put keyboard focus back where it was.
    const focused = document.activeElement
    // Move only the cards that are out of place (one patient changing acuity moves one card).
    const oldPos = new Map(this.order.map((k, i) => [k, i]))
    const keep = keepInPlace(sorted.map((k) => oldPos.get(k) ?? -1))
    let next: HTMLLIElement | null = null
    for (let i = sorted.length - 1; i >= 0; i--) {
      const li = this.cards.get(sorted[i]!)!.li
      if (!keep.has(i)) this.root.insertBefore(li, next)
      next = li
    }
    this.order = sorted
    if (focused instanceof HTMLElement && this.root.contains(focused) && document.activeElement !== focused)
      focused.focus({ preventScroll: true })
  }

  private createCard(p: PatientState): Card {
    const li = document.createElement('li')
    li.className = 'card'
    li.dataset.patient = p.key
    li.innerHTML = `<h2><button type="button" class="open" data-open="${p.key}" aria-label="Patient ${p.key}: open 24-hour view">${p.key}</button></h2>
<p class="band" data-band="none"></p>
<p class="values"><span class="metric"><span class="label">SpO<sub>2</sub></span> <b class="spo2">--</b></span> <span class="metric"><span class="label">Pulse</span> <b class="pulse">--</b></span></p>
<p class="age"></p>
<p class="stale" hidden></p>
<svg class="spark" viewBox="0 0 120 28" preserveAspectRatio="none" role="img" aria-label="SpO2, last 60 minutes"><path/></svg>
<p class="bands"></p>
<ul class="alerts"></ul>`
    const q = <T extends Element>(s: string): T => li.querySelector<T>(s)!
    return {
      li,
      spo2: q('.spo2'),
      pulse: q('.pulse'),
      age: q('.age'),
      band: q('.band'),
      bandsText: q('.bands'),
      spark: q('.spark path'),
      alerts: q('.alerts'),
      stale: q('.stale'),
      version: -1,
      sparkKey: '',
      acuity: '',
      notCurrent: false,
    }
  }

  private updateCard(c: Card, p: PatientState, now: number): void {
    c.version = p.version
    const s = p.latest
    const ageMs = s === null ? null : now - s.timeMs
    const stale = ageMs === null || ageMs > this.options.staleAfterMs
    // Never a stale number shown as current: stale or offline values are struck through and labelled.
    const current = this.connected && !stale
    if (c.notCurrent !== !current) {
      c.notCurrent = !current
      c.li.classList.toggle('not-current', !current)
    }
    setText(c.spo2, s?.spo2 == null ? '--' : `${round1(s.spo2)} %`)
    setText(c.pulse, s?.pulseRate == null ? '--' : `${round1(s.pulseRate)} /min`)
    setText(
      c.age,
      s === null
        ? 'no reading yet'
        : this.connected
          ? `measured ${formatAge(ageMs!)} ago`
          : `as of ${time(s.timeMs)} (connection lost)`,
    )
    const staleText = s === null ? '' : stale ? `No reading for ${formatAge(ageMs!)}` : ''
    if (c.stale.textContent !== staleText) {
      c.stale.textContent = staleText
      c.stale.hidden = staleText === ''
    }
    const band = current ? (BoardState.bandOf(p) ?? 'none') : 'none'
    if (c.band.dataset.band !== band) {
      c.band.dataset.band = band
      c.band.innerHTML = `<span class="glyph" aria-hidden="true">${BAND_GLYPH[band]}</span> ${current ? BAND_TEXT[band] : 'Not current'}`
    }
    const b = p.bands
    setText(
      c.bandsText,
      b === null
        ? 'Bands: NHSE default (≥ 95 normal, 93–94 review)'
        : `Bands: own (≥ ${b.normalAtOrAbove} normal, ${b.reviewAtOrAbove}–${b.normalAtOrAbove - 1} review)`,
    )
    // The sparkline moves once a minute (a new summary, or the 60-minute window sliding on).
    const lastMinute = p.minutes[p.minutes.length - 1]?.minuteStartMs ?? 0
    const sparkKey = `${p.minutes.length}:${lastMinute}:${Math.floor(now / 60_000)}`
    if (c.sparkKey !== sparkKey) {
      c.sparkKey = sparkKey
      c.spark.setAttribute('d', sparklinePath(p.minutes, now))
    }
    this.renderAlerts(c, p)
    const acuity = String(BoardState.acuity(p, now, this.options.staleAfterMs))
    if (c.acuity !== acuity) {
      c.acuity = acuity
      c.li.dataset.acuity = acuity
    }
  }

  private renderAlerts(c: Card, p: PatientState): void {
    const wanted = [...p.alerts.values()].sort(
      (x, y) => (x.output.event.severity === 'urgent' ? 0 : 1) - (y.output.event.severity === 'urgent' ? 0 : 1),
    )
    const sig = wanted.map((a) => `${a.output.id}/${a.ack === null ? '' : 'ack'}`).join('|')
    if (c.alerts.dataset.sig === sig) return
    c.alerts.dataset.sig = sig
    c.li.classList.toggle(
      'has-alert',
      wanted.some((a) => a.ack === null),
    )
    c.alerts.replaceChildren(
      ...wanted.map((a) => {
        const li = document.createElement('li')
        li.className = `alert ${a.output.event.severity}`
        li.dataset.alertId = a.output.id
        li.dataset.seenAt = String(a.seenAtMs)
        const text = document.createElement('span')
        text.textContent = alertText(a.output)
        li.append(text)
        if (a.ack === null) {
          const btn = document.createElement('button')
          btn.type = 'button'
          btn.dataset.ack = a.output.event.alertKey
          btn.dataset.patient = p.key
          btn.textContent = 'Acknowledge'
          btn.setAttribute('aria-label', `Acknowledge ${alertText(a.output)} for patient ${p.key}`)
          li.append(btn)
        } else {
          const done = document.createElement('span')
          done.className = 'acked'
          done.textContent = `✓ Acknowledged by ${a.ack.by} at ${time(a.ack.atMs)}`
          li.append(done)
        }
        return li
      }),
    )
  }
}

/** At most one decimal (some recordings are resampled); the band is decided on the value itself. */
const round1 = (v: number): number => Math.round(v * 10) / 10

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text
}
