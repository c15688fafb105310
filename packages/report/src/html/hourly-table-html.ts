import { type Figure, formatCell } from '../overnight/figure.js'
import type { HourRow } from '../overnight/hourly-table.js'
import { formatTime, type TimeAxis } from '../time/time-axis.js'
import { escapeHtml } from './html-escape.js'

const cell = (f: Figure, digits = 1) =>
  f.value === null
    ? `<td class="no-data" title="${escapeHtml(f.reason)}">no data</td>`
    : `<td>${formatCell(f, digits)}</td>`

/**
 * The hourly table: one row per hour from the first sample, labelled with its clock (or elapsed)
 * times; the zone name is shown on the first row and wherever it changes (the October BST → GMT
 * night has an hour from `01:30 BST` to `01:30 GMT`). Missing figures read `no data`, with the
 * reason in the cell's title and in the note under the table.
 */
export function renderHourlyTable(rows: readonly HourRow[], axis: TimeAxis): string {
  let zone = ''
  const body = rows.map((r) => {
    const start = formatTime(r.startMs, axis, { withZone: true })
    const end = formatTime(r.endMs, axis, { withZone: true })
    // Zone names only where they carry information: first row, and when they change.
    const [startText, startZone] = splitZone(start)
    const [endText, endZone] = splitZone(end)
    const label =
      axis.kind === 'elapsed'
        ? `${start}–${end}`
        : `${startText}${startZone !== zone ? ` ${startZone}` : ''}–${endText}${endZone !== startZone ? ` ${endZone}` : ''}`
    zone = endZone
    const pr = r.pulseRate
    return `<tr data-hour="${r.index}"><td>${escapeHtml(label)}</td><td>${r.validMinutes.toFixed(0)}</td>${cell(r.odi3)}${cell(r.odi4)}${cell(r.meanSpo2)}${cell(r.minSpo2, 0)}${cell(r.t90Minutes)}${cell(pr.mean, 0)}${cell(pr.min, 0)}${cell(pr.max, 0)}</tr>`
  })
  const reasons = [
    ...new Set(
      rows.flatMap((r) => [r.odi3, r.meanSpo2, r.pulseRate.mean]).flatMap((f) => (f.value === null ? [f.reason] : [])),
    ),
  ]
  return `<table class="hourly"><thead><tr><th>hour</th><th>valid min</th><th>ODI3 /h</th><th>ODI4 /h</th><th>mean SpO<sub>2</sub> %</th><th>min SpO<sub>2</sub> %</th><th>T90 min</th><th>mean PR /min</th><th>min PR</th><th>max PR</th></tr></thead><tbody>
${body.join('\n')}
</tbody></table>
<p class="hourly-note">Desaturations are those of the whole-night analysis, counted in the hour they start, per hour of valid SpO<sub>2</sub> in that hour. T90: minutes below 90 %. PR: pulse rate.${reasons.length === 0 ? '' : ` <span class="no-data-note">“no data”: ${escapeHtml(reasons.join('; '))}.</span>`}</p>`
}

function splitZone(text: string): [string, string] {
  const i = text.indexOf(' ')
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)]
}
