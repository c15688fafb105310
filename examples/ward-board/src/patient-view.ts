import type { JetStreamClient } from '@nats-io/jetstream'
import { DeliverPolicy } from '@nats-io/jetstream'
import { escapeHtml, renderSpo2TraceSvg, type TracePoint, type TraceSpan } from '@openward/report'
import { type AlertBands, NHSE_OXIMETRY_HOME_BANDS } from '@openward/spo2'
import type { WardEventOutput, WardNames, WardOutput, WardSummaryOutput } from '@openward/ward-stream'

/** One patient's last 24 hours, read from the ward's output stream. */
export interface PatientHistory {
  readonly summaries: WardSummaryOutput[]
  readonly events: WardEventOutput[]
}

const decoder = new TextDecoder()

/**
 * Reads a patient's outputs of the last `windowMs` (default 24 h) through an ordered consumer filtered
 * to `ward.<tenant>.out.*.<patient>`, until it has caught up with the stream.
 */
export async function loadPatientHistory(
  js: JetStreamClient,
  names: WardNames,
  patientKey: string,
  nowMs: number,
  windowMs = 86_400_000,
): Promise<PatientHistory> {
  const consumer = await js.consumers.get(names.outStream, {
    filter_subjects: names.outSubject('summary', patientKey).replace('.summary.', '.*.'),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(nowMs - windowMs).toISOString(),
  })
  const summaries: WardSummaryOutput[] = []
  const events: WardEventOutput[] = []
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 1_000, expires: 1_000 })
    let pending = 0
    let got = 0
    for await (const m of batch) {
      got++
      pending = m.info.pending
      const out = JSON.parse(decoder.decode(m.data)) as WardOutput
      if (out.kind === 'summary') summaries.push(out)
      else events.push(out)
    }
    if (got === 0 || pending === 0) break
  }
  return { summaries, events }
}

const clock = (ms: number): string =>
  new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/**
 * The patient view's HTML: the 24-hour trace drawn by `@openward/report`'s chart code (minute lowest
 * SpO2 and last pulse rate, alert episodes shaded, the patient's bands as reference lines), the
 * events, and the thresholds in force.
 */
export function patientViewHtml(key: string, history: PatientHistory, bands: AlertBands | null): string {
  const b = bands ?? NHSE_OXIMETRY_HOME_BANDS
  const spo2: TracePoint[] = []
  const pulse: TracePoint[] = []
  let prevEnd: number | null = null
  for (const s of history.summaries) {
    // A missing minute breaks the line (null point) rather than being bridged.
    if (prevEnd !== null && s.minuteStartMs > prevEnd) {
      spo2.push({ timeMs: prevEnd, value: null })
      pulse.push({ timeMs: prevEnd, value: null })
    }
    spo2.push({ timeMs: s.minuteStartMs, value: s.minSpo2 })
    pulse.push({ timeMs: s.minuteStartMs, value: s.lastPulseRate })
    prevEnd = s.minuteStartMs + 60_000
  }
  const spans: TraceSpan[] = history.events
    .filter((e) => e.kind === 'alert' && e.event.severity !== 'normal')
    .map((e) => ({
      startMs: e.event.startMs,
      endMs: e.event.endMs,
      label: `${e.event.source} ${e.event.type} ${e.event.severity}`,
      kind: 'alert',
    }))
  const svg =
    spo2.length === 0
      ? '<p>No minute summaries in the last 24 hours.</p>'
      : renderSpo2TraceSvg({
          spo2,
          pulseRate: pulse,
          spans,
          bands: [
            { value: b.normalAtOrAbove, label: `normal ≥ ${b.normalAtOrAbove}` },
            { value: b.reviewAtOrAbove, label: `review ≥ ${b.reviewAtOrAbove}` },
          ],
          timeAxis: { kind: 'clock', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
          width: 900,
          height: 300,
        })
  const events =
    history.events.length === 0
      ? '<li>No events in the last 24 hours.</li>'
      : [...history.events]
          .reverse()
          .map(
            (e) =>
              `<li data-kind="${e.kind}">${clock(e.event.atMs)}: ${escapeHtml(`${e.event.source} ${e.event.type}`)}${e.event.level === null ? '' : ` → ${escapeHtml(e.event.level)}`}${e.event.nadir === null ? '' : ` (SpO2 ${e.event.nadir} %)`}</li>`,
          )
          .join('')
  return `<h2 id="patient-title">Patient ${escapeHtml(key)}: last 24 hours</h2>
<section aria-labelledby="thresholds-title"><h3 id="thresholds-title">Thresholds in force</h3>
<ul class="thresholds">
<li>${bands === null ? 'NHSE Oximetry @home default (no own bands set)' : 'Own bands'}: normal SpO2 ≥ ${b.normalAtOrAbove} %, review ${b.reviewAtOrAbove}–${b.normalAtOrAbove - 1} %, urgent below ${b.reviewAtOrAbove} %</li>
<li>Sustained low and staleness rules: as configured in the ward's detector (@openward/spo2 defaults)</li>
</ul></section>
<figure class="trace">${svg}<figcaption>Lowest SpO2 of each minute and the last pulse rate; shaded: alert episodes; dashed: the bands above. A gap is a minute with no data.</figcaption></figure>
<section aria-labelledby="events-title"><h3 id="events-title">Events</h3><ol class="events">${events}</ol></section>`
}
