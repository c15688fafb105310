import type { JetStreamClient } from '@nats-io/jetstream'
import { DeliverPolicy } from '@nats-io/jetstream'
import { escapeHtml, renderSpo2TraceSvg, type TracePoint, type TraceSpan } from '@openward/report'
import { type AlertBands, NHSE_OXIMETRY_HOME_BANDS } from '@openward/spo2'
import type { OximetrySample } from '@openward/core'
import { decodeSampleBatch, type WardEventOutput, type WardNames, type WardOutput } from '@openward/ward-stream'
import * as E from 'fp-ts/lib/Either.js'

/** One patient's last 24 hours, read from the ward's samples and output streams. */
export interface PatientHistory {
  readonly samples: OximetrySample[]
  readonly events: WardEventOutput[]
}

const decoder = new TextDecoder()

/** Reads every message of an ordered consumer until it has caught up with the stream. */
async function readAll(
  js: JetStreamClient,
  stream: string,
  filter: string,
  fromMs: number,
  each: (data: Uint8Array) => void,
): Promise<void> {
  const consumer = await js.consumers.get(stream, {
    filter_subjects: filter,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(fromMs).toISOString(),
  })
  for (;;) {
    const batch = await consumer.fetch({ max_messages: 2_000, expires: 1_000 })
    let pending = 0
    let got = 0
    for await (const m of batch) {
      got++
      pending = m.info.pending
      each(m.data)
    }
    if (got === 0 || pending === 0) break
  }
}

/**
 * Reads a patient's last `windowMs` (default 24 h): the raw samples through an ordered consumer on
 * `ward.<tenant>.samples.*.<patient>` and the detector events on `ward.<tenant>.out.*.<patient>`.
 */
export async function loadPatientHistory(
  js: JetStreamClient,
  names: WardNames,
  patientKey: string,
  nowMs: number,
  windowMs = 86_400_000,
): Promise<PatientHistory> {
  const samples: OximetrySample[] = []
  const events: WardEventOutput[] = []
  const fromMs = nowMs - windowMs
  await readAll(js, names.samplesStream, `ward.${names.tenant}.samples.*.${patientKey}`, fromMs, (data) => {
    const b = decodeSampleBatch(data)
    if (E.isRight(b)) for (const s of b.right.samples) if (s.timeMs >= fromMs) samples.push(s)
  })
  await readAll(js, names.outStream, `ward.${names.tenant}.out.*.${patientKey}`, fromMs, (data) => {
    const out = JSON.parse(decoder.decode(data)) as WardOutput
    if (out.kind !== 'summary') events.push(out)
  })
  samples.sort((a, b) => a.timeMs - b.timeMs)
  return { samples, events }
}

const clock = (ms: number): string =>
  new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })

/**
 * The patient view's HTML: the 24-hour trace drawn by `@openward/report`'s chart code (every reading,
 * min/max decimated by the chart so no nadir is lost; alert episodes shaded, the patient's bands as reference lines), the
 * events, and the thresholds in force.
 */
export function patientViewHtml(key: string, history: PatientHistory, bands: AlertBands | null): string {
  const b = bands ?? NHSE_OXIMETRY_HOME_BANDS
  const spo2: TracePoint[] = []
  const pulse: TracePoint[] = []
  let prev: number | null = null
  for (const s of history.samples) {
    // More than 5 s without a sample breaks the line (a null point) rather than bridging the gap.
    if (prev !== null && s.timeMs - prev > 5_000) {
      spo2.push({ timeMs: prev + 1, value: null })
      pulse.push({ timeMs: prev + 1, value: null })
    }
    spo2.push({ timeMs: s.timeMs, value: s.spo2 })
    pulse.push({ timeMs: s.timeMs, value: s.pulseRate })
    prev = s.timeMs
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
      ? '<p>No readings in the last 24 hours.</p>'
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
<figure class="trace">${svg}<figcaption>${history.samples.length} readings: SpO2 (blue, left axis) and pulse rate (red, right axis); shaded: alert episodes; dashed: the bands above. A gap is time with no reading.</figcaption></figure>
<section aria-labelledby="events-title"><h3 id="events-title">Events</h3><ol class="events">${events}</ol></section>`
}
