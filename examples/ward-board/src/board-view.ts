import type { Clock, OximetrySample } from '@openward/core'
import type { AlertBands, AlertLevel } from '@openward/spo2'
import type { WardEventOutput } from '@openward/ward-stream'

import { BoardState, formatAge, type PatientState } from './board-state.js'
import { placeChanged } from './place-changed.js'
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
  readonly key: string
  readonly p: PatientState
  readonly li: HTMLLIElement
  readonly spo2: Text
  readonly pulse: Text
  readonly age: Text
  readonly band: HTMLElement
  readonly bandGlyph: Text
  readonly bandWord: Text
  readonly bandsText: Text
  readonly spark: SVGPathElement
  readonly alerts: HTMLUListElement
  readonly stale: HTMLElement
  readonly staleText: Text
  /** What was last written, so an update touches the DOM only where something changed. */
  version: number
  second: number
  epoch: number
  latest: OximetrySample | null | undefined
  bands: AlertBands | null | undefined
  bandKey: string
  sparkVersion: number
  sparkMinute: number
  alertsVersion: number
  /** The rank the card has (or will have, once placed) in the order. */
  acuity: number
  notCurrent: boolean
}

/** Display order: acuity, then key (the same order as {@link BoardState.sorted}). */
const byAcuity = (a: Card, b: Card): number => a.acuity - b.acuity || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * The board's work per animation frame is capped at this (ms): the rest carries over to the next
 * frame, so a second's 1,000 updates never hold one frame for long. Measured: every card is current
 * again within a few frames (`catchUpMs`, README).
 */
const FRAME_BUDGET_MS = 6

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
 * The board's DOM: one card per patient, built once and then updated in place (only the parts of a
 * card that changed are written, within a time budget per animation frame, resuming where the last
 * frame stopped), reordered by acuity at most once a second by moving only the cards whose acuity
 * changed.
 */
export class BoardView {
  private readonly cards = new Map<string, Card>()
  /** Cards in display order (the DOM order). */
  private order: Card[] = []
  /** Cards whose acuity changed since the last reorder (or new ones). */
  private readonly moved = new Set<Card>()
  private cursor = 0
  private scheduled = false
  private reorderTimer = false
  private lastSortMs = 0
  private connected = true
  /** The clock second the ages are drawn for (moved by `tick`). */
  private second = 0
  /** Bumped when every card must be redrawn (connection state). */
  private epoch = 0
  /** When the first change still not on screen was scheduled (`null`: every card is current). */
  private pendingSince: number | null = null
  /**
   * Measurements (ms, Performance API): work per frame, of the reorders alone, and from a change
   * being scheduled to every card written (how long the frame budget delays the last card).
   */
  readonly frameWorkMs: number[] = []
  readonly reorderMs: number[] = []
  readonly catchUpMs: number[] = []

  constructor(
    private readonly root: HTMLOListElement,
    private readonly state: BoardState,
    private readonly options: BoardViewOptions,
  ) {
    this.second = Math.floor(options.clock.now() / 1000)
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

  /** Connection lost: every value greyed at once (a class on the list), and each card labelled "as of". */
  setConnected(connected: boolean): void {
    this.connected = connected
    this.root.classList.toggle('offline', !connected)
    this.root.setAttribute('aria-busy', connected ? 'false' : 'true')
    this.epoch++
    this.schedule()
  }

  /** Redraw on the next animation frame (coalesces any number of changes into one frame). */
  schedule(): void {
    this.pendingSince ??= performance.now()
    if (this.scheduled) return
    this.scheduled = true
    requestAnimationFrame(() => {
      this.scheduled = false
      const t0 = performance.now()
      this.render(t0)
      push(this.frameWorkMs, performance.now() - t0)
    })
  }

  /** Ages, staleness and order depend on the clock: called once a second. */
  tick(): void {
    this.second = Math.floor(this.options.clock.now() / 1000)
    this.schedule()
  }

  private render(t0: number): void {
    const now = this.options.clock.now()
    if (this.cards.size !== this.state.patients.size) {
      for (const p of this.state.patients.values()) {
        if (this.cards.has(p.key)) continue
        const c = this.createCard(p)
        this.cards.set(p.key, c)
        this.root.append(c.li)
        this.order.push(c)
        this.moved.add(c)
      }
    }
    if (this.moved.size > 0 && now - this.lastSortMs >= 1000) {
      this.lastSortMs = now
      const r0 = performance.now()
      this.reorder()
      push(this.reorderMs, performance.now() - r0)
    }
    // Update the cards that changed, resuming at the cursor, until the frame's budget is spent.
    const n = this.order.length
    for (let seen = 0; seen < n; seen++) {
      if (this.cursor >= n) this.cursor = 0
      const c = this.order[this.cursor]!
      if (c.version !== c.p.version || c.second !== this.second || c.epoch !== this.epoch) {
        this.updateCard(c, now)
        if (performance.now() - t0 > FRAME_BUDGET_MS) {
          this.schedule()
          return
        }
      }
      this.cursor++
    }
    if (this.pendingSince !== null) push(this.catchUpMs, performance.now() - this.pendingSince)
    this.pendingSince = null
    // A reorder is waiting for the once-a-second limit: come back for it.
    if (this.moved.size > 0 && !this.reorderTimer) {
      this.reorderTimer = true
      setTimeout(
        () => {
          this.reorderTimer = false
          this.schedule()
        },
        Math.max(0, 1000 - (now - this.lastSortMs)),
      )
    }
  }

  private reorder(): void {
    // Moving a node blurs what has focus inside it: put keyboard focus back where it was.
    const focused = document.activeElement
    const next = placeChanged(this.order, this.moved, byAcuity)
    // From the end: each moved card goes right before its successor; the others stay where they are.
    let after: HTMLLIElement | null = null
    for (let i = next.length - 1; i >= 0; i--) {
      const c = next[i]!
      if (this.moved.has(c) && c.li.nextElementSibling !== after) this.root.insertBefore(c.li, after)
      after = c.li
    }
    this.order = next
    this.moved.clear()
    if (focused instanceof HTMLElement && this.root.contains(focused) && document.activeElement !== focused)
      focused.focus({ preventScroll: true })
  }

  private createCard(p: PatientState): Card {
    const li = document.createElement('li')
    li.className = 'card'
    li.dataset.patient = p.key
    li.innerHTML = `<h2><button type="button" class="open" data-open="${p.key}" aria-label="Patient ${p.key}: open 24-hour view">${p.key}</button></h2>
<p class="band" data-band="none"><span class="glyph" aria-hidden="true">${BAND_GLYPH.none}</span> <span class="word">${BAND_TEXT.none}</span></p>
<p class="values"><span class="metric"><span class="label">SpO<sub>2</sub></span> <b class="spo2">--</b></span> <span class="metric"><span class="label">Pulse</span> <b class="pulse">--</b></span></p>
<p class="age">no reading yet</p>
<p class="stale" hidden> </p>
<svg class="spark" viewBox="0 0 120 28" preserveAspectRatio="none" role="img" aria-label="SpO2, last 60 minutes"><path/></svg>
<p class="bands"> </p>
<ul class="alerts"></ul>`
    const q = <T extends Element>(s: string): T => li.querySelector<T>(s)!
    // Text nodes are kept and their data rewritten: no new node per update.
    const text = (s: string): Text => q(s).firstChild as Text
    const stale = q<HTMLElement>('.stale')
    return {
      key: p.key,
      p,
      li,
      spo2: text('.spo2'),
      pulse: text('.pulse'),
      age: text('.age'),
      band: q('.band'),
      bandGlyph: text('.band .glyph'),
      bandWord: text('.band .word'),
      bandsText: text('.bands'),
      spark: q('.spark path'),
      alerts: q('.alerts'),
      stale,
      staleText: stale.firstChild as Text,
      version: -1,
      second: -1,
      epoch: -1,
      latest: undefined,
      bands: undefined,
      bandKey: '',
      sparkVersion: -1,
      sparkMinute: -1,
      alertsVersion: -1,
      acuity: Number.POSITIVE_INFINITY,
      notCurrent: false,
    }
  }

  private updateCard(c: Card, now: number): void {
    const p = c.p
    c.version = p.version
    c.second = this.second
    c.epoch = this.epoch
    const s = p.latest
    const ageMs = s === null ? null : now - s.timeMs
    const stale = ageMs === null || ageMs > this.options.staleAfterMs
    // Never a stale number shown as current: stale or offline values are struck through and labelled.
    const current = this.connected && !stale
    if (c.notCurrent !== !current) {
      c.notCurrent = !current
      c.li.classList.toggle('not-current', !current)
    }
    if (c.latest !== s) {
      c.latest = s
      setData(c.spo2, s?.spo2 == null ? '--' : `${round1(s.spo2)} %`)
      setData(c.pulse, s?.pulseRate == null ? '--' : `${round1(s.pulseRate)} /min`)
    }
    setData(
      c.age,
      s === null
        ? 'no reading yet'
        : this.connected
          ? measuredAgo(ageMs!)
          : `as of ${time(s.timeMs)} (connection lost)`,
    )
    const staleText = s !== null && stale ? `No reading for ${formatAge(ageMs!)}` : ''
    if (c.staleText.data !== staleText) {
      c.staleText.data = staleText
      c.stale.hidden = staleText === ''
    }
    const band = current ? (BoardState.bandOf(p) ?? 'none') : 'none'
    const bandKey = current ? band : 'not-current'
    if (c.bandKey !== bandKey) {
      c.bandKey = bandKey
      c.band.dataset.band = band
      c.bandGlyph.data = BAND_GLYPH[band]
      c.bandWord.data = current ? BAND_TEXT[band] : 'Not current'
    }
    if (c.bands !== p.bands) {
      const b = (c.bands = p.bands)
      c.bandsText.data =
        b === null
          ? 'Bands: NHSE default (≥ 95 normal, 93–94 review)'
          : `Bands: own (≥ ${b.normalAtOrAbove} normal, ${b.reviewAtOrAbove}–${b.normalAtOrAbove - 1} review)`
    }
    // The sparkline moves once a minute (a new summary, or the 60-minute window sliding on).
    const minute = Math.floor(now / 60_000)
    if (c.sparkVersion !== p.minutes.version || c.sparkMinute !== minute) {
      c.sparkVersion = p.minutes.version
      c.sparkMinute = minute
      c.spark.setAttribute('d', sparklinePath(p.minutes, now))
    }
    if (c.alertsVersion !== p.alertsVersion) {
      c.alertsVersion = p.alertsVersion
      this.renderAlerts(c, p)
    }
    const acuity = BoardState.acuity(p, now, this.options.staleAfterMs)
    if (c.acuity !== acuity) {
      c.acuity = acuity
      c.li.dataset.acuity = String(acuity)
      this.moved.add(c)
    }
  }

  private renderAlerts(c: Card, p: PatientState): void {
    const wanted = [...p.alerts.values()].sort(
      (x, y) => (x.output.event.severity === 'urgent' ? 0 : 1) - (y.output.event.severity === 'urgent' ? 0 : 1),
    )
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

function setData(node: Text, text: string): void {
  if (node.data !== text) node.data = text
}

/** Keeps the newest entries of a measurement array (a board left open for days does not grow). */
function push(xs: number[], v: number): void {
  xs.push(v)
  if (xs.length > 10_000) xs.splice(0, 5_000)
}

// "measured 12 s ago" for the first minute, built once (a thousand cards say it every second).
const MEASURED_AGO = Array.from({ length: 60 }, (_, s) => `measured ${s} s ago`)
const measuredAgo = (ageMs: number): string =>
  ageMs >= 0 && ageMs < 60_000 ? MEASURED_AGO[Math.floor(ageMs / 1000)]! : `measured ${formatAge(ageMs)} ago`
